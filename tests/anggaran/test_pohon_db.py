"""build_pohon_anggaran and build_tabulasi on the database: data built here, and Gunung Mas."""

from decimal import Decimal

import pytest

from anggaran.models import BarisAnggaran, Tingkat
from anggaran.services import build_pohon_anggaran, build_tabulasi
from lkjip.angka import bulatkan
from satker.models import Satker

D = Decimal


@pytest.fixture
def satker(db) -> Satker:
    return Satker.objects.create(
        kode="9902",
        jenis=Satker.Jenis.KOTA,
        nama="KPU Kota Uji",
        nama_lengkap="Komisi Pemilihan Umum Kota Uji",
        wilayah="Kota Uji",
        provinsi="Kalimantan Tengah",
        kedudukan="Kota Uji",
    )


def buat(satker, tahun, kode, tingkat, *, induk=None, pagu=None, realisasi=None, urutan=0):
    return BarisAnggaran.objects.create(
        satker=satker,
        tahun=tahun,
        kode=kode,
        induk=induk,
        tingkat=tingkat,
        uraian=f"Uraian {kode} {tahun}",
        pagu=None if pagu is None else D(pagu),
        realisasi=None if realisasi is None else D(realisasi),
        urutan=urutan,
    )


def buat_tahun(satker, tahun, kegiatan: dict[str, tuple[str, str]], *, ro_per_kegiatan=1):
    program = buat(satker, tahun, "076.01.CQ", Tingkat.PROGRAM, urutan=1)
    for i, (kode, (pagu, realisasi)) in enumerate(kegiatan.items()):
        node = buat(satker, tahun, f"076.01.CQ.{kode}", Tingkat.KEGIATAN, induk=program, urutan=i)
        for j in range(ro_per_kegiatan):
            bagi = D(ro_per_kegiatan)
            buat(
                satker,
                tahun,
                f"076.01.CQ.{kode}.QAH.{j + 1:03d}",
                Tingkat.RO,
                induk=node,
                pagu=str(D(pagu) / bagi),
                realisasi=str(D(realisasi) / bagi),
            )


def test_tree_is_built_in_one_query(satker, django_assert_num_queries):
    buat_tahun(satker, 2024, {"6709": ("1000", "900"), "6867": ("3000", "3000")})
    with django_assert_num_queries(1):
        pohon = build_pohon_anggaran(satker=satker, tahun=2024)
    assert pohon.total_pagu == D("4000")
    assert pohon.total_realisasi == D("3900")
    assert pohon.serapan == D("97.5")
    assert [k.kode_singkat for k in pohon.kegiatan()] == ["6709", "6867"]
    assert pohon.cari("6709").serapan == D("90")
    assert pohon.cari("076.01.CQ.6709.QAH.001").kedalaman == 2

    # Ten times as many lines: still one query.
    buat_tahun(satker, 2023, {str(6000 + i): ("100", "50") for i in range(10)}, ro_per_kegiatan=4)
    with django_assert_num_queries(1):
        pohon = build_pohon_anggaran(satker=satker, tahun=2023)
    assert len(pohon.kegiatan()) == 10
    assert pohon.total_pagu == D("1000")


def test_other_satker_and_years_do_not_leak(satker, satker_lain):
    buat_tahun(satker, 2024, {"6709": ("1000", "900")})
    buat_tahun(satker_lain, 2024, {"6709": ("5", "5")})
    buat_tahun(satker, 2023, {"6709": ("7", "7")})
    pohon = build_pohon_anggaran(satker=satker, tahun=2024)
    assert pohon.total_pagu == D("1000")


def test_tabulation_matches_kegiatan_across_years(satker, django_assert_num_queries):
    buat_tahun(satker, 2022, {"6709": ("750540000", "744049227"), "6710": ("570719000", "1")})
    buat_tahun(satker, 2024, {"6867": ("9870623000", "9870621847"), "6709": ("10", "5")})
    with django_assert_num_queries(1):
        tabulasi = build_tabulasi(satker=satker, tahun_list=[2022, 2023, 2024])
    assert [b.kode_singkat for b in tabulasi] == ["6709", "6710", "6867"]
    baris_6709 = tabulasi[0]
    assert baris_6709.uraian == "Uraian 076.01.CQ.6709 2024"
    assert [t for t, _ in baris_6709.per_tahun] == [2022, 2023, 2024]
    tahun_2022, tahun_2023, tahun_2024 = (node for _, node in baris_6709.per_tahun)
    assert bulatkan(tahun_2022.serapan, 2) == D("99.14")  # printed 99,42 in the source
    assert tahun_2023 is None
    assert tahun_2024.serapan == D("50")
    assert tabulasi[1].per_tahun[2] == (2024, None)


def test_tabulation_can_be_limited_to_a_programme(satker):
    buat_tahun(satker, 2024, {"6709": ("10", "5")})
    program_wa = buat(satker, 2024, "076.01.WA", Tingkat.PROGRAM, urutan=2)
    buat(
        satker, 2024, "076.01.WA.3355", Tingkat.KEGIATAN, induk=program_wa, pagu="1", realisasi="1"
    )
    semua = build_tabulasi(satker=satker, tahun_list=[2024])
    assert [b.kode_singkat for b in semua] == ["3355", "6709"]
    hanya_wa = build_tabulasi(satker=satker, tahun_list=[2024], kode_program="076.01.WA")
    assert [b.kode_singkat for b in hanya_wa] == ["3355"]


# --- Gunung Mas (demo data) -----------------------------------------------------------------


def test_gunung_mas_2024_totals(gunung_mas):
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert pohon.total_pagu == D("41469966000")
    assert pohon.total_realisasi == D("39420682212")
    assert bulatkan(pohon.serapan, 2) == D("95.06")
    cq = pohon.cari("076.01.CQ")
    assert (cq.pagu, cq.realisasi) == (D("39196465000"), D("37185527317"))
    assert bulatkan(cq.serapan, 2) == D("94.87")
    wa = pohon.cari("076.01.WA")
    assert (wa.pagu, wa.realisasi) == (D("2273501000"), D("2235154895"))
    assert bulatkan(wa.serapan, 2) == D("98.31")
    assert bulatkan(pohon.cari("3355").serapan, 2) == D("98.22")
    assert bulatkan(pohon.cari("3360").serapan, 2) == D("100.00")


def test_gunung_mas_2022_kegiatan_6709(gunung_mas):
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2022)
    kegiatan = pohon.cari("6709")
    assert (kegiatan.pagu, kegiatan.realisasi) == (D("750540000"), D("744049227"))
    assert bulatkan(kegiatan.serapan, 2) == D("99.14")


def test_gunung_mas_tree_is_one_query(gunung_mas, django_assert_num_queries):
    with django_assert_num_queries(1):
        build_pohon_anggaran(satker=gunung_mas, tahun=2024)
