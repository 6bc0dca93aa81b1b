"""Structured logging: one JSON object per line on stdout, for journald or a log collector.

Every line has time, level, logger and message; lines written while a request is handled also carry
its method, path and the user id (KonteksLogMiddleware), and gunicorn's access lines carry the
status and duration. Only these named fields are written: never headers, cookies, query strings,
form data or environment variables, which is where passwords and tokens would be.

gunicorn's master process loads this formatter before Django is set up: no settings, no models.
"""

import json
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.utils.functional import SimpleLazyObject, empty

from lkjip.alamat import alamat_dari, proxy_dari_env

# The request being handled by this thread, for log lines written by views and services.
_request: ContextVar[Any] = ContextVar("lkjip_log_request", default=None)

# Set on the WSGI environ after the response, so gunicorn's access line can name the user.
ENVIRON_USER_ID = "lkjip.user_id"


def _user_id(request: Any) -> int | None:
    """The id of the logged-in user, only when the request has already loaded it: a log line must
    never cause a database query (the database may be the thing that is failing)."""
    user = getattr(request, "_cached_user", None)
    if user is None:
        # After login() request.user is the user itself, no longer the lazy object.
        user = vars(request).get("user")
        if isinstance(user, SimpleLazyObject):
            user = None if user._wrapped is empty else user._wrapped
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


def _dari_request(request: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "method": getattr(request, "method", None),
        "path": getattr(request, "path", None),
    }
    user_id = _user_id(request)
    if user_id is not None:
        data["user_id"] = user_id
    return data


def _dari_akses(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """Fields of a gunicorn access line (record.args is gunicorn's dict of "atoms")."""

    def atom(kunci: str) -> Any:
        nilai = atoms.get(kunci, "-")
        return None if nilai == "-" else nilai

    status = atom("s")
    data: dict[str, Any] = {
        "method": atom("m"),
        "path": atom("U"),
        "status": int(status) if str(status).isdigit() else status,
        "duration_ms": atom("M"),
        "bytes": atom("B"),
        # Behind nginx the peer is the proxy: the client as lkjip/alamat.py finds it.
        "remote": alamat_dari(
            str(atom("h") or ""), str(atom("{x-forwarded-for}i") or ""), proxy_dari_env()
        )
        or None,
    }
    user_id = atom("{" + ENVIRON_USER_ID + "}e")
    if user_id is not None:
        data["user_id"] = user_id
    return data


class FormatJson(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            data["message"] = record.getMessage()
            data.update(_dari_akses(record.args))
        else:
            data["message"] = record.getMessage()
            # django.request passes the request and status of 4xx/5xx responses.
            request = getattr(record, "request", None) or _request.get()
            if request is not None and hasattr(request, "path"):
                data.update(_dari_request(request))
            status = getattr(record, "status_code", None)
            if isinstance(status, int):
                data["status"] = status
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class KonteksLogMiddleware:
    """Makes the request known to log lines written while it is handled, and tells gunicorn's
    access log who the user was. Put it after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        user_id = _user_id(request)
        if user_id is not None:
            request.META[ENVIRON_USER_ID] = user_id
        return response
