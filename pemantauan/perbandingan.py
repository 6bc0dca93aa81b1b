"""Where a satker stands: its capaian kinerja and serapan beside the other satker of its kind in
its province and in the country, on its dashboard (docs/pemantauan.md, "Angka rekap dalam narasi
dan perbandingan").

The figures are the monitoring rows' (``build_pemantauan``: the same rules as the satker's own
pages), kept in Django's cache under the revision of the satker above (``satker.revisi``: a
change of any satker below renews it), so the dashboard reads one small row per level and builds
the national set (552 satker) only after a change somewhere in the country.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from lkjip.angka import format_angka, format_persen
from pemantauan.placeholder import KABKOTA
from pemantauan.rekap import build_pemantauan
from satker.models import Satker
from satker.revisi import simpanan

# The strips: their axis spans the values shown, in steps of ten points (at least twenty wide), so
# satker a few points apart do not sit on one dot; drawn in percentages of the width, so nothing is
# stretched on a narrow screen.
TINGGI_SVG = 44
BATAS_TITIK = 60  # up to this many satker each is a dot; more are drawn as a box (quartiles)


@dataclass(frozen=True)
class Sebaran:
    """The figures of the satker of one kind below one satker: (satker id, capaian, serapan)."""

    atas: str  # name of the satker above, e.g. "KPU Provinsi Kalimantan Tengah"
    baris: tuple[tuple[int, Decimal | None, Decimal | None], ...]


def build_sebaran(*, atas: Satker, tahun: int, jenis: tuple[str, ...]) -> Sebaran:
    return Sebaran(
        atas=atas.nama,
        baris=tuple(
            (b.satker_id, b.capaian, b.serapan)
            for b in build_pemantauan(atas=atas, tahun=tahun)
            if b.jenis in jenis
        ),
    )


def get_sebaran(*, atas: Satker, tahun: int, jenis: tuple[str, ...]) -> Sebaran:
    return simpanan(
        "sebaran-pemantauan",
        satker_id=atas.pk,
        tahun=tahun,
        tambahan=jenis,
        buat=lambda: build_sebaran(atas=atas, tahun=tahun, jenis=jenis),
    )


@dataclass(frozen=True)
class Posisi:
    """One figure of the satker within a set of its peers."""

    judul: str  # "Capaian kinerja" | "Serapan anggaran"
    lingkup: str  # "se-Provinsi Kalimantan Tengah" …
    nilai: Decimal | None
    jumlah: int  # peers with a value, the satker included
    peringkat: int | None  # 1 = highest
    median: Decimal | None
    persentil: Decimal | None  # share of the other peers with a lower value, in percent
    svg: SafeString

    @property
    def nilai_teks(self) -> str:
        return format_persen(self.nilai)

    @property
    def median_teks(self) -> str:
        return format_persen(self.median)

    @property
    def persentil_teks(self) -> str:
        return format_angka(self.persentil, 0) if self.persentil is not None else ""


def compute_posisi(nilai: Decimal | None, lain: list[Decimal]) -> tuple:
    """(rank, median, percentile) of ``nilai`` among ``lain`` (every peer's value, the satker's
    own included once). Rank: one more than the number of higher values (ties share a rank).
    Percentile: the share of the other peers whose value is lower."""
    if not lain:
        return None, None, None
    tengah = median(lain)
    if nilai is None:
        return None, tengah, None
    peringkat = 1 + sum(1 for v in lain if v > nilai)
    lainnya = len(lain) - 1
    persentil = Decimal(sum(1 for v in lain if v < nilai)) * 100 / lainnya if lainnya else None
    return peringkat, tengah, persentil


def _sumbu(nilai: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The axis: the values' range widened to multiples of ten, at least twenty wide."""
    bawah = max(Decimal(0), (min(nilai) / 10).to_integral_value(rounding="ROUND_FLOOR") * 10)
    atas = (max(nilai) / 10).to_integral_value(rounding="ROUND_CEILING") * 10
    if atas - bawah < 20:
        atas = bawah + 20
    return bawah, atas


def _svg(*, nilai: Decimal | None, lain: list[Decimal], judul: str) -> SafeString:
    """A strip over the values' range: each peer a dot (a box of the middle half and a line from
    the lowest to the highest when many), the median a tick, the satker a maroon diamond. Its
    text alternative is the sentence beside it (``judul`` names it for screen readers)."""
    urut = sorted(lain)
    semua = urut + ([nilai] if nilai is not None else [])
    if not semua:
        return SafeString("")
    bawah, atas = _sumbu(semua)

    def x(v: Decimal) -> str:
        return format(float(3 + (v - bawah) * 94 / (atas - bawah)), ".2f") + "%"

    bagian = [
        f'<svg class="strip-sebaran" width="100%" height="{TINGGI_SVG}" role="img" '
        f'aria-label="{escape(judul)}" focusable="false">',
        '<line x1="3%" y1="30" x2="97%" y2="30" stroke="#d5dae1" stroke-width="2"/>',
    ]
    for i, tanda in enumerate((bawah, (bawah + atas) / 2, atas)):
        jangkar = ("start", "middle", "end")[i]
        bagian.append(f'<line x1="{x(tanda)}" y1="26" x2="{x(tanda)}" y2="34" stroke="#4f5b6b"/>')
        bagian.append(
            f'<text x="{x(tanda)}" y="44" font-size="11" text-anchor="{jangkar}" '
            f'fill="#4f5b6b">{format_angka(tanda, 0)}%</text>'
        )
    if len(urut) <= BATAS_TITIK:
        for v in urut:
            bagian.append(f'<circle cx="{x(v)}" cy="20" r="4" fill="#4f5b6b" opacity=".45"/>')
    elif urut:
        q1, q3 = urut[len(urut) // 4], urut[(3 * len(urut)) // 4]
        bagian.append(
            f'<line x1="{x(urut[0])}" y1="20" x2="{x(urut[-1])}" y2="20" stroke="#4f5b6b"/>'
        )
        lebar = float(x(q3)[:-1]) - float(x(q1)[:-1])
        bagian.append(
            f'<rect x="{x(q1)}" y="12" width="{max(lebar, 0.3):.2f}%" height="16" '
            'fill="#d5dae1" stroke="#4f5b6b"/>'
        )
    if urut:
        m = x(median(urut))
        bagian.append(f'<line x1="{m}" y1="8" x2="{m}" y2="32" stroke="#1d2430" stroke-width="2"/>')
    if nilai is not None:
        # A nested drawing placed at the value: a diamond keeps its shape at any width.
        bagian.append(
            f'<svg x="{x(nilai)}" y="0" overflow="visible"><path d="M0 10 L7 20 L0 30 L-7 20 Z" '
            'fill="#7a1c1c" stroke="#fff"/></svg>'
        )
    bagian.append("</svg>")
    return SafeString("".join(bagian))


def _posisi(*, sebaran: Sebaran, satker_id: int, lingkup: str) -> tuple[Posisi, Posisi] | None:
    sendiri = next((b for b in sebaran.baris if b[0] == satker_id), None)
    if sendiri is None:
        return None
    hasil = []
    for i, judul in ((1, "Capaian kinerja"), (2, "Serapan anggaran")):
        lain = [b[i] for b in sebaran.baris if b[i] is not None]
        nilai = sendiri[i]
        peringkat, tengah, persentil = compute_posisi(nilai, lain)
        hasil.append(
            Posisi(
                judul=judul,
                lingkup=lingkup,
                nilai=nilai,
                jumlah=len(lain),
                peringkat=peringkat,
                median=tengah,
                persentil=persentil,
                svg=_svg(nilai=nilai, lain=lain, judul=f"{judul} {lingkup}"),
            )
        )
    return hasil[0], hasil[1]


@dataclass(frozen=True)
class Tingkat:
    judul: str  # "Di provinsi" | "Nasional"
    posisi: tuple[Posisi, Posisi]  # capaian kinerja, serapan anggaran


@dataclass(frozen=True)
class Perbandingan:
    jenis: str  # "KPU Kabupaten/Kota" | "KPU Provinsi"
    tingkat: tuple[Tingkat, ...]


def build_perbandingan(*, satker: Satker, tahun: int) -> Perbandingan | None:
    """The satker beside its peers in its province and in the country; None without a parent.
    Reads the parent (and its parent) in one query, then one cached set per level."""
    if satker.induk_id is None:
        return None
    induk = Satker.objects.select_related("induk").get(pk=satker.induk_id)
    if satker.jenis in KABKOTA:
        jenis, nama_jenis = KABKOTA, "KPU Kabupaten/Kota"
    else:
        jenis, nama_jenis = (satker.jenis,), "KPU Provinsi"
    tingkat = []
    if induk.jenis == Satker.Jenis.PROVINSI:
        tingkat.append((induk, f"se-{induk.nama.removeprefix('KPU ')}", "Di provinsi"))
    pusat = induk if induk.jenis == Satker.Jenis.PUSAT else induk.induk
    if pusat is not None and pusat.jenis == Satker.Jenis.PUSAT:
        tingkat.append((pusat, "se-Indonesia", "Nasional"))
    kelompok = []
    for atas, lingkup, judul in tingkat:
        sebaran = get_sebaran(atas=atas, tahun=tahun, jenis=jenis)
        posisi = _posisi(sebaran=sebaran, satker_id=satker.pk, lingkup=lingkup)
        if posisi is not None:
            kelompok.append(Tingkat(judul=judul, posisi=posisi))
    if not kelompok:
        return None
    return Perbandingan(jenis=nama_jenis, tingkat=tuple(kelompok))


def render_perbandingan(*, satker: Satker, tahun: int) -> SafeString:
    """The dashboard's panel (``laporan.ringkasan.pasang_perbandingan``); "" without a parent."""
    perbandingan = build_perbandingan(satker=satker, tahun=tahun)
    if perbandingan is None:
        return SafeString("")
    return render_to_string(
        "pemantauan/_perbandingan.html",
        {"perbandingan": perbandingan, "satker": satker, "tahun": tahun},
    )
