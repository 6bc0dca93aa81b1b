"""The error pages are Indonesian (templates/400.html, 403.html, 403_csrf.html, 404.html,
500.html), as they are with DEBUG off; the 500 page needs neither a request nor the database."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path


def _tanpa_pesan(request):
    raise PermissionDenied


def _permintaan_buruk(request):
    raise SuspiciousOperation("uji")


def _rusak(request):
    raise RuntimeError("uji")


urlpatterns = [
    path("uji/403/", _tanpa_pesan),
    path("uji/400/", _permintaan_buruk),
    path("uji/500/", _rusak),
    path("", include("lkjip.urls")),
]


@pytest.fixture(autouse=True)
def _produksi(settings) -> None:
    settings.DEBUG = False


def _isi(response) -> str:
    html = response.content.decode()
    assert '<html lang="id">' in html and "style=" not in html and "<script" not in html
    assert "Content-Security-Policy" in response.headers
    return html


def test_an_unknown_address_is_an_indonesian_404(client, operator):
    for pengguna in (None, operator):
        if pengguna is not None:
            client.force_login(pengguna)
        response = client.get("/tidak-ada/sama-sekali/")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in _isi(response)
        assert "Not Found" not in response.content.decode()


def test_a_year_without_data_is_the_indonesian_404(client, operator):
    client.force_login(operator)
    response = client.get("/6210/2031/")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in _isi(response)


def test_a_403_shows_the_reason_given(client, operator):
    client.force_login(operator)
    response = client.get("/anggaran/6210/impor/")  # the satker's Admin only
    assert response.status_code == 403
    html = _isi(response)
    assert "Akses ditolak" in html and "Peran Anda tidak diizinkan membuka halaman ini." in html


@pytest.mark.urls("tests.test_halaman_galat")
def test_a_403_without_a_reason_says_so_in_indonesian(client, operator):
    client.force_login(operator)
    response = client.get("/uji/403/")
    assert response.status_code == 403
    html = _isi(response)
    assert "Anda tidak memiliki izin untuk membuka halaman ini." in html
    assert "Forbidden" not in html


def test_a_refused_form_says_why_in_indonesian():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _isi(response)
    assert "Formulir kedaluwarsa" in html and "CSRF verification failed" not in html


@pytest.mark.urls("tests.test_halaman_galat")
def test_a_bad_request_is_an_indonesian_400(client, db):
    response = client.get("/uji/400/")
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in _isi(response)


@pytest.mark.urls("tests.test_halaman_galat")
def test_a_server_error_is_an_indonesian_500(operator):
    client = Client(raise_request_exception=False)
    client.force_login(operator)
    response = client.get("/uji/500/")
    assert response.status_code == 500
    html = _isi(response)
    assert "Terjadi kesalahan pada server" in html and "Server Error" not in html
    assert 'href="/static/css/app.css"' in html


def test_the_500_page_needs_no_request_nor_the_database():
    # No database here: a query would fail the test.
    html = render_to_string("500.html")  # as django.views.defaults.server_error does
    assert "Terjadi kesalahan pada server" in html
