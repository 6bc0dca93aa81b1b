"""The monitoring page's two small charts as inline SVG (docs/pemantauan.md, "Halaman
pemantauan"): how many satker fall in each category of capaian, and how many in each band of
serapan. Both read the roll-up (``Rekap``); the page prints the same counts as a table beside
them, so a chart never has to be read by its shape or colour."""

from decimal import Decimal

from django.utils.safestring import SafeString

from lkjip.svg import garis, kotak, pendekkan, svg, teks
from pemantauan.rekap import Rekap

WARNA_KATEGORI = {
    "Sangat Baik": "#1e6b34",
    "Baik": "#2f5f9e",
    "Cukup Baik": "#8a5a00",
    "Gagal": "#a11d1d",
}
WARNA_LAIN = "#8a8a8a"
WARNA_SERAPAN = "#4f5b6b"
LEBAR = Decimal(360)


def grafik_kategori(rekap: Rekap) -> SafeString:
    """One horizontal bar per category, its count at its end."""
    baris = list(rekap.per_kategori.items())
    tertinggi = max((n for _, n in baris), default=0) or 1
    kiri, kanan, tinggi_baris = Decimal(104), LEBAR - 36, Decimal(22)
    isi = []
    for i, (nama, n) in enumerate(baris):
        y = Decimal(6) + tinggi_baris * i
        isi.append(teks(kiri - 6, y + 14, pendekkan(nama, 16), anchor="end", ukuran=12))
        panjang = (kanan - kiri) * n / tertinggi
        isi.append(
            kotak(kiri, y + 3, panjang, tinggi_baris - 6, WARNA_KATEGORI.get(nama, WARNA_LAIN))
        )
        isi.append(teks(kiri + panjang + 4, y + 15, str(n), ukuran=12))
    tinggi = Decimal(12) + tinggi_baris * len(baris)
    isi.append(garis(kiri, Decimal(4), kiri, tinggi - 4))
    deskripsi = "; ".join(f"{nama}: {n} satker" for nama, n in baris) + "."
    return svg(
        lebar=LEBAR,
        tinggi=tinggi,
        judul="Jumlah satker per kategori capaian kinerja",
        deskripsi=deskripsi,
        isi=isi,
    )


def grafik_serapan(rekap: Rekap) -> SafeString:
    """A histogram: one column per band of serapan, its count above it."""
    kolom = list(rekap.histogram_serapan)
    tertinggi = max((n for _, n in kolom), default=0) or 1
    lebar = Decimal(450)
    atas, bawah, kiri = Decimal(18), Decimal(118), Decimal(4)
    slot = (lebar - 2 * kiri) / max(len(kolom), 1)
    isi = []
    for i, (label, n) in enumerate(kolom):
        tengah = kiri + slot * i + slot / 2
        tinggi = (bawah - atas) * n / tertinggi
        isi.append(
            kotak(
                tengah - slot * Decimal("0.35"),
                bawah - tinggi,
                slot * Decimal("0.7"),
                tinggi,
                WARNA_SERAPAN,
            )
        )
        isi.append(teks(tengah, bawah - tinggi - 4, str(n), anchor="middle", ukuran=12))
        pendek = label.replace("–< ", "–").replace("Tanpa pagu", "tanpa pagu")
        isi.append(teks(tengah, bawah + 15, pendek, anchor="middle", ukuran=10))
    isi.append(garis(kiri, bawah, lebar - kiri, bawah))
    deskripsi = "; ".join(f"serapan {label}: {n} satker" for label, n in kolom) + "."
    return svg(
        lebar=lebar,
        tinggi=bawah + 22,
        judul="Sebaran serapan anggaran satker",
        deskripsi=deskripsi,
        isi=isi,
    )
