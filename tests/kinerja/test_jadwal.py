"""Where a TW stands (kinerja/jadwal.py) and the capaian per TW against its target (rule 15)."""

import datetime
from decimal import Decimal as D

import pytest

from kinerja.jadwal import pastikan_triwulan_terbuka, status_triwulan
from kinerja.models import BukaTriwulan, JadwalTriwulan, VerifikasiTriwulan
from kinerja.services import compute_capaian_triwulan
from lkjip.isian import IsianDitolak

pytestmark = pytest.mark.django_db

HARI_INI = datetime.date(2024, 4, 20)


def _status(satker, tw):
    return status_triwulan(satker_id=satker.pk, tahun=2024, hari_ini=HARI_INI)[tw]


def test_tanpa_jadwal_terbuka(gunung_mas):
    s = _status(gunung_mas, 1)
    assert s.batas is None and not s.tertutup and s.pesan_tertutup == ""


def test_lewat_batas_menutup_bila_diatur(gunung_mas):
    j = JadwalTriwulan.objects.create(
        satker=gunung_mas, tahun=2024, triwulan=1, batas=datetime.date(2024, 4, 10)
    )
    s = _status(gunung_mas, 1)
    assert s.tertutup
    assert s.pesan_tertutup.startswith("Batas pengisian TW I (10 April 2024) sudah lewat")
    with pytest.raises(IsianDitolak, match="TW I"):
        pastikan_triwulan_terbuka(
            satker_id=gunung_mas.pk, tahun=2024, triwulan=1, hari_ini=HARI_INI
        )
    # on the due date itself entry is still open
    assert not status_triwulan(
        satker_id=gunung_mas.pk, tahun=2024, hari_ini=datetime.date(2024, 4, 10)
    )[1].tertutup
    j.tutup_setelah_batas = False
    j.save()
    assert not _status(gunung_mas, 1).tertutup
    assert _status(gunung_mas, 1).lewat_batas


def test_verifikasi_mengunci_dan_pembukaan_kembali(gunung_mas, admin_satker):
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=2)
    assert _status(gunung_mas, 2).tertutup
    assert "sudah diverifikasi" in _status(gunung_mas, 2).pesan_tertutup
    assert not _status(gunung_mas, 1).tertutup
    buka = BukaTriwulan.objects.create(
        satker=gunung_mas, tahun=2024, triwulan=2, alasan="Salah ketik", dibuka_oleh=admin_satker
    )
    assert not _status(gunung_mas, 2).tertutup
    assert _status(gunung_mas, 2).alasan_dibuka == "Salah ketik"
    buka.sampai = datetime.date(2024, 4, 19)
    buka.save()
    assert _status(gunung_mas, 2).tertutup  # the reopening ended yesterday


def test_satker_lain_tidak_terpengaruh(gunung_mas, satker_lain):
    VerifikasiTriwulan.objects.create(satker=satker_lain, tahun=2024, triwulan=1)
    assert not _status(gunung_mas, 1).tertutup


@pytest.mark.parametrize(
    ("agregasi", "target", "realisasi", "tw", "harapan"),
    [
        # kumulatif: TW II 30/25 = 120 %; s.d. TW II (20 + 30) / (25 + 25) = 100 %
        ("kumulatif", {1: D(25), 2: D(25)}, {1: D(20), 2: D(30)}, 2, (D(120), D(100))),
        # nilai akhir, TW II not entered: TW II has no capaian; s.d. TW II is TW I's 20/25
        ("nilai_akhir", {1: D(25), 2: D(50)}, {1: D(20)}, 2, (None, D(80))),
        # rata-rata over the TWs with both: (80 + 100)/2 over (100 + 100)/2 = 90 %
        (
            "rata_rata",
            {1: D(100), 2: D(100), 3: None},
            {1: D(80), 2: D(100), 3: D(5)},
            3,
            (None, D(90)),
        ),
        # nothing comparable yet
        ("kumulatif", {1: None}, {1: D(3)}, 1, (None, None)),
    ],
)
def test_capaian_triwulan(agregasi, target, realisasi, tw, harapan):
    hasil = compute_capaian_triwulan(
        target_tw=target,
        realisasi_tw=realisasi,
        triwulan=tw,
        polaritas="positif",
        agregasi=agregasi,
    )
    assert hasil == harapan


def test_capaian_triwulan_polaritas_negatif():
    # lower is better: target 8, realisasi 9 → (16 − 9)/8 = 87,5 %
    assert compute_capaian_triwulan(
        target_tw={1: D(8)},
        realisasi_tw={1: D(9)},
        triwulan=1,
        polaritas="negatif",
        agregasi="nilai_akhir",
    ) == (D("87.5"), D("87.5"))
