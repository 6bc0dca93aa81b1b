"""Entering the year's performance in the browser.

- The indicator workbook: download, upload → preview → confirm. The parsed
  values wait in the session between upload and confirmation; the file itself is never stored.
- The realisation entry page: in-place saves of triwulan values, the
  document checklist and evidence files, each answered with the indicator's re-measured row.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.buku_kerja import (
    HasilBaca,
    ImporGagal,
    baca_buku_kerja,
    buat_buku_kerja,
    build_pratinjau,
    terapkan_buku_kerja,
)
from kinerja.models import IndikatorKinerja, Triwulan
from kinerja.services import (
    IsianDitolak,
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
from kinerja.tables import RealisasiTable, StatusBaris, ingatan_tabel, isi_token
from laporan.dokumen import nama_berkas
from laporan.halaman import get_tabel_realisasi, sidik_ruang_kerja
from laporan.views import _satker_tahun
from lkjip.unduhan import content_disposition, respons_unduhan
from lkjip.unggah.berkas import BATAS_UKURAN_BERKAS, MB, BerkasDitolak
from satker.access import get_satker_tahun_or_404, has_peran, require_peran
from satker.models import Pengguna, Satker
from satker.services import list_tahun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENGISI = (Pengguna.Peran.OPERATOR, Pengguna.Peran.ADMIN)


class UnggahBukuKerjaForm(forms.Form):
    berkas = forms.FileField(
        label="Buku kerja indikator (.xlsx)",
        help_text=f"Buku kerja yang diunduh dari aplikasi ini; paling besar "
        f"{BATAS_UKURAN_BERKAS // MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > BATAS_UKURAN_BERKAS:
            raise forms.ValidationError(
                f"Berkas berukuran {berkas.size // MB} MB; batasnya {BATAS_UKURAN_BERKAS // MB} MB."
            )
        return berkas


def _kunci_sesi(satker: Satker, tahun: int) -> str:
    return f"buku_kerja:{satker.kode}:{tahun}"


@login_required
def unduh_buku_kerja(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The PK in force as a protected workbook to fill offline (every role may download)."""
    satker, _ = _satker_tahun(request, kode, tahun)
    try:
        isi = buat_buku_kerja(satker=satker, tahun=tahun)
    except LookupError as exc:
        raise Http404(str(exc)) from exc
    nama = f"{nama_berkas(satker=satker, tahun=tahun)}-Buku-Kerja-Indikator.xlsx"
    return respons_unduhan(isi, nama=nama, content_type=XLSX)


@login_required
@require_peran(*PENGISI)
@require_http_methods(["GET", "POST"])
def unggah_buku_kerja(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """Read an uploaded workbook and keep its values for the preview; nothing else is written."""
    satker, _ = _satker_tahun(request, kode, tahun)
    if request.method == "POST":
        form = UnggahBukuKerjaForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            try:
                hasil = baca_buku_kerja(
                    berkas=berkas.read(), satker=satker, tahun=tahun, nama_berkas=berkas.name
                )
            except BerkasDitolak as exc:
                form.add_error("berkas", exc.pesan)
            else:
                request.session[_kunci_sesi(satker, tahun)] = hasil.to_json()
                return redirect("buku_kerja_pratinjau", kode=satker.kode, tahun=tahun)
    else:
        form = UnggahBukuKerjaForm()
    context = {"satker": satker, "tahun": tahun, "form": form}
    return render(request, "kinerja/buku_kerja_unggah.html", context)


@login_required
@require_peran(*PENGISI)
@require_http_methods(["GET", "POST"])
def pratinjau_buku_kerja(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """Show per indicator and triwulan what the upload changes; on confirmation write it."""
    satker, _ = _satker_tahun(request, kode, tahun)
    kunci = _kunci_sesi(satker, tahun)
    data = request.session.get(kunci)
    if data is None:
        messages.info(
            request, "Belum ada buku kerja yang diunggah, atau pratinjaunya sudah selesai."
        )
        return redirect("buku_kerja_unggah", kode=satker.kode, tahun=tahun)
    hasil = HasilBaca.from_json(data)
    if request.method == "POST":
        if request.POST.get("aksi") == "batal":
            del request.session[kunci]
            messages.info(
                request, f"Unggahan {hasil.nama_berkas} dibatalkan; tidak ada yang diubah."
            )
            return redirect("ringkasan", kode=satker.kode, tahun=tahun)
        try:
            jumlah = terapkan_buku_kerja(
                satker=satker,
                tahun=tahun,
                hasil=hasil,
                pengguna=request.user,
                sidik=request.POST.get("sidik", ""),
            )
        except ImporGagal as exc:
            messages.error(request, str(exc))
            return redirect("buku_kerja_pratinjau", kode=satker.kode, tahun=tahun)
        del request.session[kunci]
        messages.success(
            request,
            f"Realisasi {tahun} diperbarui dari {hasil.nama_berkas}: {jumlah} isian diubah.",
        )
        return redirect("ringkasan", kode=satker.kode, tahun=tahun)
    try:
        pratinjau = build_pratinjau(satker=satker, tahun=tahun, hasil=hasil)
    except ImporGagal as exc:
        del request.session[kunci]
        messages.error(request, str(exc))
        return redirect("buku_kerja_unggah", kode=satker.kode, tahun=tahun)
    context = {"satker": satker, "tahun": tahun, "hasil": hasil, "pratinjau": pratinjau}
    return render(request, "kinerja/buku_kerja_pratinjau.html", context)


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


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _indikator_or_404(satker: Satker, tahun: int, indikator: int) -> IndikatorKinerja:
    obj = get_indikator_berlaku(satker=satker, tahun=tahun, indikator_id=indikator)
    if obj is None:
        raise Http404("Indikator tidak ditemukan pada Perjanjian Kinerja yang berlaku.")
    return obj


def _context_realisasi(
    request: HttpRequest, satker: Satker, tahun: int, semua_tahun, status: StatusBaris | None
) -> dict:
    sidik, tabel = get_tabel_realisasi(satker=satker, tahun=tahun)
    bisa_ubah = _bisa_ubah(request.user, tabel)
    batas_ukuran = format_ukuran(batas_ukuran_bukti())

    def gambar() -> str:
        table = _table(
            satker,
            tabel,
            list(tabel.baris),
            status,
            bisa_ubah=bisa_ubah,
            batas_ukuran=batas_ukuran,
        )
        return render_to_string("kinerja/_tabel_realisasi.html", {"table": table, "tahun": tahun})

    def kunci(sidik: str) -> tuple:
        return (sidik, satker.kode, bisa_ubah, batas_ukuran)

    if status is None:  # the same data for the same kind of reader: the table drawn before
        html = ingatan_tabel.get_or_set(
            kunci(sidik),
            gambar,
            kunci_lagi=lambda: kunci(sidik_ruang_kerja(satker=satker, tahun=tahun)),
        )
    else:
        html = gambar()
    return {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "tabel_realisasi": tabel,
        "tabel_html": isi_token(html, get_token(request)),
        "bisa_ubah": bisa_ubah,
        "skala": tabel.skala,
        "batas_ukuran_bukti": batas_ukuran,
    }


def _table(
    satker: Satker,
    tabel: TabelRealisasi,
    baris: list,
    status: StatusBaris | None,
    *,
    bisa_ubah: bool,
    batas_ukuran: str,
) -> RealisasiTable:
    return RealisasiTable(
        baris,
        kode=satker.kode,
        tahun=tabel.tahun,
        bisa_ubah=bisa_ubah,
        batas_ukuran=batas_ukuran,
        status=status,
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
    if _htmx(request):
        _, tabel = get_tabel_realisasi(satker=satker, tahun=tahun)
        baris = [b for b in tabel.baris if b.indikator_id == status.indikator_id]
        table = _table(
            satker,
            tabel,
            baris,
            status,
            bisa_ubah=_bisa_ubah(request.user, tabel),
            batas_ukuran=format_ukuran(batas_ukuran_bukti()),
        )
        return HttpResponse(isi_token(table.html_baris(status.indikator_id), get_token(request)))
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
