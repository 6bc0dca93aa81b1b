"""Server-side SVG charts for the report (BAB III): capaian per indicator, serapan per kegiatan and
pagu/realisasi per year.

Pure functions: they take figures the report has already computed and return one inline ``<svg>``.
WeasyPrint 70 draws them in the PDF, so only plain SVG 1.1 is used (rect, line, path, text, g,
pattern), and every shade is a different grey or hatching so the charts survive black-and-white
printing. Positions are Decimals written with at most two decimals (docs/aturan.md rule 8); every
number a reader sees is in Indonesian format (rule 9).
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString

from kinerja.services import SkalaKategori
from lkjip.angka import KOSONG, format_persen, format_rupiah
from lkjip.svg import (
    awalan as _awalan,
)
from lkjip.svg import (
    format_rupiah_singkat,
)
from lkjip.svg import (
    garis as _garis,
)
from lkjip.svg import (
    isi_corak as _isi,
)
from lkjip.svg import (
    ke_atas as _ke_atas,
)
from lkjip.svg import (
    kotak as _kotak,
)
from lkjip.svg import (
    langkah_rupiah as _langkah_rupiah,
)
from lkjip.svg import (
    pendekkan as _pendekkan,
)
from lkjip.svg import (
    pola as _pola,
)
from lkjip.svg import (
    svg as _svg,
)
from lkjip.svg import (
    teks as _teks,
)
from lkjip.svg import (
    teks_berlatar as _teks_berlatar,
)

LEBAR = Decimal(680)  # viewBox width; the element itself is 100% of its container
LEBAR_HURUF = Decimal("6.5")  # approximate advance of one character at font-size 11
TINGGI_BARIS = Decimal(24)
TINGGI_LABEL = Decimal(13)  # line height of a wrapped label
TEBAL_BATANG = Decimal(14)
RUANG_NILAI = Decimal(64)  # right of the plot, for the value printed after the longest bar
WARNA_BATANG = "#333"
NOL = Decimal(0)
SERATUS = Decimal(100)

# Category zones cycle through these: hatching, mid grey, dots, light grey, so neighbours always
# differ without colour.
_CORAK_ZONA = ("garis", "#d0d0d0", "titik", "#efefef")
# --- SVG pieces: lkjip/svg.py ------------------------------------------------------------


# --- Horizontal bars (capaian, serapan per kegiatan) ------------------------------------------


@dataclass(frozen=True)
class _Zona:
    nama: str
    batas: str  # the band's rule as printed, e.g. "≥ 55%"
    dari: Decimal
    sampai: Decimal
    corak: str


def _baris_label(teks: str, maks: int) -> list[str]:
    """A label wrapped onto lines of at most ``maks`` characters, never cut: a chart may not
    drop part of a kegiatan's name."""
    return textwrap.wrap(teks, width=max(maks, 8), break_on_hyphens=False) or [""]


def _batang_mendatar(
    *,
    baris: Sequence[tuple[str, Decimal | None]],
    maks: Decimal,
    zona: Sequence[_Zona],
    kosong: str,
    judul: str,
    deskripsi: str,
    awalan: str,
) -> SafeString:
    """One bar per row from 0 to ``maks`` percent, the value printed after it, optional shaded
    zones behind the bars with their names in a header strip. A long label is wrapped onto
    several lines and its row made taller."""
    panjang = max((len(label) for label, _ in baris), default=1)
    lebar_label = min(max(panjang * LEBAR_HURUF + 12, Decimal(40)), LEBAR * Decimal("0.47"))
    maks_huruf = int((lebar_label - 12) / LEBAR_HURUF)
    kiri, kanan = lebar_label, LEBAR - RUANG_NILAI
    per_persen = (kanan - kiri) / maks
    atas = Decimal(34) if zona else Decimal(8)
    label_baris = [_baris_label(label, maks_huruf) for label, _ in baris]
    tinggi_baris = [max(TINGGI_BARIS, len(b) * TINGGI_LABEL + 8) for b in label_baris]
    bawah = atas + sum(tinggi_baris, NOL)
    isi = [_pola(awalan)] if zona else []

    for z in zona:
        x0, x1 = kiri + z.dari * per_persen, kiri + z.sampai * per_persen
        tengah, muat = (x0 + x1) / 2, int((x1 - x0) / 6)
        isi.append(_kotak(x0, atas, x1 - x0, bawah - atas, _isi(z.corak, awalan)))
        isi.append(_teks(tengah, Decimal(13), _pendekkan(z.nama, muat), anchor="middle", ukuran=10))
        isi.append(_teks(tengah, Decimal(26), z.batas, anchor="middle", ukuran=9, warna="#333"))
        if z.dari > 0:
            isi.append(
                _garis(x0, Decimal(2), x0, bawah, warna="#555", lain=' stroke-dasharray="3 2"')
            )

    for persen in range(0, int(maks) + 1, 20):
        x = kiri + persen * per_persen
        if not zona and persen:
            isi.append(_garis(x, atas, x, bawah, warna="#bbb", tebal="0.5"))
        isi.append(_garis(x, bawah, x, bawah + 4))
        isi.append(_teks(x, bawah + 15, f"{persen}%", anchor="middle", ukuran=10))
    isi.append(_garis(kiri, atas, kiri, bawah))
    isi.append(_garis(kiri, bawah, kanan, bawah))

    batang = []
    y = atas
    for (_, nilai), baris_teks, tinggi in zip(baris, label_baris, tinggi_baris, strict=True):
        tengah = y + tinggi / 2
        y += tinggi
        pertama = tengah + 4 - (len(baris_teks) - 1) * TINGGI_LABEL / 2
        isi.extend(
            _teks(kiri - 6, pertama + j * TINGGI_LABEL, teks, anchor="end")
            for j, teks in enumerate(baris_teks)
        )
        if nilai is None:
            isi.append(_teks_berlatar(kiri + 6, tengah, kosong, gaya=' font-style="italic"'))
            continue
        panjang_batang = min(max(nilai, NOL), maks) * per_persen
        batang.append(
            _kotak(kiri, tengah - TEBAL_BATANG / 2, panjang_batang, TEBAL_BATANG, WARNA_BATANG)
        )
        isi.append(_teks_berlatar(kiri + panjang_batang + 4, tengah, format_persen(nilai)))
    isi.append(f'<g id="{awalan}-batang">{"".join(batang)}</g>')
    return _svg(lebar=LEBAR, tinggi=bawah + 24, judul=judul, deskripsi=deskripsi, isi=isi)


def _zona_kategori(skala: SkalaKategori, maks: Decimal) -> list[_Zona]:
    zona = []
    for i, r in enumerate(skala.rentang):
        dari = min(max(r.dari or NOL, NOL), maks)
        sampai = maks if r.sampai is None else min(r.sampai, maks)
        if sampai > dari:
            zona.append(_Zona(r.nama, r.tanda, dari, sampai, _CORAK_ZONA[i % 4]))
    return zona


def grafik_capaian(
    *, baris: Sequence[tuple[str, Decimal | None]], skala: SkalaKategori, judul: str
) -> SafeString:
    """Capaian per indicator (label, capaian %) over the zones of the category scale (rule 7).

    The axis runs to 120% or further, so capaian above 100% is drawn as computed (rule 4); an
    indicator not yet measured has no bar and says so (rule 3)."""
    tertinggi = max((nilai for _, nilai in baris if nilai is not None), default=NOL)
    maks = max(Decimal(120), _ke_atas(tertinggi, Decimal(10)))
    zona = _zona_kategori(skala, maks)
    deskripsi = (
        "Grafik batang capaian kinerja per indikator. Zona kategori: "
        + ", ".join(f"{z.nama} {z.batas}".strip() for z in zona)
        + ". "
        + "; ".join(
            f"Indikator {label}: belum diukur"
            if nilai is None
            else f"Indikator {label}: {format_persen(nilai)} ({skala.kategori(nilai)})"
            for label, nilai in baris
        )
        + "."
    )
    return _batang_mendatar(
        baris=baris,
        maks=maks,
        zona=zona,
        kosong=f"{KOSONG} belum diukur",
        judul=judul,
        deskripsi=deskripsi,
        awalan=_awalan(judul, baris, skala.pita),
    )


def grafik_serapan_kegiatan(
    *, baris: Sequence[tuple[str, str, Decimal | None]], judul: str
) -> SafeString:
    """Serapan anggaran per kegiatan (kode, uraian, serapan %) on a 0–100% axis, longer when a
    kegiatan spent more than its pagu."""
    tertinggi = max((nilai for _, _, nilai in baris if nilai is not None), default=NOL)
    maks = max(SERATUS, _ke_atas(tertinggi, Decimal(10)))
    deskripsi = (
        "Grafik batang serapan anggaran (realisasi dibagi pagu) per kegiatan. "
        + "; ".join(
            f"{kode} {uraian}".strip()
            + f": {'tidak ada data' if nilai is None else format_persen(nilai)}"
            for kode, uraian, nilai in baris
        )
        + "."
    )
    return _batang_mendatar(
        baris=[(f"{kode} {uraian}".strip(), nilai) for kode, uraian, nilai in baris],
        maks=maks,
        zona=(),
        kosong=KOSONG,
        judul=judul,
        deskripsi=deskripsi,
        awalan=_awalan(judul, baris),
    )


# --- Vertical grouped bars (pagu and realisasi per year) --------------------------------------


def grafik_serapan_tahunan(
    *,
    baris: Sequence[tuple[int, Decimal | None, Decimal | None, Decimal | None]],
    judul: str,
) -> SafeString:
    """Pagu and realisasi side by side per year (tahun, pagu, realisasi, serapan %), the serapan
    written above each year. The serapan is the caller's Σ realisasi / Σ pagu (rule 10), not
    recomputed here."""
    awalan = _awalan(judul, baris)
    kiri, atas, tinggi_plot = Decimal(70), Decimal(48), Decimal(200)
    bawah = atas + tinggi_plot
    slot = max(Decimal(130), (LEBAR - kiri - 10) / max(len(baris), 1))
    lebar = kiri + slot * len(baris) + 10
    jumlah = [n for _, pagu, real, _ in baris for n in (pagu, real) if n is not None]
    tertinggi = max(jumlah, default=NOL)
    langkah = _langkah_rupiah(tertinggi) if tertinggi > 0 else Decimal(1)
    maks = _ke_atas(tertinggi, langkah) if tertinggi > 0 else langkah
    per_rupiah = tinggi_plot / maks
    isi_pagu = _isi("garis", awalan)

    isi = [_pola(awalan)]
    isi.append(_kotak(kiri, Decimal(4), Decimal(12), Decimal(12), isi_pagu, ' stroke="#333"'))
    isi.append(_teks(kiri + 17, Decimal(14), "Pagu"))
    isi.append(_kotak(kiri + 70, Decimal(4), Decimal(12), Decimal(12), WARNA_BATANG))
    isi.append(_teks(kiri + 87, Decimal(14), "Realisasi"))
    isi.append(
        _teks(kiri + 170, Decimal(14), "Persen di atas tiap tahun = serapan (realisasi ÷ pagu)")
    )

    for j in range(int(maks / langkah) + 1 if tertinggi > 0 else 1):
        tingkat = langkah * j
        y = bawah - tingkat * per_rupiah
        if tingkat:
            isi.append(_garis(kiri, y, lebar - 10, y, warna="#bbb", tebal="0.5"))
        isi.append(_teks(kiri - 6, y + 4, format_rupiah_singkat(tingkat), anchor="end", ukuran=10))
    isi.append(_garis(kiri, atas - 8, kiri, bawah))
    isi.append(_garis(kiri, bawah, lebar - 10, bawah))

    pagu_batang, realisasi_batang, ringkasan = [], [], []
    tebal, celah = min(Decimal(56), slot * Decimal("0.42")), Decimal(4)
    for i, (tahun, pagu, realisasi, serapan) in enumerate(baris):
        tengah = kiri + slot * i + slot / 2
        isi.append(
            _teks(tengah, bawah + 17, str(tahun), anchor="middle", gaya=' font-weight="bold"')
        )
        if not pagu and not realisasi:
            isi.append(
                _teks(
                    tengah,
                    bawah - 8,
                    "tidak ada anggaran",
                    anchor="middle",
                    ukuran=10,
                    gaya=' font-style="italic"',
                )
            )
            ringkasan.append(f"{tahun}: tidak ada anggaran")
            continue
        puncak = bawah
        for nilai, x, kumpulan, isi_batang, garis_tepi in (
            (pagu, tengah - celah / 2 - tebal, pagu_batang, isi_pagu, ' stroke="#333"'),
            (realisasi, tengah + celah / 2, realisasi_batang, WARNA_BATANG, ""),
        ):
            if nilai is None:
                isi.append(_teks(x + tebal / 2, bawah - 4, KOSONG, anchor="middle", ukuran=10))
                continue
            tinggi = max(nilai, NOL) * per_rupiah
            kumpulan.append(_kotak(x, bawah - tinggi, tebal, tinggi, isi_batang, garis_tepi))
            label = format_rupiah_singkat(nilai)
            isi.append(_teks(x + tebal / 2, bawah - tinggi - 4, label, anchor="middle", ukuran=10))
            puncak = min(puncak, bawah - tinggi)
        persen = format_persen(serapan)
        isi.append(_teks(tengah, puncak - 18, persen, anchor="middle", gaya=' font-weight="bold"'))
        ringkasan.append(
            f"{tahun}: pagu {format_rupiah(pagu)}, realisasi {format_rupiah(realisasi)}, "
            f"serapan {'tidak ada data' if serapan is None else persen}"
        )
    isi.append(f'<g id="{awalan}-pagu">{"".join(pagu_batang)}</g>')
    isi.append(f'<g id="{awalan}-realisasi">{"".join(realisasi_batang)}</g>')
    deskripsi = (
        "Grafik batang pagu dan realisasi anggaran per tahun, dengan persentase serapan. "
        + "; ".join(ringkasan)
        + "."
    )
    return _svg(lebar=lebar, tinggi=bawah + 26, judul=judul, deskripsi=deskripsi, isi=isi)
