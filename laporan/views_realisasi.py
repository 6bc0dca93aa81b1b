"""The realisation entry page of a satker's year: in-place saves of triwulan values, the document
checklist, the causes and solution, and evidence files, each answered with the indicator's
re-measured row. Here rather than in kinerja because the table's rows are kept with the other
pages' (laporan.halaman); the rules and the table itself are kinerja's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.jadwal import status_triwulan
from kinerja.models import IndikatorKinerja, Triwulan
from kinerja.services import (
    KonflikPenyimpanan,
    TabelRealisasi,
    batas_ukuran_bukti,
    delete_bukti,
    format_ukuran,
    get_bukti_satker,
    get_indikator_berlaku,
    update_analisis_indikator,
    update_dokumen_wajib,
    update_realisasi,
    upload_bukti,
)
from kinerja.tables import RealisasiTable, StatusBaris
from kinerja.views import PENGISI
from laporan.halaman import get_tabel_realisasi
from lkjip.isian import IsianDitolak
from lkjip.unduhan import content_disposition
from satker.access import get_satker_tahun_or_404, has_peran
from satker.models import Pengguna, Satker
from satker.services import list_tahun

# --- Realisasi entry ------------------------------------------------
#
# The table is drawn from kinerja.services.build_tabel_realisasi; each save is an htmx POST that
# gets back the indicator's whole <tr> (re-measured), or, without JavaScript, a redirect to the
# page (or the page with the message). Messages of refused saves are answered with 200 for htmx,
# because htmx swaps nothing on 4xx and the browser logs those as console errors.


def _bisa_ubah(user: Pengguna, tabel: TabelRealisasi | None = None) -> bool:
    if tabel is not None and tabel.terkunci:
        return False
    return has_peran(user, *PENGISI)


def _pastikan_pengisi(request: HttpRequest) -> None:
    # The satker is checked first (404 for another satker's users), then the role (403).
    if not has_peran(request.user, *PENGISI):
        raise PermissionDenied("Hanya Operator dan Admin yang dapat mengisi realisasi.")


def _indikator_or_404(satker: Satker, tahun: int, indikator: int) -> IndikatorKinerja:
    obj = get_indikator_berlaku(satker=satker, tahun=tahun, indikator_id=indikator)
    if obj is None:
        raise Http404("Indikator tidak ditemukan pada Perjanjian Kinerja yang berlaku.")
    return obj


def _context_realisasi(
    request: HttpRequest, satker: Satker, tahun: int, semua_tahun, status: StatusBaris | None
) -> dict:
    tabel = get_tabel_realisasi(satker=satker, tahun=tahun)
    bisa_ubah = _bisa_ubah(request.user, tabel)
    table = _table(request, satker, tabel, list(tabel.baris), status, bisa_ubah=bisa_ubah)
    return {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "tabel_realisasi": tabel,
        "tabel_html": render_to_string(
            "kinerja/_tabel_realisasi.html", {"table": table, "tahun": tahun}
        ),
        "bisa_ubah": bisa_ubah,
        "skala": tabel.skala,
        "batas_ukuran_bukti": table.batas_ukuran,
    }


def _table(
    request: HttpRequest,
    satker: Satker,
    tabel: TabelRealisasi,
    baris: list,
    status: StatusBaris | None,
    *,
    bisa_ubah: bool,
) -> RealisasiTable:
    """The rows drawn for this reader, with the request's CSRF token in their forms; a closed
    TW's cells read-only (asked on each request: a due date passes without any write)."""
    return RealisasiTable(
        baris,
        kode=satker.kode,
        tahun=tabel.tahun,
        bisa_ubah=bisa_ubah,
        batas_ukuran=format_ukuran(batas_ukuran_bukti()),
        csrf_token=get_token(request),
        status=status,
        status_tw=status_triwulan(satker_id=satker.pk, tahun=tabel.tahun) if bisa_ubah else None,
    )


@login_required
def realisasi(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The PK's indicators with their triwulan realisations, editable in place by operators."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    context = _context_realisasi(request, satker, tahun, semua_tahun, None)
    return render(request, "kinerja/realisasi.html", context)


def _jawab(
    request: HttpRequest, satker: Satker, tahun: int, status: StatusBaris, gagal: bool
) -> HttpResponse:
    """The re-measured row for htmx; otherwise back to the page (PRG) or the page with the
    message."""
    if request.htmx:  # django-htmx's HtmxMiddleware
        tabel = get_tabel_realisasi(satker=satker, tahun=tahun)
        baris = [b for b in tabel.baris if b.indikator_id == status.indikator_id]
        bisa_ubah = _bisa_ubah(request.user, tabel)
        table = _table(request, satker, tabel, baris, status, bisa_ubah=bisa_ubah)
        return HttpResponse(table.html_baris(status.indikator_id))
    if not gagal:
        messages.success(request, status.tersimpan)
        tujuan = reverse("realisasi", kwargs={"kode": satker.kode, "tahun": tahun})
        return redirect(f"{tujuan}#indikator-{status.indikator_id}")
    semua_tahun = list_tahun(satker=satker)
    context = _context_realisasi(request, satker, tahun, semua_tahun, status)
    return render(request, "kinerja/realisasi.html", context, status=409 if status.konflik else 422)


def _versi(teks: str) -> int:
    try:
        return max(0, int(teks))
    except ValueError:
        return -1  # an unreadable version never matches: refused as a conflict


def _realisasi_id(teks: str) -> int | None:
    """The row the form was rendered with (only names who deleted it, should it be gone)."""
    try:
        nomor = int(teks)
    except ValueError:
        return None
    return nomor if 0 < nomor < 2**63 else None  # a BigIntegerField's range


@login_required
@require_POST
def simpan_realisasi(
    request: HttpRequest, kode: str, tahun: int, indikator: int, triwulan: int
) -> HttpResponse:
    """Save one triwulan value (and its keterangan) as a compare-and-swap on its version."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_pengisi(request)
    obj = _indikator_or_404(satker, tahun, indikator)
    if triwulan not in Triwulan.values:
        raise Http404("Triwulan tidak dikenal.")
    nilai = request.POST.get("nilai", "")
    keterangan = request.POST.get("keterangan", "")
    status = {"indikator_id": obj.pk, "bagian": "tw", "triwulan": triwulan}
    try:
        hasil = update_realisasi(
            indikator=obj,
            triwulan=triwulan,
            nilai_teks=nilai,
            versi=_versi(request.POST.get("versi", "0")),
            keterangan=keterangan,
            user=request.user,
            realisasi_id=_realisasi_id(request.POST.get("realisasi", "")),
        )
    except KonflikPenyimpanan as exc:
        pesan = f"{exc.pesan} Nilai Anda ({nilai.strip() or 'kosong'}) tidak disimpan."
        return _jawab(request, satker, tahun, StatusBaris(**status, konflik=pesan), gagal=True)
    except IsianDitolak as exc:
        galat = StatusBaris(**status, galat=exc.pesan, nilai=nilai, keterangan=keterangan)
        return _jawab(request, satker, tahun, galat, gagal=True)
    label = Triwulan(triwulan).label
    pesan = f"Realisasi {label} tersimpan." if hasil else f"Realisasi {label} dihapus."
    return _jawab(request, satker, tahun, StatusBaris(**status, tersimpan=pesan), gagal=False)


_TERSEDIA = {"ya": True, "tidak": False, "": None}


@login_required
@require_POST
def simpan_dokumen(
    request: HttpRequest, kode: str, tahun: int, indikator: int, dokumen: int
) -> HttpResponse:
    """Tick a required document of a document target as present or not."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_pengisi(request)
    obj = _indikator_or_404(satker, tahun, indikator)
    dok = obj.dokumen_wajib.filter(pk=dokumen).first()
    if dok is None:
        raise Http404("Dokumen tidak ditemukan.")
    dok.indikator = obj
    status = {"indikator_id": obj.pk, "bagian": "dokumen", "dokumen_id": dok.pk}
    tersedia = request.POST.get("tersedia", "")
    lama = request.POST.get("tersedia_lama", "")
    if tersedia not in _TERSEDIA or lama not in _TERSEDIA:
        galat = StatusBaris(**status, galat="Pilih Tersedia atau Tidak tersedia.")
        return _jawab(request, satker, tahun, galat, gagal=True)
    try:
        update_dokumen_wajib(
            dokumen=dok,
            tersedia=_TERSEDIA[tersedia],
            tersedia_lama=_TERSEDIA[lama],
            user=request.user,
        )
    except KonflikPenyimpanan as exc:
        return _jawab(request, satker, tahun, StatusBaris(**status, konflik=exc.pesan), gagal=True)
    except IsianDitolak as exc:
        return _jawab(request, satker, tahun, StatusBaris(**status, galat=exc.pesan), gagal=True)
    pesan = f"Dokumen {dok.nama} tersimpan."
    return _jawab(request, satker, tahun, StatusBaris(**status, tersimpan=pesan), gagal=False)


@login_required
@require_POST
def simpan_analisis(request: HttpRequest, kode: str, tahun: int, indikator: int) -> HttpResponse:
    """Save the causes and the solution of an indicator (BAB III E of the report)."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_pengisi(request)
    obj = _indikator_or_404(satker, tahun, indikator)
    penyebab = request.POST.get("penyebab", "")
    solusi = request.POST.get("solusi", "")
    status = {"indikator_id": obj.pk, "bagian": "analisis"}
    try:
        update_analisis_indikator(
            indikator=obj,
            penyebab=penyebab,
            solusi=solusi,
            penyebab_lama=request.POST.get("penyebab_lama", ""),
            solusi_lama=request.POST.get("solusi_lama", ""),
            user=request.user,
        )
    except KonflikPenyimpanan as exc:
        return _jawab(request, satker, tahun, StatusBaris(**status, konflik=exc.pesan), gagal=True)
    except IsianDitolak as exc:
        galat = StatusBaris(**status, galat=exc.pesan, nilai=penyebab, keterangan=solusi)
        return _jawab(request, satker, tahun, galat, gagal=True)
    pesan = f"Penyebab dan solusi {obj.nama[:60]} tersimpan."
    return _jawab(request, satker, tahun, StatusBaris(**status, tersimpan=pesan), gagal=False)


@login_required
@require_POST
def unggah_bukti(request: HttpRequest, kode: str, tahun: int, indikator: int) -> HttpResponse:
    """Upload an evidence file (PDF, PNG, JPEG) for an indicator, for a triwulan or the year."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_pengisi(request)
    obj = _indikator_or_404(satker, tahun, indikator)
    status = {"indikator_id": obj.pk, "bagian": "bukti"}
    berkas = request.FILES.get("berkas")
    teks_tw = request.POST.get("triwulan", "")
    triwulan = int(teks_tw) if teks_tw.isascii() and teks_tw.isdigit() else None
    try:
        if berkas is None:
            raise IsianDitolak("Pilih berkas bukti dukung yang akan diunggah.")
        if teks_tw and triwulan not in Triwulan.values:
            raise IsianDitolak("Triwulan tidak dikenal.")
        bukti = upload_bukti(indikator=obj, triwulan=triwulan, berkas=berkas, user=request.user)
    except IsianDitolak as exc:
        return _jawab(request, satker, tahun, StatusBaris(**status, galat=exc.pesan), gagal=True)
    pesan = f"Bukti dukung {bukti.nama_asli} terunggah."
    return _jawab(request, satker, tahun, StatusBaris(**status, tersimpan=pesan), gagal=False)


@login_required
@require_POST
def hapus_bukti(request: HttpRequest, kode: str, tahun: int, bukti: int) -> HttpResponse:
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_pengisi(request)
    obj = get_bukti_satker(satker=satker, tahun=tahun, bukti_id=bukti)
    if obj is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    status = {"indikator_id": obj.indikator_id, "bagian": "bukti"}
    try:
        delete_bukti(bukti=obj, user=request.user)
    except IsianDitolak as exc:
        return _jawab(request, satker, tahun, StatusBaris(**status, galat=exc.pesan), gagal=True)
    pesan = f"Bukti dukung {obj.nama_asli} dihapus."
    return _jawab(request, satker, tahun, StatusBaris(**status, tersimpan=pesan), gagal=False)


@login_required
def unduh_bukti(request: HttpRequest, kode: str, tahun: int, bukti: int) -> FileResponse:
    """An evidence file, as an attachment under its original name, for the satker's users."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    obj = get_bukti_satker(satker=satker, tahun=tahun, bukti_id=bukti)
    if obj is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    try:
        isi = obj.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas bukti dukung tidak ada di penyimpanan.") from exc
    response = FileResponse(isi, content_type=obj.jenis)
    response["Content-Disposition"] = content_disposition(obj.nama_asli)
    return response
