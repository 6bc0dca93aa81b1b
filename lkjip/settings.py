"""One settings module, configured by the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from lkjip.alamat import parse_proxy, periksa_proxy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


# DJANGO_ENV=production makes every default the safe one (docs/deploy.md): DEBUG off, HTTPS only,
# secure cookies, HSTS, hashed and compressed static files, JSON logs. Without it the defaults suit
# a newcomer's `make run`: DEBUG on, SQLite, plain-text logs.
PRODUKSI = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"

DEBUG = env_bool("DEBUG", not PRODUKSI)
SECRET_KEY = os.environ.get("SECRET_KEY", "lkjip-development-only-not-secret")
if not DEBUG and SECRET_KEY.startswith("lkjip-development"):
    raise RuntimeError("SECRET_KEY wajib diisi bila DEBUG=0.")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "" if PRODUKSI else "127.0.0.1,localhost").split(",")
    if h.strip()
]
if PRODUKSI and not ALLOWED_HOSTS:
    raise RuntimeError("ALLOWED_HOSTS wajib diisi bila DJANGO_ENV=production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_htmx",
    "satker",
    "renstra",
    "kinerja",
    "anggaran",
    "laporan",
    "riwayat",
    "pengesahan",
    "pengingat",
    "pemantauan",
    "pertukaran",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lkjip.sesi.SesiBergeserMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # user.is_verified() (django-otp), then the two-factor step for those who need it.
    "django_otp.middleware.OTPMiddleware",
    "satker.dua_faktor.DuaFaktorMiddleware",
    # A satker below the user's own is read-only; a Pemantau writes nothing (satker/access.py).
    "satker.access.BawahanHanyaBacaMiddleware",
    "lkjip.jsonlog.KonteksLogMiddleware",
    "riwayat.middleware.RiwayatMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx (django-htmx): whether a request comes from htmx.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lkjip.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lkjip.urls"
WSGI_APPLICATION = "lkjip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["lkjip.templatetags.angka"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection kept open (conn_max_age) is checked before a request uses it: after the database
# restarted, the request gets a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The newcomer's default database is one file shared by the web server and the PDF worker:
    # transactions take the write lock when they begin and wait for each other (up to 20 s),
    # instead of failing at once with "database is locked" when a reader turns writer. EXCLUSIVE,
    # not IMMEDIATE: in WAL mode the two are the same (readers are never blocked), and EXCLUSIVE is
    # the mode in which django-tasks-db's worker claims a task through Django's atomic(); in any
    # other mode it issues its own BEGIN EXCLUSIVE, which fails inside a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "EXCLUSIVE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }

# What the pages are built from, kept per process under the data's revision (satker.revisi,
# docs/halaman_tersimpan.md): a changed satker-year is built again under its new revision, and
# entries no longer read are dropped first when the cache is full (some 300 × 20-380 KB).
# Django's LocMemCache, without pickling the immutable values (lkjip/memori.py).
CACHES = {
    "default": {
        "BACKEND": "lkjip.memori.MemoriProses",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    }
}

AUTH_USER_MODEL = "satker.Pengguna"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+IP before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The proxies in front of gunicorn (nginx, the load balancer): comma-separated addresses or
# networks. Only a request from one of them has its client read from X-Forwarded-For
# (lkjip/alamat.py); empty: the connection's address, the header ignored.
TRUSTED_PROXIES = parse_proxy(os.environ.get("TRUSTED_PROXIES", ""))
periksa_proxy(TRUSTED_PROXIES)
# Login lockout (django-axes 8): 5 failures of one username from one client address lock that pair
# for 15 minutes; another user on the same address (a shared office router) can still log in, and
# the same user from another address too.
AXES_CLIENT_IP_CALLABLE = "lkjip.alamat.alamat_klien"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MENIT", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lkjip.views.terkunci"
AXES_COOLOFF_MESSAGE = "Akun terkunci sementara karena terlalu banyak percobaan masuk yang gagal."
AXES_PERMALOCK_MESSAGE = (
    "Akun terkunci karena terlalu banyak percobaan masuk yang gagal. Hubungi admin satker."
)
# Two-factor login (TOTP) for Sekretaris and Komisioner, the Ketua included (satker/dua_faktor.py,
# docs/deploy.md). Off by default: the demo and a newcomer's laptop log in with a password only.
WAJIB_2FA = env_bool("WAJIB_2FA", False)
OTP_TOTP_ISSUER = "LKjIP"
# The superuser resets a lost device in the admin without ever seeing anyone's secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Sessions end after 30 minutes without a request; requests push the expiry forward, writing the
# session at most once a minute (lkjip/sesi.py) rather than on each request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
# Imports of spreadsheets (budget, indicator and data workbooks; lkjip/unggah/berkas.py): a
# workbook of more cells is refused while it is scanned, and reading one may take this
# many seconds. Far above real files (a 100,000-line budget of 18 columns is 1.8 million cells).
IMPOR_BATAS_SEL = int(os.environ.get("IMPOR_BATAS_SEL", "3000000"))
IMPOR_BATAS_DETIK = float(os.environ.get("IMPOR_BATAS_DETIK", "30"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Pontianak"  # WIB, Kalimantan Tengah
USE_I18N = True
USE_TZ = True
# Figures are formatted explicitly (lkjip.angka and its template filters: 1.250,5), so Django's
# own localisation never turns a year into "2.024".
USE_THOUSAND_SEPARATOR = False
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded files (organisation charts, logos) live outside the code tree in production.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# WhiteNoise serves the static files from gunicorn. In production they are collected
# (`collectstatic`) under hashed, compressed names cached for a year; in development and tests
# the plain storage reads them from static/ and WhiteNoise looks them up on each request.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUKSI
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = not PRODUKSI

# HTTPS. nginx or the load balancer terminates TLS and says so in X-Forwarded-Proto; gunicorn must
# be reachable only through it (docs/deploy.md), or a client could claim HTTPS itself.
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUKSI):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUKSI)
# Load balancers probe the health endpoint over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUKSI)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUKSI)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUKSI else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUKSI)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The preload list takes only a whole registrable domain (a satker's host is a subdomain of
# kpu.go.id or of its regency's domain): that is the domain owner's decision, not this app's.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Other addresses a form may be posted from (scheme included), e.g. https://lkjip.contoh.id
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Logs go to stderr (journald keeps both streams; stdout stays clean for commands whose output is
# data, like angka_laporan). LOG_FORMAT=json writes one JSON object per line with time, level,
# logger, message and the request's path and user id (lkjip/jsonlog.py).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUKSI else "teks")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lkjip.jsonlog.FormatJson"},
        "teks": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "teks",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (mail to ADMINS, a second console) replaced by the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes logs every successful login and cleanup at INFO; lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Background tasks (PDF rendering, docs/laporan_latar.md): rows in this database (django-tasks-db),
# run by `manage.py pekerja_pdf` (which runs and recycles `db_worker`).
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them inside the request
# instead (no worker; slow pages).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# While the worker renders a PDF it writes a heartbeat this often (seconds); a rendering without
# one for three times as long lost its worker and is queued again (docs/laporan_latar.md).
LAPORAN_DETAK_DETIK = float(os.environ.get("LAPORAN_DETAK_DETIK", "10"))
# Seconds after a change of a report's data before its kept PDF is rendered again in the
# background; further changes meanwhile move that one rendering (0: off). docs/laporan_latar.md
LAPORAN_JEDA_PDF_DETIK = float(os.environ.get("LAPORAN_JEDA_PDF_DETIK", "5"))

# Rendered PDFs, keyed on the report's data (laporan.cetak.get_pdf); safe to delete at any time.
LAPORAN_CACHE_DIR = Path(os.environ.get("LAPORAN_CACHE_DIR", BASE_DIR / "var" / "laporan"))
BUKTI_ROOT = Path(os.environ.get("BUKTI_ROOT", BASE_DIR / "var" / "bukti"))  # never web-served

# Signing the report (pengesahan, docs/pengesahan.md). "pkcs12": a local key file whose passphrase
# is typed at signing time or read from PENGESAHAN_PKCS12_PASSPHRASE (never stored); "bsre": the
# BSrE Esign Client Service at BSRE_BASE_URL.
PENGESAHAN_PENANDATANGAN = os.environ.get("PENGESAHAN_PENANDATANGAN", "pkcs12")
# `make run` makes a local demo CA and a test certificate for the demo Ketua here, once
# (manage.py buat_kunci_demo; file names as in pengesahan/sertifikat.py). Outside production, and
# only while nothing else is configured, they are the signing key and a trusted root.
PENGESAHAN_DEMO_DIR = Path(os.environ.get("PENGESAHAN_DEMO_DIR", BASE_DIR / "var" / "pengesahan"))
PENGESAHAN_PKCS12_PATH = os.environ.get(
    "PENGESAHAN_PKCS12_PATH", "" if PRODUKSI else str(PENGESAHAN_DEMO_DIR / "ketua-demo.p12")
)
_CA_DEMO = PENGESAHAN_DEMO_DIR / "ca-demo.pem"
# PEM/DER certificates that the verification page trusts, comma-separated paths.
PENGESAHAN_TRUST_ROOTS = [
    p
    for p in os.environ.get(
        "PENGESAHAN_TRUST_ROOTS", str(_CA_DEMO) if not PRODUKSI and _CA_DEMO.is_file() else ""
    ).split(",")
    if p.strip()
]
# Printed in the QR code; empty: the address of the request that signs.
PENGESAHAN_BASE_URL = os.environ.get("PENGESAHAN_BASE_URL", "")
BSRE_BASE_URL = os.environ.get("BSRE_BASE_URL", "")
BSRE_USERNAME = os.environ.get("BSRE_USERNAME", "")
BSRE_PASSWORD = os.environ.get("BSRE_PASSWORD", "")

# Email (the reminders, docs/pengingat.md). Development prints each email on the console of the
# worker that sends it; production sends by SMTP (docs/deploy.md): EMAIL_BACKEND=
# django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL. The tests use Django's locmem outbox.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUKSI
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LKjIP <lkjip@localhost>")
# The address the links of an email point to (e.g. https://lkjip.kpu-gunungmas.go.id); empty:
# PENGESAHAN_BASE_URL, else the links are paths only.
PENGINGAT_BASE_URL = os.environ.get("PENGINGAT_BASE_URL", PENGESAHAN_BASE_URL)
# Reminders before a TW's due date (days before) and after it (days late), and the local hour
# from which the worker queues the day's run (empty: the worker never does; cron runs
# `manage.py kirim_pengingat`).
PENGINGAT_HARI_SEBELUM = (7, 1)
PENGINGAT_HARI_SETELAH = (1, 7)
_JAM = os.environ.get("PENGINGAT_JAM", "7").strip()
PENGINGAT_JAM = int(_JAM) if _JAM else None

# How often the worker queues the refresh of stale stored consistency checks, in seconds
# (docs/pemantauan.md "Pemeriksaan tersimpan"); empty: never (only `manage.py periksa_laporan`).
_SELA = os.environ.get("PEMERIKSAAN_SELA_DETIK", "300").strip()
PEMERIKSAAN_SELA_DETIK = float(_SELA) if _SELA else None

# The deadline of a year's report, in the following year (docs/aturan.md rule 16): (month, day);
# day None is the month's last day. Default: the end of February (LKjIP delivered by the end of
# February). Environment: BATAS_LAPORAN="03-31", or "02" for the end of February.
_BATAS = os.environ.get("BATAS_LAPORAN", "02").strip().split("-")
BATAS_LAPORAN = (int(_BATAS[0]), int(_BATAS[1]) if len(_BATAS) > 1 and _BATAS[1] else None)
