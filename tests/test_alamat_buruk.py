"""Bad values in an address get a clear answer, never a server error: every URL of the URLconf
(the same walk as tests/test_akses_url.py), each of its parameters replaced by a bad value, as a
superuser (who passes every role check, so the views themselves are reached)."""

import re
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from pengesahan.models import Pengesahan
from satker.models import Pengguna
from tests.test_akses_url import Url, _kwargs, list_url, sampel  # noqa: F401 (fixture)

_PARAMETER = re.compile(r"<(?:(?P<jenis>[^>:]+):)?(?P<nama>[^>]+)>")

BURUK = {
    "int": ("0", "99999999999", "99999999999999999999999"),
    "tahun": ("0", "1999", "2030", "2101", "9999", "99999999999"),
    "str": ("tidak-ada", "x" * 300, quote("é–\"'<>"), "%00", "%0A"),
    "uuid": ("00000000-0000-0000-0000-000000000000",),
}


def _alamat(url: Url, isi: dict[str, str]) -> str:
    return "/" + _PARAMETER.sub(lambda m: isi[m["nama"]], url.pola)


def _kasus() -> list[tuple[Url, str, str]]:
    kasus = []
    for url in list_url():
        for m in _PARAMETER.finditer(url.pola):
            for nilai in BURUK[m["jenis"] or "str"]:
                kasus.append((url, m["nama"], nilai))
    return kasus


@pytest.mark.parametrize(
    "url, nama, nilai", _kasus(), ids=lambda x: x.nama if isinstance(x, Url) else str(x)[:20]
)
def test_a_bad_value_in_the_address_is_not_a_server_error(url, nama, nilai, sampel):  # noqa: F811
    superuser = Pengguna.objects.create_superuser(username="uji-super", password="x")
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    isi = {k: quote(str(v)) for k, v in _kwargs(url, sampel).items()}
    alamat = _alamat(url, {**isi, nama: nilai})
    pengesahan = Pengesahan.objects.count()
    for kirim in (client.get, client.post):
        with transaction.atomic():
            response = kirim(alamat)
            # A year outside the satker's data is not found, on every page that takes a year.
            if nama == "tahun":
                assert response.status_code in (404, 405), f"{alamat}: {response.status_code}"
                assert Pengesahan.objects.count() == pengesahan, alamat
            assert response.status_code < 500, f"{kirim.__name__} {alamat}: {response.status_code}"
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    "alamat",
    [
        f"/6210/2024/komentar/?indikator={nilai}"
        for nilai in ("abc", "²", "-1", "0", "99999999999", "99999999999999999999999", "%00")
    ]
    + [
        f"/6210/2024/perjanjian-kinerja/?versi={nilai}"
        for nilai in ("abc", "²", "-1", "0", "99999999999", "99999999999999999999999", "%00")
    ]
    + [
        f"/6210/riwayat/?{medan}={nilai}"
        for medan in ("tahun", "pengguna", "jenis", "sumber", "dari", "sampai", "halaman")
        for nilai in ("abc", "²", "0", "99999999999999999999999", "%00", "2024-13-45")
    ],
)
def test_a_bad_value_in_the_query_string_is_not_a_server_error(client, operator, alamat):
    client.raise_request_exception = False
    client.force_login(operator)
    for kirim in (client.get, client.post):
        response = kirim(alamat)
        assert response.status_code < 500, f"{kirim.__name__} {alamat}: {response.status_code}"
