"""Plain SVG 1.1 pieces for the charts drawn on the server (the report's, the budget tree's and
the dashboard's): WeasyPrint draws them in the PDF and a browser inline, with no script. Positions
are Decimals written with at most two decimals (docs/aturan.md rule 8); every number a reader
sees is in Indonesian format (rule 9)."""

import hashlib
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lkjip.angka import bulatkan, format_angka, format_rupiah

FONT = "Liberation Sans, Arial, sans-serif"

_SATUAN_RUPIAH = ((Decimal(10**12), "T"), (Decimal(10**9), "M"), (Decimal(10**6), "jt"))


def format_rupiah_singkat(nilai: Decimal) -> str:
    """41469966000 -> 'Rp41,5 M', 750540000 -> 'Rp750,5 jt'; below a million the full amount
    ('Rp2.000'). One decimal, rounded half-up; a value that would round to 1.000 of a unit is
    written in the next one (999.960.000 -> 'Rp1 M')."""
    tanda = "-" if nilai < 0 else ""
    besar = abs(Decimal(nilai))
    for i, (batas, satuan) in enumerate(_SATUAN_RUPIAH):
        if besar >= batas:
            angka = bulatkan(besar / batas, 1)
            if angka >= 1000 and i > 0:
                batas, satuan = _SATUAN_RUPIAH[i - 1]
                angka = bulatkan(besar / batas, 1)
            return f"{tanda}Rp{format_angka(angka)} {satuan}"
    return tanda + format_rupiah(besar)


def koordinat(nilai: Decimal | int) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12.30 -> '12.3'."""
    teks = f"{bulatkan(Decimal(nilai), 2):f}"
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return "0" if teks == "-0" else teks


def teks(
    x: Decimal,
    y: Decimal,
    isi: str,
    *,
    anchor: str = "start",
    ukuran: int = 11,
    gaya: str = "",
    warna: str = "#000",
) -> str:
    return (
        f'<text x="{koordinat(x)}" y="{koordinat(y)}" font-size="{ukuran}" text-anchor="{anchor}" '
        f'fill="{warna}"{gaya}>{escape(isi)}</text>'
    )


def teks_berlatar(x: Decimal, tengah: Decimal, isi: str, gaya: str = "") -> str:
    """Text on a white backing, so it stays readable over hatching; ``tengah`` is the row's
    vertical centre."""
    latar = kotak(x - 2, tengah - 8, len(isi) * 7 + 4, Decimal(16), "#fff")
    return latar + teks(x, tengah + 4, isi, gaya=gaya)


def kotak(x: Decimal, y: Decimal, lebar: Decimal, tinggi: Decimal, isi: str, lain: str = "") -> str:
    return (
        f'<rect x="{koordinat(x)}" y="{koordinat(y)}" width="{koordinat(lebar)}" '
        f'height="{koordinat(tinggi)}" '
        f'fill="{isi}"{lain}/>'
    )


def garis(
    x1: Decimal,
    y1: Decimal,
    x2: Decimal,
    y2: Decimal,
    *,
    warna: str = "#000",
    tebal: str = "1",
    lain: str = "",
) -> str:
    return (
        f'<line x1="{koordinat(x1)}" y1="{koordinat(y1)}" '
        f'x2="{koordinat(x2)}" y2="{koordinat(y2)}" '
        f'stroke="{warna}" stroke-width="{tebal}"{lain}/>'
    )


def pendekkan(teks: str, maks: int) -> str:
    return teks if len(teks) <= maks else teks[: max(maks - 1, 0)].rstrip() + "…"


def ke_atas(nilai: Decimal, kelipatan: Decimal) -> Decimal:
    return (nilai / kelipatan).to_integral_value(rounding=ROUND_CEILING) * kelipatan


def awalan(*data: object) -> str:
    """Pattern ids unique to one chart's content: several charts share one HTML document."""
    return "g" + hashlib.sha1(repr(data).encode()).hexdigest()[:8]


def pola(awalan: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{awalan}-garis" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="#8a8a8a" stroke-width="1"/></pattern>'
        f'<pattern id="{awalan}-titik" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<rect width="5" height="5" fill="#fff"/>'
        '<rect x="2" y="2" width="1.5" height="1.5" fill="#666"/></pattern>'
        "</defs>"
    )


def isi_corak(corak: str, awalan: str) -> str:
    return corak if corak.startswith("#") else f"url(#{awalan}-{corak})"


def svg(
    *, lebar: Decimal, tinggi: Decimal, judul: str, deskripsi: str, isi: Sequence[str]
) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {koordinat(lebar)} {koordinat(tinggi)}" font-family="{FONT}">'
        f"<title>{escape(judul)}</title><desc>{escape(deskripsi)}</desc>" + "".join(isi) + "</svg>"
    )


def langkah_rupiah(tertinggi: Decimal) -> Decimal:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about five gridlines."""
    kasar = tertinggi / 5
    pangkat = Decimal(10) ** kasar.adjusted()
    for faktor in (1, 2, Decimal("2.5"), 5, 10):
        if faktor * pangkat >= kasar:
            return faktor * pangkat
    return 10 * pangkat  # pragma: no cover - faktor 10 always suffices
