"""Indonesian formats and parsing of numbers, money, percentages, dates (docs/aturan.md rules 8–9).

Rounding happens here, at the edge, and nowhere else: half-up to two decimals for percentages.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from num2words import num2words

KOSONG = "—"
DUA_DESIMAL = Decimal("0.01")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def bulatkan(nilai: Decimal, tempat: int = 2) -> Decimal:
    """Round half-up to ``tempat`` decimals (never banker's rounding)."""
    return nilai.quantize(Decimal(1).scaleb(-tempat), rounding=ROUND_HALF_UP)


def _kelompokkan(bulat: str) -> str:
    """'41469966000' -> '41.469.966.000'."""
    tanda = "-" if bulat.startswith("-") else ""
    digit = bulat.lstrip("-")
    kelompok = []
    while len(digit) > 3:
        kelompok.insert(0, digit[-3:])
        digit = digit[:-3]
    kelompok.insert(0, digit)
    return tanda + ".".join(kelompok)


def format_angka(nilai: Decimal | int | None, desimal: int | None = None) -> str:
    """1250.5 -> '1.250,5'. With ``desimal`` the value is rounded half-up to that many places;
    without it, trailing zeros are dropped (1.0000 -> '1')."""
    if nilai is None:
        return KOSONG
    nilai = Decimal(nilai)
    if desimal is not None:
        nilai = bulatkan(nilai, desimal)
        teks = f"{nilai:.{desimal}f}"
    else:
        teks = format(nilai.normalize(), "f") if nilai != 0 else "0"
    bulat, _, pecahan = teks.partition(".")
    hasil = _kelompokkan(bulat)
    return f"{hasil},{pecahan}" if pecahan else hasil


def format_persen(nilai: Decimal | None) -> str:
    """Decimal('95.0584') -> '95,06%'; None (not measurable) -> '—'."""
    if nilai is None:
        return KOSONG
    return f"{format_angka(nilai, 2)}%"


def format_rupiah(nilai: Decimal | int | None) -> str:
    """41469966000 -> 'Rp41.469.966.000' (sen shown only when present)."""
    if nilai is None:
        return KOSONG
    nilai = Decimal(nilai)
    desimal = 0 if nilai == nilai.to_integral_value() else 2
    return f"Rp{format_angka(nilai, desimal)}"


def format_terbilang(nilai: Decimal | int | None) -> str:
    """An amount of rupiah in words, as official documents repeat it after the figure:
    41469966000 -> 'empat puluh satu miliar empat ratus enam puluh sembilan juta sembilan ratus
    enam puluh enam ribu rupiah'; sen, when present, follow ('… rupiah lima puluh sen'). None ->
    '' (nothing to repeat)."""
    if nilai is None:
        return ""
    nilai = Decimal(nilai)
    tanda = "minus " if nilai < 0 else ""
    rupiah, sen = divmod(bulatkan(abs(nilai), 2) * 100, 100)
    teks = f"{tanda}{num2words(int(rupiah), lang='id')} rupiah"
    return f"{teks} {num2words(int(sen), lang='id')} sen" if sen else teks


def format_tanggal(tanggal: datetime.date | None) -> str:
    """date(2025, 1, 5) -> '05 Januari 2025'."""
    if tanggal is None:
        return KOSONG
    return f"{tanggal.day:02d} {BULAN[tanggal.month - 1]} {tanggal.year}"


class AngkaTidakSah(ValueError):
    """Raised with an Indonesian message for input that is not an unambiguous number."""


def parse_angka(teks: str) -> Decimal:
    """Parse a number typed the Indonesian way: '95,06', '1.250', '1.250,5', 'Rp 1.191.810.000'.

    A dot is a thousands separator and a comma the decimal separator. Input that could be read two
    ways (e.g. '1.25' or '1,250,000') is refused rather than guessed.
    """
    asli = teks
    teks = teks.strip().replace("\u00a0", " ")
    if teks.lower().startswith("rp"):
        teks = teks[2:].lstrip(" .")
    teks = teks.replace(" ", "").rstrip("%")
    if not teks:
        raise AngkaTidakSah("Isian kosong.")
    negatif = teks.startswith("-")
    if negatif:
        teks = teks[1:]
    if teks.count(",") > 1:
        raise AngkaTidakSah(f"'{asli}' tidak jelas: gunakan koma hanya untuk desimal, mis. 95,06.")
    bulat, _, pecahan = teks.partition(",")
    if "." in bulat:
        kelompok = bulat.split(".")
        if not kelompok[0] or len(kelompok[0]) > 3 or any(len(k) != 3 for k in kelompok[1:]):
            raise AngkaTidakSah(
                f"'{asli}' tidak jelas: titik adalah pemisah ribuan (mis. 1.250) "
                "dan koma adalah desimal (mis. 1,25)."
            )
        bulat = "".join(kelompok)
    if not bulat.isdigit() or (pecahan and not pecahan.isdigit()):
        raise AngkaTidakSah(f"'{asli}' bukan angka.")
    try:
        nilai = Decimal(f"{bulat}.{pecahan}" if pecahan else bulat)
    except InvalidOperation as exc:  # pragma: no cover - guarded by isdigit above
        raise AngkaTidakSah(f"'{asli}' bukan angka.") from exc
    return -nilai if negatif else nilai


_SATUAN = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def terbilang(n: int) -> str:
    """Small whole numbers in words, as official texts write counts: 10 -> 'sepuluh'."""
    if n < 0 or n > 999:
        raise ValueError("terbilang hanya untuk 0–999.")
    if n < 10:
        return _SATUAN[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        kata = f"{_SATUAN[puluh]} puluh"
        return f"{kata} {_SATUAN[sisa]}" if sisa else kata
    ratus, sisa = divmod(n, 100)
    kata = "seratus" if ratus == 1 else f"{_SATUAN[ratus]} ratus"
    return f"{kata} {terbilang(sisa)}" if sisa else kata


def format_jumlah(n: int) -> str:
    """A count as official texts write it: 10 -> '10 (sepuluh)'."""
    return f"{n} ({terbilang(n)})"
