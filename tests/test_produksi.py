"""Production: the health endpoint, JSON logs, the production settings (DJANGO_ENV=production) and
static files under their collected, hashed names in the PDF."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import RequestFactory
from django.urls import reverse

from lkjip.jsonlog import ENVIRON_USER_ID, FormatJson, KonteksLogMiddleware
from lkjip.pdf import FetcherLokal

BASE_DIR = Path(__file__).resolve().parent.parent
KUNCI_UJI = "uji-produksi-" + "k7Qz9xWm2Lp4Rt8Vn3Bc6Hd1Fg5Js0Ya" * 2


# Health endpoint


@pytest.mark.django_db
def test_sehat_answers_ok_without_login(client):
    response = client.get(reverse("sehat"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_sehat_answers_head_and_refuses_post(client):
    assert client.head("/sehat/").status_code == 200
    assert client.post("/sehat/").status_code == 405


@pytest.mark.django_db
def test_sehat_answers_503_when_the_database_is_down(client, caplog):
    rusak = OperationalError('could not connect to server at "db.internal" (10.0.0.5)')
    with mock.patch.object(connections[DEFAULT_DB_ALIAS], "ensure_connection", side_effect=rusak):
        response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.json()["status"] == "gagal"
    # The public answer names no host; the log has the reason.
    assert "db.internal" not in response.content.decode()
    catatan = [r for r in caplog.records if r.name == "lkjip.sehat"]
    assert catatan and catatan[0].levelno == logging.ERROR and catatan[0].exc_info


# JSON logs


def format_json(record: logging.LogRecord) -> dict:
    baris = FormatJson().format(record)
    assert "\n" not in baris  # one line per record
    return json.loads(baris)


def buat_record(name: str = "laporan.cetak", msg: str = "PDF %s dirender", args=("x",), **extra):
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_json_log_line_has_time_level_logger_and_message():
    data = format_json(buat_record())
    assert data["level"] == "INFO"
    assert data["logger"] == "laporan.cetak"
    assert data["message"] == "PDF x dirender"
    assert data["time"].endswith("Z") and data["time"][:4].isdigit()
    assert "path" not in data and "user_id" not in data


def test_json_log_of_a_failed_request_has_path_status_and_user(operator):
    request = RequestFactory().get("/6210/2024/laporan/?token=rahasia-di-query")
    request._cached_user = operator
    data = format_json(
        buat_record("django.request", "Not Found: %s", ("/x",), request=request, status_code=404)
    )
    assert data["path"] == "/6210/2024/laporan/"
    assert data["method"] == "GET"
    assert data["status"] == 404
    assert data["user_id"] == operator.pk
    assert "rahasia-di-query" not in json.dumps(data)


def test_json_log_of_an_exception_carries_the_traceback():
    try:
        raise ValueError("contoh galat")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "gagal", (), sys.exc_info())
    data = format_json(record)
    assert data["level"] == "ERROR"
    assert "ValueError: contoh galat" in data["exception"]


def test_gunicorn_access_line_keeps_fields_and_drops_headers_and_environment(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1")
    atoms = {
        "m": "POST",
        "U": "/masuk/",
        "q": "next=/rahasia-query",
        "s": "302",
        "M": 41,
        "B": 0,
        "h": "127.0.0.1",
        "{x-forwarded-for}i": "192.0.2.1, 203.0.113.9, 127.0.0.1",
        "{cookie}i": "sessionid=rahasia-sesi",
        "{authorization}i": "Basic rahasia-basic",
        "{secret_key}e": "rahasia-env",
        "{" + ENVIRON_USER_ID + "}e": 7,
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s %(s)s", (), None
    )
    record.args = atoms  # what gunicorn passes: the dict of atoms
    data = format_json(record)
    assert data["message"] == "POST /masuk/ 302"
    assert data["status"] == 302
    assert data["path"] == "/masuk/"
    assert data["duration_ms"] == 41
    assert data["remote"] == "203.0.113.9"
    assert data["user_id"] == 7
    assert "rahasia" not in json.dumps(data)
    # Without trusted proxies the header is the client's claim: the peer's address is logged.
    monkeypatch.setenv("TRUSTED_PROXIES", "")
    assert format_json(record)["remote"] == "127.0.0.1"


@pytest.mark.django_db
def test_lines_logged_during_a_request_name_its_path_and_user(operator):
    keluaran = io.StringIO()
    handler = logging.StreamHandler(keluaran)
    handler.setFormatter(FormatJson())
    logger = logging.getLogger("uji.produksi")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    request = RequestFactory().get("/6210/2024/")
    request._cached_user = operator
    try:
        KonteksLogMiddleware(lambda r: logger.info("di dalam view") or "jawaban")(request)
        logger.info("di luar request")
    finally:
        logger.removeHandler(handler)
    dalam, luar = (json.loads(b) for b in keluaran.getvalue().splitlines())
    assert dalam["path"] == "/6210/2024/" and dalam["user_id"] == operator.pk
    assert "path" not in luar
    # gunicorn reads the user id from the WSGI environ for its access line.
    assert request.META[ENVIRON_USER_ID] == operator.pk


@pytest.mark.django_db
def test_request_of_a_logged_in_user_is_marked_for_the_access_log(client, operator):
    client.force_login(operator)
    response = client.get("/")
    assert response.wsgi_request.META[ENVIRON_USER_ID] == operator.pk


# Settings


# Not inherited from the test run; DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests of the
# same run and must never reach a production process.
TIDAK_DIWARISI = {
    "DEBUG",
    "DJANGO_ENV",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def env_produksi(**beda: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in TIDAK_DIWARISI
        and not k.startswith(("SECURE_", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"))
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=KUNCI_UJI,
        ALLOWED_HOSTS="lkjip.contoh.id",
        DJANGO_SETTINGS_MODULE="lkjip.settings",
    )
    env.update(beda)
    return {k: v for k, v in env.items() if v is not None}


BACA_SETTINGS = """
import json
from lkjip import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
    "middleware": s.MIDDLEWARE[:2],
    "formatter": s.LOGGING["handlers"]["console"]["formatter"],
}))
"""


def baca_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BACA_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_are_the_safe_ones():
    hasil = baca_settings(env_produksi())
    assert hasil.returncode == 0, hasil.stderr
    s = json.loads(hasil.stdout)
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert s["middleware"] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert s["formatter"] == "json"


def test_production_settings_can_be_loosened_by_environment():
    hasil = baca_settings(env_produksi(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="60"))
    s = json.loads(hasil.stdout)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 60


def test_newcomer_default_is_debug_with_plain_storage():
    env = env_produksi(DJANGO_ENV=None, SECRET_KEY=None, ALLOWED_HOSTS=None)
    hasil = baca_settings(env)
    assert hasil.returncode == 0, hasil.stderr
    s = json.loads(hasil.stdout)
    assert s["DEBUG"] is True
    assert s["SESSION_COOKIE_SECURE"] is False and s["SECURE_SSL_REDIRECT"] is False
    assert s["staticfiles"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert s["formatter"] == "teks"


@pytest.mark.parametrize(
    ("tanpa", "pesan"),
    [("SECRET_KEY", "SECRET_KEY wajib diisi"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS wajib diisi")],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(tanpa, pesan):
    hasil = baca_settings(env_produksi(**{tanpa: None}))
    assert hasil.returncode != 0
    assert pesan in hasil.stderr


def test_check_deploy_is_clean_with_the_production_environment():
    hasil = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env_produksi(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues" in hasil.stdout


def test_check_deploy_fails_with_development_defaults():
    """The CI run above means something: the same check finds the unsafe defaults."""
    hasil = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env_produksi(DJANGO_ENV=None, SECRET_KEY=None, ALLOWED_HOSTS=None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert hasil.returncode != 0
    assert "security.W018" in hasil.stderr  # DEBUG on


# gunicorn


def test_gunicorn_config_recycles_workers_and_logs_to_the_console():
    hasil = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", "lkjip/gunicorn.conf.py"]
        + ["lkjip.wsgi"],
        cwd=BASE_DIR,
        env=env_produksi(GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:8107"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert hasil.returncode == 0, hasil.stderr
    nilai = dict(
        (bagian.strip() for bagian in baris.split("=", 1))
        for baris in hasil.stdout.splitlines()
        if "=" in baris
    )
    assert nilai["workers"] == "3"
    assert nilai["bind"] == "['127.0.0.1:8107']"
    assert int(nilai["max_requests"]) > 0 and int(nilai["max_requests_jitter"]) > 0
    assert int(nilai["timeout"]) >= 60
    assert nilai["accesslog"] == "-" and nilai["errorlog"] == "-"
    assert "lkjip.jsonlog.FormatJson" in nilai["logconfig_dict"]


# The PDF reads the collected static files


def test_pdf_fetcher_reads_hashed_static_files_from_static_root(settings, tmp_path):
    """In production the print template names css/cetak.<hash>.css, which only collectstatic
    writes (under STATIC_ROOT); WeasyPrint must still get it, and nothing outside it."""
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "cetak.0f1281d8ec62.css").write_text("body { color: black; }")
    (tmp_path.parent / "rahasia.txt").write_text("rahasia")
    fetcher = FetcherLokal()

    jawaban = fetcher.fetch("file:///static/css/cetak.0f1281d8ec62.css")

    assert jawaban.headers["Content-Type"] == "text/css"
    with pytest.raises(ValueError):
        fetcher.fetch("file:///static/../rahasia.txt")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///static/css/tidak-ada.css")


def test_env_example_names_backends_that_exist():
    """.env.example is copied to a server's env file (docs/deploy.md): what it names must import."""
    from django.utils.module_loading import import_string

    nilai = dict(
        baris.split("=", 1)
        for baris in (BASE_DIR / ".env.example").read_text().splitlines()
        if "=" in baris and not baris.startswith("#")
    )
    assert nilai["TASKS_BACKEND"]
    for kunci, jalur in nilai.items():
        if kunci.endswith("BACKEND") and jalur:
            import_string(jalur)
