"""The one reader of an upload's rows (lkjip/unggah/lembar.py): python-calamine and openpyxl give
the same rows for the three uploads' workbooks, and a sheet calamine fails on is read by openpyxl
alone."""

from typing import Any

import pytest
import python_calamine

from anggaran.impor.templat import write_pok
from kinerja.buku_kerja import LEMBAR_META, buat_buku_kerja
from laporan.buku_data import ekspor_data
from lkjip.unggah import lembar
from lkjip.unggah.berkas import check_berkas
from pertukaran.demo.gunung_mas.pok import build_baris_pok_gunung_mas


def _nilai(v: Any) -> Any:
    """As both readers give it (lembar.py docstring): a whole float as its int, "" as None."""
    if v == "":
        return None
    return int(v) if isinstance(v, float) and v.is_integer() else v


def semua_baris(data: bytes, mesin: str) -> dict[str, list[tuple]]:
    info = check_berkas(data, nama_berkas="uji.xlsx")
    with lembar.buka_lembar(data, info, mesin=mesin) as buku:
        hasil = {}
        for nama in buku.nama:
            rows = [tuple(_nilai(v) for v in row) for row in buku.baris(nama)]
            # openpyxl's rows end at their last cell, calamine's at the sheet's last column
            hasil[nama] = [tuple(reversed(list(_tanpa_ekor(reversed(r))))) for r in rows]
        return hasil


def _tanpa_ekor(nilai):
    isi = False
    for v in nilai:
        isi = isi or v is not None
        if isi:
            yield v


@pytest.mark.parametrize("buat", ["anggaran", "buku kerja", "buku data"])
def test_calamine_and_openpyxl_give_the_same_rows_for_each_upload(gunung_mas, buat, monkeypatch):
    data = {
        "anggaran": lambda: write_pok(build_baris_pok_gunung_mas()),
        "buku kerja": lambda: buat_buku_kerja(satker=gunung_mas, tahun=2024),
        "buku data": lambda: ekspor_data(satker=gunung_mas, tahun=2024),
    }[buat]()
    dibuka = []
    asli = lembar._buka_openpyxl
    monkeypatch.setattr(lembar, "_buka_openpyxl", lambda d: (dibuka.append(1), asli(d))[1])
    cepat = semua_baris(data, lembar.OTOMATIS)
    assert not dibuka  # python-calamine read every sheet
    biasa = semua_baris(data, lembar.OPENPYXL)
    assert dibuka
    assert cepat == biasa
    assert sum(len(r) for r in cepat.values()) > 20
    if buat == "buku kerja":
        assert LEMBAR_META in cepat  # the very hidden sheet is read too


def test_a_sheet_calamine_fails_on_is_read_by_openpyxl_alone(gunung_mas, monkeypatch):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    harapan = semua_baris(data, lembar.OPENPYXL)
    asli = python_calamine.CalamineWorkbook.get_sheet_by_name

    def gagal_pada_info(wb, nama):
        if nama == "Info":
            raise python_calamine.CalamineError("rusak")
        return asli(wb, nama)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_name", gagal_pada_info)
    assert semua_baris(data, lembar.OTOMATIS) == harapan
