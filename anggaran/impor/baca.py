"""Read budget lines from a POK / RKA-K/L / DIPA-style sheet or from our flat template.

Both layouts go through one reader. The header row is found by its text; each row's Kode is either
a full dotted code (our template: ``076.01.CQ.6709.QAH.001``), a partial one (``6709.QAH.001``) or
only the row's own segment (``6709``, ``QAH``, ``001``, ``051``, ``A``, ``521211``), whose
parents are
carried down from the rows above. Detail lines without a code get ``<induk>.d1``, ``.d2`` … in
sheet order, so the same file always gives the same codes.

Cell values are read by python-calamine (Rust) once ``check_berkas`` has passed the file and a
streamed scan of each worksheet has bounded the area calamine will allocate; anything that scan
cannot vouch for is read by openpyxl in read-only mode, as before. Both give the same rows.
"""

import datetime
import gc
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

import python_calamine
from openpyxl.utils import get_column_letter

from anggaran.models import Tingkat
from lkjip.angka import AngkaTidakSah, format_rupiah, parse_angka
from lkjip.unggah.baca import Masalah, buka_xlsx
from lkjip.unggah.berkas import BerkasDitolak, InfoBerkas, Tenggat, check_berkas, peta_lembar

TINGKAT = list(Tingkat.values)  # top to bottom
PROGRAM, KEGIATAN, KRO, RO, KOMPONEN, SUBKOMPONEN, AKUN, DETAIL = range(8)

BATAS_BARIS_JUDUL = 50  # the header row must be within the first rows of a sheet
BATAS_BARIS_KOSONG = 1000  # so many empty rows in a row end the sheet
BATAS_BARIS_DATA = 200_000
BATAS_MASALAH = 500
BATAS_ANGKA = Decimal(10) ** 16  # BarisAnggaran: 18 digits, 2 of them decimals
SEN = Decimal("0.01")
CATATAN_BLOKIR = "Diblokir (*)"

BULAN = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
).split()
RE_PROGRAM = re.compile(r"^\d{3}\.\d{2}\.[A-Z]{2}$")
RE_KODE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")
RE_JUMLAH = re.compile(r"^(sub\s*-?\s*)?(jumlah|total)\b", re.IGNORECASE)
RE_GALAT_SEL = re.compile(r"^#(REF!|VALUE!|DIV/0!|NAME\?|N/A|NUM!|NULL!)$")
# '1.191.810.000' or '850000': the common text amount, read exactly as parse_angka reads it.
RE_RIBUAN_POLOS = re.compile(r"\d{1,3}(?:\.\d{3})*|\d+")
RE_SEG_O_ANGKA = re.compile(r"[0-9O]{3}|[0-9O]{4}|[0-9O]{6}")
RE_SEG_NOL = re.compile(r"0{1,2}")
RE_SEG_DETAIL = re.compile(r"D\d{1,5}")
RE_SEG_AKUN = re.compile(r"\d{6}")
RE_SEG_KEGIATAN = re.compile(r"\d{4}")
RE_SEG_KRO = re.compile(r"[A-Z]{3}")
RE_SEG_RO = re.compile(r"\d{1,3}")
RE_SEG_SUB = re.compile(r"[A-Z]{1,2}")
RE_SEG_KEGIATAN_HURUF = re.compile(r"[A-Z0-9]{4,12}")
RE_ADA_ANGKA = re.compile(r"\d")
RE_ADA_HURUF = re.compile(r"[A-Z]")
RE_AWAL_PROGRAM = re.compile(r"[0-9O]{3}\.[0-9O]{2}\.[A-Z]{2}")


@dataclass(slots=True)
class BarisImpor:
    kode: str
    induk: str | None
    tingkat: str
    uraian: str
    pagu: Decimal | None
    realisasi: Decimal | None
    catatan: str
    urutan: int
    lembar: str
    nomor_baris: int
    # Realisation per month (12 values, None where the sheet has no figure) when the sheet gives
    # it by month; ``realisasi`` is then their sum.
    bulan: tuple[Decimal | None, ...] | None = None

    def to_json(self) -> list:
        return [
            self.kode,
            self.induk,
            self.tingkat,
            self.uraian,
            None if self.pagu is None else str(self.pagu),
            None if self.realisasi is None else str(self.realisasi),
            self.catatan,
            self.urutan,
            self.lembar,
            self.nomor_baris,
            None if self.bulan is None else [None if v is None else str(v) for v in self.bulan],
        ]

    @classmethod
    def from_json(cls, d: list) -> "BarisImpor":
        return cls(
            d[0],
            d[1],
            d[2],
            d[3],
            None if d[4] is None else Decimal(d[4]),
            None if d[5] is None else Decimal(d[5]),
            d[6],
            d[7],
            d[8],
            d[9],
            None
            if len(d) < 11 or d[10] is None
            else tuple(None if v is None else Decimal(v) for v in d[10]),
        )


@dataclass
class HasilBaca:
    baris: list[BarisImpor] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    lembar: list[str] = field(default_factory=list)
    lembar_dilewati: list[str] = field(default_factory=list)
    makro: bool = False
    masalah_terpotong: int = 0

    @property
    def galat(self) -> list[Masalah]:
        return [m for m in self.masalah if m.galat]

    @property
    def peringatan(self) -> list[Masalah]:
        return [m for m in self.masalah if not m.galat]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large import builds its objects.

    Every 700 new containers (a row's list, a BarisImpor) start a collection, and the older
    generations are walked again and again as 100,000 lines pile up (splitting the kept lines
    took 0.25 s instead of 0.12 s, reading the rows 0.68 s instead of 0.54 s). The lines hold
    no reference cycles, so nothing waits for the collector; reference counting frees as usual.
    The switch is process-wide: another thread's cycles wait the few seconds of an import.
    """
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()


class _KodeTidakSah(ValueError):
    pass


class _AngkaSalah(ValueError):
    pass


def _norm_judul(nilai) -> str:
    if nilai is None:
        return ""
    teks = str(nilai).lower().replace("\n", " ")
    return " ".join(teks.replace(":", " ").split()).strip(" .")


def _nomor_bulan(t: str) -> int:
    """1–12 for a month's header ('Januari', 'Realisasi Feb', 'bulan mar'), else 0."""
    kata = t.replace("realisasi", "").replace("bulan", "").strip()
    return next(
        (i for i, b in enumerate(BULAN, 1) if kata == b or (len(kata) >= 3 and b.startswith(kata))),
        0,
    )


def _is_bulan(t: str) -> bool:
    return _nomor_bulan(t) > 0


def _cari_judul(row: tuple) -> dict | None:
    """Column indexes by role if ``row`` is the table header, else None."""
    kolom: dict = {"bulan": []}
    for i, nilai in enumerate(row):
        t = _norm_judul(nilai)
        if not t or not isinstance(nilai, str):
            continue
        kumulatif = "s.d" in t or "sd " in t or "sampai" in t or "kumulatif" in t
        if "kode" not in kolom and (t.startswith("kode") or t in ("kd", "no kode")):
            kolom["kode"] = i
        elif _is_bulan(t) and not kumulatif:
            kolom["bulan"].append(i)
            kolom.setdefault("nomor_bulan", {})[i] = _nomor_bulan(t)
        elif "realisasi" in t and "realisasi" not in kolom:
            kolom["realisasi"] = i
        elif t.startswith("sisa") or t.startswith("%") or t.startswith("persen") or "serapan" in t:
            continue
        elif "uraian" not in kolom and (
            "uraian" in t or t.startswith("program") or "kegiatan" in t or t.startswith("nama")
        ):
            kolom["uraian"] = i
        elif "pagu" not in kolom and (
            t.startswith(("pagu", "jumlah", "alokasi", "anggaran")) or "jumlah biaya" in t
        ):
            kolom["pagu"] = i
        elif "catatan" not in kolom and t.startswith(("catatan", "ket")):
            kolom["catatan"] = i
    if {"kode", "uraian", "pagu"} <= kolom.keys():
        return kolom
    return None


def _is_penomoran(row: tuple) -> bool:
    """The '(1) (2) (3)' or '1 2 3' row printed under many government table headers."""
    isi = [v for v in row if v not in (None, "")]
    if len(isi) < 2:
        return False
    for v in isi:
        t = str(v).strip().strip("()")
        if not (
            isinstance(v, int | float | str)
            and t.replace(".0", "").isdigit()
            and int(float(t)) <= 50
        ):
            return False
    return True


def _teks(nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    return " ".join(str(nilai).split())


def _teks_kode(nilai) -> tuple[str, bool]:
    """The code text and whether it came from a numeric cell (whose leading zeros were lost)."""
    if nilai is None:
        return "", False
    if type(nilai) is str:
        return "".join(nilai.split()).upper().strip("."), False
    if isinstance(nilai, bool):
        return str(nilai).upper(), False
    if isinstance(nilai, int):
        return str(nilai), True
    if isinstance(nilai, float):
        if nilai.is_integer():
            return str(int(nilai)), True
        raise _KodeTidakSah(
            f"Kode {nilai} tersimpan sebagai angka desimal; ketik kode sebagai teks (mis. '076.01)."
        )
    if isinstance(nilai, datetime.date | datetime.time):
        raise _KodeTidakSah(
            "Kode tersimpan sebagai tanggal; format sel sebagai teks lalu ketik ulang."
        )
    return "".join(str(nilai).split()).upper().strip("."), False


def _parse_jumlah(nilai, *, ribuan: bool, peringatan: list[str]) -> tuple[Decimal | None, bool]:
    """An amount cell -> (Decimal or None, blocked mark present)."""
    diblokir = False
    if nilai is None or nilai == "":
        return None, False
    jenis = type(nilai)
    if jenis is int or (jenis is float and nilai.is_integer()):
        # A whole number (python-calamine gives every number as a float): exact, no rounding.
        angka = Decimal(int(nilai))
        if ribuan:
            angka *= 1000
        if abs(angka) >= BATAS_ANGKA:
            raise _AngkaSalah("angkanya terlalu besar")
        return angka, False
    if jenis is str and RE_RIBUAN_POLOS.fullmatch(nilai):
        angka = Decimal(nilai.replace(".", ""))
        if ribuan:
            angka *= 1000
        if angka >= BATAS_ANGKA:
            raise _AngkaSalah("angkanya terlalu besar")
        return angka, False
    if isinstance(nilai, bool):
        raise _AngkaSalah("berisi nilai benar/salah, bukan angka")
    if isinstance(nilai, datetime.date | datetime.time | datetime.timedelta):
        raise _AngkaSalah("berisi tanggal/waktu, bukan angka")
    if isinstance(nilai, int):
        angka = Decimal(nilai)
    elif isinstance(nilai, float):
        if nilai != nilai or nilai in (float("inf"), float("-inf")):
            raise _AngkaSalah("bukan angka")
        angka = Decimal(repr(nilai))
        bulat = angka.quantize(SEN, rounding=ROUND_HALF_UP)
        if abs(angka - bulat) < Decimal("0.000001"):
            angka = bulat  # floating-point noise of a saved formula
    else:
        teks = str(nilai).strip()
        if RE_GALAT_SEL.match(teks):
            raise _AngkaSalah(f"berisi galat rumus {teks}")
        if "(*)" in teks:
            diblokir = True
            teks = teks.replace("(*)", "").strip()
        if teks in ("", "-", "–", "—"):
            return None, diblokir
        negatif = teks.startswith("(") and teks.endswith(")")
        if negatif:
            teks = teks[1:-1]
        try:
            angka = parse_angka(teks)
        except AngkaTidakSah as exc:
            raise _AngkaSalah(str(exc)) from exc
        if negatif:
            angka = -angka
    if ribuan:
        angka *= 1000
    if angka.as_tuple().exponent < -2:  # type: ignore[operator]
        bulat = angka.quantize(SEN, rounding=ROUND_HALF_UP)
        peringatan.append(f"{angka} dibulatkan menjadi {bulat} (dua angka desimal).")
        angka = bulat
    if abs(angka) >= BATAS_ANGKA:
        raise _AngkaSalah("angkanya terlalu besar")
    return angka, diblokir


_LAIN = object()  # _jumlah_lazim: not a common cell, take the general path


def _jumlah_lazim(nilai):
    """The common amount cell exactly as ``_parse_jumlah`` reads it (without ``ribuan``): None
    when empty, the Decimal of a whole number or of '1.191.810.000' within range, else _LAIN."""
    if nilai is None or nilai == "":
        return None
    jenis = type(nilai)
    if jenis is float and nilai.is_integer():
        angka = Decimal(int(nilai))
        if -BATAS_ANGKA < angka < BATAS_ANGKA:
            return angka
    elif jenis is str and RE_RIBUAN_POLOS.fullmatch(nilai):
        angka = Decimal(nilai.replace(".", ""))
        if angka < BATAS_ANGKA:
            return angka
    return _LAIN


def _klasifikasi(seg: str, konteks: int | None, numerik: bool, catat: list[str]) -> tuple[int, str]:
    """The level of one code segment below a line of level ``konteks``, and the segment cleaned."""
    asli = seg
    if RE_SEG_O_ANGKA.fullmatch(seg) and "O" in seg and RE_ADA_ANGKA.search(seg):
        seg = seg.replace("O", "0")
        catat.append(f"Kode '{asli}' dibaca sebagai '{seg}' (huruf O diganti angka 0).")
    if RE_SEG_NOL.fullmatch(seg) and konteks is not None and konteks >= KOMPONEN:
        seg = seg.replace("0", "O")
        catat.append(
            f"Kode sub komponen '{asli}' dibaca sebagai '{seg}' (angka 0 diganti huruf O)."
        )
    if RE_SEG_DETAIL.fullmatch(seg) and konteks is not None:
        return DETAIL, seg.lower()
    if RE_SEG_AKUN.fullmatch(seg):
        return AKUN, seg
    if RE_SEG_KEGIATAN.fullmatch(seg):
        return KEGIATAN, seg
    if RE_SEG_KRO.fullmatch(seg):
        return KRO, seg
    if RE_SEG_RO.fullmatch(seg):
        if len(seg) < 3 and not numerik:
            catat.append(f"Kode '{asli}' dilengkapi menjadi '{seg.zfill(3)}'.")
        seg = seg.zfill(3)
        if konteks == KRO:
            return RO, seg
        if konteks is not None and konteks >= RO:
            return KOMPONEN, seg
        raise _KodeTidakSah(f"Kode '{asli}' (RO atau komponen) tidak punya KRO atau RO di atasnya.")
    if RE_SEG_SUB.fullmatch(seg):
        if konteks is not None and konteks >= KOMPONEN:
            return SUBKOMPONEN, seg
        raise _KodeTidakSah(f"Kode sub komponen '{asli}' tidak punya komponen di atasnya.")
    if RE_SEG_KEGIATAN_HURUF.fullmatch(seg) and RE_ADA_HURUF.search(seg):
        return KEGIATAN, seg
    raise _KodeTidakSah(f"Kode '{asli}' tidak dikenal.")


def _per_bulan(nomor: tuple[int, ...], nilai: list[Decimal | None]) -> tuple[Decimal | None, ...]:
    """The 12 months of a row from its month columns (two columns of one month are added)."""
    hasil: list[Decimal | None] = [None] * 12
    for bulan, angka in zip(nomor, nilai, strict=True):
        if bulan and angka is not None:
            ada = hasil[bulan - 1]
            hasil[bulan - 1] = angka if ada is None else ada + angka
    return tuple(hasil)


class _Rencana:
    """Column indexes of one sheet's table, worked out once from its header."""

    __slots__ = (
        "kode",
        "uraian",
        "catatan",
        "pagu",
        "realisasi",
        "kolom_pagu",
        "kolom_realisasi",
        "pagu_lazim",
        "realisasi_lazim",
        "bulan",
    )

    def __init__(self, kolom: dict, *, ribuan: bool) -> None:
        self.kode: int = kolom["kode"]
        self.uraian: int = kolom["uraian"]
        self.catatan: int | None = kolom.get("catatan")
        pagu = kolom.get("pagu")
        realisasi = kolom.get("realisasi")
        self.pagu: tuple[int, ...] = () if pagu is None else (pagu,)
        self.realisasi: tuple[int, ...] = (
            (realisasi,) if realisasi is not None else tuple(kolom["bulan"])
        )
        self.kolom_pagu: int | None = pagu
        self.kolom_realisasi: int | None = kolom.get("realisasi", (kolom["bulan"] or [None])[0])
        # The month (1–12) of each realisation column when the realisation is given by month.
        nomor = kolom.get("nomor_bulan", {})
        self.bulan: tuple[int, ...] = (
            () if realisasi is not None else tuple(nomor.get(i, 0) for i in self.realisasi)
        )
        # The one column of an amount that _jumlah_lazim may read, if any.
        self.pagu_lazim = self.pagu[0] if len(self.pagu) == 1 and not ribuan else None
        self.realisasi_lazim = (
            self.realisasi[0]
            if len(self.realisasi) == 1 and not ribuan and not self.bulan
            else None
        )


class _PembacaLembar:
    """State while reading the rows of one workbook (sheets share codes and order)."""

    def __init__(self, hasil: HasilBaca, *, ribuan: bool) -> None:
        self.hasil = hasil
        self.ribuan = ribuan
        self.dikenal: dict[str, BarisImpor] = {}
        self.punya_anak: set[str] = set()
        self.jumlah_detail: dict[str, int] = {}
        self.baris_jumlah: tuple[str, int, Decimal | None, Decimal | None, int] | None = None

    def masalah(
        self, pesan: str, lembar: str, baris: int | None, kolom: int | None, *, galat: bool = True
    ) -> None:
        if len(self.hasil.masalah) >= BATAS_MASALAH:
            self.hasil.masalah_terpotong += 1
            return
        huruf = get_column_letter(kolom + 1) if kolom is not None else ""
        self.hasil.masalah.append(Masalah(pesan, lembar, baris, huruf, galat))

    def read(self, judul: str, rows: Iterable, rumus_kosong: set[str]) -> None:
        """Read one sheet's rows (tuples or lists of cell values, from row 1, column A)."""
        rows = iter(rows)
        kolom = None
        nomor = 0
        for row in rows:
            nomor += 1
            kolom = _cari_judul(row)
            if kolom or nomor >= BATAS_BARIS_JUDUL:
                break
        if not kolom:
            self.hasil.lembar_dilewati.append(judul)
            return
        self.hasil.lembar.append(judul)
        dipakai = [
            kolom[k] for k in ("kode", "uraian", "pagu", "realisasi", "catatan") if k in kolom
        ]
        dipakai += kolom["bulan"]
        rencana = _Rencana(kolom, ribuan=self.ribuan)
        rantai: dict[int, BarisImpor] = {}
        kosong = 0
        sesudah_judul = 0
        baris = self.hasil.baris
        for row in rows:
            nomor += 1
            sesudah_judul += 1
            if row.count(None) + row.count("") == len(row):
                kosong += 1
                if kosong >= BATAS_BARIS_KOSONG:
                    break
                continue
            kosong = 0
            if sesudah_judul <= 2:
                bulan_baru = [
                    i for i, v in enumerate(row) if isinstance(v, str) and _is_bulan(_norm_judul(v))
                ]
                if bulan_baru and "realisasi" not in kolom:
                    kolom["bulan"].extend(bulan_baru)
                    kolom.setdefault("nomor_bulan", {}).update(
                        (i, _nomor_bulan(_norm_judul(row[i]))) for i in bulan_baru
                    )
                    dipakai += bulan_baru
                    rencana = _Rencana(kolom, ribuan=self.ribuan)
                    continue
                if bulan_baru or _is_penomoran(row):
                    continue
            if rumus_kosong:
                for i in dipakai:
                    ref = f"{get_column_letter(i + 1)}{nomor}"
                    if ref in rumus_kosong:
                        self.masalah(
                            f"Sel {ref} berisi rumus tanpa nilai tersimpan. Buka berkas di Excel "
                            "atau LibreOffice, biarkan menghitung, simpan, lalu unggah lagi.",
                            judul,
                            nomor,
                            i,
                        )
            if len(baris) >= BATAS_BARIS_DATA:
                self.masalah(
                    f"Lebih dari {BATAS_BARIS_DATA} baris anggaran; sisanya tidak dibaca.",
                    judul,
                    nomor,
                    None,
                )
                break
            self.read_baris(row, nomor, judul, rencana, rantai)

    def _jumlah(
        self,
        row,
        kolom: tuple[int, ...],
        nama: str,
        judul: str,
        nomor: int,
        rincian: list[Decimal | None] | None = None,
    ) -> tuple[Decimal | None, bool, bool]:
        """Σ of an amount's cells (one column, or the monthly ones): (total, blocked, wrong).
        ``rincian``, if given, receives each cell's amount (None when empty or wrong)."""
        total = None
        diblokir = salah = False
        catatan: list[str] = []
        n = len(row)
        for j in kolom:
            try:
                angka, blokir = _parse_jumlah(
                    row[j] if j < n else None, ribuan=self.ribuan, peringatan=catatan
                )
            except _AngkaSalah as exc:
                self.masalah(f"{nama}: {exc}.", judul, nomor, j)
                salah = True
                if rincian is not None:
                    rincian.append(None)
                continue
            if rincian is not None:
                rincian.append(angka)
            diblokir = diblokir or blokir
            if angka is not None:
                total = angka if total is None else total + angka
        for pesan in catatan:
            self.masalah(pesan, judul, nomor, kolom[0] if kolom else None, galat=False)
        return total, diblokir, salah

    def read_baris(
        self, row, nomor: int, judul: str, r: "_Rencana", rantai: dict[int, BarisImpor]
    ) -> None:
        n = len(row)
        sel_kode = row[r.kode] if r.kode < n else None
        sel_uraian = row[r.uraian] if r.uraian < n else None
        # The common cells (text or nothing) inline: this runs once per row of 100,000.
        uraian = " ".join(sel_uraian.split()) if type(sel_uraian) is str else _teks(sel_uraian)
        if sel_kode is None:
            kode, numerik = "", False
        elif type(sel_kode) is str:
            kode, numerik = "".join(sel_kode.split()).upper().strip("."), False
        else:
            try:
                kode, numerik = _teks_kode(sel_kode)
            except _KodeTidakSah as exc:
                self.masalah(str(exc), judul, nomor, r.kode)
                return
        diblokir = False
        if "(*)" in kode or "(*)" in uraian:
            diblokir = True
            kode = kode.replace("(*)", "")
            uraian = uraian.replace("(*)", "").strip()
        salah = False
        j = r.pagu_lazim
        pagu = _LAIN if j is None else _jumlah_lazim(row[j] if j < n else None)
        if pagu is _LAIN:
            pagu, blokir, salah = self._jumlah(row, r.pagu, "Pagu", judul, nomor)
            diblokir = diblokir or blokir
        j = r.realisasi_lazim
        realisasi = _LAIN if j is None else _jumlah_lazim(row[j] if j < n else None)
        bulan = None
        if realisasi is _LAIN:
            rincian: list[Decimal | None] | None = [] if r.bulan else None
            realisasi, blokir, keliru = self._jumlah(
                row, r.realisasi, "Realisasi", judul, nomor, rincian
            )
            diblokir = diblokir or blokir
            salah = salah or keliru
            if rincian and realisasi is not None:
                bulan = _per_bulan(r.bulan, rincian)

        if (not kode and RE_JUMLAH.match(uraian)) or (
            sel_kode is not None and sel_kode != "" and RE_JUMLAH.match(_teks(sel_kode))
        ):
            # Subtotal and total rows are never lines: the tree sums its own children.
            self.baris_jumlah = (judul, nomor, pagu, realisasi, len(self.hasil.baris))
            return
        if kode:
            bukan_kode = isinstance(sel_kode, str) and len(sel_kode.split()) > 1
            if bukan_kode or not RE_KODE.match(kode):
                if pagu is None and realisasi is None:
                    return  # a footer or signature text in the code column
                self.masalah(f"Kode '{_teks(sel_kode)}' tidak dikenal.", judul, nomor, r.kode)
                return
        elif pagu is None and realisasi is None:
            return  # a note, a heading or a signature line: not a budget line
        if r.catatan is not None and r.catatan < n:
            catatan = _teks(row[r.catatan])[:300]
        else:
            catatan = ""
        if diblokir:
            catatan = f"{CATATAN_BLOKIR}; {catatan}" if catatan else CATATAN_BLOKIR

        if not kode and rantai:
            # A detail line under the nearest line above: resolve_kode's first case, inline.
            induk = rantai[max(rantai)]
            ke = self.jumlah_detail.get(induk.kode, 0) + 1
            self.jumlah_detail[induk.kode] = ke
            kode_penuh, tingkat = f"{induk.kode}.d{ke}", DETAIL
        else:
            catat: list[str] = []
            try:
                kode_penuh, induk, tingkat = self.resolve_kode(kode, numerik, rantai, catat)
            except _KodeTidakSah as exc:
                self.masalah(str(exc), judul, nomor, r.kode)
                return
            for pesan in catat:
                self.masalah(pesan, judul, nomor, r.kode, galat=False)
        lain = self.dikenal.get(kode_penuh)
        if lain is not None:
            self.masalah(
                f"Kode {kode_penuh} ganda: sudah ada di lembar “{lain.lembar}” "
                f"baris {lain.nomor_baris}.",
                judul,
                nomor,
                r.kode,
            )
            return
        if not uraian:
            self.masalah(f"Uraian {kode_penuh} kosong.", judul, nomor, r.uraian)
            salah = True
        elif len(uraian) > 400:
            self.masalah(
                "Uraian lebih dari 400 karakter; dipotong.",
                judul,
                nomor,
                r.uraian,
                galat=False,
            )
            uraian = uraian[:400]
        if pagu is not None and pagu < 0:
            self.masalah(
                f"Pagu {format_rupiah(pagu)} negatif; pagu tidak boleh negatif.",
                judul,
                nomor,
                r.kolom_pagu,
            )
            salah = True
        if realisasi is not None and realisasi < 0:
            self.masalah(
                f"Realisasi {format_rupiah(realisasi)} negatif; realisasi tidak boleh negatif.",
                judul,
                nomor,
                r.kolom_realisasi,
            )
            salah = True
        if not salah and pagu is not None and realisasi is not None and realisasi > pagu:
            self.masalah(
                f"Realisasi {kode_penuh} ({format_rupiah(realisasi)}) melebihi pagu "
                f"({format_rupiah(pagu)}).",
                judul,
                nomor,
                r.kolom_realisasi,
                galat=False,
            )
        hasil_baris = self.hasil.baris
        baris = BarisImpor(
            kode_penuh,
            None if induk is None else induk.kode,
            TINGKAT[tingkat],
            uraian,
            pagu,
            realisasi,
            catatan,
            len(hasil_baris) + 1,
            judul,
            nomor,
            bulan,
        )
        hasil_baris.append(baris)
        self.dikenal[kode_penuh] = baris
        if induk is not None:
            self.punya_anak.add(induk.kode)
        if tingkat != DETAIL:
            for lvl in [k for k in rantai if k >= tingkat]:
                del rantai[lvl]
            rantai[tingkat] = baris

    def resolve_kode(
        self, kode: str, numerik: bool, rantai: dict[int, BarisImpor], catat: list[str]
    ) -> tuple[str, BarisImpor | None, int]:
        """(full code, parent line, level) of a row's code in the context of the rows above."""
        konteks = max(rantai) if rantai else None
        if not kode:
            if konteks is None:
                raise _KodeTidakSah(
                    "Baris rincian tanpa kode, dan tidak ada baris berkode di atasnya."
                )
            induk = rantai[konteks]
            n = self.jumlah_detail.get(induk.kode, 0) + 1
            self.jumlah_detail[induk.kode] = n
            return f"{induk.kode}.d{n}", induk, DETAIL
        seg = kode.split(".")
        awal = ".".join(seg[:3])
        if len(seg) >= 3 and RE_AWAL_PROGRAM.fullmatch(awal):
            if "O" in awal[:6]:
                baru = awal[:6].replace("O", "0") + awal[6:]
                catat.append(
                    f"Kode program '{awal}' dibaca sebagai '{baru}' (huruf O diganti angka 0)."
                )
                awal = baru
            if len(seg) == 3:
                return awal, None, PROGRAM
            penuh, sisa = awal, seg[3:]
        else:
            # A partial code (6709, QAH.001, …): its first segment says where it hangs.
            tingkat0, seg[0] = _klasifikasi(seg[0], konteks, numerik and len(seg) == 1, catat)
            di_atas = [lvl for lvl in rantai if lvl < tingkat0]
            if not di_atas:
                raise _KodeTidakSah(
                    f"Kode '{kode}' ({Tingkat.labels[tingkat0]}) tidak punya induk di atasnya; "
                    "mulailah dengan baris program (mis. 076.01.CQ)."
                )
            induk = rantai[max(di_atas)]
            if tingkat0 == KEGIATAN and induk.tingkat != Tingkat.PROGRAM:
                raise _KodeTidakSah(f"Kegiatan '{kode}' tidak berada di bawah baris program.")
            if len(seg) == 1:
                return f"{induk.kode}.{seg[0]}", induk, tingkat0
            penuh, sisa = f"{induk.kode}.{seg[0]}", seg[1:]
            if penuh not in self.dikenal:
                raise _KodeTidakSah(
                    f"Induk {penuh} dari kode '{kode}' belum ada di atas baris ini."
                )
        for s in sisa:
            induk = self.dikenal.get(penuh)
            if induk is None:
                raise _KodeTidakSah(f"Induk {penuh} dari kode {kode} belum ada di atas baris ini.")
            tingkat, s = _klasifikasi(s, TINGKAT.index(induk.tingkat), False, catat)
            penuh = f"{penuh}.{s}"
        return penuh, induk, tingkat

    def check_jumlah(self) -> None:
        """Rule 12: a parent total in the file that disagrees with its children is reported."""
        # Children come after their parent, so one pass from the end sums every parent's
        # children before the parent is met. Sums of Decimals are exact: order does not matter.
        punya_anak = self.punya_anak
        anak_pagu: dict[str, Decimal] = {}
        anak_realisasi: dict[str, Decimal] = {}
        akar: list[tuple[Decimal | None, Decimal | None]] = []
        for b in reversed(self.hasil.baris):
            kode = b.kode
            if kode in punya_anak:
                pagu, realisasi = anak_pagu.get(kode), anak_realisasi.get(kode)
                for nama, disimpan, hitung in (
                    ("Pagu", b.pagu, pagu),
                    ("Realisasi", b.realisasi, realisasi),
                ):
                    if disimpan is not None and hitung is not None and disimpan != hitung:
                        self.masalah(
                            f"{nama} {b.kode} di berkas ({format_rupiah(disimpan)}) berbeda dengan "
                            f"jumlah rinciannya ({format_rupiah(hitung)}); "
                            "yang dipakai jumlah rincian.",
                            b.lembar,
                            b.nomor_baris,
                            None,
                            galat=False,
                        )
            else:
                pagu, realisasi = b.pagu, b.realisasi
            induk = b.induk
            if induk is None:
                akar.append((pagu, realisasi))
                continue
            if pagu is not None:
                ada = anak_pagu.get(induk)
                anak_pagu[induk] = pagu if ada is None else ada + pagu
            if realisasi is not None:
                ada = anak_realisasi.get(induk)
                anak_realisasi[induk] = realisasi if ada is None else ada + realisasi
        if self.baris_jumlah and self.baris_jumlah[4] == len(self.hasil.baris):
            judul, nomor, pagu, realisasi, _ = self.baris_jumlah
            for nama, disimpan, i in (("Pagu", pagu, 0), ("Realisasi", realisasi, 1)):
                hitung = sum((a[i] for a in akar if a[i] is not None), Decimal(0))
                if disimpan is not None and disimpan != hitung:
                    self.masalah(
                        f"{nama} pada baris jumlah ({format_rupiah(disimpan)}) berbeda "
                        "dengan jumlah "
                        f"seluruh program ({format_rupiah(hitung)}); yang dipakai jumlah program.",
                        judul,
                        nomor,
                        None,
                        galat=False,
                    )


# --- python-calamine -----------------------------------------------------------------------------
# calamine keeps a sheet as one dense rectangle of cells (about 32 bytes each) from its first to
# its last cell, so two far-apart cells would make it allocate gigabytes. Before calamine opens a
# sheet, a streamed scan of the sheet's XML bounds that rectangle; a sheet above the bound, or
# anything the scan does not recognise, is read by openpyxl in read-only mode instead (streamed,
# bounded memory, as before). The same scan collects error cells (#REF! …), which openpyxl gives as
# text and calamine as empty, so that both readers give the same rows.

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
        raise _BukanUntukCalamine


def _read_calamine(data: bytes, pembaca: "_PembacaLembar", info: InfoBerkas) -> None:
    daftar = _siapkan_calamine(data, info.tenggat)
    with python_calamine.CalamineWorkbook.from_filelike(BytesIO(data)) as wb:
        semua = wb.sheets_metadata
        if len(semua) != len(daftar):
            raise _BukanUntukCalamine
        for meta, (judul, lembar) in zip(semua, daftar, strict=True):
            lembar_kerja = meta.typ == python_calamine.SheetTypeEnum.WorkSheet
            if meta.name != judul or lembar_kerja != (lembar is not None):
                raise _BukanUntukCalamine
            if lembar is None:
                continue  # a chartsheet
            sheet = wb.get_sheet_by_name(judul)
            pembaca.read(
                judul,
                info.tenggat.baris(_baris_calamine(sheet, lembar.galat_sel)),
                info.rumus_tanpa_nilai.get(lembar.path, set()),
            )
            del sheet


def _read_openpyxl(data: bytes, pembaca: "_PembacaLembar", info: InfoBerkas) -> None:
    wb = buka_xlsx(data)
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # a chartsheet
            path = getattr(ws, "_worksheet_path", "").lstrip("/")
            ws.reset_dimensions()  # never trust the declared dimension
            pembaca.read(
                ws.title,
                info.tenggat.baris(ws.iter_rows(values_only=True)),
                info.rumus_tanpa_nilai.get(path, set()),
            )
    finally:
        wb.close()


def read_anggaran(
    data: bytes, *, nama_berkas: str, ribuan: bool = False, pembaca_sel: str = "otomatis"
) -> HasilBaca:
    """Read every sheet with a recognisable header. Raises BerkasDitolak for unreadable files;
    problems inside a readable file are returned in ``HasilBaca.masalah``.

    ``pembaca_sel``: "otomatis" (python-calamine when the scan allows it, else openpyxl),
    "openpyxl" (always openpyxl; used by the tests that compare the two).
    """
    with gc_paused():
        return _read_anggaran(data, nama_berkas=nama_berkas, ribuan=ribuan, pembaca_sel=pembaca_sel)


def _read_anggaran(data: bytes, *, nama_berkas: str, ribuan: bool, pembaca_sel: str) -> HasilBaca:
    info: InfoBerkas = check_berkas(data, nama_berkas=nama_berkas)
    hasil = HasilBaca(makro=info.makro)
    pembaca = _PembacaLembar(hasil, ribuan=ribuan)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dibaca = False
            if pembaca_sel == "otomatis":
                try:
                    _read_calamine(data, pembaca, info)
                    dibaca = True
                except (_BukanUntukCalamine, python_calamine.CalamineError):
                    hasil = HasilBaca(makro=info.makro)
                    pembaca = _PembacaLembar(hasil, ribuan=ribuan)
            if not dibaca:
                _read_openpyxl(data, pembaca, info)
    except BerkasDitolak:
        raise
    except (InvalidOperation, MemoryError, RecursionError) as exc:
        raise BerkasDitolak("Berkas tidak dapat dibaca sampai selesai.") from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise BerkasDitolak(
            "Berkas .xlsx tidak dapat dibaca (isinya rusak atau tidak sesuai format). Buka dan "
            f"simpan ulang di Excel atau LibreOffice, lalu unggah lagi. ({type(exc).__name__})"
        ) from exc
    if not hasil.lembar:
        daftar = ", ".join(f"“{n}”" for n in hasil.lembar_dilewati) or "-"
        raise BerkasDitolak(
            "Tidak ditemukan baris judul tabel (kolom Kode, Uraian, dan Pagu atau Jumlah) dalam "
            f"{BATAS_BARIS_JUDUL} baris pertama lembar mana pun ({daftar}). Pakai templat impor "
            "atau pastikan judul kolomnya tertulis."
        )
    if not hasil.baris and not hasil.galat:
        hasil.masalah.append(
            Masalah("Tidak ada satu pun baris anggaran di bawah judul tabel.", hasil.lembar[0])
        )
    pembaca.check_jumlah()
    return hasil
