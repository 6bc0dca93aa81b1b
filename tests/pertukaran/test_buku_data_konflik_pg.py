"""Two imports of one data workbook into the same empty year at once, on PostgreSQL with two real
sessions (docs/buku_data.md): the target is checked inside the lock of its years, so the second
import sees the first one's rows and writes nothing twice (no IntegrityError).

``transaction=True`` lets the threads see each other's commits; it empties the database afterwards,
so the module reloads the Gunung Mas data for the tests that follow.
"""

import threading

import pytest
from django.db import connection, connections

from anggaran.models import BarisAnggaran
from laporan.buku_data import ekspor_data
from pertukaran import buku_data
from pertukaran.buku_data import ImporDataDitolak, impor_data
from satker.models import Satker

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs PostgreSQL)"
    ),
    pytest.mark.usefixtures("data_demo_dimuat_lagi", "data_demo_ada"),
]


@pytest.mark.django_db(transaction=True)
def test_two_imports_into_the_same_empty_year_at_once_write_once(monkeypatch):
    satker = Satker.objects.get(kode="6210")
    data = ekspor_data(satker=satker, tahun=2023)
    baris_2022 = sorted(
        BarisAnggaran.objects.filter(satker=satker, tahun=2022).values_list("kode", "pagu")
    )
    BarisAnggaran.objects.filter(satker=satker, tahun=2022).delete()
    mulai = threading.Barrier(2)
    hasil: list = [None, None]
    # Hold each import just after its target check, so that both have checked before either
    # writes whenever nothing keeps them apart (with the lock, the second is still waiting for
    # it: the first goes on after 3 s).
    sesudah_periksa = threading.Barrier(2)
    periksa_asli = buku_data._check_target

    def periksa_lalu_tunggu(*args, **kwargs):
        rencana = periksa_asli(*args, **kwargs)
        try:
            sesudah_periksa.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return rencana

    monkeypatch.setattr(buku_data, "_check_target", periksa_lalu_tunggu)

    def kerja(i: int) -> None:
        try:
            mulai.wait(timeout=30)
            hasil[i] = impor_data(berkas=data)
        except Exception as exc:  # ImporDataDitolak is fine; anything else fails below
            hasil[i] = exc
        finally:
            connections.close_all()

    utas = [threading.Thread(target=kerja, args=(i,)) for i in range(2)]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=120)

    assert not any(u.is_alive() for u in utas), "a session hung"
    assert all(not isinstance(h, Exception) or isinstance(h, ImporDataDitolak) for h in hasil), (
        hasil
    )
    ditulis = sorted(h.jumlah["BarisAnggaran"] for h in hasil if not isinstance(h, Exception))
    assert ditulis in ([len(baris_2022)], [0, len(baris_2022)])  # a second one skips the budget
    assert (
        sorted(BarisAnggaran.objects.filter(satker=satker, tahun=2022).values_list("kode", "pagu"))
        == baris_2022
    )
