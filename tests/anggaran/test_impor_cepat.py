"""The fast paths of the budget import give exactly what the plain ones give: python-calamine
against openpyxl, the condensed preview tree against the full tree, the compact storage of the
lines between preview and commit. And calamine is never handed a sheet it would blow up."""

import datetime
import io
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from anggaran.impor import BerkasDitolak, read_anggaran
from anggaran.impor.layanan import (
    _Baris,
    _ke_baris,
    _pohon_ringkas,
    _rekaman,
    _simpan_baris,
    _tsv,
    build_pratinjau,
    list_baris,
)
from anggaran.impor.templat import write_pok, write_templat_contoh
from anggaran.models import BarisAnggaran, ImporAnggaran
from anggaran.services import build_pohon
from lkjip.unggah import lembar
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas

FIXTURE = Path(__file__).parent / "fixtures" / "pok_gunung_mas_2024_libreoffice.xlsx"


def xlsx(rows: list[list], judul: str = "Lembar1", awal: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = judul
    if awal:  # start the table further down and to the right (calamine numbers from its start)
        baris0, kolom0 = int(awal[1:]), ord(awal[0]) - 64
        for i, row in enumerate(rows):
            for j, nilai in enumerate(row):
                if nilai is not None:
                    ws.cell(baris0 + i, kolom0 + j, nilai)
    else:
        for row in rows:
            ws.append(row)
    grafik = BarChart()
    grafik.add_data(Reference(ws, min_col=3, min_row=1, max_row=5))
    wb.create_chartsheet("Grafik").add_chart(grafik)  # a chartsheet is skipped by both readers
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


ANEKA = [
    ["judul"],
    [],
    ["Kode", "Uraian", "Pagu", "Realisasi Jan", "Realisasi Feb", "Catatan"],
    ["076.01.WA", "P", None, None, None, None],
    ["3355", "K", 5.5, datetime.date(2024, 1, 2), True, "x"],
    ["3356", "K2", "=1+1", 1.000001, "(1.000)", 3.0],
    ["3357", "K3", 1e17, "#REF!", "Rp 1.000,5", None],
    [datetime.date(2024, 1, 1), "tgl", 1, 1, 1, None],
    [12.5, "d", 1, 1, 1, None],
    ["QAH", "kro", "1,25", "1.2.3", None, None],
    [1, "ro", 100, 50, 50, "(*)"],
    ["O51", "komp", "-", "—", None, None],
    ["0", "sub", 1, 1, 1, None],
    ["", "rinci\\tab", 10, 20, 0, None],
    ["Jumlah", None, 999, 999, None, None],
    ["Kuala Kurun, 1 Jan", None, None, None, None, None],
    ["", "detail lain", 1, 1, 1, "x" * 400],
    [None, "a" * 500, 1, 1, 1, None],
]

BERKAS = {
    "POK Gunung Mas": lambda: write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK),
    "POK per bulan": lambda: write_pok(build_baris_pok_gunung_mas(), bulan=True),
    "templat contoh": write_templat_contoh,
    "LibreOffice": FIXTURE.read_bytes,
    "aneka sel": lambda: xlsx(ANEKA, judul="Aneka"),
    "tabel mulai di C5": lambda: xlsx(ANEKA[2:], awal="C5"),
}


@pytest.fixture
def lewat_openpyxl(monkeypatch) -> list[int]:
    """Grows by one each time lkjip.unggah.lembar opens a workbook with openpyxl."""
    dibuka: list[int] = []
    asli = lembar._buka_openpyxl
    monkeypatch.setattr(lembar, "_buka_openpyxl", lambda data: (dibuka.append(1), asli(data))[1])
    return dibuka


def hasil_utuh(hasil) -> tuple:
    return (
        [b.to_json() for b in hasil.baris],
        [m.to_json() for m in hasil.masalah],
        hasil.lembar,
        hasil.lembar_dilewati,
        hasil.makro,
        hasil.masalah_terpotong,
    )


@pytest.mark.parametrize("nama", list(BERKAS))
def test_calamine_reads_exactly_what_openpyxl_reads(nama, lewat_openpyxl):
    data = BERKAS[nama]()
    cepat = read_anggaran(data, nama_berkas="uji.xlsx")
    assert not lewat_openpyxl  # python-calamine read it
    biasa = read_anggaran(data, nama_berkas="uji.xlsx", pembaca_sel="openpyxl")
    assert hasil_utuh(cepat) == hasil_utuh(biasa)


def test_error_cells_and_formulas_without_value_are_still_reported_by_cell():
    hasil = read_anggaran(xlsx(ANEKA, judul="Aneka"), nama_berkas="uji.xlsx")
    pesan = {(m.baris, m.kolom): m.pesan for m in hasil.galat}
    assert "galat rumus #REF!" in pesan[(7, "D")]
    assert "Sel C6 berisi rumus tanpa nilai tersimpan" in pesan[(6, "C")]


def ganti_lembar(data: bytes, ubah) -> bytes:
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as asal,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for info in asal.infolist():
            isi = asal.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                isi = ubah(isi)
            zf.writestr(info.filename, isi)
    return keluar.getvalue()


@pytest.mark.parametrize(
    "ubah",
    [
        # two cells a whole sheet apart: calamine would allocate 17 billion cells
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
        ),
        # a cell without its reference: its place is unknown to the scan
        lambda x: x.replace(
            b"</sheetData>", b'<row r="900000"><c t="n"><v>1</v></c></row></sheetData>'
        ),
        # a reference the scan does not recognise
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="900000"><c r="a900000" t="n"><v>1</v></c></row></sheetData>',
        ),
        # the reference after a line break, or given twice
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="900000"><c\nr="XFD900000" t="n"><v>1</v></c></row></sheetData>',
        ),
        # the reference not first, after a tab, or no attribute at all
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="900000"><c t="n" r="XFD900000"><v>1</v></c></row></sheetData>',
        ),
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="900000"><c\tr="XFD900000" t="n"><v>1</v></c></row></sheetData>',
        ),
        lambda x: x.replace(b"</sheetData>", b'<row r="900000"><c><v>1</v></c></row></sheetData>'),
    ],
    ids=[
        "sel berjauhan",
        "sel tanpa rujukan",
        "rujukan aneh",
        "baris baru",
        "rujukan tidak pertama",
        "tab",
        "sel polos",
    ],
)
def test_sheet_calamine_cannot_bound_is_read_by_openpyxl(ubah, lewat_openpyxl):
    data = ganti_lembar(write_pok(build_baris_pok_gunung_mas()), ubah)
    tracemalloc.start()
    try:
        hasil = read_anggaran(data, nama_berkas="jauh.xlsx")
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lewat_openpyxl
    assert len(hasil.baris) == 28
    assert puncak < 300 * 1024 * 1024


def test_cell_with_two_references_is_left_to_openpyxl_which_refuses_it(lewat_openpyxl):
    data = ganti_lembar(
        write_pok(build_baris_pok_gunung_mas()),
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="99"><c r="A99" r="XFD900000" t="n"><v>1</v></c></row></sheetData>',
        ),
    )
    with pytest.raises(BerkasDitolak, match="tidak dapat dibaca"):
        read_anggaran(data, nama_berkas="ganda.xlsx")
    assert lewat_openpyxl


@pytest.mark.parametrize(("batas", "calamine"), [(600_000, True), (500_000, False)])
def test_narrow_sheet_is_bounded_by_its_real_last_column(
    batas, calamine, monkeypatch, lewat_openpyxl
):
    # rows below 100,000 and columns A…Z give 99,999 × 26 cells at first; the second pass finds
    # the last column F: 99,999 × 6 = 599,994 cells
    monkeypatch.setattr(lembar, "BATAS_SEL_CALAMINE", batas)
    hasil = read_anggaran(write_pok(build_baris_pok_gunung_mas()), nama_berkas="uji.xlsx")
    assert len(hasil.baris) == 28
    assert bool(lewat_openpyxl) != calamine


def test_condensed_preview_tree_has_the_full_trees_totals():
    hasil = read_anggaran(
        write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK), nama_berkas="uji.xlsx"
    )
    nomor = {b.kode: i for i, b in enumerate(hasil.baris, 1)}
    objek = [
        _Baris(
            nomor[b.kode],
            b.kode,
            nomor.get(b.induk),
            b.tingkat,
            b.uraian,
            b.pagu,
            b.realisasi,
            b.catatan,
            b.urutan,
        )
        for b in hasil.baris
    ]
    # a stored total that disagrees with its children, deep in the tree (rule 12)
    objek[5].pagu = Decimal("1")
    penuh, ringkas = build_pohon(tahun=2024, baris=objek), _pohon_ringkas(2024, objek)
    assert (penuh.total_pagu, penuh.total_realisasi, penuh.serapan) == (
        ringkas.total_pagu,
        ringkas.total_realisasi,
        ringkas.serapan,
    )
    atas = ("program", "kegiatan")

    def total(p):
        return [(n.kode, n.pagu, n.realisasi) for n in p.semua() if n.tingkat in atas]

    assert total(penuh) == total(ringkas)
    assert len(list(ringkas.semua())) < len(objek)


def test_kept_lines_round_trip_with_awkward_text():
    hasil = read_anggaran(
        xlsx(
            [
                ["Kode", "Uraian", "Pagu", "Realisasi", "Catatan"],
                ["076.01.WA", "Program \\N \\t", 1, None, "a\\b"],
                ["3355", "Kegiatan", None, "2.000", None],
            ]
        ),
        nama_berkas="uji.xlsx",
    )
    simpanan = _simpan_baris(hasil.baris)
    assert [b.to_json() for b in map(_ke_baris, _rekaman(simpanan))] == [
        b.to_json() for b in hasil.baris
    ]
    # imports previewed before the compact format are still read
    lama = [b.to_json() for b in hasil.baris]
    assert [b.to_json() for b in map(_ke_baris, _rekaman(lama))] == lama
    versi_2 = {"versi": 2, "tsv": _tsv(hasil.baris)}
    assert [b.to_json() for b in map(_ke_baris, _rekaman(versi_2))] == lama


def test_preview_from_stored_lines_equals_preview_from_file(gunung_mas):
    from anggaran.impor import create_impor

    data = write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK)
    sebelum = BarisAnggaran.objects.count()
    impor, hasil = create_impor(satker=gunung_mas, tahun=2024, data=data, nama_berkas="pok.xlsx")
    assert set(ImporAnggaran.objects.get(pk=impor.pk).baris) == {"versi", "tsv_zlib"}
    dari_berkas = build_pratinjau(satker=gunung_mas, tahun=2024, baris=hasil.baris)
    tersimpan = build_pratinjau(
        satker=gunung_mas, tahun=2024, baris=list_baris(ImporAnggaran.objects.get(pk=impor.pk))
    )
    assert dari_berkas == tersimpan
    assert BarisAnggaran.objects.count() == sebelum  # nothing written before the commit
