"""Read budget lines from a POK / RKA-K/L / DIPA-style sheet or from our flat template.

Both layouts go through one reader. The header row is found by its text; each row's Kode is either
a full dotted code (our template: ``076.01.CQ.6709.QAH.001``), a partial one (``6709.QAH.001``) or
only the row's own segment (``6709``, ``QAH``, ``001``, ``051``, ``A``, ``521211``), whose
parents are
carried down from the rows above. Detail lines without a code get ``<induk>.d1``, ``.d2`` … in
sheet order, so the same file always gives the same codes.

Cell values come from ``lkjip.unggah.lembar`` (python-calamine, or openpyxl where calamine cannot
serve), once ``check_berkas`` has passed the file.
"""

import datetime
import itertools
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from anggaran.impor.tata_letak import (
    BATAS_BARIS_JUDUL,
    BATAS_LEMBAR_CONTOH,
    JudulTidakDitemukan,
    PenandaUlang,
    Peta,
    Tata,
    build_contoh,
    cari_judul,
    cari_tata,
    check_persen,
    describe_tanpa_judul,
    is_bulan,
    is_penomoran,
    nomor_bulan,
    norm_judul,
)
from anggaran.models import Tingkat
from lkjip.angka import AngkaTidakSah, format_rupiah, parse_angka
from lkjip.unggah.baca import Masalah
from lkjip.unggah.berkas import BerkasDitolak, InfoBerkas, check_berkas
from lkjip.unggah.lembar import OTOMATIS, buka_lembar

TINGKAT = list(Tingkat.values)  # top to bottom
PROGRAM, KEGIATAN, KRO, RO, KOMPONEN, SUBKOMPONEN, AKUN, DETAIL = range(8)

BATAS_BARIS_KOSONG = 1000  # so many empty rows in a row end the sheet
BATAS_BARIS_DATA = 200_000
BATAS_MASALAH = 500
BATAS_ANGKA = Decimal(10) ** 16  # BarisAnggaran: 18 digits, 2 of them decimals
SEN = Decimal("0.01")
CATATAN_BLOKIR = "Diblokir (*)"

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
    # Layouts (tata_letak): where the header said "dalam ribuan", where a mapping made by hand
    # was used, and for each sheet without a header why and its first rows.
    ribuan: list[dict] = field(default_factory=list)
    dipetakan: list[dict] = field(default_factory=list)
    tanpa_judul: dict[str, str] = field(default_factory=dict)
    contoh: dict[str, dict] = field(default_factory=dict)

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


# The layout helpers live in tata_letak; these names stay for the readers that import them.
_norm_judul = norm_judul
_is_bulan = is_bulan
_cari_judul = cari_judul
_is_penomoran = is_penomoran


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
        "sisa",
        "persen",
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
        # Derived columns: checked against pagu and realisasi, never read as input.
        self.sisa: int | None = kolom.get("sisa")
        self.persen: int | None = kolom.get("persen")


class _PembacaLembar:
    """State while reading the rows of one workbook (sheets share codes and order)."""

    def __init__(self, hasil: HasilBaca, *, ribuan: bool, peta: Sequence[Peta] = ()) -> None:
        self.hasil = hasil
        self.ribuan_pilihan = ribuan  # as the user said on the form
        self.ribuan = ribuan  # for the sheet being read: also when its header says so
        self.peta = peta
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
        awal: list = []
        for row in rows:
            awal.append(row)
            if len(awal) >= BATAS_BARIS_JUDUL + 1:
                break
        tata = cari_tata(awal[:BATAS_BARIS_JUDUL], self.peta)
        if tata is None:
            self.hasil.lembar_dilewati.append(judul)
            self.hasil.tanpa_judul[judul] = describe_tanpa_judul(judul, awal[:BATAS_BARIS_JUDUL])
            if len(self.hasil.contoh) < BATAS_LEMBAR_CONTOH:
                self.hasil.contoh[judul] = build_contoh(awal)
            return
        self.hasil.lembar.append(judul)
        self._catat_tata(judul, tata, awal)
        kolom = tata.kolom
        penanda = PenandaUlang.dari(awal, tata)
        nomor = tata.judul[-1] + 1
        sisa_awal = awal[nomor:]
        dipakai = [
            kolom[k] for k in ("kode", "uraian", "pagu", "realisasi", "catatan") if k in kolom
        ]
        dipakai += kolom["bulan"]
        rencana = _Rencana(kolom, ribuan=self.ribuan)
        i_kode = rencana.kode
        kode_judul = penanda.kode_judul
        rantai: dict[int, BarisImpor] = {}
        kosong = 0
        sesudah_judul = 0
        baris = self.hasil.baris
        for row in itertools.chain(sisa_awal, rows):
            nomor += 1
            sesudah_judul += 1
            if row.count(None) + row.count("") == len(row):
                kosong += 1
                if kosong >= BATAS_BARIS_KOSONG:
                    break
                continue
            kosong = 0
            sel_kode = row[i_kode] if i_kode < len(row) else None
            jenis = type(sel_kode)
            if (
                penanda.sisa
                or sel_kode == kode_judul
                or ((jenis is float or jenis is int) and sel_kode <= 50)
                or (jenis is str and 0 < len(sel_kode) <= 4 and sel_kode[0] in "(123456789")
            ) and penanda.is_ulang(row, sel_kode, nomor):
                continue  # the header or the column numbers again, where a printed page begins
            if sesudah_judul <= 2 and tata.peta is None:
                bulan_baru = [
                    i for i, v in enumerate(row) if isinstance(v, str) and _is_bulan(_norm_judul(v))
                ]
                if bulan_baru and "realisasi" not in kolom:
                    kolom["bulan"].extend(bulan_baru)
                    kolom.setdefault("nomor_bulan", {}).update(
                        (i, nomor_bulan(_norm_judul(row[i]))) for i in bulan_baru
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

    def _catat_tata(self, judul: str, tata: Tata, awal: list) -> None:
        """Note what the layout says: thousands in the header, a mapping made by hand."""
        self.ribuan = self.ribuan_pilihan
        if tata.ribuan is not None:
            nomor, teks = tata.ribuan
            self.ribuan = True
            self.hasil.ribuan.append({"lembar": judul, "baris": nomor, "teks": teks[:120]})
        if tata.peta is not None:
            self.hasil.contoh[judul] = build_contoh(awal)  # to change the mapping
            self.hasil.dipetakan.append(
                {
                    "lembar": judul,
                    "baris": tata.judul[0] + 1,
                    "pk": tata.peta.pk,
                    "keterangan": tata.peta.keterangan,
                }
            )

    def check_turunan(
        self, row, r: "_Rencana", pagu: Decimal, realisasi: Decimal, judul: str, nomor: int
    ) -> None:
        """Sisa and % are derived: one that disagrees with pagu and realisasi is a warning."""
        n = len(row)
        if r.sisa is not None and r.sisa < n and row[r.sisa] not in (None, ""):
            try:
                sisa, _ = _parse_jumlah(row[r.sisa], ribuan=self.ribuan, peringatan=[])
            except _AngkaSalah:
                sisa = None
            harus = pagu - realisasi
            if sisa is not None and sisa != harus:
                self.masalah(
                    f"Sisa {format_rupiah(sisa)} tidak sama dengan pagu − realisasi "
                    f"({format_rupiah(harus)}); sisa dihitung, tidak dibaca dari berkas.",
                    judul,
                    nomor,
                    r.sisa,
                    galat=False,
                )
        if r.persen is not None and r.persen < n and row[r.persen] not in (None, ""):
            salah = check_persen(row[r.persen], pagu, realisasi)
            if salah:
                self.masalah(
                    f"{salah}; persentase dihitung, tidak dibaca dari berkas.",
                    judul,
                    nomor,
                    r.persen,
                    galat=False,
                )

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
        if (r.sisa is not None or r.persen is not None) and not salah and pagu is not None:
            self.check_turunan(row, r, pagu, realisasi or Decimal(0), judul, nomor)
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


def read_anggaran(
    data: bytes,
    *,
    nama_berkas: str,
    ribuan: bool = False,
    pembaca_sel: str = OTOMATIS,
    peta: Sequence[Peta] = (),
) -> HasilBaca:
    """Read every sheet with a recognisable header. Raises BerkasDitolak for unreadable files;
    problems inside a readable file are returned in ``HasilBaca.masalah``.

    ``pembaca_sel``: how the cells are read (``lkjip.unggah.lembar``): "otomatis", or "openpyxl"
    for the tests that compare the two readers.
    ``peta``: the satker's column mappings made by hand (tata_letak.Peta), used on a sheet whose
    header row has the same signature. A file with no recognisable header raises
    JudulTidakDitemukan (a BerkasDitolak) with each sheet's first rows, to map by hand.
    """
    info: InfoBerkas = check_berkas(data, nama_berkas=nama_berkas)
    hasil = HasilBaca(makro=info.makro)
    pembaca = _PembacaLembar(hasil, ribuan=ribuan, peta=peta)
    try:
        with warnings.catch_warnings(), buka_lembar(data, info, mesin=pembaca_sel) as buku:
            warnings.simplefilter("ignore")
            for judul in buku.nama:
                pembaca.read(judul, buku.baris(judul), buku.rumus_tanpa_nilai(judul))
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
        alasan = "; ".join(hasil.tanpa_judul.values()) or "berkas tidak berisi lembar kerja"
        raise JudulTidakDitemukan(
            f"Baris judul tabel tidak ditemukan: {alasan}. Pakai templat impor atau pastikan judul "
            "kolomnya tertulis; di halaman impor kolomnya juga bisa dipilih sendiri.",
            hasil.contoh,
        )
    if not hasil.baris and not hasil.galat:
        hasil.masalah.append(
            Masalah("Tidak ada satu pun baris anggaran di bawah judul tabel.", hasil.lembar[0])
        )
    pembaca.check_jumlah()
    return hasil
