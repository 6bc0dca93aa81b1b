"""Two-factor login (TOTP, django-otp) for the roles that approve and sign (docs/deploy.md).

With WAJIB_2FA on, a Sekretaris or Komisioner (the Ketua included) who has logged in with their
password must first enrol an authenticator app (QR code, then a code to confirm) or enter its
current code; until then ``DuaFaktorMiddleware`` sends every page to that step, and the approve
and sign views refuse (``wajib_dua_faktor``). ``perlu_verifikasi`` is the one test both use.
"""

import base64
import io
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from satker.models import Pengguna

PERAN_DUA_FAKTOR = (Pengguna.Peran.SEKRETARIS, Pengguna.Peran.KOMISIONER)
NAMA_PERANGKAT = "Aplikasi autentikator"

PESAN_KODE_SALAH = (
    "Kode salah atau sudah kedaluwarsa. Masukkan kode 6 angka yang sedang tampil di aplikasi "
    "autentikator."
)
PESAN_TERLALU_SERING = (
    "Tunggu beberapa detik sebelum memasukkan kode lagi: setiap kode yang salah menambah waktu "
    "tunggu."
)


def perlu_dua_faktor(user) -> bool:
    """Whether ``user`` must pass the second factor in this installation."""
    return bool(
        settings.WAJIB_2FA
        and user.is_authenticated
        and getattr(user, "peran", "") in PERAN_DUA_FAKTOR
    )


def perlu_verifikasi(request: HttpRequest) -> bool:
    """Whether this request's user must still enrol or enter a code (OTPMiddleware has set
    ``user.is_verified``)."""
    user = request.user
    return perlu_dua_faktor(user) and not user.is_verified()


def alamat_verifikasi(request: HttpRequest) -> str:
    """The step's address, returning to this page afterwards (a form post cannot be repeated by
    a redirect: after it, the start page)."""
    if request.method not in ("GET", "HEAD"):
        return reverse("dua_faktor")
    return f"{reverse('dua_faktor')}?{urlencode({'next': request.get_full_path()})}"


def perangkat_terkonfirmasi(*, pengguna: Pengguna) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=pengguna, confirmed=True).order_by("pk").first()


def perangkat_baru(*, pengguna: Pengguna) -> TOTPDevice:
    """The device being enrolled: the same secret on every visit until it is confirmed."""
    perangkat = TOTPDevice.objects.filter(user=pengguna, confirmed=False).order_by("pk").first()
    if perangkat is None:
        perangkat = TOTPDevice.objects.create(user=pengguna, name=NAMA_PERANGKAT, confirmed=False)
    return perangkat


def rahasia_base32(perangkat: TOTPDevice) -> str:
    """The secret as typed into an app by hand: base32 in groups of four."""
    teks = base64.b32encode(perangkat.bin_key).decode().rstrip("=")
    return " ".join(teks[i : i + 4] for i in range(0, len(teks), 4))


def qr_data_uri(perangkat: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows img-src data:)."""
    gambar = qrcode.make(
        perangkat.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10
    )
    berkas = io.BytesIO()
    gambar.save(berkas)
    return "data:image/svg+xml;base64," + base64.b64encode(berkas.getvalue()).decode()


def verifikasi_kode(*, request: HttpRequest, perangkat: TOTPDevice, kode: str) -> str | None:
    """Check ``kode`` against ``perangkat``; on success confirm the device (enrolment) and mark
    the session verified. Returns the Indonesian error, or None."""
    sempat, _ = perangkat.verify_is_allowed()
    if not sempat:
        return PESAN_TERLALU_SERING
    # A wrong code counts towards django-otp's throttle (the device row is saved and committed
    # with the request: the page is answered normally).
    if not perangkat.verify_token("".join(kode.split())):
        return PESAN_KODE_SALAH
    if not perangkat.confirmed:
        perangkat.confirmed = True
        perangkat.save(update_fields=["confirmed"])
    otp_login(request, perangkat)
    return None


class DuaFaktorMiddleware:
    """Sends a user who must still pass the second factor to that step from every page but the
    step itself and logging out. Put it after django_otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._bebas: tuple[str, ...] | None = None

    def bebas(self) -> tuple[str, ...]:
        if self._bebas is None:
            self._bebas = (reverse("dua_faktor"), reverse("logout"), reverse("login"))
        return self._bebas

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in self.bebas() and perlu_verifikasi(request):
            return redirect(alamat_verifikasi(request))
        return self.get_response(request)


def wajib_dua_faktor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the approve and sign views: never without a verified session when it is required,
    whatever the middleware list says."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if perlu_verifikasi(request):
            return redirect(alamat_verifikasi(request))
        return view(request, *args, **kwargs)

    return wrapped
