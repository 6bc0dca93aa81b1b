"""Sessions end after SESSION_COOKIE_AGE without a request (30 minutes), without a database write
on every request.

Django's SESSION_SAVE_EVERY_REQUEST would save the session, and commit, on each page read; under
load that write is a good part of a page's cost. Instead a request refreshes the session (its
expiry in the database and the cookie's max-age) only when the last refresh is at least
``JEDA`` seconds old: a session then ends between 29 and 30 minutes after its last request.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

JEDA = 60  # seconds
KUNCI = "_disegarkan"


class SesiBergeserMiddleware:
    """After SessionMiddleware, so that its response step saves what this one marks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        sesi = getattr(request, "session", None)
        if sesi is not None and not sesi.is_empty():
            kini = int(time.time())
            if kini - sesi.get(KUNCI, 0) >= JEDA:
                sesi[KUNCI] = kini
        return response
