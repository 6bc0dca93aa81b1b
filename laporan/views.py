from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from anggaran.services import build_pohon_anggaran
from kinerja.models import SasaranPK
from kinerja.services import build_ringkasan_kinerja
from satker.access import get_satker_or_404, is_superuser
from satker.models import Satker
from satker.services import list_tahun


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    """Send a satker user to their latest year; let a superuser choose a satker."""
    satker = request.user.satker
    if satker is not None:
        tahun = list_tahun(satker=satker)
        if tahun:
            return redirect("ringkasan", kode=satker.kode, tahun=tahun[-1])
        pilihan = [(satker, tahun)]
    elif is_superuser(request.user):
        pilihan = [(s, list_tahun(satker=s)) for s in Satker.objects.all()]
    else:
        pilihan = []
    return render(request, "laporan/beranda.html", {"pilihan": pilihan})


@login_required
def ringkasan(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    """A satker's year at a glance: indicator achievement and budget absorption, kept apart."""
    satker = get_satker_or_404(user=request.user, kode=kode)
    semua_tahun = list_tahun(satker=satker)
    if tahun not in semua_tahun:
        raise Http404("Belum ada data untuk tahun ini.")
    kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    terukur = SasaranPK.Bagian.KINERJA
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "kinerja": kinerja,
        "anggaran": build_pohon_anggaran(satker=satker, tahun=tahun),
        # Gaps in Tabel 3.2 change the capaian kinerja; the others only the report's tables.
        "belum_terukur": [b for b in kinerja.belum_lengkap if b.bagian == terukur],
        "belum_lain": [b for b in kinerja.belum_lengkap if b.bagian != terukur],
    }
    return render(request, "laporan/ringkasan.html", context)
