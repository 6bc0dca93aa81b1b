"""The capaian rules (docs/aturan.md rules 1–7, 10) as pure functions: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.models import Agregasi
from kinerja.services import (
    DEFAULT_SKALA,
    Kategori,
    SkalaKategori,
    aggregate_triwulan,
    apply_batas,
    compute_capaian,
    compute_capaian_dokumen,
    mean,
)
from lkjip.angka import bulatkan, format_persen
from renstra.models import Polaritas

POSITIF = Polaritas.POSITIF
NEGATIF = Polaritas.NEGATIF
D = Decimal


def capaian(target: str | None, realisasi: str | None, polaritas: str = POSITIF) -> Decimal | None:
    return compute_capaian(
        target=None if target is None else D(target),
        realisasi=None if realisasi is None else D(realisasi),
        polaritas=polaritas,
    )


# --- Rule 1: higher is better ---------------------------------------------------------------


def test_positive_polarity_is_realisasi_over_target():
    assert capaian("100", "100") == D("100")
    assert capaian("80", "60") == D("75")
    assert capaian("1", "1") == D("100")


def test_above_target_is_not_capped():
    # docs/aturan.md rule 4: 83 / 80 is shown as 103,75 %.
    assert capaian("80", "83") == D("103.75")


def test_positive_target_zero_is_not_measurable():
    assert capaian("0", "0") is None
    assert capaian("0", "5") is None


def test_realisasi_zero_is_a_value():
    assert capaian("100", "0") == D("0")


# --- Rule 2: lower is better ----------------------------------------------------------------


def test_negative_polarity_rewards_lower_realisasi():
    hasil = capaian("7", "6.5", NEGATIF)
    assert hasil == D("1500") / D("14")  # (14 − 6,5) / 7 × 100 = 107,142857…
    assert str(hasil).startswith("107.142857")
    assert bulatkan(hasil, 2) == D("107.14")


def test_negative_polarity_above_target_loses():
    assert capaian("8", "9", NEGATIF) == D("87.5")
    assert bulatkan(capaian("8", "9", NEGATIF), 2) == D("87.50")


def test_negative_polarity_never_below_zero():
    assert capaian("8", "20", NEGATIF) == D("0")
    assert capaian("8", "16", NEGATIF) == D("0")


def test_negative_polarity_on_target_is_full():
    assert capaian("8", "8", NEGATIF) == D("100")
    assert capaian("8", "0", NEGATIF) == D("200")


def test_negative_target_zero_rewards_only_zero():
    assert capaian("0", "0", NEGATIF) == D("100")
    assert capaian("0", "0.0001", NEGATIF) == D("0")
    assert capaian("0", "3", NEGATIF) == D("0")


def test_unknown_polarity_is_refused():
    with pytest.raises(ValueError):
        capaian("1", "1", "netral")


# --- Rule 3: missing is not zero ------------------------------------------------------------


@pytest.mark.parametrize("polaritas", [POSITIF, NEGATIF])
def test_missing_target_or_realisasi_has_no_capaian(polaritas):
    assert capaian(None, "5", polaritas) is None
    assert capaian("5", None, polaritas) is None
    assert capaian(None, None, polaritas) is None


def test_mean_skips_missing_values():
    assert mean([D("100"), None, D("50")]) == D("75")
    assert mean([None, None]) is None
    assert mean([]) is None
    assert mean([D("0"), None]) == D("0")


def test_mean_is_not_rounded():
    assert mean([D("100"), D("100"), D("0")]) == D("200") / D("3")


# --- Rule 4: cap only for aggregation -------------------------------------------------------


def test_cap_applies_only_above_it():
    assert apply_batas(capaian=D("103.75"), batas=None) == D("103.75")
    assert apply_batas(capaian=D("103.75"), batas=D("100")) == D("100")
    assert apply_batas(capaian=D("103.75"), batas=D("120")) == D("103.75")
    assert apply_batas(capaian=D("95"), batas=D("100")) == D("95")
    assert apply_batas(capaian=None, batas=D("100")) is None


# --- Rule 5: documents ----------------------------------------------------------------------


def test_document_target_counts_documents_present():
    assert compute_capaian_dokumen(tersedia=1, wajib=2) == D("50")
    assert compute_capaian_dokumen(tersedia=2, wajib=2) == D("100")
    assert compute_capaian_dokumen(tersedia=0, wajib=2) == D("0")
    assert compute_capaian_dokumen(tersedia=1, wajib=3) == D("100") / D("3")


def test_document_target_without_documents_is_not_measurable():
    assert compute_capaian_dokumen(tersedia=0, wajib=0) is None


def test_document_count_above_required_is_refused():
    with pytest.raises(ValueError):
        compute_capaian_dokumen(tersedia=3, wajib=2)


def test_non_percentage_target_uses_the_numbers():
    # "1 Laporan" realised with 1 laporan; "11 Lap" realised with 10.
    assert capaian("1", "1") == D("100")
    assert bulatkan(capaian("11", "10"), 2) == D("90.91")


# --- Rule 6: triwulan aggregation -----------------------------------------------------------


def test_kumulatif_sums_entered_triwulan():
    nilai = {1: D("2"), 2: D("3"), 4: D("1.5")}
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.KUMULATIF) == D("6.5")


def test_nilai_akhir_is_latest_entered_triwulan():
    nilai = {1: D("40"), 2: D("80"), 3: D("100")}
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.NILAI_AKHIR) == D("100")
    # TW IV entered as 0 is a value, and it is the latest.
    nilai[4] = D("0")
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.NILAI_AKHIR) == D("0")


def test_nilai_akhir_does_not_depend_on_insertion_order():
    nilai = {3: D("90"), 1: D("10")}
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.NILAI_AKHIR) == D("90")


def test_rata_rata_is_mean_of_entered_triwulan_only():
    nilai = {1: D("80"), 3: D("100")}
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.RATA_RATA) == D("90")
    nilai[2] = D("0")
    assert aggregate_triwulan(nilai_tw=nilai, agregasi=Agregasi.RATA_RATA) == D("60")


@pytest.mark.parametrize("agregasi", Agregasi.values)
def test_nothing_entered_has_no_annual_value(agregasi):
    assert aggregate_triwulan(nilai_tw={}, agregasi=agregasi) is None


@pytest.mark.parametrize("agregasi", Agregasi.values)
def test_zero_entered_is_an_annual_value(agregasi):
    assert aggregate_triwulan(nilai_tw={2: D("0")}, agregasi=agregasi) == D("0")


def test_unknown_aggregation_is_refused():
    with pytest.raises(ValueError):
        aggregate_triwulan(nilai_tw={1: D("1")}, agregasi="median")


# --- Rule 7: categories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "kategori"),
    [
        ("0", "Gagal"),
        ("54.99", "Gagal"),
        ("54.994", "Gagal"),
        ("54.995", "Cukup Baik"),  # prints 55,00
        ("55", "Cukup Baik"),
        ("75", "Cukup Baik"),
        ("75.004", "Cukup Baik"),  # prints 75,00
        ("75.005", "Baik"),  # prints 75,01
        ("90", "Baik"),
        ("90.004", "Baik"),
        ("90.005", "Sangat Baik"),
        ("100", "Sangat Baik"),
        ("103.75", "Sangat Baik"),
    ],
)
def test_category_follows_the_printed_value(nilai, kategori):
    assert DEFAULT_SKALA.kategori(D(nilai)) == kategori


def test_no_capaian_has_no_category():
    assert DEFAULT_SKALA.kategori(None) is None


def test_negative_example_categories():
    assert DEFAULT_SKALA.kategori(capaian("7", "6.5", NEGATIF)) == ("Sangat Baik")
    assert DEFAULT_SKALA.kategori(capaian("8", "9", NEGATIF)) == "Baik"
    assert DEFAULT_SKALA.kategori(capaian("8", "20", NEGATIF)) == "Gagal"


def test_another_scale_is_data():
    skala = SkalaKategori(
        (
            Kategori("Berhasil", D("80"), True),
            Kategori("Belum Berhasil", None, True),
        )
    )
    assert skala.kategori(D("79.994")) == "Belum Berhasil"
    assert skala.kategori(D("79.995")) == "Berhasil"


def test_default_scale_closes_the_seed_gaps():
    assert [k.nama for k in DEFAULT_SKALA.pita] == ["Gagal", "Cukup Baik", "Baik", "Sangat Baik"]
    # The seed's "76 % sampai dengan 90%" left 75,5 without a category.
    assert DEFAULT_SKALA.kategori(D("75.5")) == "Baik"
    assert DEFAULT_SKALA.kategori(D("90.5")) == "Sangat Baik"


def test_scale_orders_and_words_its_bands_once():
    # Bands given highest first come out lowest first: one order for every reader.
    skala = SkalaKategori(tuple(reversed(DEFAULT_SKALA.pita)))
    assert skala == DEFAULT_SKALA
    assert [(r.nama, r.uraian, r.tanda) for r in skala.rentang] == [
        ("Gagal", "Kurang dari 55%", "< 55%"),  # Tabel 3.3 words, the chart's zone sign
        ("Cukup Baik", "55% sampai dengan 75%", "≥ 55%"),
        ("Baik", "Lebih dari 75% sampai dengan 90%", "> 75%"),
        ("Sangat Baik", "Lebih dari 90%", "> 90%"),
    ]
    assert skala.legenda == "Gagal; Cukup Baik (≥ 55%); Baik (> 75%); Sangat Baik (> 90%)"
    tertutup = SkalaKategori((Kategori("Kurang", None, True), Kategori("Baik", D("80"), True)))
    assert [r.uraian for r in tertutup.rentang] == ["Kurang dari 80%", "80% atau lebih"]
    assert [r.tanda for r in tertutup.rentang] == ["< 80%", "≥ 80%"]


# --- Properties -----------------------------------------------------------------------------

nilai_positif = st.decimals(
    min_value=D("0.0001"), max_value=D("1000000"), places=4, allow_nan=False
)
nilai_realisasi = st.decimals(min_value=D("0"), max_value=D("1000000"), places=4, allow_nan=False)
nilai_capaian = st.decimals(
    min_value=D("-1000"), max_value=D("100000"), allow_nan=False, allow_infinity=False
)


@given(target=nilai_positif, r1=nilai_realisasi, r2=nilai_realisasi)
def test_positive_capaian_is_non_decreasing_in_realisasi(target, r1, r2):
    kecil, besar = sorted((r1, r2))
    assert compute_capaian(target=target, realisasi=kecil, polaritas=POSITIF) <= compute_capaian(
        target=target, realisasi=besar, polaritas=POSITIF
    )


@given(target=st.one_of(st.just(D("0")), nilai_positif), r1=nilai_realisasi, r2=nilai_realisasi)
def test_negative_capaian_is_non_increasing_in_realisasi(target, r1, r2):
    kecil, besar = sorted((r1, r2))
    assert compute_capaian(target=target, realisasi=kecil, polaritas=NEGATIF) >= compute_capaian(
        target=target, realisasi=besar, polaritas=NEGATIF
    )


@given(
    target=st.one_of(st.just(D("0")), nilai_positif),
    realisasi=nilai_realisasi,
    polaritas=st.sampled_from([POSITIF, NEGATIF]),
)
def test_capaian_is_never_negative(target, realisasi, polaritas):
    hasil = compute_capaian(target=target, realisasi=realisasi, polaritas=polaritas)
    assert hasil is None or hasil >= 0


@given(c=nilai_capaian)
def test_category_agrees_with_the_printed_two_decimal_value(c):
    dicetak = bulatkan(c, 2)
    assert DEFAULT_SKALA.kategori(c) == DEFAULT_SKALA.kategori(dicetak)
    # The value a reader sees ("75,00%") read back gives the same category.
    dibaca = D(format_persen(c).rstrip("%").replace(".", "").replace(",", "."))
    assert dibaca == dicetak
    assert DEFAULT_SKALA.kategori(c) == DEFAULT_SKALA.kategori(dibaca)
