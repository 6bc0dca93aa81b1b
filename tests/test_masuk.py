"""Login: lockout per username and IP (django-axes), sessions that end after inactivity, password
change, and the security headers on every page."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone

from lkjip.middleware import CONTENT_SECURITY_POLICY
from lkjip.sesi import JEDA, KUNCI

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
