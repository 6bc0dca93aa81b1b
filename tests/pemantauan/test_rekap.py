"""The monitoring rows and their roll-up (docs/pemantauan.md, "Baris dan rekap"): each figure is
the satker's own, as its pages compute it, and the rows cost the same queries for 3 satker or 30.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anggaran.models import BarisAnggaran
from anggaran.services import build_pohon_anggaran
from kinerja.models import JadwalTriwulan, KategoriCapaian, PerjanjianKinerja, Realisasi
from kinerja.services import build_ringkasan_kinerja, build_ringkasan_kinerja_banyak
from laporan.pemeriksaan_tersimpan import periksa_dan_simpan
from pemantauan.rekap import (
    KEADAAN_TW,
    BarisPemantauan,
    IsianTW,
    batas_laporan,
    build_pemantauan,
    build_rekap,
    tahun_pemantauan,
)
from pengesahan.models import Langkah, Pengesahan
from satker.models import Pengguna, Satker

pytestmark = pytest.mark.django_db

HARI = datetime.date(2024, 8, 15)  # TW III running, TW IV not started


def _baris(kode: str, **ubah) -> BarisPemantauan:
    nilai = {
        "satker_id": int(kode),
        "kode": kode,
        "nama": f"KPU {kode}",
        "jenis": Satker.Jenis.KABUPATEN,
        "provinsi_id": 1,
        "provinsi": "Uji",
        "tahun": 2024,
        "tw": (),
        "status": Pengesahan.Status.DRAF,
        "status_label": "Draf",
        "status_waktu": None,
        "tepat_waktu": None,
        "capaian": None,
        "kategori": None,
        "pagu": Decimal(0),
        "realisasi": Decimal(0),
        "serapan": None,
        "galat": None,
        "peringatan": None,
        "pemeriksaan_kini": False,
    }
    nilai.update(ubah)
    return BarisPemantauan(**nilai)


# --- The rows are the satker's own figures ----------------------------------------------------


def test_a_row_carries_the_capaian_category_and_serapan_of_the_satker_s_own_pages(
    gunung_mas, kpu_provinsi
):
    (baris,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    ringkasan = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    anggaran = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert baris.kode == "6210"
    assert baris.provinsi_id == kpu_provinsi.pk
    assert baris.provinsi == kpu_provinsi.nama
    assert baris.capaian is not None
    assert baris.capaian == ringkasan.capaian_kinerja_dibatasi
    assert baris.kategori == ringkasan.kategori
    assert baris.pagu == anggaran.total_pagu > 0
    assert baris.realisasi == anggaran.total_realisasi
    assert baris.serapan == anggaran.serapan
    assert baris.status == Pengesahan.Status.DRAF and baris.status_label == "Draf"
    assert baris.galat is None and baris.peringatan is None and not baris.pemeriksaan_kini


def test_a_row_carries_the_stored_consistency_check_and_whether_it_is_current(
    gunung_mas, kpu_provinsi
):
    temuan = periksa_dan_simpan(satker=gunung_mas, tahun=2024)
    (baris,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    assert baris.galat == sum(1 for t in temuan if t.tingkat == "galat")
    assert baris.peringatan == sum(1 for t in temuan if t.tingkat == "peringatan")
    assert baris.galat + baris.peringatan > 0
    assert baris.pemeriksaan_kini
    # The data changes: the counts stay, marked as counted on older data.
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, induk__isnull=True).update(
        catatan="diubah"
    )
    (baris,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    assert baris.galat is not None and not baris.pemeriksaan_kini


def test_the_capaian_follows_the_satker_s_own_scale_and_cap(gunung_mas, kpu_provinsi):
    PerjanjianKinerja.objects.filter(satker=gunung_mas, tahun=2024).update(
        batas_capaian=Decimal(100)
    )
    KategoriCapaian.objects.filter(satker=gunung_mas).delete()
    KategoriCapaian.objects.bulk_create(
        [
            KategoriCapaian(satker=gunung_mas, tahun=2024, urutan=1, nama="Kurang"),
            KategoriCapaian(
                satker=gunung_mas, tahun=2024, urutan=2, nama="Memadai", batas_bawah=Decimal(10)
            ),
        ]
    )
    (baris,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    ringkasan = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    assert baris.kategori == ringkasan.kategori == "Memadai"
    assert baris.capaian == ringkasan.capaian_kinerja_dibatasi <= Decimal(100)


def test_the_lean_loading_of_many_satker_measures_each_indicator_as_the_full_one(
    gunung_mas, satker_lain
):
    Realisasi.objects.filter(indikator__sasaran__program__perjanjian__satker=gunung_mas).filter(
        triwulan=4
    ).delete()  # a year still open: values missing
    PerjanjianKinerja.objects.filter(satker=gunung_mas, tahun=2024).update(
        batas_capaian=Decimal(100)
    )
    ids = [gunung_mas.pk, satker_lain.pk]
    ringan = build_ringkasan_kinerja_banyak(satker_ids=ids, tahun=2024, hanya_terukur=True)
    penuh = build_ringkasan_kinerja_banyak(satker_ids=ids, tahun=2024)
    for i in ids:
        assert [
            (c.indikator_id, c.realisasi_tw, c.realisasi, c.capaian, c.capaian_dibatasi, c.kategori)
            for c in ringan[i].terukur
        ] == [
            (c.indikator_id, c.realisasi_tw, c.realisasi, c.capaian, c.capaian_dibatasi, c.kategori)
            for c in penuh[i].terukur
        ]
        assert ringan[i].capaian_kinerja_dibatasi == penuh[i].capaian_kinerja_dibatasi
        assert ringan[i].kategori == penuh[i].kategori
        assert ringan[i].jumlah_indikator_terukur == penuh[i].jumlah_indikator_terukur
    assert len(penuh[gunung_mas.pk].terukur) > 5
    assert ringan[satker_lain.pk].capaian_kinerja is None


def test_kpu_ri_sees_the_provinces_and_their_kabupaten_and_a_province_only_its_own(
    gunung_mas, kpu_ri, kpu_provinsi, provinsi_lain, satker_lain, buat_kabkota
):
    lain = buat_kabkota(provinsi_lain, "6301")
    semua = build_pemantauan(atas=kpu_ri, tahun=2024, hari_ini=HARI)
    assert [b.kode for b in semua] == ["62", "6210", "63", "6301"]
    assert [b.provinsi for b in semua] == [kpu_provinsi.nama] * 2 + [provinsi_lain.nama] * 2
    assert semua[0].jenis == Satker.Jenis.PROVINSI and semua[0].provinsi_id == kpu_provinsi.pk
    assert [b.kode for b in build_pemantauan(atas=kpu_provinsi, tahun=2024)] == ["6210"]
    assert [b.kode for b in build_pemantauan(atas=provinsi_lain, tahun=2024)] == [lain.kode]
    assert build_pemantauan(atas=gunung_mas, tahun=2024) == ()
    # A satker without any data of the year: no capaian, no pagu, still a row.
    kosong = semua[3]
    assert kosong.capaian is None and kosong.kategori is None
    assert kosong.pagu == Decimal(0) and kosong.serapan is None
    assert all(tw.jumlah == 0 for tw in kosong.tw)


def test_the_years_are_those_in_which_any_satker_below_has_data(gunung_mas, kpu_ri, kpu_provinsi):
    tahun_gm = {
        *PerjanjianKinerja.objects.filter(satker=gunung_mas).values_list("tahun", flat=True),
        *BarisAnggaran.objects.filter(satker=gunung_mas).values_list("tahun", flat=True),
    }
    assert tahun_pemantauan(atas=kpu_provinsi) == tuple(sorted(tahun_gm))
    assert tahun_pemantauan(atas=kpu_ri) == tuple(sorted(tahun_gm))
    assert tahun_pemantauan(atas=gunung_mas) == ()


# --- TW entry against the due dates -----------------------------------------------------------


def test_tw_entry_is_lengkap_terlambat_berjalan_or_belum(gunung_mas, kpu_provinsi):
    ringkasan = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    perlu = [c for c in ringkasan.terukur if c.jenis_target != "dokumen"]
    assert len(perlu) >= 2
    # TW I complete; TW II one value missing and its due date passed; TW III open.
    Realisasi.objects.filter(indikator_id__in=[c.indikator_id for c in perlu]).delete()
    Realisasi.objects.bulk_create(
        Realisasi(indikator_id=c.indikator_id, triwulan=1, nilai=Decimal(10)) for c in perlu
    )
    Realisasi.objects.bulk_create(
        Realisasi(indikator_id=c.indikator_id, triwulan=2, nilai=Decimal(10)) for c in perlu[1:]
    )
    for tw, batas in ((1, "2024-04-10"), (2, "2024-07-10"), (3, "2024-10-10")):
        JadwalTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=tw, batas=batas)

    (baris,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    assert baris.tw == (
        IsianTW(1, len(perlu), len(perlu), datetime.date(2024, 4, 10), "lengkap"),
        IsianTW(2, len(perlu) - 1, len(perlu), datetime.date(2024, 7, 10), "terlambat"),
        IsianTW(3, 0, len(perlu), datetime.date(2024, 10, 10), "berjalan"),
        IsianTW(4, 0, len(perlu), None, "belum"),
    )
    assert baris.tw[0].lengkap and not baris.tw[1].lengkap
    rekap = build_rekap([baris])
    assert [tw["lengkap"] for tw in rekap.per_keadaan_tw] == [1, 0, 0, 0]
    assert rekap.per_keadaan_tw[1] == {
        "lengkap": 0,
        "berjalan": 0,
        "terlambat": 1,
        "tanpa_batas": 0,
        "belum": 0,
    }
    assert [tw["belum"] for tw in rekap.per_keadaan_tw] == [0, 0, 0, 1]
    # On the due date itself TW II is still running.
    (pada_batas,) = build_pemantauan(
        atas=kpu_provinsi, tahun=2024, hari_ini=datetime.date(2024, 7, 10)
    )
    assert [tw.keadaan for tw in pada_batas.tw] == ["lengkap", "berjalan", "berjalan", "belum"]
    # Years later, TW IV (never given a due date) is over and still empty: not late by any rule,
    # not under way either.
    (kemudian,) = build_pemantauan(
        atas=kpu_provinsi, tahun=2024, hari_ini=datetime.date(2026, 12, 4)
    )
    assert [tw.keadaan for tw in kemudian.tw] == [
        "lengkap",
        "terlambat",
        "terlambat",
        "tanpa_batas",
    ]
    assert kemudian.tw[3].label == "usai, tanpa batas"
    # While TW IV runs without a due date it is under way.
    (tw4,) = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=datetime.date(2024, 12, 31))
    assert tw4.tw[3].keadaan == "berjalan"


# --- The report's status and its deadline -----------------------------------------------------


def _langkah(pengesahan, aksi, waktu, oleh, versi=1) -> None:
    langkah = Langkah.objects.create(pengesahan=pengesahan, aksi=aksi, versi=versi, oleh=oleh)
    Langkah.objects.filter(pk=langkah.pk).update(waktu=waktu)


def _waktu(teks: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(teks))


def test_the_report_deadline_is_the_end_of_february_of_the_next_year(settings):
    assert batas_laporan(2024) == datetime.date(2025, 2, 28)
    assert batas_laporan(2023) == datetime.date(2024, 2, 29)
    settings.BATAS_LAPORAN = (3, 31)
    assert batas_laporan(2024) == datetime.date(2025, 3, 31)


def test_the_status_says_when_it_was_reached_and_the_first_signature_decides_on_time(
    gunung_mas, kpu_provinsi, buat_pengguna
):
    ketua = buat_pengguna(gunung_mas, Pengguna.Peran.ADMIN)
    pengesahan = Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DIAJUKAN
    )
    _langkah(pengesahan, Langkah.Aksi.AJUKAN, _waktu("2025-01-20 09:00"), ketua)
    _langkah(pengesahan, Langkah.Aksi.KEMBALIKAN, _waktu("2025-01-22 09:00"), ketua)
    _langkah(pengesahan, Langkah.Aksi.AJUKAN, _waktu("2025-02-03 10:00"), ketua)

    def baris(hari: str) -> BarisPemantauan:
        hari_ini = datetime.date.fromisoformat(hari)
        return build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=hari_ini)[0]

    diajukan = baris("2025-02-10")
    assert diajukan.status == "diajukan" and diajukan.status_label == "Diajukan"
    assert diajukan.status_waktu == _waktu("2025-02-03 10:00")
    assert diajukan.tepat_waktu is None  # not due yet
    assert baris("2025-03-01").tepat_waktu is False  # past the deadline, unsigned

    _langkah(pengesahan, Langkah.Aksi.SETUJUI, _waktu("2025-02-20 08:00"), ketua)
    _langkah(pengesahan, Langkah.Aksi.TANDATANGANI, _waktu("2025-02-28 23:30"), ketua)
    # Reopened for a revision and signed again after the deadline: delivered on time still.
    _langkah(pengesahan, Langkah.Aksi.REVISI, _waktu("2025-04-01 08:00"), ketua, versi=2)
    _langkah(pengesahan, Langkah.Aksi.TANDATANGANI, _waktu("2025-04-05 08:00"), ketua, versi=2)
    Pengesahan.objects.filter(pk=pengesahan.pk).update(status=Pengesahan.Status.DITANDATANGANI)
    ditandatangani = baris("2025-05-01")
    assert ditandatangani.status == "ditandatangani"
    assert ditandatangani.status_waktu == _waktu("2025-04-05 08:00")
    assert ditandatangani.tepat_waktu is True

    Langkah.objects.filter(aksi=Langkah.Aksi.TANDATANGANI, versi=1).update(
        waktu=_waktu("2025-03-01 00:10")
    )
    assert baris("2025-05-01").tepat_waktu is False


# --- The roll-up ------------------------------------------------------------------------------


def test_the_roll_up_counts_every_status_and_category_and_weighs_serapan_by_pagu():
    baris = [
        _baris(
            "1101",
            status="ditandatangani",
            tepat_waktu=True,
            capaian=Decimal("95"),
            kategori="Sangat Baik",
            pagu=Decimal(1000),
            realisasi=Decimal(900),
            serapan=Decimal(90),
        ),
        _baris(
            "1102",
            status="diajukan",
            tepat_waktu=False,
            capaian=Decimal("60"),
            kategori="Cukup Baik",
            pagu=Decimal(3000),
            realisasi=Decimal(1500),
            serapan=Decimal(50),
        ),
        _baris("1103", kategori="Istimewa", capaian=Decimal(130)),
        _baris("1104", pagu=Decimal(100), realisasi=Decimal("49.996"), serapan=Decimal("49.996")),
    ]
    rekap = build_rekap(baris)
    assert rekap.jumlah_satker == 4
    assert rekap.per_status == {"draf": 2, "diajukan": 1, "disetujui": 0, "ditandatangani": 1}
    assert rekap.per_kategori == {
        "Sangat Baik": 1,
        "Baik": 0,
        "Cukup Baik": 1,
        "Gagal": 0,
        "Istimewa": 1,
        "Belum terukur": 1,
    }
    assert rekap.rata_serapan == (Decimal(90) + Decimal(50) + Decimal("49.996")) / 3
    assert rekap.serapan_tertimbang == Decimal("2449.996") * 100 / Decimal(4100)
    assert (rekap.tepat_waktu, rekap.jatuh_tempo) == (1, 2)
    assert rekap.persen_tepat_waktu == Decimal(50)
    # 49.996 prints 50,00: it falls in the bin its printed value names.
    assert dict(rekap.histogram_serapan) == {
        "< 50%": 0,
        "50–< 60%": 2,
        "60–< 70%": 0,
        "70–< 80%": 0,
        "80–< 90%": 0,
        "90–< 95%": 1,
        "95–< 100%": 0,
        "≥ 100%": 0,
        "Tanpa pagu": 1,
    }


def test_the_roll_up_of_no_rows_has_zeros_and_no_percentages():
    rekap = build_rekap([])
    assert rekap.jumlah_satker == 0
    assert set(rekap.per_status.values()) == {0}
    assert rekap.per_kategori["Belum terukur"] == 0
    assert rekap.rata_serapan is None and rekap.serapan_tertimbang is None
    assert rekap.persen_tepat_waktu is None
    assert rekap.per_keadaan_tw == (dict.fromkeys(KEADAAN_TW, 0),) * 4
    assert KEADAAN_TW == ("lengkap", "berjalan", "terlambat", "tanpa_batas", "belum")


def test_the_roll_up_of_real_rows_weighs_the_budget_pages_totals(gunung_mas, kpu_provinsi):
    baris = build_pemantauan(atas=kpu_provinsi, tahun=2024, hari_ini=HARI)
    rekap = build_rekap(baris)
    anggaran = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert rekap.serapan_tertimbang == anggaran.serapan == rekap.rata_serapan
    assert rekap.per_kategori[baris[0].kategori] == 1


# --- Cost -------------------------------------------------------------------------------------


def _provinsi_dengan(jumlah: int) -> Satker:
    """The national generator's first ``jumlah`` kabupaten/kota (PK, budget, realisations), all
    under its first province."""
    call_command(
        "buat_data_nasional", "--satker", str(jumlah + 1), "--tahun", "2024", stdout=StringIO()
    )
    provinsi = Satker.objects.get(kode="11")
    _pindahkan(provinsi)
    return provinsi


def _pindahkan(provinsi: Satker) -> None:
    """Every generated kabupaten/kota under ``provinsi`` (Gunung Mas stays apart)."""
    Satker.objects.filter(jenis__in=[Satker.Jenis.KABUPATEN, Satker.Jenis.KOTA]).exclude(
        kode="6210"
    ).update(induk=provinsi)


def _kueri(provinsi: Satker) -> tuple[int, tuple[BarisPemantauan, ...]]:
    with CaptureQueriesContext(connection) as q:
        baris = build_pemantauan(atas=provinsi, tahun=2024, hari_ini=HARI)
    return len(q), baris


def test_the_rows_cost_the_same_queries_for_3_satker_and_for_30(db):
    provinsi = _provinsi_dengan(3)
    jumlah_3, baris = _kueri(provinsi)
    assert len(baris) == 3 and all(b.capaian is not None and b.serapan for b in baris)
    call_command("buat_data_nasional", "--satker", "31", "--tahun", "2024", stdout=StringIO())
    _pindahkan(provinsi)
    jumlah_30, baris = _kueri(provinsi)
    assert len(baris) >= 27
    assert jumlah_30 == jumlah_3 <= 13
    for b in baris:
        satker = Satker.objects.get(pk=b.satker_id)
        ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
        assert (b.capaian, b.kategori) == (ringkasan.capaian_kinerja_dibatasi, ringkasan.kategori)
        assert b.serapan == build_pohon_anggaran(satker=satker, tahun=2024).serapan
