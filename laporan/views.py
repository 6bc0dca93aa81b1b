from django.http import HttpRequest, HttpResponse


def beranda(request: HttpRequest) -> HttpResponse:  # placeholder, replaced below
    raise NotImplementedError


ringkasan = beranda
