"""The report's tables as .xlsx downloads.

Every table is rendered from the one report object (``DokumenLaporan``); nothing here queries the
database or computes a figure again. Choices, so that every sheet reads the same way:

- Money is a numeric cell (whole rupiah as an integer, otherwise two decimals) with the format
  ``[$-421]"Rp"#,##0`` (``#,##0.00`` when there are sen). ``[$-421]`` tags the format as Indonesian:
  LibreOffice then shows ``Rp41.469.966.000`` whatever its own locale, and Excel shows the
  separators of the viewer's settings (Indonesian Windows/Excel: ``Rp41.469.966.000``).
- A percentage is the printed number, rounded half-up to two decimals (docs/aturan.md rule 8), as
  a numeric cell: 95,06 % is the number ``95.06`` with the format ``[$-421]0.00"%"``. Formulas
  over the column therefore work in percentage points, as the report prints them.
- A missing value is never 0: the cell holds the text ``—`` (as in the report: docs/aturan.md
  rule 3), so SUM/AVERAGE skip it.
- Text is always a string cell with Excel's quote prefix, so ``=HYPERLINK(…)`` typed into a sasaran
  stays text, also when the cell is edited later (no formula injection).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from anggaran.services import NodeAnggaran
from kinerja.models import JenisTarget
from kinerja.services import CapaianIndikator
from laporan.dokumen import DokumenLaporan, ProgramTabel
from lkjip.angka import KOSONG, bulatkan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMAT_RUPIAH = '[$-421]"Rp"#,##0'
FORMAT_RUPIAH_SEN = '[$-421]"Rp"#,##0.00'
FORMAT_PERSEN = '[$-421]0.00"%"'
FORMAT_POIN = "[$-421]0.00"
FORMAT_ANGKA = "[$-421]#,##0.####"
FORMAT_BILANGAN = "0"

TEBAL = Font(bold=True)
JUDUL = Font(bold=True, size=13)
ISI_KEPALA = PatternFill("solid", fgColor="D9E2F3")
ISI_KELOMPOK = PatternFill("solid", fgColor="F2F2F2")
GARIS = Side(style="thin", color="A6A6A6")
BINGKAI = Border(left=GARIS, right=GARIS, top=GARIS, bottom=GARIS)
BARIS_KEPALA = 3  # title in row 1, a note in row 2, the header in row 3


class TabelTidakDikenal(KeyError):
    pass


@dataclass(frozen=True)
class Kolom:
    judul: str
    lebar: float
    jenis: str = "teks"  # teks, rupiah, persen, poin, angka, bilangan


@dataclass(frozen=True)
class Baris:
    nilai: tuple
    tebal: bool = False


@dataclass(frozen=True)
class Tabel:
    judul: str
    kolom: tuple[Kolom, ...]
    baris: tuple[Baris, ...]
    catatan: str = ""


def _teks(ws: Worksheet, baris: int, kolom: int, nilai: str) -> None:
    """A text cell that can never become a formula (see the module docstring)."""
    sel = ws.cell(row=baris, column=kolom)
    sel.value = nilai
    sel.data_type = "s"
    sel.quotePrefix = True


def _angka(nilai: Decimal | int | None, jenis: str) -> Decimal | int | None:
    if nilai is None:
        return None
    nilai = Decimal(nilai)
    if jenis in ("persen", "poin"):
        return bulatkan(nilai, 2)
    if nilai == nilai.to_integral_value():
        return int(nilai)
    return bulatkan(nilai, 2) if jenis == "rupiah" else nilai.normalize()


def _format(nilai: Decimal | int, jenis: str) -> str:
    if jenis == "rupiah":
        return FORMAT_RUPIAH if isinstance(nilai, int) else FORMAT_RUPIAH_SEN
    return {
        "persen": FORMAT_PERSEN,
        "poin": FORMAT_POIN,
        "angka": FORMAT_ANGKA if not isinstance(nilai, int) else "[$-421]#,##0",
        "bilangan": FORMAT_BILANGAN,
    }[jenis]


def write_tabel(tabel: Tabel, *, satker: str, tahun: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel"
    wb.properties.title = f"{tabel.judul} — {satker}"
    wb.properties.creator = "LKjIP"
    wb.properties.language = "id-ID"
    jumlah_kolom = len(tabel.kolom)

    judul = f"{tabel.judul} — {satker}"
    if str(tahun) not in tabel.judul:
        judul += f" — Tahun {tahun}"
    _teks(ws, 1, 1, judul)
    ws.cell(row=1, column=1).font = JUDUL
    ws.cell(row=1, column=1).alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 34
    catatan = tabel.catatan or "Angka adalah sel angka; “—” berarti belum ada data (bukan nol)."
    _teks(ws, 2, 1, catatan)
    ws.cell(row=2, column=1).font = Font(italic=True, size=9, color="595959")
    if jumlah_kolom > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=jumlah_kolom)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=jumlah_kolom)

    for i, kolom in enumerate(tabel.kolom, 1):
        _teks(ws, BARIS_KEPALA, i, kolom.judul)
        sel = ws.cell(row=BARIS_KEPALA, column=i)
        sel.font = TEBAL
        sel.fill = ISI_KEPALA
        sel.border = BINGKAI
        sel.alignment = Alignment(
            horizontal="center" if kolom.jenis == "teks" else "right",
            vertical="center",
            wrap_text=True,
        )
        ws.column_dimensions[get_column_letter(i)].width = kolom.lebar

    for r, baris in enumerate(tabel.baris, BARIS_KEPALA + 1):
        for c, (kolom, nilai) in enumerate(zip(tabel.kolom, baris.nilai, strict=True), 1):
            if kolom.jenis == "teks" or isinstance(nilai, str):
                _teks(ws, r, c, "" if nilai is None else str(nilai))
                sel = ws.cell(row=r, column=c)
                rata = "right" if kolom.jenis != "teks" else None
                sel.alignment = Alignment(horizontal=rata, vertical="top", wrap_text=True)
            else:
                angka = _angka(nilai, kolom.jenis)
                sel = ws.cell(row=r, column=c)
                if angka is None:
                    _teks(ws, r, c, KOSONG)
                    sel.alignment = Alignment(horizontal="right", vertical="top")
                else:
                    sel.value = angka
                    sel.number_format = _format(angka, kolom.jenis)
                    sel.alignment = Alignment(vertical="top")
            sel.border = BINGKAI
            if baris.tebal:
                sel.font = TEBAL
                sel.fill = ISI_KELOMPOK

    ws.freeze_panes = ws.cell(row=BARIS_KEPALA + 1, column=1)
    ws.print_title_rows = f"{BARIS_KEPALA}:{BARIS_KEPALA}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


# --- The tables, each read from the report object ------------------------------------------------


def _judul(dokumen: DokumenLaporan, nomor: str) -> str:
    for entri in dokumen.daftar_tabel:
        if entri.label == f"Tabel {nomor}":
            return f"{entri.label} {entri.judul}"
    raise TabelTidakDikenal(nomor)  # a table printed only when it has rows (Tabel 3.11)


def _target(c: CapaianIndikator) -> Decimal | str | None:
    """A document target prints its list ("Berita Acara dan Surat Keputusan"); others a number."""
    return c.target_teks if c.jenis_target == JenisTarget.DOKUMEN else c.target


def _satuan(c: CapaianIndikator) -> str:
    return "dokumen" if c.jenis_target == JenisTarget.DOKUMEN else c.satuan


def _program(p: ProgramTabel) -> str:
    return f"{p.nama} ({p.kode})"


def _tabel_2_1(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Program", 40),
        Kolom("Sasaran Strategis", 50),
        Kolom("Kode Kegiatan", 12),
        Kolom("Indikator Kinerja", 60),
    )
    baris = []
    for p in d.rkt:
        baris.append(Baris((p.nomor, f"{p.nama} ({p.kode})", "", "", ""), tebal=True))
        baris.extend(
            Baris((str(b.nomor), p.nama, b.sasaran, b.kode_kegiatan, b.indikator)) for b in p.baris
        )
    return Tabel(_judul(d, "2.1"), kolom, tuple(baris))


def _tabel_pk(d: DokumenLaporan, nomor: str, program: Sequence[ProgramTabel]) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Program", 36),
        Kolom("Kegiatan", 30),
        Kolom("Sasaran", 48),
        Kolom("Indikator Kinerja", 56),
        Kolom("Target", 14, "angka"),
        Kolom("Satuan", 12),
    )
    baris = []
    for p in program:
        baris.append(Baris((p.nomor, _program(p), "", "", "", "", ""), tebal=True))
        for k in p.kelompok:
            for s in k.sasaran:
                for c in s.indikator:
                    baris.append(
                        Baris((s.nomor, p.nama, k.judul, s.uraian, c.nama, _target(c), _satuan(c)))
                    )
    return Tabel(_judul(d, nomor), kolom, tuple(baris))


def _tabel_3_2(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Program", 34),
        Kolom("Sasaran", 44),
        Kolom("Indikator Kinerja", 52),
        Kolom("Target", 14, "angka"),
        Kolom("Realisasi", 14, "angka"),
        Kolom("Satuan", 12),
        Kolom("Capaian (%)", 13, "persen"),
        Kolom("Kategori", 14),
    )
    baris = []
    for i, p in enumerate(d.tabel_3_2, 1):
        baris.append(Baris((str(i), _program(p), "", "", "", "", "", "", ""), tebal=True))
        for s in p.sasaran:
            for c in s.indikator:
                baris.append(
                    Baris(
                        (
                            s.nomor,
                            p.nama,
                            s.uraian,
                            c.nama,
                            _target(c),
                            c.realisasi,
                            _satuan(c),
                            c.capaian,
                            c.kategori or KOSONG,
                        )
                    )
                )
    catatan = (
        "Capaian dalam persen, dibulatkan dua desimal (95,06 berarti 95,06%); kategori "
        "ditentukan dari nilai yang dibulatkan. “—” berarti belum ada data (bukan nol)."
    )
    return Tabel(_judul(d, "3.2"), kolom, tuple(baris), catatan)


def _tabel_3_3(d: DokumenLaporan) -> Tabel:
    kolom = (Kolom("No.", 6), Kolom("Rentang Capaian", 50), Kolom("Kategori", 20))
    baris = tuple(Baris((str(i), r, n)) for i, (n, r) in enumerate(d.skala_teks, 1))
    return Tabel(_judul(d, "3.3"), kolom, baris)


def _tabel_3_4(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("Tahun", 8, "bilangan"),
        Kolom("Indikator terukur", 16, "bilangan"),
        Kolom("Capaian kinerja (%)", 18, "persen"),
        Kolom("Kategori", 20),
    )
    baris = tuple(
        Baris((t.tahun, t.jumlah_indikator, t.capaian_kinerja, t.kategori or KOSONG))
        for t in d.capaian_tahunan
    )
    return Tabel(_judul(d, "3.4"), kolom, baris)


KOLOM_UANG = (
    Kolom("Pagu", 20, "rupiah"),
    Kolom("Realisasi", 20, "rupiah"),
    Kolom("Sisa", 18, "rupiah"),
    Kolom("Serapan (%)", 12, "persen"),
)


def _uang(n: NodeAnggaran | None) -> tuple:
    if n is None:
        return (None, None, None, None)
    return (n.pagu, n.realisasi, n.sisa, n.serapan)


def _jumlah(d: DokumenLaporan, kosong: int) -> Baris:
    a = d.anggaran
    return Baris(
        ("Jumlah", *("",) * kosong, a.total_pagu, a.total_realisasi, a.total_sisa, a.serapan),
        tebal=True,
    )


def _tabel_3_5(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Kode", 10),
        Kolom("Kegiatan", 56),
        Kolom("Tahun", 8, "bilangan"),
        Kolom("Pagu", 20, "rupiah"),
        Kolom("Realisasi", 20, "rupiah"),
        Kolom("Serapan (%)", 12, "persen"),
    )
    baris = tuple(
        Baris((str(i), b.kode_cetak, b.uraian, tahun, *_uang(n)[:2], _uang(n)[3]))
        for i, b in enumerate(d.tabulasi, 1)
        for tahun, n in b.per_tahun
    )
    return Tabel(_judul(d, "3.5"), kolom, baris)


def _tabel_3_6(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("Kode", 10),
        Kolom("Kegiatan", 60),
        Kolom("Capaian kinerja (%)", 16, "persen"),
        Kolom("Serapan anggaran (%)", 16, "persen"),
        Kolom("Selisih (poin)", 14, "poin"),
    )
    baris = tuple(
        b
        for e in d.efisiensi
        for b in (
            Baris((e.kode_cetak, e.uraian, e.capaian_kinerja, e.serapan, e.selisih)),
            *(
                Baris(("", t.label, t.capaian_kinerja, t.serapan, t.selisih))
                for t in e.per_triwulan
            ),
        )
    )
    catatan = (
        "Capaian kinerja: rata-rata capaian indikator Tabel 3.2 yang terkait kegiatan; serapan: "
        "realisasi ÷ pagu; selisih dari kedua angka yang tercetak, dalam poin persen."
    )
    if d.efisiensi_per_triwulan:
        catatan += (
            " Baris “s.d. TW”: capaian sampai dengan triwulan itu terhadap target tahunan, "
            "dibandingkan dengan serapan kumulatif terhadap pagu yang berlaku."
        )
    return Tabel(_judul(d, "3.6"), kolom, baris, catatan)


def _tabel_3_7(d: DokumenLaporan) -> Tabel:
    kolom = (Kolom("No.", 6), Kolom("Kode", 12), Kolom("Program", 60), *KOLOM_UANG)
    baris = [
        Baris((str(i), n.kode, n.uraian, *_uang(n))) for i, n in enumerate(d.anggaran.program, 1)
    ]
    baris.append(_jumlah(d, 2))
    return Tabel(_judul(d, "3.7"), kolom, tuple(baris))


def _tabel_3_8(d: DokumenLaporan) -> Tabel:
    kolom = (Kolom("Kode", 12), Kolom("Kegiatan", 64), *KOLOM_UANG, Kolom("Catatan", 20))
    baris = []
    for p in d.anggaran.program:
        baris.append(Baris((p.kode, p.uraian, *_uang(p), p.catatan), tebal=True))
        baris.extend(Baris((n.kode_cetak, n.uraian, *_uang(n), n.catatan)) for n in p.anak)
    baris.append(Baris((*_jumlah(d, 1).nilai, ""), tebal=True))
    return Tabel(_judul(d, "3.8"), kolom, tuple(baris))


def _tabel_3_9(d: DokumenLaporan) -> Tabel:
    r = d.tabel_renstra
    kolom = (
        Kolom("No.", 6),
        Kolom("Indikator Sasaran Strategis (Renstra)", 56),
        Kolom("Polaritas", 22),
        Kolom(f"Target {d.tahun}", 14, "angka"),
        Kolom(f"Target Akhir ({r.tahun_akhir})" if r else "Target Akhir", 16, "angka"),
        Kolom("Satuan", 10),
        Kolom("Indikator PK", 50),
        Kolom(f"Realisasi {d.tahun}", 14, "angka"),
        Kolom(f"Capaian thd. Target {d.tahun} (%)", 18, "persen"),
        Kolom("Capaian thd. Target Akhir (%)", 18, "persen"),
    )
    baris = tuple(
        Baris(
            (
                b.nomor,
                b.indikator,
                b.polaritas_teks,
                b.target_tahun,
                b.target_akhir,
                b.satuan,
                b.indikator_pk or KOSONG,
                b.realisasi,
                b.capaian_tahun,
                b.capaian_akhir,
            )
        )
        for b in (r.baris if r else ())
    )
    catatan = (
        f"Renstra {r.periode}; target akhir = target tahun {r.tahun_akhir}. “—” berarti belum "
        "ada data (bukan nol)."
        if r
        else f"Belum ada Renstra yang mencakup tahun {d.tahun}."
    )
    return Tabel(_judul(d, "3.9"), kolom, baris, catatan)


def _tabel_3_10(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Indikator Kinerja", 56),
        Kolom("Polaritas", 22),
        *(
            k
            for t in d.tahun_tabulasi
            for k in (Kolom(f"Realisasi {t}", 16), Kolom(f"Capaian {t} (%)", 14, "persen"))
        ),
    )
    baris = tuple(
        Baris(
            (
                b.nomor,
                b.nama,
                b.polaritas_teks,
                *(v for n in b.per_tahun for v in (n.realisasi_teks, n.capaian)),
            )
        )
        for b in d.perbandingan_tahunan
    )
    catatan = (
        "Indikator dicocokkan antartahun melalui indikator Renstra yang sama, atau nama yang sama. "
        "“—” berarti tidak ada atau belum diukur (bukan nol)."
    )
    return Tabel(_judul(d, "3.10"), kolom, baris, catatan)


def _tabel_3_11(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("No.", 6),
        Kolom("Indikator Kinerja", 56),
        Kolom("Polaritas", 22),
        Kolom("Standar Nasional", 16, "angka"),
        Kolom("Sumber", 40),
        Kolom(f"Realisasi {d.tahun}", 16),
        Kolom("Capaian thd. Standar (%)", 16, "persen"),
    )
    baris = tuple(
        Baris(
            (
                b.nomor,
                b.nama,
                b.polaritas_teks,
                b.standar,
                b.sumber or KOSONG,
                b.realisasi_teks,
                b.capaian,
            )
        )
        for b in d.standar_nasional
    )
    return Tabel(_judul(d, "3.11"), kolom, baris)


def _tabel_anggaran(d: DokumenLaporan) -> Tabel:
    kolom = (
        Kolom("Kode", 44),
        Kolom("Tingkat", 12),
        Kolom("Uraian", 60),
        *KOLOM_UANG,
        Kolom("Catatan", 20),
    )
    baris = [
        Baris(
            (n.kode, n.tingkat, "  " * n.kedalaman + n.uraian, *_uang(n), n.catatan),
            tebal=n.kedalaman == 0,
        )
        for n in d.anggaran.semua()
    ]
    baris.append(Baris((*_jumlah(d, 2).nilai, ""), tebal=True))
    catatan = (
        "Seluruh baris anggaran tahun ini. Angka baris induk adalah jumlah rinciannya "
        "(bukan angka yang diketik). “—” berarti belum diisi (bukan nol)."
    )
    return Tabel(f"Rincian Anggaran Tahun {d.tahun}", kolom, tuple(baris), catatan)


TABEL: dict[str, Callable[[DokumenLaporan], Tabel]] = {
    "2.1": _tabel_2_1,
    "2.2": lambda d: _tabel_pk(d, "2.2", d.tabel_2_2),
    "3.1": lambda d: _tabel_pk(d, "3.1", d.tabel_3_1),
    "3.2": _tabel_3_2,
    "3.3": _tabel_3_3,
    "3.4": _tabel_3_4,
    "3.5": _tabel_3_5,
    "3.6": _tabel_3_6,
    "3.7": _tabel_3_7,
    "3.8": _tabel_3_8,
    "3.9": _tabel_3_9,
    "3.10": _tabel_3_10,
    "3.11": _tabel_3_11,
    "anggaran": _tabel_anggaran,
}


def list_tabel(dokumen: DokumenLaporan) -> list[tuple[str, str]]:
    """(nomor, label) of every exportable table, in report order, for the download list."""
    hasil = [
        (e.label.removeprefix("Tabel "), f"{e.label} {e.judul}")
        for e in dokumen.daftar_tabel
        if e.label.removeprefix("Tabel ") in TABEL
    ]
    hasil.append(("anggaran", f"Rincian anggaran {dokumen.tahun} (semua tingkat)"))
    return hasil


def ekspor_tabel(dokumen: DokumenLaporan, tabel: str) -> bytes:
    """One table of the report as an .xlsx workbook; TabelTidakDikenal for an unknown table."""
    if tabel not in TABEL:
        raise TabelTidakDikenal(tabel)
    return write_tabel(TABEL[tabel](dokumen), satker=dokumen.satker.nama, tahun=dokumen.tahun)


def nama_berkas_tabel(*, dasar: str, tabel: str) -> str:
    """'LKjIP-KPU-Kabupaten-Gunung-Mas-2024' + '3.2' -> '…-2024-Tabel-3.2.xlsx'."""
    akhir = "Anggaran" if tabel == "anggaran" else f"Tabel-{tabel}"
    return f"{dasar}-{akhir}.xlsx"
