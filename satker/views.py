from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from satker.dua_faktor import (
    perangkat_baru,
    perangkat_terkonfirmasi,
    perlu_dua_faktor,
    qr_data_uri,
    rahasia_base32,
    verifikasi_kode,
)
from satker.forms import FormKodeOtp


def _tujuan(request: HttpRequest) -> str:
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def dua_faktor(request: HttpRequest) -> HttpResponse:
    """The second step of logging in (WAJIB_2FA): enrol an authenticator app, or enter its code."""
    if not perlu_dua_faktor(request.user):
        return redirect("beranda")
    if request.user.is_verified():
        return redirect(_tujuan(request))
    perangkat = perangkat_terkonfirmasi(pengguna=request.user)
    daftar = perangkat is None
    if daftar:
        perangkat = perangkat_baru(pengguna=request.user)
    form = FormKodeOtp(request.POST or None)
    if form.is_valid():
        galat = verifikasi_kode(
            request=request, perangkat=perangkat, kode=form.cleaned_data["kode"]
        )
        if galat is None:
            return redirect(_tujuan(request))
        form.add_error("kode", galat)
    context = {
        "form": form,
        "daftar": daftar,
        "next": _tujuan(request),
        "qr": qr_data_uri(perangkat) if daftar else "",
        "rahasia": rahasia_base32(perangkat) if daftar else "",
    }
    return render(request, "registration/dua_faktor.html", context)
