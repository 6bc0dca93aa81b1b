"""The health endpoint for load balancers, systemd watchdogs and monitoring: public, no login."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


# Not inside ATOMIC_REQUESTS: opening that transaction needs the database, and a broken database
# must give the 503 below, not a 500 before the view runs.
@transaction.non_atomic_requests
@login_not_required
@never_cache
@require_safe
def sehat(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database answers a trivial query, else 503. The reason goes to
    the log only: a public page names no database host or error."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Pemeriksaan kesehatan: database tidak menjawab")
        return JsonResponse({"status": "gagal", "database": "tidak tersedia"}, status=503)
    return JsonResponse({"status": "ok"})
