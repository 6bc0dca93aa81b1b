"""The Renstra's yearly targets in the workspace: every role of the satker reads them, Operator and
Admin write them (like the realisation page, laporan/views_realisasi.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lkjip.isian import IsianDitolak
from lkjip.kunci import pesan_kunci
from renstra.models import TargetRenstra
from renstra.services import build_tabel_target_renstra, simpan_target_renstra
from satker.access import get_satker_tahun_or_404, has_peran
from satker.models import Pengguna

PENGISI = (Pengguna.Peran.OPERATOR, Pengguna.Peran.ADMIN)


@login_required
@require_http_methods(["GET", "POST"])
def target_renstra(request: HttpRequest, kode: str, tahun: int) -> HttpResponse:
    # The satker first (404 for another satker's users), then the role (403).
    satker, semua_tahun = get_satker_tahun_or_404(user=request.user, kode=kode, tahun=tahun)
    boleh_isi = has_peran(request.user, *PENGISI)
    galat = ""
    isian: dict[str, str] = {}
    if request.method == "POST":
        if not boleh_isi:
            raise PermissionDenied("Hanya Operator dan Admin yang dapat mengisi target Renstra.")
        isian = {k: v for k, v in request.POST.items() if k.startswith("target-")}
        try:
            jumlah = simpan_target_renstra(satker=satker, tahun=tahun, isian=isian)
        except IsianDitolak as exc:
            galat = exc.pesan
        else:
            messages.success(
                request,
                f"Target Renstra tersimpan: {jumlah} isian diubah."
                if jumlah
                else "Tidak ada target yang berubah.",
            )
            return redirect("renstra_target", kode=satker.kode, tahun=tahun)
    tabel = build_tabel_target_renstra(satker=satker, tahun=tahun)
    terkunci = ""
    if tabel.tahun:  # a target is read by the report of every year of its period
        terkunci = pesan_kunci(
            satker=satker, tahun=tabel.tahun[0], tahun_akhir=tabel.tahun[-1], model=TargetRenstra
        )
    context = {
        "satker": satker,
        "tahun": tahun,
        "semua_tahun": semua_tahun,
        "tabel": tabel,
        "bisa_ubah": boleh_isi and not terkunci,
        "terkunci": terkunci,
        "galat": galat,
        # After a refused save the form shows what was typed, not the stored value.
        "baris": [
            (b, [(sel, isian.get(sel.nama_isian, sel.nilai_isian)) for sel in b.target])
            for b in tabel.baris
        ],
    }
    return render(request, "renstra/target.html", context, status=422 if galat else 200)
