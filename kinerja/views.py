"""The indicator workbook in the browser: download, upload → preview → confirm, through the
shared upload machinery (``riwayat.unggahan``): the parsed values wait in the upload's record
(``riwayat.Unggahan``, whose number this session keeps) between upload and confirmation; the file
itself is never stored. (The realisation entry page, kept per state of the report's data, is
laporan.views_realisasi.)
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kinerja.buku_kerja import ALUR, HasilBaca, ImporGagal, buat_buku_kerja
from lkjip.unduhan import nama_berkas_laporan, respons_unduhan
from lkjip.unggah.berkas import BATAS_UKURAN_BERKAS, MB, BerkasDitolak
from riwayat.models import Unggahan
from riwayat.unggahan import batalkan_unggahan, terapkan, unggah
from satker.access import get_satker_tahun_or_404, require_peran
from satker.models import Pengguna, Satker

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
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    try:
        isi = buat_buku_kerja(satker=satker, tahun=tahun)
    except LookupError as exc:
        raise Http404(str(exc)) from exc
    nama = f"{nama_berkas_laporan(nama_satker=satker.nama, tahun=tahun)}-Buku-Kerja-Indikator.xlsx"
    return respons_unduhan(isi, nama=nama, content_type=XLSX)


@login_required
@require_peran(*PENGISI)
@require_http_methods(["GET", "POST"])
def unggah_buku_kerja(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """Read an uploaded workbook and keep its values for the preview; nothing else is written."""
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    if request.method == "POST":
        form = UnggahBukuKerjaForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            try:
                unggahan, _ = unggah(
                    ALUR,
                    satker=satker,
                    tahun=tahun,
                    data=berkas.read(),
                    nama_berkas=berkas.name,
                    pengguna=request.user,
                )
            except BerkasDitolak as exc:
                form.add_error("berkas", exc.pesan)
            else:
                request.session[_kunci_sesi(satker, tahun)] = unggahan.pk
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
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    kunci = _kunci_sesi(satker, tahun)
    nomor = request.session.get(kunci)
    unggahan = Unggahan.objects.filter(
        pk=nomor if isinstance(nomor, int) else None,
        satker=satker,
        tahun=tahun,
        jenis=Unggahan.Jenis.BUKU_KERJA,
        status=Unggahan.Status.PRATINJAU,
    ).first()
    if unggahan is None:
        request.session.pop(kunci, None)
        messages.info(
            request, "Belum ada buku kerja yang diunggah, atau pratinjaunya sudah selesai."
        )
        return redirect("buku_kerja_unggah", kode=satker.kode, tahun=tahun)
    nama_berkas = unggahan.nama_berkas
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "batal":
                batalkan_unggahan(unggahan=unggahan)
                del request.session[kunci]
                messages.info(request, f"Unggahan {nama_berkas} dibatalkan; tidak ada yang diubah.")
                return redirect("ringkasan", kode=satker.kode, tahun=tahun)
            jumlah = terapkan(
                ALUR,
                unggahan,
                keterangan=f"Buku kerja indikator: {nama_berkas}",
                pengguna=request.user,
                sidik=request.POST.get("sidik", ""),
            )
        except ImporGagal as exc:
            messages.error(request, str(exc))
            return redirect("buku_kerja_pratinjau", kode=satker.kode, tahun=tahun)
        del request.session[kunci]
        messages.success(
            request,
            f"Realisasi dan target triwulan {tahun} diperbarui dari {nama_berkas}: {jumlah} isian "
            "diubah.",
        )
        return redirect("ringkasan", kode=satker.kode, tahun=tahun)
    try:
        pratinjau = ALUR.pratinjau(unggahan)
    except ImporGagal as exc:
        batalkan_unggahan(unggahan=unggahan)
        del request.session[kunci]
        messages.error(request, str(exc))
        return redirect("buku_kerja_unggah", kode=satker.kode, tahun=tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "hasil": HasilBaca.from_json(unggahan.hasil),
        "pratinjau": pratinjau,
    }
    return render(request, "kinerja/buku_kerja_pratinjau.html", context)
