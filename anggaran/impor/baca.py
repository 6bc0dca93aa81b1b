"""Read budget lines from a POK / RKA-K/L / DIPA-style sheet or from our flat template.

Both layouts go through one reader. The header row is found by its text; each row's Kode is either
a full dotted code (our template: ``076.01.CQ.6709.QAH.001``), a partial one (``6709.QAH.001``) or
only the row's own segment (``6709``, ``QAH``, ``001``, ``051``, ``A``, ``521211``), whose
parents are
carried down from the rows above. Detail lines without a code get ``<induk>.d1``, ``.d2`` … in
sheet order, so the same file always gives the same codes.
"""

import datetime
import re
import threading
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO
from unittest import mock

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from anggaran.impor.berkas import BerkasDitolak, InfoBerkas, check_berkas
from anggaran.models import Tingkat
from lkjip.angka import AngkaTidakSah, format_rupiah, parse_angka

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


@dataclass(frozen=True)
class Masalah:
    """A problem in the file, located by sheet, row and column (letter), in Indonesian."""

    pesan: str
    lembar: str = ""
    baris: int | None = None
    kolom: str = ""
    galat: bool = True

    @property
    def lokasi(self) -> str:
        bagian = []
        if self.lembar:
            bagian.append(f"lembar “{self.lembar}”")
        if self.baris is not None:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom {self.kolom}")
        return ", ".join(bagian)

    def __str__(self) -> str:
        jenis = "Galat" if self.galat else "Peringatan"
        return f"{jenis} ({self.lokasi}): {self.pesan}" if self.lokasi else f"{jenis}: {self.pesan}"

    def to_json(self) -> list:
        return [self.pesan, self.lembar, self.baris, self.kolom, self.galat]

    @classmethod
    def from_json(cls, data: list) -> "Masalah":
        return cls(*data)


@dataclass
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


class _KodeTidakSah(ValueError):
    pass


class _AngkaSalah(ValueError):
    pass


def _norm_judul(nilai) -> str:
    if nilai is None:
        return ""
    teks = str(nilai).lower().replace("\n", " ")
    return " ".join(teks.replace(":", " ").split()).strip(" .")


def _is_bulan(t: str) -> bool:
    kata = t.replace("realisasi", "").replace("bulan", "").strip()
    return any(kata == b or (len(kata) >= 3 and b.startswith(kata)) for b in BULAN)


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
    if nilai is None:
        return None, False
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


def _klasifikasi(seg: str, konteks: int | None, numerik: bool, catat: list[str]) -> tuple[int, str]:
    """The level of one code segment below a line of level ``konteks``, and the segment cleaned."""
    asli = seg
    if re.fullmatch(r"[0-9O]{3}|[0-9O]{4}|[0-9O]{6}", seg) and "O" in seg and re.search(r"\d", seg):
        seg = seg.replace("O", "0")
        catat.append(f"Kode '{asli}' dibaca sebagai '{seg}' (huruf O diganti angka 0).")
    if re.fullmatch(r"0{1,2}", seg) and konteks is not None and konteks >= KOMPONEN:
        seg = seg.replace("0", "O")
        catat.append(
            f"Kode sub komponen '{asli}' dibaca sebagai '{seg}' (angka 0 diganti huruf O)."
        )
    if re.fullmatch(r"D\d{1,5}", seg) and konteks is not None:
        return DETAIL, seg.lower()
    if re.fullmatch(r"\d{6}", seg):
        return AKUN, seg
    if re.fullmatch(r"\d{4}", seg):
        return KEGIATAN, seg
    if re.fullmatch(r"[A-Z]{3}", seg):
        return KRO, seg
    if re.fullmatch(r"\d{1,3}", seg):
        if len(seg) < 3 and not numerik:
            catat.append(f"Kode '{asli}' dilengkapi menjadi '{seg.zfill(3)}'.")
        seg = seg.zfill(3)
        if konteks == KRO:
            return RO, seg
        if konteks is not None and konteks >= RO:
            return KOMPONEN, seg
        raise _KodeTidakSah(f"Kode '{asli}' (RO atau komponen) tidak punya KRO atau RO di atasnya.")
    if re.fullmatch(r"[A-Z]{1,2}", seg):
        if konteks is not None and konteks >= KOMPONEN:
            return SUBKOMPONEN, seg
        raise _KodeTidakSah(f"Kode sub komponen '{asli}' tidak punya komponen di atasnya.")
    if re.fullmatch(r"[A-Z0-9]{4,12}", seg) and re.search(r"[A-Z]", seg):
        return KEGIATAN, seg
    raise _KodeTidakSah(f"Kode '{asli}' tidak dikenal.")


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

    def read(self, ws, rumus_kosong: set[str]) -> None:
        judul = ws.title
        ws.reset_dimensions()  # never trust the declared dimension
        rows = ws.iter_rows(values_only=True)
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
        rantai: dict[int, BarisImpor] = {}
        kosong = 0
        sesudah_judul = 0
        for row in rows:
            nomor += 1
            sesudah_judul += 1
            if not any(v is not None and v != "" for v in row):
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
                    dipakai += bulan_baru
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
            if len(self.hasil.baris) >= BATAS_BARIS_DATA:
                self.masalah(
                    f"Lebih dari {BATAS_BARIS_DATA} baris anggaran; sisanya tidak dibaca.",
                    judul,
                    nomor,
                    None,
                )
                break
            self.read_baris(row, nomor, judul, kolom, rantai)

    def _sel(self, row: tuple, i: int | None):
        if i is None or i >= len(row):
            return None
        return row[i]

    def read_baris(
        self, row: tuple, nomor: int, judul: str, kolom: dict, rantai: dict[int, BarisImpor]
    ) -> None:
        sel_kode = self._sel(row, kolom["kode"])
        sel_uraian = self._sel(row, kolom["uraian"])
        uraian = _teks(sel_uraian)
        try:
            kode, numerik = _teks_kode(sel_kode)
        except _KodeTidakSah as exc:
            self.masalah(str(exc), judul, nomor, kolom["kode"])
            return
        diblokir = "(*)" in kode or "(*)" in uraian
        kode = kode.replace("(*)", "")
        uraian = uraian.replace("(*)", "").strip()
        catatan_tambahan: list[str] = []
        nilai: dict[str, Decimal | None] = {}
        salah = False
        for nama in ("pagu", "realisasi"):
            i = kolom.get(nama)
            sel_list = [i] if i is not None else (kolom["bulan"] if nama == "realisasi" else [])
            total = None
            for j in sel_list:
                try:
                    angka, blokir = _parse_jumlah(
                        self._sel(row, j), ribuan=self.ribuan, peringatan=catatan_tambahan
                    )
                except _AngkaSalah as exc:
                    self.masalah(f"{nama.capitalize()}: {exc}.", judul, nomor, j)
                    salah = True
                    continue
                diblokir = diblokir or blokir
                if angka is not None:
                    total = angka if total is None else total + angka
            nilai[nama] = total
            for pesan in catatan_tambahan:
                self.masalah(pesan, judul, nomor, sel_list[0] if sel_list else None, galat=False)
            catatan_tambahan.clear()
        pagu, realisasi = nilai["pagu"], nilai["realisasi"]

        if (not kode and RE_JUMLAH.match(uraian)) or RE_JUMLAH.match(_teks(sel_kode)):
            # Subtotal and total rows are never lines: the tree sums its own children.
            self.baris_jumlah = (judul, nomor, pagu, realisasi, len(self.hasil.baris))
            return
        bukan_kode = isinstance(sel_kode, str) and len(sel_kode.split()) > 1
        if kode and (bukan_kode or not RE_KODE.match(kode)):
            if pagu is None and realisasi is None:
                return  # a footer or signature text in the code column
            self.masalah(f"Kode '{_teks(sel_kode)}' tidak dikenal.", judul, nomor, kolom["kode"])
            return
        if not kode and pagu is None and realisasi is None:
            return  # a note, a heading or a signature line: not a budget line
        catatan = _teks(self._sel(row, kolom.get("catatan")))[:300]
        if diblokir:
            catatan = f"{CATATAN_BLOKIR}; {catatan}" if catatan else CATATAN_BLOKIR

        catat: list[str] = []
        try:
            kode_penuh, induk, tingkat = self.resolve_kode(kode, numerik, rantai, catat)
        except _KodeTidakSah as exc:
            self.masalah(str(exc), judul, nomor, kolom["kode"])
            return
        for pesan in catat:
            self.masalah(pesan, judul, nomor, kolom["kode"], galat=False)
        if kode_penuh in self.dikenal:
            lain = self.dikenal[kode_penuh]
            self.masalah(
                f"Kode {kode_penuh} ganda: sudah ada di lembar “{lain.lembar}” "
                f"baris {lain.nomor_baris}.",
                judul,
                nomor,
                kolom["kode"],
            )
            return
        if not uraian:
            self.masalah(f"Uraian {kode_penuh} kosong.", judul, nomor, kolom["uraian"])
            salah = True
        elif len(uraian) > 400:
            self.masalah(
                "Uraian lebih dari 400 karakter; dipotong.",
                judul,
                nomor,
                kolom["uraian"],
                galat=False,
            )
            uraian = uraian[:400]
        kolom_pagu = kolom.get("pagu")
        kolom_realisasi = kolom.get("realisasi", (kolom["bulan"] or [None])[0])
        if pagu is not None and pagu < 0:
            self.masalah(
                f"Pagu {format_rupiah(pagu)} negatif; pagu tidak boleh negatif.",
                judul,
                nomor,
                kolom_pagu,
            )
            salah = True
        if realisasi is not None and realisasi < 0:
            self.masalah(
                f"Realisasi {format_rupiah(realisasi)} negatif; realisasi tidak boleh negatif.",
                judul,
                nomor,
                kolom_realisasi,
            )
            salah = True
        if not salah and pagu is not None and realisasi is not None and realisasi > pagu:
            self.masalah(
                f"Realisasi {kode_penuh} ({format_rupiah(realisasi)}) melebihi pagu "
                f"({format_rupiah(pagu)}).",
                judul,
                nomor,
                kolom_realisasi,
                galat=False,
            )
        baris = BarisImpor(
            kode=kode_penuh,
            induk=None if induk is None else induk.kode,
            tingkat=TINGKAT[tingkat],
            uraian=uraian,
            pagu=pagu,
            realisasi=realisasi,
            catatan=catatan,
            urutan=len(self.hasil.baris) + 1,
            lembar=judul,
            nomor_baris=nomor,
        )
        self.hasil.baris.append(baris)
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
        if len(seg) >= 3 and re.fullmatch(r"[0-9O]{3}\.[0-9O]{2}\.[A-Z]{2}", awal):
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
        efektif: dict[str, tuple[Decimal | None, Decimal | None]] = {}
        jumlah_anak: dict[str, list[Decimal | None]] = {}
        for b in reversed(self.hasil.baris):
            if b.kode in self.punya_anak:
                pagu, realisasi = jumlah_anak.get(b.kode, [None, None])
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
            efektif[b.kode] = (pagu, realisasi)
            if b.induk is not None:
                akum = jumlah_anak.setdefault(b.induk, [None, None])
                for i, v in enumerate((pagu, realisasi)):
                    if v is not None:
                        akum[i] = v if akum[i] is None else akum[i] + v
        if self.baris_jumlah and self.baris_jumlah[4] == len(self.hasil.baris):
            judul, nomor, pagu, realisasi, _ = self.baris_jumlah
            akar = [efektif[b.kode] for b in self.hasil.baris if b.induk is None]
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


_KUNCI_MUAT = threading.Lock()


def _load_workbook(data: bytes):
    """openpyxl in read-only, values-only mode, without its up-front size scan.

    A read-only worksheet looks for its declared dimension when the workbook is opened, and a
    sheet without one (openpyxl's own write-only output, some exporters) is then parsed to the end
    once before any row is read. The dimension is not trusted here anyway (``reset_dimensions``),
    so the scan is skipped while this workbook is opened.
    """
    with _KUNCI_MUAT, mock.patch.object(ReadOnlyWorksheet, "_get_size", lambda self: None):
        return load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)


def read_anggaran(data: bytes, *, nama_berkas: str, ribuan: bool = False) -> HasilBaca:
    """Read every sheet with a recognisable header. Raises BerkasDitolak for unreadable files;
    problems inside a readable file are returned in ``HasilBaca.masalah``."""
    info: InfoBerkas = check_berkas(data, nama_berkas=nama_berkas)
    hasil = HasilBaca(makro=info.makro)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = _load_workbook(data)
            try:
                pembaca = _PembacaLembar(hasil, ribuan=ribuan)
                for ws in wb.worksheets:
                    if not hasattr(ws, "iter_rows"):
                        continue  # a chartsheet
                    path = getattr(ws, "_worksheet_path", "").lstrip("/")
                    pembaca.read(ws, info.rumus_tanpa_nilai.get(path, set()))
            finally:
                wb.close()
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
