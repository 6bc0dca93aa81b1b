"""The efficiency analysis (docs/aturan.md rule 11) and ``manage.py angka_laporan``."""

import json
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from anggaran.models import BarisAnggaran, Tingkat
from anggaran.services import NodeAnggaran, RingkasanAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, ProgramPK, Realisasi, SasaranPK
from kinerja.services import DEFAULT_SKALA, CapaianIndikator, RingkasanKinerja
from laporan.services import build_efisiensi
from lkjip.angka import bulatkan
from satker.models import Satker
from satker.services import list_tahun

D = Decimal

# --- Efficiency analysis, pure --------------------------------------------------------------

INDIKATOR = CapaianIndikator(
    indikator_id=1,
    program_kode="076.01.CQ",
    program_nama="Pemilu",
    bagian="kinerja",
    sasaran_id=1,
    sasaran_nomor="2.1",
    sasaran="Sasaran",
    kelompok="",
    nama="Indikator",
    kode_kegiatan="",
    jenis_target="angka",
    satuan="%",
    polaritas="positif",
    agregasi="nilai_akhir",
    target=D("100"),
    target_teks="100%",
    dokumen=(),
    realisasi_tw=(None, None, None, D("100")),
    realisasi=D("100"),
    realisasi_teks="100%",
    capaian=D("100"),
    capaian_dibatasi=D("100"),
    kategori="Sangat Baik",
    kekurangan=(),
)


def indikator(kode_kegiatan: str, capaian: str | None, **extra) -> CapaianIndikator:
    nilai = None if capaian is None else D(capaian)
    return replace(
        INDIKATOR,
        kode_kegiatan=kode_kegiatan,
        capaian=nilai,
        capaian_dibatasi=extra.pop("capaian_dibatasi", nilai),
        **extra,
    )


def ringkasan_kinerja(*terukur: CapaianIndikator) -> RingkasanKinerja:
    return RingkasanKinerja(
        tahun=2024,
        pk_id=1,
        pk_versi=1,
        pk_jenis="awal",
        indikator=terukur,
        terukur=tuple(c for c in terukur if c.bagian == "kinerja"),
        capaian_kinerja=None,
        capaian_kinerja_dibatasi=None,
        kategori=None,
        batas=None,
        jumlah_sasaran_program=0,
        jumlah_sasaran_terukur=0,
        jumlah_indikator_terukur=0,
        belum_lengkap=(),
        skala=DEFAULT_SKALA,
    )


def node(kode: str, pagu: str, realisasi: str) -> NodeAnggaran:
    return NodeAnggaran(
        id=0,
        kode=f"076.01.CQ.{kode}",
        kode_singkat=kode,
        tingkat=Tingkat.KEGIATAN,
        uraian=f"Kegiatan {kode}",
        catatan="",
        pagu=D(pagu),
        realisasi=D(realisasi),
        sisa=D(pagu) - D(realisasi),
        serapan=D(realisasi) * 100 / D(pagu),
        pagu_tercatat=D(pagu),
        realisasi_tercatat=D(realisasi),
        selisih=False,
        anak=(),
        kedalaman=1,
    )


def ringkasan_anggaran(*kegiatan: NodeAnggaran) -> RingkasanAnggaran:
    program = replace(
        kegiatan[0], id=-1, kode="076.01.CQ", kode_singkat="076.01.CQ", tingkat="program"
    )
    program = replace(program, anak=kegiatan, kedalaman=0)
    return RingkasanAnggaran(
        tahun=2024,
        program=(program,),
        total_pagu=D("0"),
        total_realisasi=D("0"),
        total_sisa=D("0"),
        serapan=None,
        peringatan=(),
    )


def test_efficiency_puts_capaian_beside_serapan_per_kegiatan():
    kinerja = ringkasan_kinerja(
        indikator("6709", "100"),
        indikator("6709", "90"),
        indikator("6709", None),  # not yet measured: excluded from the mean
        indikator("6867", "103.75", capaian_dibatasi=D("100")),
        indikator("6709", "0", bagian="rincian"),  # not a measured indicator
        indikator("", "50"),  # not linked to a kegiatan
    )
    anggaran = ringkasan_anggaran(
        node("6867", "9870623000", "9870621847"),
        node("6709", "1191810000", "1172222002"),
        node("6870", "552674000", "551769840"),  # no indicator: no row
    )
    baris = build_efisiensi(kinerja=kinerja, anggaran=anggaran)
    assert [b.kode_kegiatan for b in baris] == ["6867", "6709"]  # budget order
    b6867, b6709 = baris
    assert b6867.capaian_kinerja == D("100")  # the capped value is the one aggregated
    assert b6709.capaian_kinerja == D("95")
    assert b6709.uraian == "Kegiatan 6709"
    serapan = D("1172222002") * 100 / D("1191810000")
    assert b6709.serapan == serapan
    # 98,36% printed beside 95,00%: the difference is that of the printed figures.
    assert bulatkan(serapan, 2) == D("98.36")
    assert b6709.selisih == D("-3.36")


def test_efficiency_keeps_kegiatan_without_budget_line_last():
    kinerja = ringkasan_kinerja(indikator("6981", "100", sasaran="Sumpah janji"))
    anggaran = ringkasan_anggaran(node("6709", "10", "5"))
    (baris,) = build_efisiensi(kinerja=kinerja, anggaran=anggaran)
    assert baris.kode_kegiatan == "6981"
    assert baris.uraian == "Sumpah janji"
    assert baris.capaian_kinerja == D("100")
    assert baris.serapan is None
    assert baris.selisih is None


# --- The command on data built here ---------------------------------------------------------


@pytest.fixture
def satker_uji(db) -> Satker:
    satker = Satker.objects.create(
        kode="9903",
        jenis=Satker.Jenis.KABUPATEN,
        nama="KPU Kabupaten Uji",
        nama_lengkap="Komisi Pemilihan Umum Kabupaten Uji",
        wilayah="Kabupaten Uji",
        provinsi="Kalimantan Tengah",
        kedudukan="Kota Uji",
    )
    pk = PerjanjianKinerja.objects.create(satker=satker, tahun=2024)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.CQ", nama="Pemilu")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, nomor="2.1", uraian="S"
    )
    satu = IndikatorKinerja.objects.create(
        sasaran=sasaran, urutan=1, nama="Satu", target=D("80"), kode_kegiatan="6709"
    )
    Realisasi.objects.create(indikator=satu, triwulan=4, nilai=D("83"))
    IndikatorKinerja.objects.create(sasaran=sasaran, urutan=2, nama="Dua", target=D("100"))
    induk = BarisAnggaran.objects.create(
        satker=satker,
        tahun=2024,
        kode="076.01.CQ",
        tingkat=Tingkat.PROGRAM,
        uraian="Pemilu",
        pagu=D("999"),
    )
    BarisAnggaran.objects.create(
        satker=satker,
        tahun=2024,
        kode="076.01.CQ.6709",
        induk=induk,
        tingkat=Tingkat.KEGIATAN,
        uraian="Perencanaan",
        pagu=D("750540000"),
        realisasi=D("744049227.50"),
    )
    BarisAnggaran.objects.create(
        satker=satker,
        tahun=2019,
        kode="076.01.CQ",
        tingkat=Tingkat.PROGRAM,
        uraian="Pemilu",
        pagu=D("1"),
        realisasi=D("1"),
    )
    return satker


def angka(kode: str, tahun: int) -> dict:
    buf = StringIO()
    call_command("angka_laporan", "--satker", kode, "--tahun", str(tahun), stdout=buf)
    return json.loads(buf.getvalue())


def test_list_tahun_joins_pk_and_budget_years(satker_uji):
    assert list_tahun(satker=satker_uji) == (2019, 2024)


def test_command_prints_every_figure_as_strings(satker_uji):
    data = angka("9903", 2024)
    assert data["satker"] == {"kode": "9903", "nama": "KPU Kabupaten Uji"}
    assert data["tahun"] == 2024
    kinerja = data["kinerja"]
    satu, dua = kinerja["indikator"]
    assert satu["target"] == "80"
    assert satu["target_teks"] == "80%"
    assert satu["realisasi_tw"] == [None, None, None, "83"]
    assert satu["realisasi"] == "83"
    assert satu["capaian"] == "103.75"
    assert satu["kategori"] == "Sangat Baik"
    assert satu["masalah"] == []
    assert dua["realisasi"] is None
    assert dua["capaian"] is None
    assert dua["masalah"] == ["Realisasi belum diisi"]
    assert kinerja["capaian_kinerja"] == "103.75"
    assert kinerja["kategori"] == "Sangat Baik"
    assert kinerja["jumlah_indikator_terukur"] == 2
    assert kinerja["jumlah_belum_lengkap"] == 1
    assert kinerja["skala"][2] == {"nama": "Baik", "batas_bawah": "75", "termasuk_batas": False}

    anggaran = data["anggaran"]
    assert anggaran["total"] == {
        "pagu": "750540000",
        "realisasi": "744049227.50",
        "sisa": "6490772.50",
        "serapan": "99.14",
    }
    (program,) = anggaran["pohon"]
    assert program["pagu"] == "750540000"
    assert program["pagu_tercatat"] == "999"
    assert program["selisih"] is True
    assert [k["kode_singkat"] for k in anggaran["kegiatan"]] == ["6709"]
    assert data["tabulasi"]["tahun"] == [2022, 2023, 2024]
    assert data["tabulasi"]["baris"][0]["per_tahun"][0] == {
        "tahun": 2022,
        "pagu": None,
        "realisasi": None,
        "serapan": None,
    }
    assert data["efisiensi"] == [
        {
            "kode_kegiatan": "6709",
            "uraian": "Perencanaan",
            "capaian_kinerja": "103.75",
            "serapan": "99.14",
            "selisih": "4.61",
            "per_triwulan": [],
        }
    ]
    assert data["anggaran"]["periode"] == f"Tahun {data['tahun']}"
    assert data["anggaran"]["triwulan"] == []
    jenis = [(p["sumber"], p["jenis"]) for p in data["peringatan"]]
    assert ("kinerja", "belum_lengkap") in jenis
    assert ("anggaran", "selisih_pagu") in jenis
    assert data["peringatan"][0]["pesan"] == (
        "076.01.CQ sasaran kinerja 2.1, Dua: Realisasi belum diisi."
    )


def test_command_refuses_unknown_satker(db):
    with pytest.raises(CommandError, match="Satker dengan kode 9999 tidak ditemukan."):
        angka("9999", 2024)


def test_command_refuses_year_without_data(satker_uji):
    with pytest.raises(CommandError, match="Tidak ada data tahun 2031 untuk KPU Kabupaten Uji."):
        angka("9903", 2031)


# --- Gunung Mas 2024 (demo data) ------------------------------------------------------------


def test_gunung_mas_2024_figures(gunung_mas):
    data = angka("6210", 2024)
    anggaran = data["anggaran"]
    assert anggaran["total"]["pagu"] == "41469966000"
    assert anggaran["total"]["realisasi"] == "39420682212"
    assert anggaran["total"]["serapan"] == "95.06"
    program = {p["kode"]: p for p in anggaran["program"]}
    assert (program["076.01.CQ"]["pagu"], program["076.01.CQ"]["realisasi"]) == (
        "39196465000",
        "37185527317",
    )
    assert program["076.01.CQ"]["serapan"] == "94.87"
    assert (program["076.01.WA"]["pagu"], program["076.01.WA"]["realisasi"]) == (
        "2273501000",
        "2235154895",
    )
    assert program["076.01.WA"]["serapan"] == "98.31"
    kegiatan = {k["kode_singkat"]: k for k in anggaran["kegiatan"]}
    assert kegiatan["3355"]["serapan"] == "98.22"
    assert kegiatan["3360"]["serapan"] == "100.00"

    kinerja = data["kinerja"]
    terukur = [i for i in kinerja["indikator"] if i["bagian"] == "kinerja"]
    assert len(terukur) == 10
    assert kinerja["jumlah_indikator_terukur"] == 10
    assert {(i["target"], i["realisasi"], i["capaian"]) for i in terukur} == {
        ("100", "100", "100.00")
    }
    assert kinerja["capaian_kinerja"] == "100.00"
    assert kinerja["kategori"] == "Sangat Baik"

    tabulasi = {b["kode"]: b for b in data["tabulasi"]["baris"]}
    assert data["tabulasi"]["tahun"] == [2022, 2023, 2024]
    tahun_2022 = tabulasi["6709"]["per_tahun"][0]
    assert tahun_2022 == {
        "tahun": 2022,
        "pagu": "750540000",
        "realisasi": "744049227",
        "serapan": "99.14",
    }


def test_gunung_mas_year_without_data(gunung_mas):
    with pytest.raises(
        CommandError, match="Tidak ada data tahun 2031 untuk KPU Kabupaten Gunung Mas."
    ):
        angka("6210", 2031)
