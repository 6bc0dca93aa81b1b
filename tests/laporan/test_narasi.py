"""list_bagian_narasi: the sections the report prints, written or not, in a constant number of
queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laporan.models import Narasi
from laporan.narasi import get_bagian_narasi, list_bagian_narasi, validate_teks_narasi


def test_every_section_of_gunung_mas_2024_is_listed_and_written(gunung_mas):
    daftar = list_bagian_narasi(satker=gunung_mas, tahun=2024)
    kunci = [(b.bagian, b.kunci) for b in daftar]
    # Every Bagian without key, the Renstra introductions, one analysis per Tabel 3.2 programme.
    for bagian in Narasi.Bagian:
        assert (bagian.value, "") in kunci
    assert ("renstra", "misi") in kunci
    analisis = [b for b in daftar if b.bagian == "analisis_sasaran" and b.kunci]
    assert [b.kunci for b in analisis] == ["076.01.WA", "076.01.CQ"]
    assert "076.01.WA" in analisis[0].judul
    assert len(kunci) == len(set(kunci))
    assert all(b.terisi for b in daftar)
    assert kunci.index(("kata_pengantar", "")) == 0
    assert kunci.index(("penutup", "")) == len(kunci) - 1


def test_a_deleted_section_is_listed_as_not_written(gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="analisis_sasaran").delete()
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").update(teks="  \n")
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="ikhtisar").update(
        teks="Serapan {serapan_total}."
    )
    daftar = {(b.bagian, b.kunci): b for b in list_bagian_narasi(satker=gunung_mas, tahun=2024)}
    assert daftar[("analisis_sasaran", "076.01.CQ")].terisi is False
    assert daftar[("analisis_sasaran", "076.01.CQ")].teks == ""
    assert daftar[("analisis_sasaran", "")].terisi is False
    assert daftar[("penutup", "")].terisi is False
    assert daftar[("ikhtisar", "")].terisi is True
    assert daftar[("ikhtisar", "")].teks == "Serapan {serapan_total}."  # as written


def test_another_satker_or_year_without_pk_has_no_programme_analysis(satker_lain):
    daftar = list_bagian_narasi(satker=satker_lain, tahun=2024)
    assert not any(b.terisi for b in daftar)
    assert not [b for b in daftar if b.bagian == "analisis_sasaran" and b.kunci]
    assert len(daftar) == len(Narasi.Bagian) + 4


def test_constant_number_of_queries(gunung_mas):
    with CaptureQueriesContext(connection) as q:
        list_bagian_narasi(satker=gunung_mas, tahun=2024)
    assert len(q.captured_queries) == 2


def test_get_bagian_narasi(gunung_mas):
    assert get_bagian_narasi(satker=gunung_mas, tahun=2024, bagian="penutup", kunci="").terisi
    assert get_bagian_narasi(satker=gunung_mas, tahun=2024, bagian="penutup", kunci="x") is None
    assert get_bagian_narasi(satker=gunung_mas, tahun=2024, bagian="bukan", kunci="") is None


def test_validate_teks_narasi_refuses_unknown_placeholder(gunung_mas):
    validate_teks_narasi(satker=gunung_mas, tahun=2024, teks="Serapan {serapan_total}.")
    validate_teks_narasi(satker=gunung_mas, tahun=2024, teks="Pagu {pagu:076.01.CQ}.")
    with pytest.raises(ValidationError, match=r"Placeholder tidak dikenal: \{serapan_totl\}"):
        validate_teks_narasi(satker=gunung_mas, tahun=2024, teks="Serapan {serapan_totl}.")
