from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from laporan import ekspor
from laporan.cetak import kunci_cache
from laporan.dokumen import build_dokumen, nama_berkas
from laporan.halaman import get_isi_laporan, get_isi_ringkasan, get_jatuh_tempo
from laporan.models import GambarOrganisasi
from laporan.ringkasan import get_perbandingan
from laporan.tasks import Keadaan, get_status_pdf, request_pdf
from lkjip.kunci import unduhan_sah
from lkjip.unduhan import content_disposition, respons_unduhan
from satker.access import get_satker_or_404, get_satker_tahun_or_404, is_superuser
from satker.models import Pengguna, Satker
from satker.revisi import baca as baca_revisi
from satker.services import list_tahun


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    """Send a satker user to their latest year; let a superuser choose a satker. A Pemantau
    goes to the monitoring of the satker below theirs, as does another user of a province or
    KPU RI whose own satker has no data yet (docs/pemantauan.md)."""
    satker = request.user.satker
    if satker is not None:
        membawahi = satker.bawahan.exists()
        if membawahi and request.user.peran == Pengguna.Peran.PEMANTAU:
            return redirect("pemantauan_indeks", kode=satker.kode)
        tahun = list_tahun(satker=satker)
        if tahun:
            return redirect("ringkasan", kode=satker.kode, tahun=tahun[-1])
        if membawahi:
            return redirect("pemantauan_indeks", kode=satker.kode)
        pilihan = [(satker, tahun)]
    elif is_superuser(request.user):
        pilihan = [(s, list_tahun(satker=s)) for s in Satker.objects.all()]
    else:
        pilihan = []
    return render(request, "laporan/beranda.html", {"pilihan": pilihan})


@login_required
@require_safe
def ringkasan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The dashboard of a satker's year: every indicator by triwulan (a chart of TW target vs
    realisation each), what is due when and the current TW's completion, budget absorption (kept
    apart from the capaian kinerja), what the report still lacks, and where the signing stands
    (the template asks pengesahan for that panel: its template tag status_pengesahan)."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    revisi = baca_revisi(satker_id=satker.pk, tahun=tahun)  # the data's state, for both below
    isi = get_isi_ringkasan(satker=satker, tahun=tahun, revisi=revisi)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "isi": isi,
        # What is due depends on today's date too: kept under the revision and the date.
        "jatuh_tempo": get_jatuh_tempo(
            satker=satker,
            tahun=tahun,
            isian=isi.isian_triwulan,
            hari_ini=timezone.localdate(),
            revisi=revisi,
        ),
        # Beside its province's and the country's satker: kept under their revision.
        "perbandingan": get_perbandingan(satker=satker, tahun=tahun),
    }
    return render(request, "laporan/ringkasan.html", context)


@login_required
def laporan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The whole report as a web page, with the consistency check, for every role of the satker."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    revisi = baca_revisi(satker_id=satker.pk, tahun=tahun)  # the data's state, for both below
    kunci = kunci_cache(satker=satker, tahun=tahun, revisi=revisi)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "isi": get_isi_laporan(satker=satker, tahun=tahun, revisi=revisi),
        "status_pdf": get_status_pdf(satker=satker, tahun=tahun, kunci=kunci),
    }
    return render(request, "laporan/halaman.html", context)


@login_required
def laporan_pdf(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The report as a PDF download when the cache holds the current data's PDF; otherwise the
    rendering is handed to the background worker and the user goes back to the report page,
    which shows its progress (laporan.tasks, static/js/pdf.js). A signed year's report is its
    signed file."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    sah = unduhan_sah(satker=satker, tahun=tahun)
    if sah is not None:
        return sah
    status = request_pdf(satker=satker, tahun=tahun)
    if status.berkas is None:
        if status.keadaan == Keadaan.GAGAL:
            messages.error(request, status.pesan)
        else:
            messages.info(
                request,
                "PDF sedang dibuat di latar belakang; tautan unduh muncul di halaman ini bila "
                "sudah siap.",
            )
        return redirect(reverse("laporan", kwargs={"kode": kode, "tahun": tahun}) + "#pdf")
    nama = f"{nama_berkas(satker=satker, tahun=tahun)}.pdf"
    return respons_unduhan(status.berkas.read_bytes(), nama=nama, content_type="application/pdf")


@login_required
def gambar_struktur(request: HttpRequest, kode: str, tahun: int, nomor: int) -> FileResponse:
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    gambar = get_object_or_404(GambarOrganisasi, satker=satker, tahun=tahun, nomor=nomor)
    return _gambar(gambar.berkas)


@login_required
def logo_satker(request: HttpRequest, kode: str) -> FileResponse:
    satker = get_satker_or_404(user=request.user, kode=kode)
    if not satker.logo:
        raise Http404("Satker ini belum memiliki logo.")
    return _gambar(satker.logo)


def _gambar(berkas: FieldFile) -> FileResponse:
    """An image of the satker, shown in the page (not downloaded)."""
    response = FileResponse(berkas.open("rb"))
    response["Content-Disposition"] = content_disposition(berkas.name, lampiran=False)
    return response


@login_required
def tabel_xlsx(request: HttpRequest, kode: str, tahun: int, nomor: str) -> HttpResponse:
    """One table of the report as .xlsx, rendered from the same report object as the page."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    if nomor not in ekspor.TABEL:
        raise Http404("Tabel tidak dikenal.")
    try:
        isi = ekspor.ekspor_tabel(build_dokumen(satker=satker, tahun=tahun), nomor)
    except ekspor.TabelTidakDikenal:  # a table printed only when it has rows (Tabel 3.11)
        raise Http404("Tabel ini tidak ada pada laporan tahun ini.") from None
    nama = ekspor.nama_berkas_tabel(dasar=nama_berkas(satker=satker, tahun=tahun), tabel=nomor)
    return respons_unduhan(isi, nama=nama, content_type=ekspor.XLSX)
