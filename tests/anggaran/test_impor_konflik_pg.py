"""Two budget imports of one satker-year applied at the same moment, on PostgreSQL with two real
sessions (docs/impor_anggaran.md, "Pratinjau dan penyimpanan").

Both previews were computed against the same stored budget. Applying locks the satker-year and
re-checks that base inside the lock: exactly one apply wins, the other is refused with the
Indonesian message, and the stored budget is exactly the winner's file (never a mixture, never an
IntegrityError). SQLite serialises whole write transactions (EXCLUSIVE); the sequential test in
test_impor.py covers the same refusal on both databases.

``transaction=True`` lets the threads see each other's commits; it empties the database afterwards,
so the module reloads the Gunung Mas data for the tests that follow.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from anggaran.impor import ImporGagal, apply_impor, create_impor, read_anggaran
from anggaran.impor.templat import write_pok
from anggaran.models import BarisAnggaran, ImporAnggaran
from satker.models import Satker

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs PostgreSQL)"
    ),
    pytest.mark.usefixtures("data_demo_dimuat_lagi", "data_demo_ada"),
]

# Both files keep programme WA and change its kegiatan 3355; each adds the same new kegiatan code
# with its own values and drops the rest of the year (programme CQ, kegiatan 3360).
BERKAS_A = write_pok(
    [
        ("076.01.WA", "Program Dukungan Manajemen", None, None),
        ("3355", "Dukungan Manajemen (berkas A)", 1000, 500),
        ("3999", "Kegiatan baru berkas A", 111, 11),
    ]
)
BERKAS_B = write_pok(
    [
        ("076.01.WA", "Program Dukungan Manajemen", None, None),
        ("3355", "Dukungan Manajemen (berkas B)", 2000, 700),
        ("3999", "Kegiatan baru berkas B", 222, 22),
        ("3360", "Kegiatan tetap ada di berkas B", 30, 3),
    ]
)


def _isi(satker: Satker) -> list[tuple]:
    return sorted(
        BarisAnggaran.objects.filter(satker=satker, tahun=2024).values_list(
            "kode", "induk__kode", "tingkat", "uraian", "pagu", "realisasi", "catatan", "urutan"
        )
    )


def _isi_berkas(data: bytes) -> list[tuple]:
    baris = read_anggaran(data, nama_berkas="berkas.xlsx").baris
    return sorted(
        (b.kode, b.induk, b.tingkat, b.uraian, b.pagu, b.realisasi, b.catatan, b.urutan)
        for b in baris
    )


def _terapkan_bersamaan(impor: list[ImporAnggaran]) -> list:
    """Each import applied from its own thread and connection, released together."""
    mulai = threading.Barrier(len(impor))
    hasil: list = [None] * len(impor)

    def kerja(i: int, pk: int) -> None:
        try:
            obj = ImporAnggaran.objects.select_related("satker", "diunggah_oleh").get(pk=pk)
            mulai.wait(timeout=30)
            apply_impor(impor=obj)
            hasil[i] = "menang"
        except Exception as exc:  # ImporGagal expected; anything else surfaces in the assertion
            hasil[i] = exc
        finally:
            connections.close_all()

    utas = [threading.Thread(target=kerja, args=(i, x.pk)) for i, x in enumerate(impor)]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=120)
    assert not any(u.is_alive() for u in utas), "a session hung"
    return hasil


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("putaran", range(3))
def test_two_applies_of_one_year_at_once_one_wins_the_other_is_refused(putaran):
    satker = Satker.objects.get(kode="6210")
    impor = [
        create_impor(satker=satker, tahun=2024, data=data, nama_berkas=nama)[0]
        for data, nama in ((BERKAS_A, "a.xlsx"), (BERKAS_B, "b.xlsx"))
    ]

    hasil = _terapkan_bersamaan(impor)

    assert sorted(type(h).__name__ for h in hasil) == ["ImporGagal", "str"], hasil
    menang = hasil.index("menang")
    kalah = hasil[1 - menang]
    assert isinstance(kalah, ImporGagal)
    assert "Anggaran tahun 2024 telah berubah sejak pratinjau dibuat" in str(kalah)
    assert _isi(satker) == _isi_berkas((BERKAS_A, BERKAS_B)[menang])
    status = {x.pk: x.status for x in ImporAnggaran.objects.all()}
    assert status[impor[menang].pk] == ImporAnggaran.Status.DITERAPKAN
    assert status[impor[1 - menang].pk] == ImporAnggaran.Status.PRATINJAU
    assert _isi_berkas(BERKAS_A)[-1][4] == Decimal("111")  # the files do differ


@pytest.mark.django_db(transaction=True)
def test_the_same_preview_applied_twice_at_once_is_written_once():
    satker = Satker.objects.get(kode="6210")
    impor, _ = create_impor(satker=satker, tahun=2024, data=BERKAS_A, nama_berkas="a.xlsx")

    hasil = _terapkan_bersamaan([impor, impor])

    assert sorted(type(h).__name__ for h in hasil) == ["ImporGagal", "str"], hasil
    assert "sudah diterapkan" in str(hasil[1 - hasil.index("menang")])
    assert _isi(satker) == _isi_berkas(BERKAS_A)
