"""Workbooks written by the application: the flat import template (empty, filled with a year's
lines, or the worked example) and a POK-style sheet as the finance applications print it (used by
the tests, the benchmark and the documentation; the demo's POK: pertukaran.demo.gunung_mas.pok)."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from anggaran.models import BarisAnggaran

JUDUL_TEMPLAT = ("Kode", "Uraian", "Pagu", "Realisasi", "Catatan")
FORMAT_RUPIAH = "#,##0"

# The worked example: one path down every level, with detail lines, in the flat layout.
CONTOH: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    ("076.01.WA", "Program Dukungan Manajemen", "2273501000", "2235154895", ""),
    ("076.01.WA.3355", "Dukungan Manajemen Internal", "2160190000", "2121844395", ""),
    ("076.01.WA.3355.EBA", "Layanan Dukungan Manajemen Internal", None, None, ""),
    ("076.01.WA.3355.EBA.962", "Layanan Umum", None, None, ""),
    ("076.01.WA.3355.EBA.962.051", "Operasional Kantor", None, None, ""),
    ("076.01.WA.3355.EBA.962.051.A", "Keperluan Perkantoran", None, None, ""),
    ("076.01.WA.3355.EBA.962.051.A.521111", "Belanja Operasional Perkantoran", None, None, ""),
    ("076.01.WA.3355.EBA.962.051.A.521111.d1", "Alat tulis kantor", "1160190000", "1121844395", ""),
    (
        "076.01.WA.3355.EBA.962.051.A.521111.d2",
        "Langganan daya dan jasa",
        "1000000000",
        "1000000000",
        "",
    ),
    ("076.01.WA.3360", "Pengelolaan Keuangan dan Perencanaan", "113311000", "113310500", ""),
    ("076.01.WA.3360.EBA", "Layanan Perencanaan dan Penganggaran", None, None, ""),
    ("076.01.WA.3360.EBA.994", "Layanan Perkantoran", None, None, ""),
    ("076.01.WA.3360.EBA.994.052", "Penyusunan Rencana Kerja", None, None, ""),
    (
        "076.01.WA.3360.EBA.994.052.521211",
        "Belanja Bahan",
        "113311000",
        "113310500",
        "Diblokir (*)",
    ),
)


def _sel_teks(ws, nilai: str) -> WriteOnlyCell:
    """A text cell that stays text: a value starting with = + - @ is never a formula."""
    cell = WriteOnlyCell(ws, value=nilai)
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def _sel_angka(ws, nilai: Decimal | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=None if nilai is None else nilai)
    cell.number_format = FORMAT_RUPIAH
    return cell


def write_templat(
    baris: Iterable[tuple[str, str, Decimal | None, Decimal | None, str]] = (),
    *,
    judul: str = "Templat impor anggaran LKjIP",
) -> bytes:
    """The flat template: a title, the header row, one row per line with its full dotted code."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Anggaran")
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 60
    for kolom in "CD":
        ws.column_dimensions[kolom].width = 18
    ws.column_dimensions["E"].width = 24
    judul_sel = WriteOnlyCell(ws, value=judul)
    judul_sel.font = Font(bold=True, size=13)
    ws.append([judul_sel])
    ws.append(
        [
            _sel_teks(
                ws,
                "Satu baris per baris anggaran, kode lengkap bertitik. Baris induk boleh tanpa "
                "angka: jumlahnya dihitung dari rinciannya.",
            )
        ]
    )
    ws.append([])
    kepala = []
    for teks in JUDUL_TEMPLAT:
        sel = WriteOnlyCell(ws, value=teks)
        sel.font = Font(bold=True)
        kepala.append(sel)
    ws.append(kepala)
    for kode, uraian, pagu, realisasi, catatan in baris:
        ws.append(
            [
                _sel_teks(ws, kode),
                _sel_teks(ws, uraian),
                _sel_angka(ws, pagu),
                _sel_angka(ws, realisasi),
                _sel_teks(ws, catatan),
            ]
        )
    petunjuk = wb.create_sheet("Petunjuk")
    for teks in (
        "Petunjuk pengisian",
        "Kode: kode lengkap bertitik, mis. 076.01.CQ.6709.QAH.001.051.A.521211. Baris rincian "
        "tanpa kode sendiri diberi akhiran .d1, .d2, … di bawah akunnya.",
        "Pagu dan realisasi: angka (sel angka, atau teks seperti 1.191.810.000 atau Rp "
        "1.191.810.000); '-' berarti kosong.",
        "Pagu yang diblokir: tulis (*) di sel pagu atau catatan.",
        "Berkas menggantikan seluruh anggaran satker pada tahun yang dipilih: baris yang tidak ada "
        "di berkas akan dihapus. Pratinjau menunjukkan semuanya sebelum disimpan.",
    ):
        petunjuk.append([_sel_teks(petunjuk, teks)])
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def write_templat_contoh() -> bytes:
    return write_templat(
        (
            (kode, uraian, None if p is None else Decimal(p), None if r is None else Decimal(r), c)
            for kode, uraian, p, r, c in CONTOH
        ),
        judul="Contoh terisi — templat impor anggaran LKjIP",
    )


def write_templat_dari(baris: Sequence[BarisAnggaran], *, judul: str) -> bytes:
    """The template filled with stored lines, to edit offline and import again."""
    return write_templat(
        ((b.kode, b.uraian, b.pagu, b.realisasi, b.catatan) for b in baris), judul=judul
    )


def write_pok(
    baris: Iterable[tuple],
    *,
    judul: Sequence[str] = ("RINCIAN KERTAS KERJA SATKER T.A. 2024", "KPU KABUPATEN GUNUNG MAS"),
    bulan: bool = False,
    penutup: Sequence[tuple] = (),
) -> bytes:
    """A POK / RKA-K/L-style sheet: title rows, a header, then one row per line where the Kode
    column carries only the line's own segment (``baris``: (kode, uraian, pagu, realisasi) with
    '' for a detail line); ``penutup`` rows are appended after the table (totals, signatures)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("POK")
    for t in judul:
        ws.append([None, t])
    ws.append([])
    kepala = [
        "KODE",
        "PROGRAM/ KEGIATAN/ KRO/ RO/ KOMPONEN/ SUB KOMPONEN/ AKUN/ DETIL",
        "PAGU",
        "REALISASI",
        "SISA",
        "%",
    ]
    if bulan:
        kepala = kepala[:3] + [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "Mei",
            "Jun",
            "Jul",
            "Agu",
            "Sep",
            "Okt",
            "Nov",
            "Des",
        ]
    ws.append(kepala)
    ws.append([f"({i})" for i in range(1, len(kepala) + 1)])
    for kode, uraian, pagu, realisasi in baris:
        if bulan:
            ws.append([kode or None, uraian, pagu, *([None] * 11), realisasi])
            continue
        sisa = (
            pagu - realisasi
            if isinstance(pagu, int | Decimal) and isinstance(realisasi, int | Decimal)
            else None
        )
        ws.append([kode or None, uraian, pagu, realisasi, sisa, None])
    for row in penutup:
        ws.append(list(row))
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()
