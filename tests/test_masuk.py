"""Login: lockout per username and client address (django-axes; behind a trusted proxy the
client is read from X-Forwarded-For), sessions that end after inactivity, password
change, and the security headers on every page."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lkjip.alamat import alamat_dari, parse_proxy, periksa_proxy
from lkjip.middleware import CONTENT_SECURITY_POLICY
from lkjip.sesi import JEDA, KUNCI
from pengesahan.models import Pengesahan
from satker.dua_faktor import rahasia_base32
from satker.models import Pengguna

SANDI = "rahasia-uji-123"
IP_KANTOR = "10.0.0.5"


def _masuk(client, username: str, password: str, ip: str = IP_KANTOR):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _gagal(client, username: str, kali: int, ip: str = IP_KANTOR) -> None:
    for _ in range(kali):
        response = _masuk(client, username, "salah-sandi", ip)
        assert response.status_code in (200, 429)


def test_wrong_password_shows_an_indonesian_error(client, operator):
    response = _masuk(client, "uji-operator", "salah-sandi")
    assert response.status_code == 200
    assert "kata sandi" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_four_failures_still_allow_the_right_password(client, operator):
    _gagal(client, "uji-operator", 4)
    response = _masuk(client, "uji-operator", SANDI)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_fifth_failure_locks_the_username_on_that_ip(client, operator):
    _gagal(client, "uji-operator", 4)
    response = _masuk(client, "uji-operator", "salah-sandi")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Akun terkunci sementara" in html
    assert "15 menit" in html
    # Even the right password is refused while locked.
    response = _masuk(client, "uji-operator", SANDI)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_ip(client, operator, admin_satker):
    _gagal(client, "uji-operator", 5)
    assert _masuk(client, "uji-operator", SANDI).status_code == 429
    # Another user behind the same office router logs in.
    assert _masuk(client, "uji-admin", SANDI).status_code == 302
    client.logout()
    # The same user from another address logs in.
    assert _masuk(client, "uji-operator", SANDI, ip="10.0.0.99").status_code == 302


def test_lockout_ends_after_the_cool_off(client, operator):
    _gagal(client, "uji-operator", 5)
    assert _masuk(client, "uji-operator", SANDI).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _masuk(client, "uji-operator", SANDI)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_admin_login_is_locked_too(client, admin_satker):
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "uji-admin", "password": "salah-sandi"},
            REMOTE_ADDR=IP_KANTOR,
        )
    response = client.post(
        "/admin/login/", {"username": "uji-admin", "password": SANDI}, REMOTE_ADDR=IP_KANTOR
    )
    assert response.status_code == 429


def test_session_expires_after_30_minutes_of_inactivity(client, operator, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert _masuk(client, "uji-operator", SANDI).status_code == 302
    response = client.get("/6210/2024/")
    assert response.status_code == 200
    sesi = Session.objects.get(session_key=client.session.session_key)
    # Within a minute of the last refresh a request writes nothing ...
    Session.objects.filter(pk=sesi.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get("/6210/2024/")
    assert "sessionid" not in response.cookies
    assert Session.objects.get(pk=sesi.pk).expire_date < timezone.now() + timedelta(minutes=6)
    # ... later, a request pushes the expiry forward, in the database and the cookie ...
    s = client.session
    s[KUNCI] -= JEDA
    s.save()
    Session.objects.filter(pk=sesi.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get("/6210/2024/")
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert Session.objects.get(pk=sesi.pk).expire_date > timezone.now() + timedelta(minutes=29)
    # ... and a session left alone past it is gone.
    Session.objects.filter(pk=sesi.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/6210/2024/")
    assert response.status_code == 302
    assert response.url.startswith("/masuk/")


def test_password_change(client, operator):
    client.force_login(operator)
    response = client.get("/akun/sandi/")
    assert response.status_code == 200
    assert "Ganti kata sandi" in response.content.decode()
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": SANDI,
            "new_password1": "Sandi-Baru-Panjang-2024",
            "new_password2": "Sandi-Baru-Panjang-2024",
        },
    )
    assert response.status_code == 302
    assert response.url == "/akun/sandi/selesai/"
    client.logout()
    assert _masuk(client, "uji-operator", SANDI).status_code == 200  # old one refused
    assert _masuk(client, "uji-operator", "Sandi-Baru-Panjang-2024").status_code == 302


@pytest.mark.parametrize("url", ["/masuk/", "/6210/2024/", "/admin/"])
def test_security_headers_on_every_page(client, operator, url):
    client.force_login(operator)
    response = client.get(url)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- behind a reverse proxy (lkjip/alamat.py) ----------------------------------------------------

PROXY = "127.0.0.1"
KLIEN_A = "203.0.113.7"
KLIEN_B = "198.51.100.9"


@pytest.fixture
def ketua(gunung_mas, buat_pengguna):
    return buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, is_ketua=True, username="uji-ketua")


def _lewat_proxy(client, username: str, password: str, klien: str, remote: str = PROXY):
    return client.post(
        "/masuk/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=klien,
    )


def test_behind_a_trusted_proxy_a_strangers_failures_lock_only_their_own_address(
    client, ketua, settings
):
    settings.TRUSTED_PROXIES = (PROXY,)
    for _ in range(5):
        response = _lewat_proxy(client, "uji-ketua", "salah-sandi", KLIEN_A)
        assert response.status_code in (200, 429)
    assert _lewat_proxy(client, "uji-ketua", SANDI, KLIEN_A).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {KLIEN_A}
    # The Ketua at the office, through the same proxy, still logs in.
    response = _lewat_proxy(client, "uji-ketua", SANDI, KLIEN_B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ketua.pk)


def test_the_client_is_the_last_address_the_trusted_proxy_appended(client, ketua, settings):
    """nginx appends the address it saw ($proxy_add_x_forwarded_for): whatever the client put to
    its left is the client's own claim and is not believed."""
    settings.TRUSTED_PROXIES = ("127.0.0.0/8", "10.0.0.2")
    for palsu in range(5):
        _lewat_proxy(client, "uji-ketua", "salah-sandi", f"192.0.2.{palsu}, {KLIEN_A}, 10.0.0.2")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {KLIEN_A}
    assert _lewat_proxy(client, "uji-ketua", SANDI, f"192.0.2.99, {KLIEN_A}").status_code == 429


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(client, ketua, settings):
    settings.TRUSTED_PROXIES = (PROXY,)
    for palsu in range(5):
        _lewat_proxy(client, "uji-ketua", "salah-sandi", f"192.0.2.{palsu}", remote=KLIEN_A)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {KLIEN_A}
    # A new forged address each time does not escape the lockout of the real one.
    response = _lewat_proxy(client, "uji-ketua", SANDI, "192.0.2.200", remote=KLIEN_A)
    assert response.status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, ketua, settings):
    settings.TRUSTED_PROXIES = ()
    for _ in range(5):
        _lewat_proxy(client, "uji-ketua", "salah-sandi", KLIEN_A)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxy", "klien"),
    [
        ("10.0.0.5", "", (), "10.0.0.5"),
        ("127.0.0.1", "203.0.113.7", (), "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7", ("127.0.0.1",), "203.0.113.7"),
        ("127.0.0.1", " 203.0.113.7 ", ("127.0.0.0/8",), "203.0.113.7"),
        ("127.0.0.1", "", ("127.0.0.1",), "127.0.0.1"),
        ("10.0.0.2", "1.1.1.1, 203.0.113.7, 10.0.0.3", ("10.0.0.0/24",), "203.0.113.7"),
        ("10.0.0.2", "bukan-alamat", ("10.0.0.2",), "10.0.0.2"),
        ("::1", "2001:db8::7", ("::1",), "2001:db8::7"),
        ("::ffff:127.0.0.1", "203.0.113.7", ("127.0.0.1",), "203.0.113.7"),
        ("203.0.113.50", "10.0.0.9", ("10.0.0.0/8",), "203.0.113.50"),
    ],
)
def test_client_address_rules(remote, forwarded, proxy, klien):
    assert alamat_dari(remote, forwarded, proxy) == klien


def test_a_malformed_trusted_proxy_stops_the_start():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        periksa_proxy(parse_proxy("127.0.0.1, nginx"))


# --- two-factor login (satker/dua_faktor.py) ----------------------------------------------------

DUA_FAKTOR = "/akun/dua-faktor/"


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna):
    return buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris")


@pytest.fixture
def diajukan(gunung_mas):
    return Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DIAJUKAN
    )


def _kode(perangkat: TOTPDevice, langkah: int = 0) -> str:
    totp = TOTP(perangkat.bin_key, perangkat.step, perangkat.t0, perangkat.digits, perangkat.drift)
    totp.time = time.time() + langkah * perangkat.step
    return f"{totp.token():0{perangkat.digits}d}"


def test_with_2fa_required_a_sekretaris_enrols_after_the_password_then_approves(
    client, sekretaris, diajukan, settings
):
    settings.WAJIB_2FA = True
    assert _masuk(client, "uji-sekretaris", SANDI).status_code == 302
    # Every page leads to the enrolment first.
    response = client.get("/6210/2024/")
    assert response.status_code == 302
    assert response.url == f"{DUA_FAKTOR}?next=%2F6210%2F2024%2F"
    response = client.get(response.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verifikasi dua langkah" in html
    assert 'src="data:image/svg+xml;base64,' in html
    perangkat = TOTPDevice.objects.get(user=sekretaris)
    assert not perangkat.confirmed
    assert rahasia_base32(perangkat) in html
    # The page keeps to the CSP: no inline script or style.
    assert "<script" not in html and "style=" not in html
    # Approving is refused until then.
    response = client.post("/pengesahan/6210/2024/setujui/")
    assert response.status_code == 302 and response.url == DUA_FAKTOR
    diajukan.refresh_from_db()
    assert diajukan.status == Pengesahan.Status.DIAJUKAN
    # A wrong code is refused in Indonesian.
    salah = f"{(int(_kode(perangkat)) + 1) % 1_000_000:06d}"
    response = client.post(DUA_FAKTOR, {"kode": salah, "next": "/6210/2024/"})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert client.get("/6210/2024/").status_code == 302
    # Each wrong code makes the next attempt wait (django-otp's throttle), even a right one.
    response = client.post(DUA_FAKTOR, {"kode": _kode(perangkat), "next": "/6210/2024/"})
    assert "Tunggu beberapa detik" in response.content.decode()
    TOTPDevice.objects.filter(pk=perangkat.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    # The right one confirms the device and lets them in.
    perangkat.refresh_from_db()
    response = client.post(DUA_FAKTOR, {"kode": _kode(perangkat), "next": "/6210/2024/"})
    assert response.status_code == 302 and response.url == "/6210/2024/"
    perangkat.refresh_from_db()
    assert perangkat.confirmed
    assert client.get("/6210/2024/").status_code == 200
    response = client.post("/pengesahan/6210/2024/setujui/")
    assert response.status_code == 302 and response.url.startswith("/6210/2024/laporan/")
    diajukan.refresh_from_db()
    assert diajukan.status == Pengesahan.Status.DISETUJUI


def test_the_next_login_asks_only_for_the_code(client, sekretaris, settings):
    settings.WAJIB_2FA = True
    perangkat = TOTPDevice.objects.create(user=sekretaris, name="Ponsel", confirmed=True)
    _masuk(client, "uji-sekretaris", SANDI)
    response = client.get(DUA_FAKTOR)
    html = response.content.decode()
    assert "Masukkan kode 6 angka yang sedang tampil" in html
    assert "data:image" not in html
    assert rahasia_base32(perangkat) not in html
    # An attempt to enrol a second device replaces nothing.
    assert TOTPDevice.objects.filter(user=sekretaris).count() == 1
    response = client.post(DUA_FAKTOR, {"kode": _kode(perangkat)})
    assert response.status_code == 302 and response.url == "/"
    # A code is used once.
    client.logout()
    _masuk(client, "uji-sekretaris", SANDI)
    response = client.post(DUA_FAKTOR, {"kode": _kode(perangkat)})
    assert response.status_code == 200


def test_the_ketua_is_asked_too_and_an_operator_is_not(client, operator, ketua, settings):
    settings.WAJIB_2FA = True
    _masuk(client, "uji-ketua", SANDI)
    assert client.get("/6210/2024/laporan/").url.startswith(DUA_FAKTOR)
    assert client.get("/pengesahan/6210/2024/tandatangani/").url.startswith(DUA_FAKTOR)
    client.logout()
    _masuk(client, "uji-operator", SANDI)
    assert client.get("/6210/2024/").status_code == 200
    assert client.get(DUA_FAKTOR).url == "/"
    assert not TOTPDevice.objects.exists()


def test_the_sign_and_approve_views_refuse_without_the_middleware(
    client, sekretaris, diajukan, settings
):
    settings.WAJIB_2FA = True
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("DuaFaktorMiddleware")]
    client.force_login(sekretaris)
    response = client.post("/pengesahan/6210/2024/setujui/")
    assert response.status_code == 302 and response.url == DUA_FAKTOR
    diajukan.refresh_from_db()
    assert diajukan.status == Pengesahan.Status.DIAJUKAN


def test_with_2fa_off_nothing_changes(client, sekretaris, diajukan, settings):
    assert settings.WAJIB_2FA is False
    assert _masuk(client, "uji-sekretaris", SANDI).status_code == 302
    assert client.get("/6210/2024/").status_code == 200
    assert client.get(DUA_FAKTOR).url == "/"
    assert client.post("/pengesahan/6210/2024/setujui/").status_code == 302
    diajukan.refresh_from_db()
    assert diajukan.status == Pengesahan.Status.DISETUJUI
    assert not TOTPDevice.objects.exists()
