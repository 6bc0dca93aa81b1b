"""The consistency check, fed the mistakes of the hand-made Gunung Mas 2024 report (wrong years,
another satker's name, totals that disagree, mislabelled figures) one by one on its data."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anggaran.models import BarisAnggaran, Tingkat
from kinerja.models import DokumenWajib, IndikatorKinerja, JenisTarget, Realisasi, SasaranPK
from laporan.dokumen import Penandatangan, build_dokumen
from laporan.models import Narasi
from laporan.pemeriksaan import (
    GALAT,
    PERINGATAN,
    Temuan,
    cari_satker_lain,
    cari_tahun_salah,
    nama_satker_lain,
    paragraf,
    periksa,
)

TAHUN = 2024

# The two Tabel 2.2 rows of kegiatan 6871 have no target in the seed
# (pertukaran/demo/gunung_mas/CATATAN.md).
TANPA_TARGET = (
    "Tabel 2.2, 076.01.CQ kegiatan 6871, 1 Penyusunan daftar Kebutuhan Logistik Pemilu dan Pilkada",
    "Tabel 2.2, 076.01.CQ kegiatan 6871, 3 Rapat, Penyusunan Laporan Pemilu dan Pilkada",
)


@pytest.fixture
def lengkap(gunung_mas):
    """The demo data with the seed's two missing Tabel 2.2 targets filled in."""
    IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        jenis_target=JenisTarget.ANGKA,
        target__isnull=True,
    ).update(target=Decimal(1), satuan="laporan")
    return gunung_mas


def _periksa(satker, **kwargs) -> tuple[Temuan, ...]:
    return periksa(build_dokumen(satker=satker, tahun=TAHUN), **kwargs)


def _narasi(satker, bagian: str, kunci: str = "") -> Narasi:
    return Narasi.objects.get(satker=satker, tahun=TAHUN, bagian=bagian, kunci=kunci)


def _ganti(satker, bagian: str, lama: str, baru: str, kunci: str = "") -> None:
    n = _narasi(satker, bagian, kunci)
    assert lama in n.teks
    n.teks = n.teks.replace(lama, baru)
    n.save()


def _tambah_paragraf(satker, bagian: str, teks: str, kunci: str = "") -> int:
    """Append a paragraph; returns its number."""
    n = _narasi(satker, bagian, kunci)
    n.teks = f"{n.teks}\n\n{teks}"
    n.save()
    return len(paragraf(n.teks))


def _satu(temuan: tuple[Temuan, ...], jenis: str) -> Temuan:
    cocok = [t for t in temuan if t.jenis == jenis]
    assert len(cocok) == 1, temuan
    return cocok[0]


# --- The demo report ------------------------------------------------------------------------


def test_demo_report_flags_only_the_seeds_two_pk_rows_without_target(gunung_mas):
    temuan = _periksa(gunung_mas)
    assert [(t.tingkat, t.jenis, t.lokasi) for t in temuan] == [
        (PERINGATAN, "target_kosong", lokasi) for lokasi in TANPA_TARGET
    ]


def test_demo_report_has_no_findings_once_those_targets_are_set(lengkap, satker_lain):
    assert _periksa(lengkap, nama_satker_lain=nama_satker_lain(lengkap)) == ()


# --- Year labels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bagian", "benar", "seed", "lokasi"),
    [
        (
            "kata_pengantar",
            "dokumen Perjanjian Kinerja KPU Kabupaten Gunung Mas Tahun 2024",
            "dokumen perjanjian Kinerja KPU Kabupaten Gunung Mas Tahun 2023",
            "Kata Pengantar, paragraf 2",
        ),
        (
            "ikhtisar",
            "Laporan Kinerja KPU Kabupaten Gunung Mas Tahun 2024 disusun",
            "Laporan Kinerja KPU Kabupaten Gunung Mas Tahun 2023 disusun",
            "Ikhtisar Eksekutif, paragraf 2",
        ),
        (
            "latar_belakang",
            "kinerja KPU Kabupaten Gunung Mas tahun 2024, kinerja tahun 2024 dibandingkan dengan "
            "perjanjian kinerja tahun 2024",
            "kinerja KPU Kabupaten Gunung Mas tahun 2023, kinerja tahun 2023 dibandingkan dengan "
            "kesepakatan kinerja tahun 2022",
            "BAB I.A Latar Belakang, paragraf 4",
        ),
        (
            "penutup",
            "Demikian Laporan Kinerja KPU Kabupaten Gunung Mas Tahun 2024 ini disusun",
            "Demikian Laporan Kinerja KPU Kabupaten Gunung Mas Tahun 2023 ini disusun",
            "BAB IV Penutup, paragraf 5",
        ),
    ],
    ids=["kata_pengantar", "ikhtisar", "latar_belakang", "penutup"],
)
def test_a_previous_year_named_as_the_report_year_is_an_error(lengkap, bagian, benar, seed, lokasi):
    _ganti(lengkap, bagian, benar, seed)
    temuan = _periksa(lengkap)
    t = _satu(temuan, "tahun_salah")
    assert (t.tingkat, t.lokasi) == (GALAT, lokasi)
    assert "2023" in t.pesan and "2024" in t.pesan
    assert len(temuan) == 1


def test_the_year_rule_names_every_wrong_year_of_a_sentence():
    teks = (
        "Laporan kinerja ini memberikan penjelasan tentang kinerja KPU Kabupaten Gunung Mas tahun "
        "2023, kinerja tahun 2023 dibandingkan dengan kesepakatan kinerja tahun 2022 sebagai "
        "tolak ukur."
    )
    assert cari_tahun_salah(teks, tahun=2024) == (2023, 2022)


@pytest.mark.parametrize(
    "teks",
    [
        "Kinerja tahun 2024 merupakan bagian dari pencapaian sasaran-sasaran Renstra 2020-2024.",
        "Rencana Strategis KPU Kabupaten Gunung Mas Tahun 2020 - 2024 memuat visi dan misi.",
        "Hal ini sesuai dengan amanat Peraturan Pemerintah Nomor 8 Tahun 2006.",
        "Berdasarkan Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
        "Laporan Kinerja KPU Kabupaten Gunung Mas disusun berpedoman pada PermenPAN-RB No. 53 "
        "Tahun 2014.",
        "Pagu hibah akan direkamkan ulang pada Tahun Anggaran 2025.",
        "Nilai LHE meningkat dibandingkan pada tahun sebelumnya.",
        "Dibandingkan dengan capaian kinerja tahun 2023, capaian tahun ini lebih tinggi.",
        "Rencana Kerja Tahunan (RKT) Tahun 2024 dan Kesepakatan Kinerja Tahun 2024.",
    ],
)
def test_legitimate_years_are_not_flagged(teks):
    assert cari_tahun_salah(teks, tahun=2024) == ()


def test_legitimate_texts_in_the_report_are_not_flagged(lengkap):
    _tambah_paragraf(
        lengkap,
        "latar_belakang",
        "Kinerja tahun 2024 merupakan bagian dari Renstra 2020-2024, sesuai Peraturan Pemerintah "
        "Nomor 8 Tahun 2006 dan Undang-Undang Nomor 7 Tahun 2017. Sisa kegiatan dianggarkan pada "
        "Tahun Anggaran 2025, seperti pada tahun sebelumnya. Capaian kinerja {tahun} sebesar "
        "{capaian_kinerja} dengan {jumlah_sasaran} sasaran strategis dan {jumlah_indikator} "
        "indikator kinerja; serapan anggaran {serapan_total}, kegiatan 6709 tahun 2022 "
        "menyerap 99,14%.",
    )
    assert _periksa(lengkap) == ()


# --- Another satker -------------------------------------------------------------------------


def test_another_satkers_name_in_tabel_2_2_is_an_error(lengkap):
    ind = IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=lengkap,
        sasaran__program__kode="076.01.WA",
        sasaran__bagian=SasaranPK.Bagian.RINCIAN,
        sasaran__nomor="1",
        nama__startswith="Persentase ketepatan waktu",
    )
    ind.nama = ind.nama.replace("KPU Kabupaten Gunung Mas", "KPU Kabupaten Kotawaringin Barat")
    assert "Kotawaringin Barat" in ind.nama
    ind.save()
    t = _satu(_periksa(lengkap), "satker_lain")
    assert t.tingkat == GALAT
    assert t.lokasi.startswith("Tabel 2.2, 076.01.WA kegiatan ")
    assert ", 1 Persentase ketepatan waktu" in t.lokasi
    assert "KPU Kabupaten Kotawaringin Barat" in t.pesan


def test_another_satkers_name_in_narrative_is_an_error_even_when_unknown_to_the_database(
    lengkap,
):
    _ganti(
        lengkap,
        "kata_pengantar",
        "pencapaian visi dan misi KPU Kabupaten Gunung Mas",
        "pencapaian visi dan misi KPU Kabupaten Kotawaringin Barat",
    )
    t = _satu(_periksa(lengkap), "satker_lain")
    assert (t.tingkat, t.lokasi) == (GALAT, "Kata Pengantar, paragraf 3")


def test_the_installations_other_satker_are_named_by_the_helper(gunung_mas, satker_lain):
    assert nama_satker_lain(gunung_mas) == (
        "KPU Kabupaten Kotawaringin Barat",
        "Kabupaten Kotawaringin Barat",
    )


def test_other_satker_names_from_the_database_are_found_in_any_form():
    teks = "Dokumen ini disalin dari laporan Kotawaringin Barat tahun lalu."
    assert cari_satker_lain(
        teks, wilayah="Kabupaten Gunung Mas", nama_lain=("Kotawaringin Barat",)
    ) == ("Kotawaringin Barat",)


@pytest.mark.parametrize(
    "teks",
    [
        "KPU Kabupaten/Kota adalah penyelenggara Pemilu di daerah Kabupaten/Kota.",
        "KPU Kabupaten Gunung Mas Tahun 2024 berkedudukan di Kuala Kurun.",
        "Kabupaten Gunung Mas, Provinsi Kalimantan Tengah; menyampaikan kepada KPU Provinsi.",
        "DPRD Kabupaten dan DPRD Provinsi",
    ],
)
def test_the_own_region_and_generic_names_are_not_another_satker(teks):
    assert cari_satker_lain(teks, wilayah="Kabupaten Gunung Mas", kedudukan="Kuala Kurun") == ()


# --- Budget ---------------------------------------------------------------------------------


def _baris(satker, kode: str, tahun: int = TAHUN) -> BarisAnggaran:
    return BarisAnggaran.objects.get(satker=satker, tahun=tahun, kode=kode)


def test_a_parent_total_that_disagrees_with_its_children_is_an_error(lengkap):
    # 6867 as printed in the per-kegiatan table (9.870.623.000) over its KRO lines, which add up
    # to the tabulation's 9.870.621.847.
    induk = _baris(lengkap, "076.01.CQ.6867")
    for i, (kro, pagu, realisasi) in enumerate(
        (("QAH", "5000000000", "4999998847"), ("QAI", "4870623000", "4870623000")), 1
    ):
        BarisAnggaran.objects.create(
            satker=lengkap,
            tahun=TAHUN,
            kode=f"{induk.kode}.{kro}",
            induk=induk,
            tingkat=Tingkat.KRO,
            uraian=f"KRO {kro}",
            pagu=Decimal(pagu),
            realisasi=Decimal(realisasi),
            urutan=induk.urutan * 10 + i,
        )
    induk.realisasi = Decimal("9870623000")
    induk.save()
    temuan = _periksa(lengkap)
    t = _satu(temuan, "selisih_total")
    assert (t.tingkat, t.lokasi) == (GALAT, "Anggaran 2024, 076.01.CQ.6867")
    assert "Rp9.870.623.000" in t.pesan and "Rp9.870.621.847" in t.pesan
    assert len(temuan) == 1


def test_a_programme_total_that_disagrees_with_its_kegiatan_is_an_error(lengkap):
    # The seed's per-kegiatan rows add up to 37.185.530.751, not the programme's 37.185.527.317.
    program = _baris(lengkap, "076.01.CQ")
    program.realisasi = Decimal("37185530751")
    program.save()
    t = _satu(_periksa(lengkap), "selisih_total")
    assert (t.tingkat, t.lokasi) == (GALAT, "Anggaran 2024, 076.01.CQ")


def test_realisasi_above_pagu_is_a_warning(lengkap):
    kegiatan, program = _baris(lengkap, "076.01.WA.3360"), _baris(lengkap, "076.01.WA")
    tambahan = Decimal("89500")  # 113.310.500 -> 113.400.000, pagu 113.311.000
    kegiatan.realisasi += tambahan
    program.realisasi += tambahan
    kegiatan.save()
    program.save()
    temuan = _periksa(lengkap)
    t = _satu(temuan, "melebihi_pagu")
    assert (t.tingkat, t.lokasi) == (PERINGATAN, "Anggaran 2024, 076.01.WA.3360")
    assert len(temuan) == 1


def test_budget_problems_of_earlier_years_of_the_tabulation_are_reported(lengkap):
    baris = _baris(lengkap, "076.01.CQ.6709", tahun=2023)
    baris.realisasi = baris.pagu + 1
    baris.save()
    t = _satu(_periksa(lengkap), "melebihi_pagu")
    assert (t.tingkat, t.lokasi) == (PERINGATAN, "Anggaran 2023, 076.01.CQ.6709")


def test_a_serapan_typed_in_narrative_that_differs_from_the_tabulation_is_an_error(lengkap):
    # The seed prints 99,42 for 6709 in 2022; 744.049.227 / 750.540.000 is 99,14 %.
    nomor = _tambah_paragraf(
        lengkap,
        "analisis_anggaran",
        "Serapan anggaran kegiatan 6709 pada tahun 2022 sebesar 99,42%.",
    )
    t = _satu(_periksa(lengkap), "angka_tidak_sesuai")
    assert t.tingkat == GALAT
    assert t.lokasi == f"BAB III.C Analisis serapan antar tahun, paragraf {nomor}"
    assert "99,14%" in t.pesan


def test_a_sentence_giving_the_total_and_one_programme_serapan_is_not_an_error(lengkap):
    _tambah_paragraf(
        lengkap,
        "akuntabilitas_keuangan",
        "Serapan anggaran seluruhnya {serapan_total}, dengan program 076.01.CQ sebesar "
        "{serapan:076.01.CQ}.",
    )
    assert [t for t in _periksa(lengkap) if t.jenis == "angka_tidak_sesuai"] == []


def test_a_wrong_programme_serapan_beside_the_total_is_still_an_error(lengkap):
    _tambah_paragraf(
        lengkap,
        "akuntabilitas_keuangan",
        "Serapan anggaran seluruhnya {serapan_total}, dengan program 076.01.CQ sebesar 93,00%.",
    )
    t = _satu(_periksa(lengkap), "angka_tidak_sesuai")
    assert "076.01.CQ" in t.pesan and "94,87%" in t.pesan


def test_budget_codes_are_not_taken_for_decimals(lengkap):
    _tambah_paragraf(
        lengkap,
        "akuntabilitas_keuangan",
        "Program 076.01 terdiri atas 076.01.CQ dan 076.01.WA.",
    )
    assert [t for t in _periksa(lengkap) if t.jenis == "desimal_campuran"] == []


def test_a_malformed_amount_typed_in_narrative_is_an_error(lengkap):
    nomor = _tambah_paragraf(
        lengkap,
        "akuntabilitas_keuangan",
        "Realisasi anggaran adalah sebesar **Rp. 39.420.68212,-**.",
    )
    t = _satu(_periksa(lengkap), "angka_tidak_sah")
    assert (t.tingkat, t.lokasi) == (GALAT, f"BAB III.D Akuntabilitas Keuangan, paragraf {nomor}")


# --- Indicators -----------------------------------------------------------------------------


def _terukur(satker, nomor: str) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=satker,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor=nomor,
    )


def test_a_measured_indicator_without_realisasi_is_an_error(lengkap):
    Realisasi.objects.filter(indikator=_terukur(lengkap, "2.3")).delete()
    temuan = _periksa(lengkap)
    t = _satu(temuan, "realisasi_kosong")
    assert t.tingkat == GALAT
    assert t.lokasi.startswith("Tabel 3.2, 2.3 Persentase KPU Kabupaten Gunung Mas")
    assert len(temuan) == 1


def test_a_measured_indicator_without_target_is_an_error(lengkap):
    IndikatorKinerja.objects.filter(pk=_terukur(lengkap, "1.1").pk).update(target=None)
    t = _satu(_periksa(lengkap), "target_kosong")
    assert t.tingkat == GALAT and t.lokasi.startswith("Tabel 3.2, 1.1 ")


def test_a_positive_target_of_zero_is_an_error(lengkap):
    IndikatorKinerja.objects.filter(pk=_terukur(lengkap, "1.2").pk).update(target=0)
    t = _satu(_periksa(lengkap), "target_nol")
    assert t.tingkat == GALAT and t.lokasi.startswith("Tabel 3.2, 1.2 ")


def test_unchecked_documents_of_a_measured_indicator_are_an_error(lengkap):
    ind = _terukur(lengkap, "2.8")
    IndikatorKinerja.objects.filter(pk=ind.pk).update(
        jenis_target=JenisTarget.DOKUMEN, target=None, satuan=""
    )
    DokumenWajib.objects.create(indikator=ind, urutan=1, nama="Berita Acara", tersedia=True)
    DokumenWajib.objects.create(indikator=ind, urutan=2, nama="Surat Keputusan")
    t = _satu(_periksa(lengkap), "dokumen_belum_diperiksa")
    assert t.tingkat == GALAT and t.lokasi.startswith("Tabel 3.2, 2.8 ")
    assert "Surat Keputusan" in t.pesan


@pytest.mark.parametrize(("realisasi", "kata"), [("160", "150"), ("0", "0%")])
def test_an_implausible_capaian_is_a_warning(lengkap, realisasi, kata):
    Realisasi.objects.filter(indikator=_terukur(lengkap, "2.1")).update(nilai=Decimal(realisasi))
    t = _satu(_periksa(lengkap), "capaian_tidak_wajar")
    assert t.tingkat == PERINGATAN and t.lokasi.startswith("Tabel 3.2, 2.1 ")
    assert kata in t.pesan


def test_a_sasaran_number_printed_twice_is_a_warning(lengkap):
    # The seed's Tabel 3.2 numbers "2.2" twice.
    SasaranPK.objects.filter(
        program__perjanjian__satker=lengkap, bagian=SasaranPK.Bagian.KINERJA, nomor="2.3"
    ).update(nomor="2.2")
    t = _satu(_periksa(lengkap), "nomor_ganda")
    assert (t.tingkat, t.lokasi) == (PERINGATAN, "Tabel 3.2, 076.01.CQ nomor 2.2")


# --- Counts and figures typed in narrative --------------------------------------------------


def test_a_typed_count_of_sasaran_that_differs_from_tabel_3_1_is_an_error(lengkap):
    _ganti(
        lengkap,
        "pengukuran",
        "menetapkan sasaran strategis",
        "menetapkan 3 (tiga) sasaran strategis",
    )
    temuan = _periksa(lengkap)
    t = _satu(temuan, "jumlah_tidak_sesuai")
    assert (t.tingkat, t.lokasi) == (GALAT, "BAB III.A Pengukuran Capaian Kinerja, paragraf 1")
    assert "3 (tiga) sasaran strategis" in t.pesan and "2 (dua)" in t.pesan
    assert len(temuan) == 1


def test_ten_sasaran_strategis_and_ten_indicators_is_an_error(lengkap):
    # The seed's sentence, twice in its paragraph; the 10 indicators are right, the 10 sasaran
    # strategis are not (Tabel 3.1 has 2).
    kalimat = (
        "Komisi Pemilihan Umum Kabupaten Gunung Mas pada Tahun 2024 telah menetapkan Perjanjian "
        "Kinerja dengan 10 sasaran strategis dan 10 indikator kinerja sebagai tolak ukur kinerja."
    )
    _ganti(
        lengkap,
        "capaian_organisasi",
        "Dalam menetapkan Perjanjian Kinerja",
        f"{kalimat} {kalimat.replace('Komisi', 'Sekretariat Komisi')} Dalam menetapkan "
        "Perjanjian Kinerja",
    )
    temuan = _periksa(lengkap)
    assert [(t.tingkat, t.jenis, t.lokasi) for t in temuan] == 2 * [
        (GALAT, "jumlah_tidak_sesuai", "BAB III.C Capaian Kinerja Organisasi, paragraf 2")
    ]
    assert all("10 sasaran strategis" in t.pesan for t in temuan)


@pytest.mark.parametrize(
    "kalimat",
    [
        "Dari hasil pengukuran kinerja KPU Kabupaten Gunung Mas, dapat dihitung prosentasi "
        "capaian kinerja secara menyeluruh sebesar : **95.06%** sehingga dikategorikan capaian "
        "kinerja **Sangat Baik**.",
        "Hasil Capaian Kinerja yang dicapai oleh KPU Kabupaten Gunung Mas pada Tahun 2024 adalah "
        "sebesar 95,06 %.",
    ],
    ids=["95.06%", "95,06 %"],
)
def test_the_budget_absorption_typed_as_capaian_kinerja_is_an_error(lengkap, kalimat):
    nomor = _tambah_paragraf(lengkap, "capaian_organisasi", kalimat)
    t = _satu(_periksa(lengkap), "angka_tidak_sesuai")
    assert t.tingkat == GALAT
    assert t.lokasi == f"BAB III.C Capaian Kinerja Organisasi, paragraf {nomor}"
    assert "angka capaian kinerja di narasi" in t.pesan.lower()
    assert "berbeda dari hasil pengukuran (100,00%)" in t.pesan
    assert "serapan" in t.pesan


def test_mixed_decimal_separators_are_a_warning(lengkap):
    nomor = _tambah_paragraf(
        lengkap,
        "analisis_anggaran",
        "Nilai evaluasi naik dari 98,00 menjadi 99.42 pada tahun ini.",
    )
    temuan = _periksa(lengkap)
    t = _satu(temuan, "desimal_campuran")
    assert (t.tingkat, t.lokasi) == (
        PERINGATAN,
        f"BAB III.C Analisis serapan antar tahun, paragraf {nomor}",
    )
    assert "99.42" in t.pesan and "99,42" in t.pesan
    assert len(temuan) == 1


# --- Placeholders, repeated and empty sections, signature -----------------------------------


def test_an_unknown_placeholder_is_an_error(lengkap):
    _tambah_paragraf(
        lengkap, "akuntabilitas_keuangan", "Serapan anggaran tahun ini {serapan_totl}."
    )
    temuan = _periksa(lengkap)
    t = _satu(temuan, "placeholder_tidak_dikenal")
    assert (t.tingkat, t.lokasi) == (GALAT, "BAB III.D Akuntabilitas Keuangan, paragraf 2")
    assert "{serapan_totl}" in t.pesan and "{serapan_total}" in t.pesan
    assert len(temuan) == 1


def test_the_closing_paragraph_printed_twice_is_a_warning(lengkap):
    penutup = paragraf(_narasi(lengkap, "penutup").teks)
    nomor = _tambah_paragraf(lengkap, "penutup", penutup[-1])
    temuan = _periksa(lengkap)
    t = _satu(temuan, "paragraf_ganda")
    assert (t.tingkat, t.lokasi) == (PERINGATAN, f"BAB IV Penutup, paragraf {nomor}")
    assert f"BAB IV Penutup, paragraf {len(penutup)}" in t.pesan
    assert len(temuan) == 1


def test_the_seeds_repeated_closing_paragraph_with_the_old_year_is_caught_twice(lengkap):
    penutup = paragraf(_narasi(lengkap, "penutup").teks)
    _tambah_paragraf(lengkap, "penutup", penutup[-1].replace("2024", "2023"))
    temuan = _periksa(lengkap)
    assert {(t.tingkat, t.jenis) for t in temuan} == {
        (GALAT, "tahun_salah"),
        (PERINGATAN, "paragraf_ganda"),
    }


def test_a_required_section_left_empty_is_an_error_and_another_a_warning(lengkap):
    Narasi.objects.filter(satker=lengkap, tahun=TAHUN, bagian="kata_pengantar").delete()
    Narasi.objects.filter(satker=lengkap, tahun=TAHUN, bagian="struktur").update(teks=" ")
    temuan = _periksa(lengkap)
    assert [(t.tingkat, t.jenis, t.lokasi) for t in temuan] == [
        (GALAT, "narasi_kosong", "Kata Pengantar"),
        (PERINGATAN, "narasi_kosong", "BAB I.D Struktur Organisasi"),
    ]


def test_a_missing_programme_analysis_is_an_error(lengkap):
    Narasi.objects.filter(
        satker=lengkap, tahun=TAHUN, bagian="analisis_sasaran", kunci="076.01.CQ"
    ).delete()
    t = _satu(_periksa(lengkap), "narasi_kosong")
    assert t.tingkat == GALAT
    assert t.lokasi.startswith("BAB III.B Analisis ") and t.lokasi.endswith("(076.01.CQ)")


def test_a_report_without_signatory_has_an_error_without_date_none(lengkap):
    """A missing date is not an error: the approval prints its own (docs/pengesahan.md)."""
    dokumen = build_dokumen(satker=lengkap, tahun=TAHUN)
    kosong = dataclasses.replace(dokumen, penandatangan=Penandatangan("", "Ketua"), tanggal=None)
    assert [(t.tingkat, t.jenis) for t in periksa(kosong)] == [(GALAT, "penandatangan_kosong")]


def test_findings_are_in_report_order(lengkap):
    _ganti(lengkap, "penutup", "Tahun 2024 ini disusun", "Tahun 2023 ini disusun")
    Realisasi.objects.filter(indikator=_terukur(lengkap, "2.3")).delete()
    _ganti(lengkap, "kata_pengantar", "Tahun 2024.", "Tahun 2023.")
    _ganti(lengkap, "ikhtisar", "Tahun 2024 disusun", "Tahun 2023 disusun")
    lokasi = [t.lokasi.split(",")[0] for t in _periksa(lengkap)]
    assert lokasi == ["Kata Pengantar", "Ikhtisar Eksekutif", "Tabel 3.2", "BAB IV Penutup"]


# --- The command ----------------------------------------------------------------------------


def test_command_on_a_clean_report_exits_0(lengkap, capsys):
    call_command("periksa_laporan", satker=lengkap.kode, tahun=TAHUN)
    assert capsys.readouterr().out.strip() == "0 galat, 0 peringatan"


def test_command_on_a_broken_report_lists_findings_and_exits_1(lengkap, capsys):
    _ganti(lengkap, "penutup", "Tahun 2024 ini disusun", "Tahun 2023 ini disusun")
    with pytest.raises(CommandError) as exc:
        call_command("periksa_laporan", satker=lengkap.kode, tahun=TAHUN)
    assert exc.value.returncode == 1
    keluaran = capsys.readouterr().out.strip().splitlines()
    assert keluaran[0].startswith("[GALAT] BAB IV Penutup, paragraf 5: Menyebut tahun 2023")
    assert keluaran[-1] == "1 galat, 0 peringatan"


def test_command_with_warnings_only_exits_0(gunung_mas, capsys):
    call_command("periksa_laporan", satker=gunung_mas.kode, tahun=TAHUN)
    keluaran = capsys.readouterr().out.strip().splitlines()
    assert keluaran == [
        *(
            f"[PERINGATAN] {lokasi}: Target belum ditetapkan; Tabel 2.2 mencetak '—'. Isi "
            "targetnya di Perjanjian Kinerja bila memang ada."
            for lokasi in TANPA_TARGET
        ),
        "0 galat, 2 peringatan",
    ]


@pytest.mark.parametrize(
    ("satker", "tahun", "pesan"),
    [
        ("9999", 2024, "Satker dengan kode 9999 tidak ditemukan."),
        ("6210", 2019, "Tidak ada data tahun 2019 untuk KPU Kabupaten Gunung Mas."),
    ],
)
def test_command_refuses_an_unknown_satker_or_year(gunung_mas, satker, tahun, pesan):
    with pytest.raises(CommandError, match=pesan):
        call_command("periksa_laporan", satker=satker, tahun=tahun)
