"""The year's triwulan in the browser (docs/triwulan.md): the schedule, status and completeness
of TW I–IV with the reopenings (every role reads; the Admin sets due dates and reopens), and one
TW's verification page (the Sekretaris verifies; Operator and Sekretaris write the notes of an
indicator below Baik). The rules are kinerja.triwulan's and kinerja.jadwal's.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.jadwal import StatusTriwulan
from kinerja.models import BukaTriwulan, JadwalTriwulan, Triwulan
from kinerja.services import get_indikator_berlaku
from kinerja.triwulan import (
    BATAS_ALASAN,
    IsianJadwal,
    VerifikasiTW,
    build_tahun,
    build_verifikasi,
    buka_kembali,
    simpan_catatan,
    simpan_jadwal,
    tutup_kembali,
    verifikasi_triwulan,
)
from lkjip.angka import format_persen, format_tanggal
from lkjip.isian import IsianDitolak, format_nilai
from riwayat.services import format_waktu
from satker.access import get_satker_tahun_or_404, has_peran
from satker.models import Pengguna, Satker

ADMIN = (Pengguna.Peran.ADMIN,)
VERIFIKATOR = (Pengguna.Peran.SEKRETARIS,)
PENULIS_CATATAN = (Pengguna.Peran.OPERATOR, Pengguna.Peran.SEKRETARIS)


def _pastikan_peran(request: HttpRequest, peran: tuple[str, ...], pesan: str) -> None:
    # After the satker check: another satker's users get 404 first, then the role 403.
    if not has_peran(request.user, *peran):
        raise PermissionDenied(pesan)


def _tw_or_404(tw: int) -> int:
    if tw not in Triwulan.values:
        raise Http404("Triwulan tidak dikenal.")
    return tw


@dataclass(frozen=True)
class Keadaan:
    """A TW's status as the pages show it: words and a CSS modifier."""

    teks: str
    kelas: str
    rinci: str = ""


def keadaan(s: StatusTriwulan) -> Keadaan:
    if s.dibuka_kembali:
        return Keadaan("Dibuka kembali", "terbuka", s.alasan_dibuka)
    if s.terverifikasi:
        teks = "Diverifikasi"
        if s.diverifikasi_oleh:
            teks += f" oleh {s.diverifikasi_oleh}"
        return Keadaan(f"{teks} pada {format_waktu(s.diverifikasi_pada)}", "diverifikasi")
    if s.tertutup:
        return Keadaan("Ditutup", "ditutup", "Batas pengisian sudah lewat.")
    if s.lewat_batas:
        return Keadaan("Lewat batas", "lewat", "Isian masih dapat diubah.")
    return Keadaan("Terbuka", "terbuka")


# --- The year's page --------------------------------------------------------------------------


class JadwalForm(forms.Form):
    """The four due dates and close flags."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for tw in Triwulan:
            self.fields[f"batas_{tw.value}"] = forms.DateField(
                label=f"Batas {tw.label}",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"tutup_{tw.value}"] = forms.BooleanField(
                label="Tutup setelah batas", required=False
            )

    def baris(self):
        """(label, date field, close field) per TW, for the template."""
        return [(tw.label, self[f"batas_{tw.value}"], self[f"tutup_{tw.value}"]) for tw in Triwulan]

    def isian(self) -> list[IsianJadwal]:
        d = self.cleaned_data
        return [IsianJadwal(tw, d[f"batas_{tw}"], bool(d[f"tutup_{tw}"])) for tw in Triwulan.values]


def _jadwal_awal(satker: Satker, tahun: int) -> dict:
    awal: dict = {f"tutup_{tw}": True for tw in Triwulan.values}
    for j in JadwalTriwulan.objects.filter(satker=satker, tahun=tahun):
        awal[f"batas_{j.triwulan}"] = j.batas
        awal[f"tutup_{j.triwulan}"] = j.tutup_setelah_batas
    return awal


class BukaForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan dibuka kembali",
        max_length=BATAS_ALASAN,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Tuliskan alasannya."},
    )
    sampai = forms.DateField(
        label="Dibuka sampai (boleh kosong)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@dataclass(frozen=True)
class BarisTahun:
    tw: VerifikasiTW
    keadaan: Keadaan
    batas: str


@login_required
def triwulan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    return _halaman_tahun(request, satker, tahun, semua_tahun)


def _halaman_tahun(
    request: HttpRequest,
    satker: Satker,
    tahun: int,
    semua_tahun,
    *,
    form_jadwal: JadwalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    daftar = build_tahun(satker=satker, tahun=tahun)
    admin = has_peran(request.user, *ADMIN)
    pembukaan = list(
        BukaTriwulan.objects.filter(satker=satker, tahun=tahun)
        .select_related("dibuka_oleh")
        .order_by("-dibuka_pada", "-pk")
    )
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "baris": [
            BarisTahun(tw=t, keadaan=keadaan(t.status), batas=format_tanggal(t.status.batas))
            for t in daftar
        ],
        "pembukaan": pembukaan,
        "admin": admin,
        "form_jadwal": form_jadwal
        or (JadwalForm(initial=_jadwal_awal(satker, tahun)) if admin else None),
        "form_buka": BukaForm() if admin else None,
    }
    return render(request, "kinerja/triwulan.html", context, status=status)


@login_required
@require_POST
def simpan_jadwal_view(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_peran(request, ADMIN, "Hanya Admin yang dapat mengatur jadwal triwulan.")
    form = JadwalForm(request.POST)
    if form.is_valid():
        try:
            simpan_jadwal(satker=satker, tahun=tahun, isian=form.isian())
        except IsianDitolak as exc:
            form.add_error(None, exc.pesan)
        else:
            messages.success(request, f"Jadwal triwulan {tahun} disimpan.")
            return redirect(reverse("triwulan", kwargs={"kode": kode, "tahun": tahun}))
    return _halaman_tahun(request, satker, tahun, semua_tahun, form_jadwal=form, status=422)


@login_required
@require_POST
def buka_view(request: HttpRequest, kode: str, tahun: int, tw: int) -> HttpResponse:
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _tw_or_404(tw)
    _pastikan_peran(request, ADMIN, "Hanya Admin yang dapat membuka kembali triwulan.")
    form = BukaForm(request.POST)
    label = Triwulan(tw).label
    if not form.is_valid():
        galat = " ".join(e for daftar in form.errors.values() for e in daftar)
        messages.error(request, f"{label} tidak dibuka kembali: {galat}")
    else:
        try:
            buka_kembali(
                satker=satker,
                tahun=tahun,
                triwulan=tw,
                alasan=form.cleaned_data["alasan"],
                sampai=form.cleaned_data["sampai"],
                user=request.user,
            )
        except IsianDitolak as exc:
            messages.error(request, exc.pesan)
        else:
            messages.success(request, f"{label} dibuka kembali; isiannya dapat diubah lagi.")
    return redirect(reverse("triwulan", kwargs={"kode": kode, "tahun": tahun}))


@login_required
@require_POST
def tutup_view(request: HttpRequest, kode: str, tahun: int, tw: int) -> HttpResponse:
    satker, _ = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _tw_or_404(tw)
    _pastikan_peran(request, ADMIN, "Hanya Admin yang dapat menutup kembali triwulan.")
    try:
        tutup_kembali(satker=satker, tahun=tahun, triwulan=tw)
    except IsianDitolak as exc:
        messages.error(request, exc.pesan)
    else:
        messages.success(request, f"Pembukaan kembali {Triwulan(tw).label} diakhiri.")
    return redirect(reverse("triwulan", kwargs={"kode": kode, "tahun": tahun}))


# --- One TW: verification and notes ------------------------------------------------------------


@dataclass(frozen=True)
class BarisTW:
    """An indicator row of the verification page, formatted."""

    indikator_id: int
    nama: str
    target: str
    nilai: str
    capaian: str
    kategori: str
    tanpa_target_tw: bool
    di_bawah_baik: bool
    perlu_catatan: bool
    penyebab: str
    perbaikan: str


def _baris_tw(tw: VerifikasiTW, isian: dict) -> list[BarisTW]:
    """The rows formatted; a refused note keeps what was typed (``isian``)."""
    hasil = []
    for b in tw.baris:
        c = b.capaian
        penyebab, perbaikan = isian.get(
            c.indikator_id,
            (b.catatan.penyebab, b.catatan.perbaikan) if b.catatan else ("", ""),
        )
        hasil.append(
            BarisTW(
                indikator_id=c.indikator_id,
                nama=c.nama,
                target=format_nilai(nilai=b.target, satuan=c.satuan),
                nilai=format_nilai(nilai=b.nilai, satuan=c.satuan),
                capaian=format_persen(b.capaian_tw),
                kategori=b.kategori or "",
                tanpa_target_tw=b.tanpa_target_tw,
                di_bawah_baik=b.di_bawah_baik,
                perlu_catatan=b.perlu_catatan,
                penyebab=penyebab,
                perbaikan=perbaikan,
            )
        )
    return hasil


@login_required
def triwulan_tw(request: HttpRequest, kode: str, tahun: int, tw: int) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    return _halaman_tw(request, satker, tahun, semua_tahun, _tw_or_404(tw))


def _halaman_tw(
    request: HttpRequest,
    satker: Satker,
    tahun: int,
    semua_tahun,
    tw: int,
    *,
    galat: str = "",
    isian_catatan: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    data = build_verifikasi(satker=satker, tahun=tahun, triwulan=tw)
    s = data.status
    boleh_catatan = has_peran(request.user, *PENULIS_CATATAN) and not (
        s.terverifikasi and not s.dibuka_kembali
    )
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "tw": data,
        "keadaan": keadaan(s),
        "batas": format_tanggal(s.batas),
        "baris": _baris_tw(data, isian_catatan or {}),
        "kosong": data.kosong,
        "tanpa_catatan": data.tanpa_catatan,
        "boleh_catatan": boleh_catatan,
        "boleh_verifikasi": has_peran(request.user, *VERIFIKATOR) and not s.terverifikasi,
        "galat": galat,
        "semua_tw": [(t.value, t.label) for t in Triwulan],
    }
    return render(request, "kinerja/triwulan_tw.html", context, status=status)


def _url_tw(kode: str, tahun: int, tw: int) -> str:
    return reverse("triwulan_tw", kwargs={"kode": kode, "tahun": tahun, "tw": tw})


@login_required
@require_POST
def verifikasi_view(request: HttpRequest, kode: str, tahun: int, tw: int) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _tw_or_404(tw)
    _pastikan_peran(request, VERIFIKATOR, "Hanya Sekretaris yang dapat memverifikasi triwulan.")
    try:
        verifikasi_triwulan(
            satker=satker,
            tahun=tahun,
            triwulan=tw,
            user=request.user,
            kosong_dikonfirmasi=request.POST.get("konfirmasi_kosong") == "1",
            catatan=request.POST.get("catatan", "")[:2000],
        )
    except IsianDitolak as exc:
        return _halaman_tw(request, satker, tahun, semua_tahun, tw, galat=exc.pesan, status=422)
    messages.success(request, f"{Triwulan(tw).label} {tahun} diverifikasi dan kini terkunci.")
    return redirect(_url_tw(kode, tahun, tw))


@login_required
@require_POST
def catatan_view(
    request: HttpRequest, kode: str, tahun: int, tw: int, indikator: int
) -> HttpResponse:
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _tw_or_404(tw)
    obj = get_indikator_berlaku(satker=satker, tahun=tahun, indikator_id=indikator)
    if obj is None:
        raise Http404("Indikator tidak ditemukan pada Perjanjian Kinerja yang berlaku.")
    _pastikan_peran(
        request, PENULIS_CATATAN, "Hanya Operator dan Sekretaris yang dapat menulis catatan."
    )
    penyebab = request.POST.get("penyebab", "")
    perbaikan = request.POST.get("perbaikan", "")
    try:
        simpan_catatan(
            indikator=obj, triwulan=tw, penyebab=penyebab, perbaikan=perbaikan, user=request.user
        )
    except IsianDitolak as exc:
        return _halaman_tw(
            request,
            satker,
            tahun,
            semua_tahun,
            tw,
            galat=f"Catatan “{obj.nama}” tidak disimpan: {exc.pesan}",
            isian_catatan={indikator: (penyebab, perbaikan)},
            status=422,
        )
    messages.success(request, f"Catatan {Triwulan(tw).label} “{obj.nama}” disimpan.")
    return redirect(f"{_url_tw(kode, tahun, tw)}#indikator-{indikator}")
