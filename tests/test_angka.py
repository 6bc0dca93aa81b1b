"""Indonesian formatting and parsing (docs/aturan.md rules 8–9): no database."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip.angka import (
    AngkaTidakSah,
    bulatkan,
    format_angka,
    format_persen,
    format_rupiah,
    format_tanggal,
    parse_angka,
)

D = Decimal


@pytest.mark.parametrize(
    ("nilai", "hasil"),
    [
        (D("95.0584"), D("95.06")),
        (D("75.005"), D("75.01")),
        (D("75.004"), D("75.00")),
        (D("0.125"), D("0.13")),  # half-up, not banker's (which gives 0.12)
        (D("0.135"), D("0.14")),
        (D("-1.005"), D("-1.01")),
    ],
)
def test_bulatkan_rounds_half_up(nilai, hasil):
    assert bulatkan(nilai, 2) == hasil


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D("95.0584"), "95,06%"),
        (D("100"), "100,00%"),
        (D("103.75"), "103,75%"),
        (D("92.3076"), "92,31%"),  # the source printed "92.3%"
        (D("99.135"), "99,14%"),
        (D("0"), "0,00%"),
        (D("1234.5"), "1.234,50%"),
        (None, "—"),
    ],
)
def test_format_persen(nilai, teks):
    assert format_persen(nilai) == teks


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D("41469966000"), "Rp41.469.966.000"),
        (41469966000, "Rp41.469.966.000"),
        (D("39420682212.00"), "Rp39.420.682.212"),
        (D("2000"), "Rp2.000"),
        (D("999"), "Rp999"),
        (D("1250.5"), "Rp1.250,50"),
        (D("0"), "Rp0"),
        (None, "—"),
    ],
)
def test_format_rupiah(nilai, teks):
    assert format_rupiah(nilai) == teks


def test_format_angka_drops_trailing_zeros_without_places():
    assert format_angka(D("1.0000")) == "1"
    assert format_angka(D("6.5000")) == "6,5"
    assert format_angka(D("1250.5")) == "1.250,5"
    assert format_angka(D("100.0000")) == "100"
    assert format_angka(D("1000000")) == "1.000.000"
    assert format_angka(D("-1250")) == "-1.250"
    assert format_angka(None) == "—"


@pytest.mark.parametrize(
    ("tanggal", "teks"),
    [
        (datetime.date(2025, 1, 5), "05 Januari 2025"),
        (datetime.date(2024, 12, 31), "31 Desember 2024"),
        (datetime.date(2024, 8, 17), "17 Agustus 2024"),
        (None, "—"),
    ],
)
def test_format_tanggal(tanggal, teks):
    assert format_tanggal(tanggal) == teks


@pytest.mark.parametrize(
    ("teks", "nilai"),
    [
        ("95,06", D("95.06")),
        ("95,06%", D("95.06")),
        ("1.250", D("1250")),
        ("1.250,5", D("1250.5")),
        ("Rp 1.191.810.000", D("1191810000")),
        ("Rp1.191.810.000", D("1191810000")),
        ("Rp. 41.469.966.000", D("41469966000")),
        ("100", D("100")),
        ("0", D("0")),
        ("6,5", D("6.5")),
        ("  12\u00a0345 ", D("12345")),
        ("-3,5", D("-3.5")),
    ],
)
def test_parse_angka_reads_indonesian_numbers(teks, nilai):
    assert parse_angka(teks) == nilai


@pytest.mark.parametrize(
    "teks",
    [
        "1.25",  # 1,25 or 125? refused rather than guessed
        "99.42",
        "1,250,000",
        "1.2345",
        ".250",
        "1..250",
    ],
)
def test_parse_angka_refuses_ambiguous_input(teks):
    with pytest.raises(AngkaTidakSah, match="tidak jelas"):
        parse_angka(teks)


@pytest.mark.parametrize("teks", ["", "   ", "Rp", "%"])
def test_parse_angka_refuses_empty_input(teks):
    with pytest.raises(AngkaTidakSah, match="kosong"):
        parse_angka(teks)


@pytest.mark.parametrize("teks", ["abc", "12a", "1,2x", "--1"])
def test_parse_angka_refuses_non_numbers(teks):
    with pytest.raises(AngkaTidakSah, match="bukan angka"):
        parse_angka(teks)


@given(
    st.decimals(
        min_value=D("-1000000000000"), max_value=D("1000000000000"), places=2, allow_nan=False
    )
)
def test_formatted_numbers_parse_back(nilai):
    assert parse_angka(format_angka(nilai, 2)) == nilai


def test_counts_are_written_with_their_words():
    from lkjip.angka import format_jumlah, terbilang

    assert format_jumlah(10) == "10 (sepuluh)"
    assert format_jumlah(2) == "2 (dua)"
    assert [terbilang(n) for n in (0, 11, 15, 21, 100, 145)] == [
        "nol",
        "sebelas",
        "lima belas",
        "dua puluh satu",
        "seratus",
        "seratus empat puluh lima",
    ]
