"""One settings module, configured by the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "lkjip-development-only-not-secret")
if not DEBUG and SECRET_KEY.startswith("lkjip-development"):
    raise RuntimeError("SECRET_KEY wajib diisi bila DEBUG=0.")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "satker",
    "renstra",
    "kinerja",
    "anggaran",
    "laporan",
    "riwayat",
    "pengesahan",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "riwayat.middleware.RiwayatMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

AUTH_USER_MODEL = "satker.Pengguna"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+IP before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes 8): 5 failures of one username from one IP lock that pair for 15
# minutes; another user on the same IP (a shared office router) can still log in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MENIT", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lkjip.views.terkunci"
AXES_COOLOFF_MESSAGE = "Akun terkunci sementara karena terlalu banyak percobaan masuk yang gagal."
AXES_PERMALOCK_MESSAGE = (
    "Akun terkunci karena terlalu banyak percobaan masuk yang gagal. Hubungi admin satker."
)
# Sessions end after 30 minutes without a request; every request pushes the expiry forward.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
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
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files (organisation charts, logos) live outside the code tree in production.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Rendered PDFs, keyed on the report's data (laporan.cetak.get_pdf); safe to delete at any time.
LAPORAN_CACHE_DIR = Path(os.environ.get("LAPORAN_CACHE_DIR", BASE_DIR / "var" / "laporan"))
BUKTI_ROOT = Path(os.environ.get("BUKTI_ROOT", BASE_DIR / "var" / "bukti"))  # never web-served

# Signing the report (pengesahan, docs/pengesahan.md). "pkcs12": a local key file whose passphrase
# is typed at signing time or read from PENGESAHAN_PKCS12_PASSPHRASE (never stored); "bsre": the
# BSrE Esign Client Service at BSRE_BASE_URL.
PENGESAHAN_PENANDATANGAN = os.environ.get("PENGESAHAN_PENANDATANGAN", "pkcs12")
PENGESAHAN_PKCS12_PATH = os.environ.get("PENGESAHAN_PKCS12_PATH", "")
# PEM/DER certificates that the verification page trusts, comma-separated paths.
PENGESAHAN_TRUST_ROOTS = [
    p for p in os.environ.get("PENGESAHAN_TRUST_ROOTS", "").split(",") if p.strip()
]
# Printed in the QR code; empty: the address of the request that signs.
PENGESAHAN_BASE_URL = os.environ.get("PENGESAHAN_BASE_URL", "")
BSRE_BASE_URL = os.environ.get("BSRE_BASE_URL", "")
BSRE_USERNAME = os.environ.get("BSRE_USERNAME", "")
BSRE_PASSWORD = os.environ.get("BSRE_PASSWORD", "")
