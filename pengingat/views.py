"""The pages of owners and reminders (docs/triwulan.md, docs/pengingat.md): the Admin names the
PIC of each indicator, each user sees "Indikator saya" and switches their own reminders off, and
the Admin reads every email sent for the satker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lkjip.isian import IsianDitolak
from pengingat.models import EmailPengingat, Jenis, PengaturanPengingat
from pengingat.services import (
    build_indikator_saya,
    daftar_pic,
    pengguna_pilihan,
    riwayat_pic,
    simpan_pic,
)
from satker.access import get_satker_or_404, get_satker_tahun_or_404, has_peran
from satker.models import Pengguna
from satker.services import list_tahun

PER_HALAMAN = 50


def _pastikan_admin(request: HttpRequest) -> None:
    # The satker is checked first (404 for another satker's users), then the role (403).
    if not has_peran(request.user, Pengguna.Peran.ADMIN):
        raise PermissionDenied("Hanya Admin satker yang dapat membuka halaman ini.")


def _pilihan_post(request: HttpRequest, indikator_ids: list[int]) -> dict[int, int | None]:
    """The form's choice per indicator ("" clears); an indicator missing from the form is left
    as it is; a value that is no number is refused."""
    hasil: dict[int, int | None] = {}
    for indikator_id in indikator_ids:
        nilai = request.POST.get(f"pic-{indikator_id}")
        if nilai is None:
            continue
        nilai = nilai.strip()
        if not nilai:
            hasil[indikator_id] = None
        elif nilai.isdigit():
            hasil[indikator_id] = int(nilai)
        else:
            raise IsianDitolak("Pilihan penanggung jawab tidak sah.")
    return hasil


@login_required
def penanggung_jawab(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The Admin names, per indicator of the PK in force, the user of the satker who owns it."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    _pastikan_admin(request)
    baris = daftar_pic(satker=satker, tahun=tahun)
    galat = ""
    if request.method == "POST":
        try:
            pilihan = _pilihan_post(request, [b.indikator_id for b in baris])
            berubah = simpan_pic(satker=satker, tahun=tahun, pilihan=pilihan, user=request.user)
        except IsianDitolak as exc:
            galat = str(exc)
        else:
            messages.success(
                request,
                f"Penanggung jawab disimpan: {berubah} indikator berubah."
                if berubah
                else "Tidak ada penanggung jawab yang berubah.",
            )
            return redirect("penanggung_jawab", kode=satker.kode, tahun=tahun)
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "baris": baris,
        "pengguna": pengguna_pilihan(satker=satker),
        "riwayat": riwayat_pic(satker=satker, tahun=tahun),
        "galat": galat,
    }
    return render(request, "pengingat/penanggung_jawab.html", context, status=400 if galat else 200)


@login_required
@require_GET
def indikator_saya(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """The indicators the user owns, per TW: target, value, due date and state; what is due."""
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    halaman = build_indikator_saya(
        satker=satker, tahun=tahun, user=request.user, hari_ini=timezone.localdate()
    )
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "halaman": halaman,
        "admin": has_peran(request.user, Pengguna.Peran.ADMIN),
    }
    return render(request, "pengingat/indikator_saya.html", context)


@login_required
def pengaturan_pengingat(request: HttpRequest) -> HttpResponse:
    """Each user sees their reminders and switches each kind on or off."""
    user = request.user
    if request.method == "POST":
        aktif = set(request.POST.getlist("aktif"))
        for jenis in Jenis.values:
            PengaturanPengingat.objects.update_or_create(
                pengguna=user, jenis=jenis, defaults={"aktif": jenis in aktif}
            )
        messages.success(request, "Pengaturan pengingat disimpan.")
        return redirect("pengaturan_pengingat")
    mati = set(
        PengaturanPengingat.objects.filter(pengguna=user, aktif=False).values_list(
            "jenis", flat=True
        )
    )
    pilihan = [(jenis, label, jenis not in mati) for jenis, label in Jenis.choices]
    context = {
        "pilihan": pilihan,
        "email": user.email,
        "terakhir": EmailPengingat.objects.filter(pengguna=user).only(
            "subjek", "dibuat_pada", "dikirim_pada", "galat"
        )[:10],
    }
    return render(request, "pengingat/pengaturan.html", context)


@login_required
@require_GET
def email_terkirim(request: HttpRequest, kode: str) -> HttpResponse:
    """Every email of the reminders for the satker, newest first: the Admin's view."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    _pastikan_admin(request)
    halaman = Paginator(
        EmailPengingat.objects.filter(satker=satker).select_related("pengguna"), PER_HALAMAN
    ).get_page(request.GET.get("halaman"))
    semua_tahun = list_tahun(satker=satker)
    context = {
        "satker": satker,
        "halaman": halaman,
        "tahun": semua_tahun[-1] if semua_tahun else None,
        "semua_tahun": semua_tahun,
    }
    return render(request, "pengingat/terkirim.html", context)
