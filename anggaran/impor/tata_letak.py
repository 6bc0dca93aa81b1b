"""The layout of a budget sheet: where its table header is and which column holds what.

Finance staff export and print their budgets from several applications (POK and RKA-K/L from
SAKTI, the DIPA petikan, OM-SPAN realisation reports). What those sheets share, and what this
module recognises (docs/impor_anggaran.md):

* a title block above the table (KEMENTERIAN/LEMBAGA, SATKER, TAHUN ANGGARAN …), which may say
  that the amounts are in thousands ("dalam ribuan rupiah");
* a header of one row, or of two rows where a merged cell spans its sub-columns ("Realisasi" over
  "Bulan Ini" / "s.d. Bulan Ini", "Perhitungan Tahun 2024" over volume, harga satuan and jumlah
  biaya);
* a column-number row under the header (``1 2 3 … 8=6-7 9=7/6``);
* the header and its number row again in the middle of the sheet where a printed page begins;
* derived columns (Sisa, %) that are checked against pagu and realisasi but never read as input.

When none of this finds a header, the user maps the columns by hand (``Peta``); the mapping is
found again by the header row's signature (``tanda_baris``).
"""

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from lkjip.angka import AngkaTidakSah, format_angka, format_persen, parse_angka
from lkjip.unggah.berkas import BerkasDitolak

BATAS_BARIS_JUDUL = 50  # the header row must be within the first rows of a sheet
BATAS_CONTOH = 15  # rows of an unrecognised sheet shown for a manual mapping
BATAS_KOLOM_CONTOH = 30
BATAS_LEMBAR_CONTOH = 10  # sheets whose first rows are kept for the mapping
BULAN = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
).split()
# One-value roles; "bulan" is a list of columns.
PERAN = ("kode", "uraian", "pagu", "realisasi", "catatan", "sisa", "persen")
NAMA_PERAN = {
    "kode": "Kode",
    "uraian": "Uraian",
    "pagu": "Pagu/Jumlah",
    "realisasi": "Realisasi",
    "bulan": "Realisasi per bulan",
    "catatan": "Catatan",
    "sisa": "Sisa",
    "persen": "%",
}
WAJIB = ("kode", "uraian", "pagu")
RE_RIBUAN = re.compile(r"ribuan|\(\s*rp\.?\s*000\s*\)|x\s*rp\.?\s*1\.?000\b")
# '8=6-7', '(9)=(7)/(6)', '5 = 3 x 4': a derived column's number in the column-number row.
RE_NOMOR_KOLOM = re.compile(r"\(?\d{1,2}\)?(\s*=\s*[\d()+\-x*/:.\s]+)?")
RE_KUMULATIF = re.compile(r"s\.?\s?d\b|sampai|kumulatif|total|jumlah")
RE_ADA_HURUF = re.compile(r"[a-z]")
# Sub-columns of a calculation that are never an amount: volume, satuan, harga satuan, frekuensi.
RE_BUKAN_JUMLAH = re.compile(r"vol|sat|harga|frek|kuantitas|qty")


def norm_judul(nilai) -> str:
    if nilai is None:
        return ""
    teks = str(nilai).lower().replace("\n", " ")
    return " ".join(teks.replace(":", " ").split()).strip(" .")


def nomor_bulan(t: str) -> int:
    """1–12 for a month's header ('Januari', 'Realisasi Feb', 'bulan mar'), else 0."""
    kata = t.replace("realisasi", "").replace("bulan", "").strip()
    return next(
        (i for i, b in enumerate(BULAN, 1) if kata == b or (len(kata) >= 3 and b.startswith(kata))),
        0,
    )


def is_bulan(t: str) -> bool:
    return nomor_bulan(t) > 0


def isi_nomor_bulan(kolom: dict, *rows: Sequence | None) -> dict:
    """Add ``kolom["nomor_bulan"]``: the month (1–12) of each month column, from the header text
    of the lowest of ``rows`` that names one (0: not known); twelve columns none of which names
    its month (a mapping by hand over unnamed columns) are January to December in order."""
    nomor = {}
    for j in kolom["bulan"]:
        n = 0
        for row in reversed(rows):
            v = _sel(row, j) if row is not None else None
            if isinstance(v, str) and (n := nomor_bulan(norm_judul(v))):
                break
        nomor[j] = n
    if len(nomor) == 12 and not any(nomor.values()):
        nomor = {j: i for i, j in enumerate(sorted(nomor), 1)}
    kolom["nomor_bulan"] = nomor
    return kolom


def _is_kumulatif(t: str) -> bool:
    return "s.d" in t or "sd " in t or "sampai" in t or "kumulatif" in t


def peran_judul(t: str) -> str | None:
    """The role of a column from its (normalised) header text, or None."""
    if not t:
        return None
    if t.startswith("kode") or t in ("kd", "no kode"):
        return "kode"
    if t.startswith("sisa"):
        return "sisa"
    if t.startswith(("%", "(%)", "persen", "prosentase")) or "serapan" in t:
        return "persen"
    if is_bulan(t) and not _is_kumulatif(t):
        return "bulan"
    if "realisasi" in t:
        return "realisasi"
    if "uraian" in t or t.startswith("program") or "kegiatan" in t or t.startswith("nama"):
        return "uraian"
    if t.startswith(("pagu", "jumlah", "alokasi", "anggaran")) or "jumlah biaya" in t:
        return "pagu"
    if t.startswith(("catatan", "ket")):
        return "catatan"
    return None


def _sel(row: Sequence, j: int):
    return row[j] if j < len(row) else None


def _is_subjudul(bawah: Sequence) -> bool:
    """A second header row: words only (no codes, no amounts), the Kode column empty."""
    isi = [v for v in bawah if v not in (None, "")]
    if not isi:
        return False
    return all(isinstance(v, str) and RE_ADA_HURUF.search(v.lower()) for v in isi)


def _peran_kolom(atas: Sequence, bawah: Sequence | None) -> dict:
    """Column indexes by role from a header of one row (``bawah`` None) or two rows.

    Under a merged group label (``atas`` carried right over the empty cells of its span) a
    sub-column's own label decides; otherwise the group's role goes to one of its sub-columns:
    the cumulative one for a realisation ("s.d. Bulan Ini"), the last one otherwise.
    """
    kolom: dict = {"bulan": []}
    skor: dict[str, int] = {}
    grup = ""
    lebar = max(len(atas), len(bawah or ()))
    for j in range(lebar):
        a = _sel(atas, j)
        b = _sel(bawah, j) if bawah is not None else None
        ta = norm_judul(a) if isinstance(a, str) else ""
        tb = norm_judul(b) if isinstance(b, str) else ""
        if ta:
            grup = ta
        elif not tb:
            grup = ""
        if tb:
            ta = ta or grup
        calon: list[tuple[str, int]] = []
        rb = peran_judul(tb)
        ra = peran_judul(ta)
        if rb == "bulan":
            kolom["bulan"].append(j)
            continue
        if rb and not (rb == "pagu" and ra in ("realisasi", "sisa", "persen")):
            calon.append((rb, 3))
        elif not tb and ra:
            calon.append((ra, 3))
        elif ra in ("realisasi", "pagu", "sisa", "persen") and not RE_BUKAN_JUMLAH.match(tb):
            pilih = RE_KUMULATIF.search(tb) or (ra == "pagu" and "biaya" in tb)
            calon.append((ra, 2 if pilih else 1))
        for peran, nilai in calon:
            if peran == "bulan":
                kolom["bulan"].append(j)
                continue
            lama = skor.get(peran, 0)
            if nilai > lama or (nilai == lama == 1):
                kolom[peran] = j
                skor[peran] = nilai
    return kolom


def cari_judul(row: Sequence) -> dict | None:
    """Column indexes by role if ``row`` alone is the table header, else None."""
    kolom = _peran_kolom(row, None)
    return kolom if set(WAJIB) <= kolom.keys() else None


def is_penomoran(row: Sequence) -> bool:
    """The '(1) (2) (3)', '1 2 3' or '… 8=6-7 9=7/6' row printed under a table header."""
    isi = [v for v in row if v not in (None, "")]
    if len(isi) < 2:
        return False
    for v in isi:
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float):
            if not (float(v).is_integer() and 0 <= v <= 50):
                return False
        elif not (isinstance(v, str) and RE_NOMOR_KOLOM.fullmatch(v.strip())):
            return False
    return True


@dataclass
class Tata:
    """The layout of one sheet: the header rows (0-based indexes into the rows read), the
    columns by role, and where the amounts were said to be in thousands."""

    kolom: dict
    judul: list[int]
    ribuan: tuple[int, str] | None = None  # (row number, the text that says so)
    peta: "Peta | None" = None


@dataclass(frozen=True)
class Peta:
    """A column mapping made by hand, found again by its header row's signature."""

    tanda: str
    kolom: dict  # role -> column index; "bulan" -> [column indexes]
    pk: int | None = None
    keterangan: str = ""


def tanda_baris(row: Sequence) -> str:
    """The signature of a header row: its texts by column, normalised."""
    isi = [f"{j}:{norm_judul(v)}" for j, v in enumerate(row) if norm_judul(v)]
    return hashlib.sha256("|".join(isi).encode()).hexdigest() if isi else ""


def _cari_ribuan(rows: Sequence[Sequence]) -> tuple[int, str] | None:
    for i, row in enumerate(rows):
        for v in row:
            if isinstance(v, str) and RE_RIBUAN.search(v.lower()):
                return i + 1, " ".join(v.split())
    return None


def cari_tata(rows: Sequence[Sequence], peta: Sequence[Peta] = ()) -> Tata | None:
    """The layout of a sheet from its first rows: a remembered mapping whose header row is among
    them first, else a header of two rows (a merged group over sub-columns), else of one row."""
    if peta:
        dari_tanda = {p.tanda: p for p in peta}
        for i, row in enumerate(rows):
            p = dari_tanda.get(tanda_baris(row))
            if p is not None:
                kolom = {"bulan": list(p.kolom.get("bulan", []))}
                kolom.update({k: v for k, v in p.kolom.items() if k != "bulan" and v is not None})
                return Tata(isi_nomor_bulan(kolom, row), [i], _cari_ribuan(rows[: i + 1]), p)
    for i, row in enumerate(rows):
        bawah = rows[i + 1] if i + 1 < len(rows) else None
        if bawah is not None and _is_subjudul(bawah):
            kolom = _peran_kolom(row, bawah)
            if set(WAJIB) <= kolom.keys() and _sel(bawah, kolom["kode"]) in (None, ""):
                return Tata(
                    isi_nomor_bulan(kolom, row, bawah), [i, i + 1], _cari_ribuan(rows[: i + 2])
                )
        kolom = cari_judul(row)
        if kolom:
            return Tata(isi_nomor_bulan(kolom, row), [i], _cari_ribuan(rows[: i + 1]))
    return None


def guess_peta(rows: Sequence[Sequence]) -> dict:
    """The mapping form's first guess for a sheet without a header: the row that came closest
    and the columns it names (``baris_judul`` 1-based), or {}."""
    terbaik = _terdekat(rows)
    if terbaik is None:
        return {}
    _, nomor, kolom = terbaik
    return {"baris_judul": nomor, **kolom}


def _terdekat(rows: Sequence[Sequence]) -> tuple[int, int, dict] | None:
    """(roles found, row number, columns) of the row of ``rows`` naming the most roles."""
    terbaik: tuple[int, int, dict] | None = None
    for i, row in enumerate(rows):
        kolom = _peran_kolom(row, None)
        ada = [k for k in PERAN if k in kolom] + (["bulan"] if kolom["bulan"] else [])
        if ada and (terbaik is None or len(ada) > terbaik[0]):
            terbaik = (len(ada), i + 1, kolom)
    return terbaik


def describe_tanpa_judul(judul: str, rows: Sequence[Sequence]) -> str:
    """Why no header was found in a sheet: the rows looked at, what was expected, the row that
    came closest."""
    terbaik = _terdekat(rows)
    awal = f"di lembar “{judul}” baris 1–{max(len(rows), 1)} tidak ada kolom Kode, Uraian dan "
    awal += "Pagu/Jumlah"
    if terbaik is None:
        return f"{awal}; tidak ada judul kolom yang dikenal"
    _, nomor, kolom = terbaik
    ada = [
        f"{NAMA_PERAN[k]} (kolom {get_column_letter(kolom[k] + 1)})" for k in PERAN if k in kolom
    ]
    kurang = [NAMA_PERAN[k] for k in WAJIB if k not in kolom]
    return f"{awal}; ditemukan: baris {nomor} berisi {', '.join(ada)}, tanpa {', '.join(kurang)}"


def teks_contoh(nilai) -> str:
    """A cell as the mapping grid shows it."""
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    if isinstance(nilai, datetime.datetime | datetime.date):
        return nilai.strftime("%d/%m/%Y")
    teks = " ".join(str(nilai).split())
    return teks if len(teks) <= 60 else teks[:59] + "…"


def build_contoh(rows: Sequence[Sequence]) -> dict:
    """The first rows of a sheet as text, trimmed to their last filled column, each row's
    signature (to remember a mapping whose header is that row) and a first guess of the
    mapping."""
    awal = rows[:BATAS_CONTOH]
    hasil = [[teks_contoh(v) for v in row[:BATAS_KOLOM_CONTOH]] for row in awal]
    lebar = max((j + 1 for r in hasil for j, t in enumerate(r) if t), default=0)
    return {
        "baris": [(r + [""] * lebar)[:lebar] for r in hasil],
        "tanda": [tanda_baris(row) for row in awal],
        "tebakan": guess_peta(rows[:BATAS_BARIS_JUDUL]),
    }


class JudulTidakDitemukan(BerkasDitolak):
    """No sheet has a recognisable header: the message says where it was looked for, and
    ``contoh`` holds each sheet's first rows for a mapping by hand."""

    def __init__(self, pesan: str, contoh: dict[str, dict]) -> None:
        super().__init__(pesan)
        self.contoh = contoh


def _desimal(nilai) -> Decimal | None:
    if nilai is None or nilai == "" or isinstance(nilai, bool):
        return None
    if isinstance(nilai, int | float):
        return Decimal(repr(nilai)) if isinstance(nilai, float) else Decimal(nilai)
    teks = str(nilai).replace("(*)", "").strip()
    if teks in ("", "-", "–", "—"):
        return None
    try:
        return parse_angka(teks)
    except (AngkaTidakSah, InvalidOperation):
        return None


def check_persen(nilai, pagu: Decimal, realisasi: Decimal) -> str | None:
    """A printed % (97,53 or the 0,9753 of a percent-formatted cell) that is not realisasi/pagu:
    the warning's text; None when it agrees (to the decimals shown) or is not a number."""
    angka = _desimal(nilai)
    if angka is None or not pagu:
        return None
    harus = realisasi * 100 / pagu
    desimal = max(-angka.as_tuple().exponent, 0)  # type: ignore[operator]
    toleransi = max(Decimal(5) / 10 ** (desimal + 1), Decimal("0.0001"))
    for kali in (1, 100):
        if abs(angka * kali - harus) <= toleransi * kali:
            return None
    tertulis = format_angka(angka, max(desimal, 0))
    return f"Persentase {tertulis}% tidak sama dengan realisasi/pagu ({format_persen(harus)})"


@dataclass
class PenandaUlang:
    """Skips the header and column-number rows printed again where a page begins."""

    kode_judul: object  # the header's Kode cell as written
    judul: list[tuple[str, ...]]  # the header rows, normalised
    sisa: int = 0  # header rows still expected after a repeat
    dilewati: list[int] = field(default_factory=list)

    @classmethod
    def dari(cls, rows: Sequence[Sequence], tata: Tata) -> "PenandaUlang":
        kepala = [rows[i] for i in tata.judul]
        return cls(
            _sel(kepala[0], tata.kolom["kode"]),
            [tuple(norm_judul(v) for v in r) for r in kepala],
        )

    def is_ulang(self, row: Sequence, sel_kode, nomor: int) -> bool:
        """Whether ``row`` is a repeated header or column-number row (then it is skipped)."""
        if self.sisa:
            norm = tuple(norm_judul(v) for v in row)
            if _sama(norm, self.judul[-self.sisa]):
                self.sisa -= 1
                self.dilewati.append(nomor)
                return True
            self.sisa = 0
        if sel_kode == self.kode_judul and _sama(tuple(norm_judul(v) for v in row), self.judul[0]):
            self.sisa = len(self.judul) - 1
            self.dilewati.append(nomor)
            return True
        jenis = type(sel_kode)
        if (
            (jenis is int or jenis is float)
            and 0 <= sel_kode <= 50
            or (jenis is str and 0 < len(sel_kode) <= 4 and sel_kode[0] in "(0123456789")
        ) and is_penomoran(row):
            self.dilewati.append(nomor)
            return True
        return False


def _sama(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two normalised rows with the same texts (trailing empty cells ignored)."""
    while a and not a[-1]:
        a = a[:-1]
    while b and not b[-1]:
        b = b[:-1]
    return a == b
