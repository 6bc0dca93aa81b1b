from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from riwayat.models import Perubahan
from riwayat.services import konteks_request


class RiwayatMiddleware:
    """Changes made while handling a request are recorded with its user and as "web" (or "admin"
    under the Django admin). Put it after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._awalan_admin: str | None = None

    def awalan_admin(self) -> str:
        if self._awalan_admin is None:
            self._awalan_admin = reverse("admin:index")
        return self._awalan_admin

    def __call__(self, request: HttpRequest) -> HttpResponse:
        admin = request.path_info.startswith(self.awalan_admin())
        sumber = Perubahan.Sumber.ADMIN if admin else Perubahan.Sumber.WEB
        with konteks_request(request, sumber=sumber):
            return self.get_response(request)
