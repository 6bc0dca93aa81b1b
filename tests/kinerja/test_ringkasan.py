"""build_ringkasan_kinerja on the database: data built here, and the Gunung Mas 2024 demo data."""

import datetime
from decimal import Decimal

import pytest

from kinerja.models import (
    Agregasi,
    CatatanTriwulan,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    RencanaAksi,
    SasaranPK,
)
from kinerja.services import (
    DEFAULT_SKALA,
    Kategori,
    build_ringkasan_kinerja,
    get_pk_berlaku,
    get_skala,
)
from lkjip.angka import bulatkan
from renstra.models import Polaritas
from satker.models import Satker

D = Decimal


@pytest.fixture
def satker(db) -> Satker:
    return Satker.objects.create(
        kode="9901",
        jenis=Satker.Jenis.KABUPATEN,
        nama="KPU Kabupaten Uji",
        nama_lengkap="Komisi Pemilihan Umum Kabupaten Uji",
        wilayah="Kabupaten Uji",
        provinsi="Kalimantan Tengah",
        kedudukan="Kota Uji",
    )


def buat_indikator(
    sasaran: SasaranPK,
    urutan: int,
    *,
    target: str | None = "100",
    realisasi: dict[int, str] | None = None,
    **extra,
) -> IndikatorKinerja:
    indikator = IndikatorKinerja.objects.create(
        sasaran=sasaran,
        urutan=urutan,
        nama=f"Indikator {sasaran.nomor}.{urutan}",
        target=None if target is None else D(target),
        **extra,
    )
    for tw, nilai in (realisasi or {}).items():
        Realisasi.objects.create(indikator=indikator, triwulan=tw, nilai=D(nilai))
    return indikator


@pytest.fixture
def pk(satker) -> PerjanjianKinerja:
    """Two programmes; Tabel 3.2 has five indicators with every kind of value."""
    pk = PerjanjianKinerja.objects.create(satker=satker, tahun=2024)
    wa = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Dukungan")
    cq = ProgramPK.objects.create(perjanjian=pk, urutan=2, kode="076.01.CQ", nama="Pemilu")
    # Created out of print order on purpose: rincian, kinerja, program.
    rincian = SasaranPK.objects.create(
        program=cq, bagian=SasaranPK.Bagian.RINCIAN, urutan=1, nomor="1", uraian="Rincian"
    )
    buat_indikator(
        rincian,
        1,
        target=None,
        jenis_target=JenisTarget.DOKUMEN,
        satuan="",
        kode_kegiatan="6982",
    )
    ind_dok = IndikatorKinerja.objects.get(sasaran=rincian)
    DokumenWajib.objects.create(indikator=ind_dok, urutan=1, nama="BA", tersedia=True)
    DokumenWajib.objects.create(indikator=ind_dok, urutan=2, nama="SK", tersedia=False)

    s21 = SasaranPK.objects.create(
        program=cq, bagian=SasaranPK.Bagian.KINERJA, urutan=1, nomor="2.1", uraian="Teknis"
    )
    buat_indikator(s21, 1, target="80", realisasi={4: "83"}, kode_kegiatan="6709")
    buat_indikator(
        s21,
        2,
        target="7",
        realisasi={1: "9", 4: "6.5"},
        polaritas=Polaritas.NEGATIF,
        kode_kegiatan="6709",
    )
    s11 = SasaranPK.objects.create(
        program=wa, bagian=SasaranPK.Bagian.KINERJA, urutan=1, nomor="1.1", uraian="Gaji"
    )
    buat_indikator(s11, 1, target="100", realisasi={1: "100", 2: "0"}, kode_kegiatan="3355")
    buat_indikator(s11, 2, target="100")  # realisasi not entered
    buat_indikator(
        s11,
        3,
        target="12",
        satuan="Laporan",
        agregasi=Agregasi.KUMULATIF,
        realisasi={1: "3", 2: "3", 3: "3"},
    )
    SasaranPK.objects.create(
        program=wa, bagian=SasaranPK.Bagian.PROGRAM, urutan=1, nomor="1", uraian="Program WA"
    )
    sp = SasaranPK.objects.create(
        program=cq, bagian=SasaranPK.Bagian.PROGRAM, urutan=1, nomor="2", uraian="Program CQ"
    )
    buat_indikator(sp, 1, target="0")  # positive target 0: a data error
    return pk


def test_without_pk_the_summary_is_empty(satker):
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2031)
    assert ringkasan.pk_id is None
    assert ringkasan.indikator == ()
    assert ringkasan.capaian_kinerja is None
    assert ringkasan.kategori is None
    assert ringkasan.skala == DEFAULT_SKALA


def test_indicators_come_in_print_order(pk, satker):
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    assert [(c.program_kode, c.bagian, c.sasaran_nomor, c.nama) for c in ringkasan.indikator] == [
        # WA's programme sasaran has no indicator.
        ("076.01.WA", "kinerja", "1.1", "Indikator 1.1.1"),
        ("076.01.WA", "kinerja", "1.1", "Indikator 1.1.2"),
        ("076.01.WA", "kinerja", "1.1", "Indikator 1.1.3"),
        ("076.01.CQ", "program", "2", "Indikator 2.1"),
        ("076.01.CQ", "kinerja", "2.1", "Indikator 2.1.1"),
        ("076.01.CQ", "kinerja", "2.1", "Indikator 2.1.2"),
        ("076.01.CQ", "rincian", "1", "Indikator 1.1"),
    ]


def test_each_indicator_is_measured_by_its_rule(pk, satker):
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    per_nama = {c.nama: c for c in ringkasan.indikator}

    gaji = per_nama["Indikator 1.1.1"]  # nilai akhir: TW II entered as 0 is the annual value
    assert gaji.realisasi_tw == (D("100"), D("0"), None, None)
    assert gaji.realisasi == D("0")
    assert gaji.capaian == D("0")
    assert gaji.kategori == "Gagal"
    assert gaji.target_teks == "100%"
    assert gaji.realisasi_teks == "0%"
    assert gaji.masalah == ()

    kosong = per_nama["Indikator 1.1.2"]
    assert kosong.realisasi is None
    assert kosong.realisasi_teks == "—"
    assert kosong.capaian is None
    assert kosong.kategori is None
    assert kosong.masalah == ("Realisasi belum diisi",)

    laporan = per_nama["Indikator 1.1.3"]  # kumulatif, 9 of 12 Laporan
    assert laporan.realisasi == D("9")
    assert laporan.target_teks == "12 Laporan"
    assert laporan.realisasi_teks == "9 Laporan"
    assert laporan.capaian == D("75")
    assert laporan.kategori == "Cukup Baik"

    lebih = per_nama["Indikator 2.1.1"]
    assert lebih.capaian == D("103.75")
    assert lebih.capaian_dibatasi == D("103.75")
    assert lebih.kategori == "Sangat Baik"

    negatif = per_nama["Indikator 2.1.2"]  # nilai akhir: TW IV 6,5 against target 7
    assert negatif.realisasi == D("6.5")
    assert negatif.realisasi_teks == "6,5%"
    assert bulatkan(negatif.capaian, 2) == D("107.14")

    nol = per_nama["Indikator 2.1"]
    assert nol.capaian is None
    assert "Target 0 tidak dapat diukur pada polaritas positif" in nol.masalah

    dokumen = per_nama["Indikator 1.1"]
    assert dokumen.jenis_target == JenisTarget.DOKUMEN
    assert dokumen.dokumen == (("BA", True), ("SK", False))
    assert dokumen.target == D("2")
    assert dokumen.target_teks == "BA dan SK"
    assert dokumen.realisasi == D("1")
    assert dokumen.realisasi_teks == "1 dari 2 dokumen"
    assert dokumen.capaian == D("50")
    assert dokumen.kategori == "Gagal"


def test_overall_capaian_is_the_mean_of_measured_indicators(pk, satker):
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    assert ringkasan.pk_id == pk.pk
    assert [c.nama for c in ringkasan.terukur] == [
        "Indikator 1.1.1",
        "Indikator 1.1.2",
        "Indikator 1.1.3",
        "Indikator 2.1.1",
        "Indikator 2.1.2",
    ]
    # The missing realisation is excluded (rule 3), not counted as 0.
    diharapkan = (D("0") + D("75") + D("103.75") + D("1500") / D("14")) / 4
    assert ringkasan.capaian_kinerja == diharapkan
    assert bulatkan(ringkasan.capaian_kinerja, 2) == D("71.47")
    assert ringkasan.capaian_kinerja_dibatasi == diharapkan
    assert ringkasan.kategori == "Cukup Baik"
    assert ringkasan.batas is None
    assert ringkasan.jumlah_sasaran_program == 2
    assert ringkasan.jumlah_sasaran_terukur == 2
    assert ringkasan.jumlah_indikator_terukur == 5
    assert [c.nama for c in ringkasan.belum_lengkap] == ["Indikator 1.1.2", "Indikator 2.1"]


def test_cap_changes_the_aggregate_but_not_the_indicator(pk, satker):
    pk.batas_capaian = D("100.00")  # the cap belongs to the year's PK
    pk.save()
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    lebih = next(c for c in ringkasan.terukur if c.nama == "Indikator 2.1.1")
    assert lebih.capaian == D("103.75")
    assert lebih.capaian_dibatasi == D("100.00")
    assert ringkasan.batas == D("100.00")
    assert ringkasan.capaian_kinerja_dibatasi == (D("0") + D("75") + D("100") + D("100")) / 4
    assert ringkasan.capaian_kinerja_dibatasi == D("68.75")
    assert ringkasan.capaian_kinerja > ringkasan.capaian_kinerja_dibatasi


def test_unchecked_document_is_incomplete_not_absent(pk, satker):
    DokumenWajib.objects.filter(indikator__sasaran__program__perjanjian=pk, nama="SK").update(
        tersedia=None
    )
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    dokumen = next(c for c in ringkasan.indikator if c.jenis_target == JenisTarget.DOKUMEN)
    assert dokumen.capaian is None
    assert dokumen.realisasi is None
    assert dokumen.realisasi_teks == "1 dari 2 dokumen (1 belum diperiksa)"
    assert dokumen.masalah == ("Dokumen belum diperiksa: SK",)
    assert dokumen in ringkasan.belum_lengkap


def test_all_documents_present_is_full(pk, satker):
    DokumenWajib.objects.filter(indikator__sasaran__program__perjanjian=pk).update(tersedia=True)
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    dokumen = next(c for c in ringkasan.indikator if c.jenis_target == JenisTarget.DOKUMEN)
    assert dokumen.capaian == D("100")
    assert dokumen.realisasi_teks == "2 dari 2 dokumen"


def test_missing_target_is_flagged(pk, satker):
    IndikatorKinerja.objects.filter(sasaran__program__perjanjian=pk, nama="Indikator 2.1.1").update(
        target=None
    )
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    indikator = next(c for c in ringkasan.indikator if c.nama == "Indikator 2.1.1")
    assert indikator.capaian is None
    assert indikator.target_teks == "—"
    assert indikator.masalah == ("Target belum ditetapkan",)


def test_highest_pk_version_counts(pk, satker):
    perubahan = PerjanjianKinerja.objects.create(
        satker=satker,
        tahun=2024,
        versi=2,
        jenis=PerjanjianKinerja.Jenis.PERUBAHAN,
        tanggal=datetime.date(2024, 7, 1),
        alasan_perubahan="Pilkada",
    )
    assert get_pk_berlaku(satker=satker, tahun=2024) == perubahan
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    assert (ringkasan.pk_id, ringkasan.pk_versi, ringkasan.pk_jenis) == (
        perubahan.pk,
        2,
        "perubahan",
    )
    assert ringkasan.indikator == ()


def test_satker_scale_replaces_the_default(pk, satker):
    KategoriCapaian.objects.create(satker=satker, tahun=2023, urutan=1, nama="Belum Berhasil")
    KategoriCapaian.objects.create(
        satker=satker, tahun=2023, urutan=2, nama="Berhasil", batas_bawah=D("70")
    )
    # A year without its own scale uses the latest earlier year's; a later year's is not seen.
    KategoriCapaian.objects.create(satker=satker, tahun=2025, urutan=1, nama="Lain")
    assert get_skala(satker=satker, tahun=2022) == DEFAULT_SKALA
    assert get_skala(satker=satker, tahun=2024).pita == (
        Kategori("Belum Berhasil", None, True),
        Kategori("Berhasil", D("70.00"), True),
    )
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    assert ringkasan.kategori == "Berhasil"
    assert {c.nama: c.kategori for c in ringkasan.terukur}["Indikator 1.1.1"] == "Belum Berhasil"


def test_query_count_does_not_grow_with_indicators(pk, satker, django_assert_num_queries):
    with django_assert_num_queries(8):
        build_ringkasan_kinerja(satker=satker, tahun=2024)
    sasaran = SasaranPK.objects.get(program__perjanjian=pk, nomor="2.1")
    for urutan in range(3, 13):
        ind = buat_indikator(sasaran, urutan, realisasi={1: "50", 2: "60"})
        for tw in (1, 2, 3, 4):
            RencanaAksi.objects.create(indikator=ind, triwulan=tw, target=D(25 * tw))
        CatatanTriwulan.objects.create(indikator=ind, triwulan=1, penyebab="P", perbaikan="F")
    with django_assert_num_queries(8):
        ringkasan = build_ringkasan_kinerja(satker=satker, tahun=2024)
    assert ringkasan.jumlah_indikator_terukur == 15


def test_rencana_aksi_measured_per_tw(pk, satker):
    """Rule 15 on the summary: TW target, TW capaian and its category, s.d. TW, the TW note."""
    sasaran = SasaranPK.objects.get(program__perjanjian=pk, nomor="2.1")
    ind = buat_indikator(
        sasaran, 20, realisasi={1: "20", 2: "30"}, agregasi=Agregasi.KUMULATIF, target="100"
    )
    for tw, target in ((1, "25"), (2, "50"), (3, "25")):
        RencanaAksi.objects.create(indikator=ind, triwulan=tw, target=D(target), rencana=f"A{tw}")
    CatatanTriwulan.objects.create(
        indikator=ind, triwulan=2, penyebab="Anggaran terlambat", perbaikan="Dipercepat"
    )
    c = {c.nama: c for c in build_ringkasan_kinerja(satker=satker, tahun=2024).indikator}[ind.nama]
    assert c.target_tw == (D(25), D(50), D(25), None)
    assert c.rencana_tw == ("A1", "A2", "A3", "")
    assert c.capaian_tw == (D(80), D(60), None, None)
    # s.d. TW II: (20 + 30) / (25 + 50); TW III has no value, so s.d. TW III is the same
    assert c.capaian_sd_tw[1] == c.capaian_sd_tw[2] == D(50) * 100 / D(75)
    assert c.kategori_tw[:2] == ("Baik", "Cukup Baik")
    assert c.catatan_tw[1].penyebab == "Anggaran terlambat" and c.catatan_tw[0] is None
    # the yearly capaian stays against the yearly target: 50 / 100
    assert c.capaian == D(50)


# --- Gunung Mas 2024 (demo data) ------------------------------------------------------------


def test_gunung_mas_2024_capaian_kinerja(gunung_mas):
    ringkasan = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    assert ringkasan.jumlah_indikator_terukur == 10
    assert all(c.target == D("100") for c in ringkasan.terukur)
    assert all(c.realisasi == D("100") for c in ringkasan.terukur)
    assert all(c.realisasi_tw[3] == D("100") for c in ringkasan.terukur)
    assert ringkasan.capaian_kinerja == D("100")
    assert bulatkan(ringkasan.capaian_kinerja, 2) == D("100.00")
    assert ringkasan.kategori == "Sangat Baik"


def test_gunung_mas_query_count(gunung_mas, django_assert_num_queries):
    with django_assert_num_queries(8):
        build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
