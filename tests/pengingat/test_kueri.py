"""The pages of owners and reminders keep their query count when indicators grow tenfold (the
budgets of tests/test_kueri_halaman.py, for these pages)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import IndikatorKinerja, JadwalTriwulan, PenanggungJawab
from tests.test_kueri_halaman import _tumbuhkan

from .conftest import TAHUN

HALAMAN = {
    "/6210/2024/indikator-saya/": 20,
    "/6210/2024/penanggung-jawab/": 16,
    "/6210/pengingat/terkirim/": 12,
}


def _semua_milik(satker, pengguna) -> None:
    PenanggungJawab.objects.bulk_create(
        PenanggungJawab(indikator=i, pengguna=pengguna)
        for i in IndikatorKinerja.objects.milik(satker=satker, tahun=TAHUN).exclude(
            penanggung_jawab__isnull=False
        )
    )


def _hitung(client) -> dict[str, int]:
    jumlah = {}
    for alamat in HALAMAN:
        with CaptureQueriesContext(connection) as q:
            assert client.get(alamat).status_code == 200, alamat
        jumlah[alamat] = len(q)
    return jumlah


def test_pages_keep_their_query_count_when_indicators_grow_tenfold(
    client, gunung_mas, admin_satker
):
    # Due dates long past that leave entry open: the data can still grow below (a closed TW
    # refuses even bulk writes, docs/triwulan.md).
    for tw, hari in ((1, "2024-04-10"), (2, "2024-07-10"), (3, "2024-10-10"), (4, "2025-01-10")):
        JadwalTriwulan.objects.create(
            satker=gunung_mas, tahun=TAHUN, triwulan=tw, batas=hari, tutup_setelah_batas=False
        )
    _semua_milik(gunung_mas, admin_satker)
    client.force_login(admin_satker)
    _hitung(client)
    sebelum = _hitung(client)
    for alamat, jumlah in sebelum.items():
        assert jumlah <= HALAMAN[alamat], f"{alamat}: {jumlah} query, anggaran {HALAMAN[alamat]}"

    _tumbuhkan(gunung_mas, 10)
    _semua_milik(gunung_mas, admin_satker)

    assert _hitung(client) == sebelum
    html = client.get("/6210/2024/indikator-saya/").content.decode()
    assert "(salinan 9)" in html
    assert "(salinan 9)" in client.get("/6210/2024/penanggung-jawab/").content.decode()
