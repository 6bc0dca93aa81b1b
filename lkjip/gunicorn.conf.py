"""gunicorn settings: `gunicorn -c lkjip/gunicorn.conf.py lkjip.wsgi` (docs/deploy.md).

Every value can be changed by an environment variable of the same systemd EnvironmentFile that
configures Django.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: a request holds one process, so the number of workers is the number of requests
# served at once. Rendering is CPU-bound; more workers than 2 × cores only adds memory.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))

# Django and every view are loaded once in the master: a new or recycled worker serves its first
# request at once instead of importing WeasyPrint and all URL modules first. Code changes need a
# restart (systemctl restart), not a reload.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# Recycle each worker after a few hundred requests (spread by the jitter so they do not all restart
# together): memory that WeasyPrint or a big import leaves behind is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "500"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "50"))

# A report page or a PDF rendered in the request (no worker, cache empty) takes several seconds of
# CPU for a large satker; 120 s leaves room without letting a stuck worker live forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx keeps connections to us open; a few seconds is enough behind a proxy.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# The proxy in front of us (nginx on this host, or the load balancer) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# systemd restarts and reloads gunicorn; no control socket in the service user's home.
control_socket_disable = True

# Access log to stdout, errors to stderr, as JSON lines (lkjip/jsonlog.py) unless LOG_FORMAT=teks.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# Only the request line's method, path (no query string) and status; the JSON formatter adds the
# status, duration, size, client address and user id as separate fields.
access_log_format = "%(m)s %(U)s %(s)s"

_format = "json" if os.environ.get("LOG_FORMAT", "json") == "json" else "teks"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lkjip.jsonlog.FormatJson"},
        "teks": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": _format,
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": _format,
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        # Not propagated: Django's root handler would print every line a second time.
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": []},
}


def when_ready(server) -> None:
    """Before the first worker is forked: import every URL module (and so every view), then close
    any database connection, which the workers must each open for themselves."""
    if not preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    server.log.info(
        "%d pola URL dimuat sebelum worker dijalankan", len(get_resolver().url_patterns)
    )
    connections.close_all()
