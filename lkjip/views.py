from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def terkunci(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): an Indonesian page saying how long
    the username stays locked from this address; status 429 like axes' own response."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "username": username,
        "batas": settings.AXES_FAILURE_LIMIT,
        "menit": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/terkunci.html", context, status=429)
