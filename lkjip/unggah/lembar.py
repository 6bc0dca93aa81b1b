"""Rows of the sheets of a checked workbook: the one place that decides how an upload's cells are
read, for the three uploads (budget import, indicator workbook, data workbook).

Only once ``berkas.check_berkas`` has passed the file. Values are read by **python-calamine**
(Rust, many times faster than openpyxl's cell objects). openpyxl is used only where calamine cannot
serve, and each such case is here:

1. *A sheet calamine would allocate too much for.* calamine keeps a sheet as one dense rectangle of
   cells (about 32 bytes each) from its first to its last cell, so two far-apart cells would make
   it allocate gigabytes. A streamed scan of each worksheet's XML (``_pindai_lembar``) bounds that
   rectangle before calamine opens the workbook; a sheet above ``BATAS_SEL_CALAMINE``, a cell the
   scan cannot place (no plain ``r="A1"`` first, a prefixed ``x:c``), dialog or macro sheets, or a
   workbook part the scan does not recognise send the whole workbook to openpyxl in read-only mode
   (streamed, bounded memory). A sheet calamine then fails to parse is read by openpyxl alone.
2. *Number formats.* calamine gives values only. The indicator workbook must know whether a
   realisation cell is formatted as percent (it shows 95,06% and holds 0.9506), so its cells come
   from openpyxl (``BukuLembar.sel``).

Data validations, styles and pictures are never read back: the uploads judge the values they
find, whatever the sheet's validations or colours said.

Both readers give the same rows (``tests/anggaran/test_impor_cepat.py`` compares them): rows from
row 1 and column A; error cells (``#REF!`` …), which calamine leaves empty, are given as their
text as openpyxl gives them (the scan collects them). Two differences are left to the readers,
which would otherwise pay for them on every cell of 100,000 rows: numbers are floats from calamine
and ints or floats from openpyxl (a whole float is taken as its integer), and an empty cell is ""
from calamine and None from openpyxl (both are empty). openpyxl's declared dimension of a
sheet is never trusted (``reset_dimensions``), nor looked for (``_LembarTanpaUkuran``).

The ``Tenggat`` of the upload bounds the time spent on the rows, whichever reader gives them.
"""

import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import python_calamine
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from lkjip.unggah.berkas import BerkasDitolak, InfoBerkas, Tenggat, peta_lembar

OTOMATIS = "otomatis"  # python-calamine when the scan allows it, else openpyxl
OPENPYXL = "openpyxl"  # always openpyxl: the tests that compare both readers

BATAS_SEL_CALAMINE = 3_000_000  # cells in calamine's rectangle (~100 MB at most)
POTONGAN_XML = 1024 * 1024
# A cell that does not start <c r="A1" (another attribute first, an odd reference, <c>, <c/>, a
# tab or line break after <c): one pass instead of four counts and two searches.
RE_SEL_TANPA_REF = re.compile(rb'<c(?:[ ](?!r="[A-Z]{1,3}[0-9]{1,7}")|[>\t\r\n]|/>)')
RE_KOLOM_PANJANG = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
RE_KOLOM_SEMUA = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
RE_BARIS_PANJANG = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')
RE_SEL_GALAT = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\st="e"[^>]*>(.*?)</c>', re.S)
RE_NILAI = re.compile(rb"<v>([^<]*)</v>")


class _BukanUntukCalamine(Exception):
    """The workbook is read by openpyxl instead (nothing wrong with the file itself)."""


@dataclass
class _LembarCalamine:
    path: str
    galat_sel: dict[int, list[tuple[int, str]]]  # row -> [(column index, '#REF!')]


def _indeks_kolom(huruf: bytes) -> int:
    n = 0
    for c in huruf:
        n = n * 26 + (c - 64)
    return n


def _peta_lembar(zf: zipfile.ZipFile) -> list[tuple[str, str | None]]:
    """(name, worksheet part path or None for a chartsheet) in workbook order."""
    try:
        daftar = peta_lembar(zf)
    except Exception as exc:
        raise _BukanUntukCalamine from exc
    lembar = []
    for nama, path, jenis in daftar:
        if jenis not in ("worksheet", "chartsheet"):
            raise _BukanUntukCalamine  # dialog or macro sheets: as openpyxl reads them
        lembar.append((nama, path if jenis == "worksheet" else None))
    return lembar


def _pindai_lembar(
    zf: zipfile.ZipFile, path: str, tenggat: Tenggat
) -> dict[int, list[tuple[int, str]]]:
    """Bound calamine's rectangle for one worksheet; return its error cells by row.

    Every cell must be written ``<c r="A1"…`` (as Excel, LibreOffice and openpyxl write them);
    otherwise the row or column of a cell is not known here and openpyxl reads the workbook.
    """
    try:
        info = zf.getinfo(path)
    except KeyError as exc:
        raise _BukanUntukCalamine from exc
    kolom_maks = 0
    baris_maks = 0
    panjang = False
    galat: dict[int, list[tuple[int, str]]] = {}

    def pindai(potong: bytes) -> None:
        nonlocal kolom_maks, baris_maks, panjang
        tenggat.periksa()
        if RE_SEL_TANPA_REF.search(potong):
            raise _BukanUntukCalamine  # a cell without a plain reference first
        if b":c" in potong and (b":c " in potong or b":c>" in potong or b":c/>" in potong):
            raise _BukanUntukCalamine  # cells in a prefixed namespace (x:c)
        if potong.count(b' r="') != potong.count(b'<c r="') + potong.count(b'<row r="'):
            raise _BukanUntukCalamine  # a second r attribute, or r on something unexpected
        for huruf in set(RE_KOLOM_PANJANG.findall(potong)):
            panjang = True
            kolom_maks = max(kolom_maks, _indeks_kolom(huruf))
        for angka in RE_BARIS_PANJANG.findall(potong):
            baris_maks = max(baris_maks, int(angka))
        if b't="e"' in potong:
            for m in RE_SEL_GALAT.finditer(potong):
                nilai = RE_NILAI.search(m.group(3))
                if nilai and nilai.group(1):
                    galat.setdefault(int(m.group(2)), []).append(
                        (_indeks_kolom(m.group(1)) - 1, nilai.group(1).decode("utf-8", "replace"))
                    )

    sisa = b""
    with zf.open(info) as f:
        while True:
            potong = f.read(POTONGAN_XML)
            if not potong:
                break
            buf = sisa + potong
            # Cut after the last whole cell (or before the last tag) so that no cell is split.
            akhir = buf.rfind(b"</c>")
            potong_di = akhir + 4 if akhir >= 0 else buf.rfind(b"<")
            if potong_di <= 0:
                sisa = buf
                if len(sisa) > 4 * POTONGAN_XML:
                    raise _BukanUntukCalamine
                continue
            pindai(buf[:potong_di])
            sisa = buf[potong_di:]
    pindai(sisa)
    if not panjang:
        kolom_maks = 26  # every column is A…Z
    if not baris_maks:
        baris_maks = 99_999  # no row number of six digits or more
    if baris_maks * kolom_maks > BATAS_SEL_CALAMINE and not panjang:
        # Large but maybe narrow: find the real last column (a second pass, large sheets only).
        kolom_maks = 0
        with zf.open(info) as f:
            sisa = b""
            while True:
                potong = f.read(POTONGAN_XML)
                if not potong:
                    break
                tenggat.periksa()
                buf = sisa + potong
                potong_di = buf.rfind(b"<")
                for huruf in set(RE_KOLOM_SEMUA.findall(buf, 0, max(potong_di, 0))):
                    kolom_maks = max(kolom_maks, _indeks_kolom(huruf))
                sisa = buf[max(potong_di, 0) :]
            for huruf in set(RE_KOLOM_SEMUA.findall(sisa)):
                kolom_maks = max(kolom_maks, _indeks_kolom(huruf))
    if baris_maks * max(kolom_maks, 1) > BATAS_SEL_CALAMINE:
        raise _BukanUntukCalamine
    return galat


def _siapkan_calamine(data: bytes, tenggat: Tenggat) -> list[tuple[str, _LembarCalamine | None]]:
    """(name, sheet to read with calamine or None for a chartsheet) in workbook order; raises
    _BukanUntukCalamine when openpyxl should read this workbook."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return [
                (
                    judul,
                    None
                    if path is None
                    else _LembarCalamine(path, _pindai_lembar(zf, path, tenggat)),
                )
                for judul, path in _peta_lembar(zf)
            ]
    except (_BukanUntukCalamine, MemoryError, BerkasDitolak):
        raise
    except Exception as exc:  # an odd workbook part: openpyxl reads it (or says why it cannot)
        raise _BukanUntukCalamine from exc


def _baris_calamine(lembar, galat_sel: dict[int, list[tuple[int, str]]]) -> Iterator[list]:
    """Rows of a calamine sheet from row 1 and column A, as openpyxl numbers them."""
    awal = lembar.start
    if awal is None:
        return
    kolom_awal = awal[1]
    akhir = lembar.end[0]
    pengisi = [None] * kolom_awal
    nomor = 0
    for row in lembar.iter_rows():  # rows from the first row, columns from the first column
        nomor += 1
        if kolom_awal:
            row = pengisi + row
        if galat_sel and nomor in galat_sel:
            for j, nilai in galat_sel[nomor]:
                if j >= len(row):
                    row += [None] * (j + 1 - len(row))
                row[j] = nilai
        yield row
    if nomor != akhir + 1:  # pragma: no cover - guards against a change in python-calamine
        raise RuntimeError("python-calamine memberi jumlah baris yang tidak terduga")


def _buka_calamine(data: bytes, tenggat: Tenggat):
    """(calamine workbook, its worksheets by name) or None when openpyxl should read it."""
    try:
        daftar = _siapkan_calamine(data, tenggat)
        wb = python_calamine.CalamineWorkbook.from_filelike(BytesIO(data))
    except (_BukanUntukCalamine, python_calamine.CalamineError):
        return None
    semua = wb.sheets_metadata
    cocok = len(semua) == len(daftar) and all(
        meta.name == judul
        and (meta.typ == python_calamine.SheetTypeEnum.WorkSheet) == (lembar is not None)
        for meta, (judul, lembar) in zip(semua, daftar, strict=False)
    )
    if not cocok:
        wb.close()
        return None
    return wb, {judul: lembar for judul, lembar in daftar if lembar is not None}


class _LembarTanpaUkuran(ReadOnlyWorksheet):
    """A read-only worksheet that does not look for its declared dimension when it is created.

    openpyxl's own looks for it as the workbook opens, and a sheet without one (openpyxl's
    write-only output, some exporters) is then parsed to its end once, for every sheet, before
    any row is read and outside the ``Tenggat``. The dimension is not trusted here anyway
    (``reset_dimensions``)."""

    def _get_size(self) -> None:
        pass


class _PembacaOpenpyxl(ExcelReader):
    """openpyxl's reader of a read-only workbook, creating ``_LembarTanpaUkuran`` sheets."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _LembarTanpaUkuran(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def _buka_openpyxl(data: bytes):
    """openpyxl in read-only, values-only mode (streamed, bounded memory)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pembaca = _PembacaOpenpyxl(BytesIO(data), read_only=True, data_only=True, keep_links=False)
        pembaca.read()
        return pembaca.wb


class BukuLembar:
    """The worksheets of one checked upload; use as a context manager (closes the readers).

    ``nama``: the worksheets' names in workbook order (chartsheets are left out).
    """

    def __init__(self, data: bytes, info: InfoBerkas, *, mesin: str = OTOMATIS) -> None:
        if mesin not in (OTOMATIS, OPENPYXL):
            raise ValueError(mesin)
        self._data = data
        self._tenggat = info.tenggat
        self._rumus = info.rumus_tanpa_nilai
        self._openpyxl = None
        self._calamine = None
        self._lembar_calamine: dict[str, _LembarCalamine] = {}
        dibuka = _buka_calamine(data, info.tenggat) if mesin == OTOMATIS else None
        if dibuka is not None:
            self._calamine, self._lembar_calamine = dibuka
            self.nama = list(self._lembar_calamine)
            self._path = {n: lembar.path for n, lembar in self._lembar_calamine.items()}
        else:
            wb = self._wb_openpyxl()
            kerja = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
            self.nama = [ws.title for ws in kerja]
            self._path = {ws.title: ws._worksheet_path.lstrip("/") for ws in kerja}

    def __enter__(self) -> "BukuLembar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
            self._calamine = None
        if self._openpyxl is not None:
            self._openpyxl.close()
            self._openpyxl = None

    def _wb_openpyxl(self):
        if self._openpyxl is None:
            self._openpyxl = _buka_openpyxl(self._data)
        return self._openpyxl

    def rumus_tanpa_nilai(self, nama: str) -> set[str]:
        """Cells (``C5``) of sheet ``nama`` holding a formula saved without its value."""
        return self._rumus.get(self._path.get(nama, ""), set())

    def baris(self, nama: str) -> Iterator:
        """The values of sheet ``nama``, row by row from row 1 and column A (lists or tuples;
        an empty cell is None or "")."""
        lembar = self._lembar_calamine.get(nama)
        if self._calamine is not None and lembar is not None:
            try:
                sheet = self._calamine.get_sheet_by_name(nama)
            except python_calamine.CalamineError:
                sheet = None  # this sheet only: openpyxl below
            if sheet is not None:
                return self._tenggat.baris(_baris_calamine(sheet, lembar.galat_sel))
        ws = self._wb_openpyxl()[nama]
        ws.reset_dimensions()  # never trust the declared dimension
        return self._tenggat.baris(ws.iter_rows(values_only=True))

    def sel(self, nama: str, *, max_col: int) -> Iterator[tuple]:
        """The cells of sheet ``nama`` with their number format (openpyxl read-only cells; an
        empty cell has no ``number_format``), for a reader that must see how a value is shown."""
        ws = self._wb_openpyxl()[nama]
        ws.reset_dimensions()
        return self._tenggat.baris(ws.iter_rows(max_col=max_col))


def buka_lembar(data: bytes, info: InfoBerkas, *, mesin: str = OTOMATIS) -> BukuLembar:
    """The worksheets of ``data``, which ``check_berkas`` has passed with ``info``."""
    return BukuLembar(data, info, mesin=mesin)
