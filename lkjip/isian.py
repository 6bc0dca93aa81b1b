"""Numbers typed into the workspace's forms (a realisation, a Renstra target): read the Indonesian
way, refused with a message rather than guessed, and shown back so that they read the same again.
Shared by kinerja and renstra; pure, no database."""

import re
from decimal import Decimal

from lkjip.angka import KOSONG, AngkaTidakSah, format_angka, parse_angka

# "1,250": Indonesian for 1,25 but English for 1250; refused rather than guessed. A leading 0
# ("0,125") cannot be an English thousands group, so it stays a decimal.
_KOMA_RIBUAN = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_DIGIT_BULAT_MAKS = 10  # Realisasi.nilai: max_digits 14, decimal_places 4
_DIGIT_DESIMAL_MAKS = 4


class IsianDitolak(Exception):
    """An entry refused with an Indonesian message for the user; nothing was written."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


def parse_nilai_realisasi(teks: str) -> Decimal | None:
    """A realisation typed the Indonesian way ("95,06", "1.250"); empty gives None (delete).

    Refuses, never guesses: what ``parse_angka`` refuses ("1.25"), a comma followed by exactly
    three digits ("1,250", thousands in English), negatives and more precision than is stored.
    """
    return parse_isian(teks)


def parse_isian(
    teks: str,
    *,
    nama: str = "Realisasi",
    bulat_maks: int = _DIGIT_BULAT_MAKS,
    desimal_maks: int = _DIGIT_DESIMAL_MAKS,
) -> Decimal | None:
    """``parse_nilai_realisasi`` for a value named ``nama`` stored with at most ``bulat_maks``
    digits before the comma and ``desimal_maks`` after it (an amount in rupiah: 16 and 2)."""
    teks = teks.strip()
    if not teks:
        return None
    inti = teks.replace("\u00a0", "").replace(" ", "").rstrip("%")
    if _KOMA_RIBUAN.match(inti):
        bulat, pecahan = inti.split(",")
        desimal = f"{bulat},{pecahan.rstrip('0')}" if pecahan.endswith("0") else f"{inti}0"
        raise IsianDitolak(
            f"'{teks}' tidak jelas: tulis {bulat}.{pecahan} bila maksudnya ribuan, "
            f"atau {desimal} bila maksudnya pecahan desimal."
        )
    try:
        nilai = parse_angka(teks)
    except AngkaTidakSah as exc:
        raise IsianDitolak(str(exc)) from exc
    if nilai < 0:
        raise IsianDitolak(f"{nama} tidak boleh negatif.")
    _, digit, eksponen = nilai.as_tuple()
    desimal = max(0, -eksponen)
    if desimal > desimal_maks:
        raise IsianDitolak(
            f"'{teks}' terlalu rinci: paling banyak {desimal_maks} angka di belakang koma."
        )
    if len(digit) - desimal > bulat_maks:
        raise IsianDitolak(f"'{teks}' terlalu besar.")
    return nilai


def format_isian(nilai: Decimal | None) -> str:
    """A stored value as the form shows it, readable again by ``parse_nilai_realisasi``: 1,234
    would be refused as ambiguous, so it is shown as 1,2340."""
    if nilai is None:
        return ""
    teks = format_angka(nilai)
    return f"{teks}0" if _KOMA_RIBUAN.match(teks) else teks


def format_nilai(*, nilai: Decimal | None, satuan: str) -> str:
    """A target or realisation as a person reads it: '100%', '1 Laporan', '6,5%'; None -> '—'."""
    if nilai is None:
        return KOSONG
    teks = format_angka(nilai)
    satuan = satuan.strip()
    if not satuan:
        return teks
    if satuan == "%":
        return f"{teks}%"
    return f"{teks} {satuan}"
