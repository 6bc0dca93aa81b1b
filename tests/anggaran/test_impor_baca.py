"""Reading budget sheets (no database): layouts, codes, amounts, problems located by cell."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from anggaran.impor import BerkasDitolak, read_anggaran
from anggaran.impor.templat import write_pok, write_templat, write_templat_contoh
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas

D = Decimal


def xlsx(rows: list[list], judul: str = "Lembar1") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = judul
    for row in rows:
        ws.append(row)
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def baca(data: bytes, **kwargs):
    return read_anggaran(data, nama_berkas="uji.xlsx", **kwargs)


def test_pok_codes_carry_parents_down_and_details_get_stable_codes():
    hasil = baca(write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK))
    kode = {b.kode: b for b in hasil.baris}
    akun = kode["076.01.CQ.6709.QAH.001.051.A.521211"]
    assert akun.tingkat == "akun"
    assert akun.induk == "076.01.CQ.6709.QAH.001.051.A"
    assert kode["076.01.CQ.6709.QAH.001"].tingkat == "ro"  # numeric cell 1 -> '001'
    assert kode["076.01.CQ.6709.QAH.001.051"].tingkat == "komponen"
    assert kode["076.01.CQ.6709"].pagu == D("1191810000")
    assert kode["076.01.CQ"].pagu == D("39196465000")  # 'Rp 39.196.465.000'
    d2 = kode["076.01.CQ.6709.QAH.001.051.A.521211.d2"]
    assert (d2.tingkat, d2.pagu, d2.realisasi) == ("detail", D("300000000"), D("300000000"))
    assert kode["076.01.CQ.6709.QAH"].pagu is None  # '-' is empty
    # digit 0 in the sub komponen position is the letter O
    assert "076.01.WA.3355.EBA.962.051.O.521111.d1" in kode
    assert kode["076.01.CQ.6981"].catatan == "Diblokir (*)"
    assert (
        kode["076.01.CQ.6981"].uraian.endswith("Pemilu")
        or "(*)" not in kode["076.01.CQ.6981"].uraian
    )
    # totals and signatures are not lines; the file's grand total agrees, so no warning about it
    assert not any("JUMLAH" in b.uraian.upper() or "Kuala Kurun" in b.uraian for b in hasil.baris)
    assert not hasil.galat
    assert [m.pesan for m in hasil.peringatan] == [
        "Kode sub komponen '0' dibaca sebagai 'O' (angka 0 diganti huruf O)."
    ]


def test_same_file_gives_same_codes():
    data = write_pok(build_baris_pok_gunung_mas())
    assert [b.to_json() for b in baca(data).baris] == [b.to_json() for b in baca(data).baris]


def test_flat_template_example_is_read_with_its_full_codes():
    hasil = baca(write_templat_contoh())
    assert not hasil.masalah
    assert hasil.lembar == ["Anggaran"] and hasil.lembar_dilewati == ["Petunjuk"]
    detail = hasil.baris[7]
    assert detail.kode == "076.01.WA.3355.EBA.962.051.A.521111.d1"
    assert detail.induk == "076.01.WA.3355.EBA.962.051.A.521111"
    assert hasil.baris[-1].tingkat == "akun"  # akun directly under a komponen
    assert hasil.baris[-1].catatan == "Diblokir (*)"


def test_header_found_below_title_rows_with_monthly_realisation_summed():
    data = xlsx(
        [
            ["LAPORAN REALISASI ANGGARAN"],
            [],
            ["Kode", "Uraian", "Pagu", "Realisasi Jan", "Realisasi Feb", "Sisa"],
            ["076.01.WA", "Program Dukungan Manajemen", None, None, None, None],
            ["3355", "Dukungan Manajemen Internal", "1.000.000", 100, "250.000,50", 749899.5],
        ]
    )
    hasil = baca(data)
    assert not hasil.masalah
    assert hasil.baris[1].realisasi == D("250100.50")


def test_amounts_in_thousands():
    data = xlsx(
        [
            ["Kode", "Uraian", "Jumlah", "Realisasi"],
            ["076.01.WA", "Program", 2273501, "2.235.154,895"],
        ]
    )
    b = baca(data, ribuan=True).baris[0]
    assert (b.pagu, b.realisasi) == (D("2273501000"), D("2235154895.000"))


def test_problems_name_sheet_row_and_column_in_indonesian():
    data = xlsx(
        [
            ["Kode", "Uraian", "Pagu", "Realisasi"],
            ["076.01.WA", "Program", None, None],
            ["3355", "Kegiatan A", -5, 0],
            ["3360", "Kegiatan B", "1.25", 0],
            ["3361", "Kegiatan C", 100, 150],
            ["QAH", "", 1, 1],
        ],
        judul="POK",
    )
    hasil = baca(data)
    pesan = {(m.lembar, m.baris, m.kolom, m.galat): m.pesan for m in hasil.masalah}
    assert "negatif" in pesan[("POK", 3, "C", True)]
    assert "tidak jelas" in pesan[("POK", 4, "C", True)]
    assert "melebihi pagu" in pesan[("POK", 5, "D", False)]  # a warning, not an error
    assert "Uraian 076.01.WA.3361.QAH kosong" in pesan[("POK", 6, "B", True)]
    assert str(hasil.galat[0]).startswith("Galat (lembar “POK”, baris 3, kolom C)")


def test_formula_without_saved_value_is_an_error_naming_the_cell():
    data = xlsx([["Kode", "Uraian", "Pagu", "Realisasi"], ["076.01.WA", "Program", "=1+1", 5]])
    hasil = baca(data)
    assert [(m.baris, m.kolom) for m in hasil.galat] == [(2, "C")]
    assert "Sel C2 berisi rumus tanpa nilai tersimpan" in hasil.galat[0].pesan


def test_text_starting_with_equals_in_template_stays_text():
    data = write_templat([("076.01.WA", '=HYPERLINK("x")', D(1), D(1), "+catatan")])
    b = baca(data).baris[0]
    assert (b.uraian, b.catatan) == ('=HYPERLINK("x")', "+catatan")


def test_orphan_and_unknown_codes_are_errors():
    data = xlsx(
        [
            ["Kode", "Uraian", "Pagu"],
            ["6709", "Kegiatan tanpa program", 1],
            ["076.01.CQ", "P", 1],
            ["A-1", "x", 1],
        ]
    )
    pesan = [m.pesan for m in baca(data).galat]
    assert "tidak punya induk" in pesan[0]
    assert "tidak dikenal" in pesan[1]


def test_sheet_without_header_is_refused():
    pesan = "Baris judul tabel tidak ditemukan: di lembar “Lembar1” baris 1–2"
    with pytest.raises(BerkasDitolak, match=pesan):
        baca(xlsx([["a", "b"], [1, 2]]))
