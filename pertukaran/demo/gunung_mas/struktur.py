"""Organisation charts (BAB I.D, Gambar 1–2) drawn as PNG from a small tree of boxes.

The seed report's charts are pictures that did not survive into its text, so the demo draws the
standard structure of a KPU Kabupaten and its Sekretariat (PKPU on the organisation of the
secretariats of KPU Provinsi and KPU Kabupaten/Kota) with no name but the Ketua's, which the
data has (signatory of the Perjanjian Kinerja).

Layout: a node's solid children share its width in equal columns on the next row; its dashed
children (``garis_putus``) sit on a row below all of the solid subtrees, reached by a dashed line
straight down the middle of the node, which the columns keep free. Every box on a row has the
row's height. The output is deterministic: the same tree gives the same bytes.
"""

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

LEBAR = 1600
TEPI = 36
JARAK_KOLOM = 28
JARAK_BARIS = 84
LEBAR_KOTAK_MAKS = 760
PADDING_X, PADDING_Y = 14, 20
HURUF = 30
HURUF_JUDUL = 36
SPASI = 1.3  # line height as a multiple of the font size
TEBAL = 3
PUTUS = (14, 10)  # dash and gap of a dashed line
HITAM, PUTIH = 0, 255


@dataclass(frozen=True)
class Node:
    """A box; ``teks`` lines separated by "\\n" wrap on their own, the first one in bold."""

    teks: str
    anak: tuple["Node", ...] = ()
    garis_putus: bool = False


@dataclass
class _Letak:
    tengah: int
    lebar: int
    baris: int
    teks: list[tuple[str, bool]]
    anak_utuh: list["_Letak"] = field(default_factory=list)
    anak_putus: list["_Letak"] = field(default_factory=list)


@cache
def _huruf(ukuran: int, tebal: bool) -> ImageFont.FreeTypeFont:
    nama = "LiberationSans-Bold.ttf" if tebal else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(Path(settings.BASE_DIR) / "static" / "fonts" / nama), ukuran)


def _bungkus(teks: str, lebar: int, ukuran: int, *, tebal_pertama: bool) -> list[tuple[str, bool]]:
    """Greedy word wrap of each "\\n" paragraph to ``lebar`` pixels; (line, bold) pairs."""
    hasil = []
    for i, paragraf in enumerate(teks.split("\n")):
        tebal = tebal_pertama and i == 0
        huruf = _huruf(ukuran, tebal)
        baris = ""
        for kata in paragraf.split():
            calon = f"{baris} {kata}".strip()
            if baris and huruf.getlength(calon) > lebar:
                hasil.append((baris, tebal))
                baris = kata
            else:
                baris = calon
        hasil.append((baris, tebal))
    return hasil


def _kolom(kiri: int, kanan: int, jumlah: int, *, tengah_kosong: bool) -> list[tuple[int, int]]:
    """Equal columns; with ``tengah_kosong`` an odd count gets an empty column right of centre,
    so that the middle of the span falls in a gap (the dashed line runs there)."""
    slot = jumlah + (1 if tengah_kosong and jumlah % 2 else 0)
    lebar = (kanan - kiri - (slot - 1) * JARAK_KOLOM) // slot
    awal = [kiri + i * (lebar + JARAK_KOLOM) for i in range(slot)]
    semua = [(x, x + lebar) for x in awal]
    if slot > jumlah:
        del semua[slot // 2]
    return semua


def _tata(node: Node, kiri: int, kanan: int, baris: int) -> tuple[_Letak, int]:
    """Place ``node`` in the span [kiri, kanan] on ``baris``; return it and its deepest row."""
    lebar = min(kanan - kiri, LEBAR_KOTAK_MAKS)
    teks = _bungkus(node.teks, lebar - 2 * PADDING_X, HURUF, tebal_pertama=True)
    letak = _Letak(tengah=(kiri + kanan) // 2, lebar=lebar, baris=baris, teks=teks)
    utuh = [a for a in node.anak if not a.garis_putus]
    putus = [a for a in node.anak if a.garis_putus]
    terdalam = baris
    if utuh:
        for anak, (k, n) in zip(
            utuh, _kolom(kiri, kanan, len(utuh), tengah_kosong=bool(putus)), strict=True
        ):
            hasil, dalam = _tata(anak, k, n, baris + 1)
            letak.anak_utuh.append(hasil)
            terdalam = max(terdalam, dalam)
    if putus:
        baris_putus = terdalam + 1
        for anak, (k, n) in zip(
            putus, _kolom(kiri, kanan, len(putus), tengah_kosong=False), strict=True
        ):
            hasil, dalam = _tata(anak, k, n, baris_putus)
            letak.anak_putus.append(hasil)
            terdalam = max(terdalam, dalam)
    return letak, terdalam


def _semua(letak: _Letak) -> list[_Letak]:
    return [letak] + [x for a in letak.anak_utuh + letak.anak_putus for x in _semua(a)]


def _garis(gambar: ImageDraw.ImageDraw, titik: list[tuple[int, int]], *, putus: bool) -> None:
    """An orthogonal polyline, solid or dashed (the dash pattern restarts on each segment)."""
    for (x0, y0), (x1, y1) in zip(titik, titik[1:], strict=False):
        if not putus:
            gambar.line([(x0, y0), (x1, y1)], fill=HITAM, width=TEBAL)
            continue
        panjang = abs(x1 - x0) + abs(y1 - y0)
        dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
        for awal in range(0, panjang, sum(PUTUS)):
            akhir = min(awal + PUTUS[0], panjang)
            gambar.line(
                [(x0 + dx * awal, y0 + dy * awal), (x0 + dx * akhir, y0 + dy * akhir)],
                fill=HITAM,
                width=TEBAL,
            )


def gambar_struktur(judul: str, akar: Node) -> bytes:
    """Draw ``akar`` under the heading ``judul``; PNG bytes, ``LEBAR`` pixels wide."""
    judul_baris = _bungkus(judul, LEBAR - 2 * TEPI, HURUF_JUDUL, tebal_pertama=True)
    tinggi_judul = round(len(judul_baris) * HURUF_JUDUL * SPASI)
    akar_letak, terdalam = _tata(akar, TEPI, LEBAR - TEPI, 0)
    semua = _semua(akar_letak)
    tinggi_baris = [0] * (terdalam + 1)
    for k in semua:
        tinggi = 2 * PADDING_Y + round(len(k.teks) * HURUF * SPASI)
        tinggi_baris[k.baris] = max(tinggi_baris[k.baris], tinggi)
    atas_baris = [TEPI + tinggi_judul + JARAK_BARIS // 2]
    for tinggi in tinggi_baris[:-1]:
        atas_baris.append(atas_baris[-1] + tinggi + JARAK_BARIS)

    kanvas = Image.new("L", (LEBAR, atas_baris[-1] + tinggi_baris[-1] + TEPI), PUTIH)
    gambar = ImageDraw.Draw(kanvas)
    for i, (teks, tebal) in enumerate(judul_baris):
        y = TEPI + round(i * HURUF_JUDUL * SPASI)
        gambar.text((LEBAR // 2, y), teks, font=_huruf(HURUF_JUDUL, tebal), fill=HITAM, anchor="ma")

    def bawah(k: _Letak) -> int:
        return atas_baris[k.baris] + tinggi_baris[k.baris]

    for k in semua:
        for anak, putus in ((k.anak_utuh, False), (k.anak_putus, True)):
            if not anak:
                continue
            y_rel = atas_baris[anak[0].baris] - JARAK_BARIS // 2
            _garis(gambar, [(k.tengah, bawah(k)), (k.tengah, y_rel)], putus=putus)
            xs = [a.tengah for a in anak] + [k.tengah]
            _garis(gambar, [(min(xs), y_rel), (max(xs), y_rel)], putus=putus)
            for a in anak:
                _garis(gambar, [(a.tengah, y_rel), (a.tengah, atas_baris[a.baris])], putus=putus)

    for k in semua:
        atas, tinggi = atas_baris[k.baris], tinggi_baris[k.baris]
        kiri = k.tengah - k.lebar // 2
        gambar.rectangle(
            [kiri, atas, kiri + k.lebar, atas + tinggi], fill=PUTIH, outline=HITAM, width=TEBAL
        )
        tinggi_teks = round(len(k.teks) * HURUF * SPASI)
        y = atas + (tinggi - tinggi_teks) // 2 + round(HURUF * (SPASI - 1) / 2)
        for i, (teks, tebal) in enumerate(k.teks):
            gambar.text(
                (k.tengah, y + round(i * HURUF * SPASI)),
                teks,
                font=_huruf(HURUF, tebal),
                fill=HITAM,
                anchor="ma",
            )

    keluaran = io.BytesIO()
    kanvas.save(keluaran, format="PNG")
    return keluaran.getvalue()


def bagan_kpu(*, nama_satker: str, ketua: str) -> Node:
    """Gambar 1: the five-member commission and its secretariat. ``ketua`` may be "". The
    division of each member is not in the source, so the chart does not guess it."""
    anggota = ("Anggota",) * 4
    teks_ketua = "\n".join(baris for baris in ("Ketua", ketua) if baris)
    return Node(
        teks_ketua,
        (
            *(Node(teks) for teks in anggota),
            Node("Sekretaris", (Node(f"Sekretariat {nama_satker}"),), garis_putus=True),
        ),
    )


def bagan_sekretariat() -> Node:
    """Gambar 2: the secretariat of a KPU Kabupaten/Kota."""
    return Node(
        "Sekretaris",
        (
            Node("Subbagian Keuangan, Umum dan Logistik"),
            Node("Subbagian Teknis Penyelenggaraan Pemilu dan Hubungan Masyarakat"),
            Node("Subbagian Perencanaan, Data dan Informasi"),
            Node("Subbagian Hukum dan Sumber Daya Manusia"),
            Node("Kelompok Jabatan Fungsional"),
        ),
    )


def daftar_bagan(*, nama_satker: str, ketua: str) -> list[tuple[int, str, Node]]:
    """(nomor, judul, tree) of Gambar 1 and 2, titled as in the seed report."""
    return [
        (1, f"Struktur Organisasi {nama_satker}", bagan_kpu(nama_satker=nama_satker, ketua=ketua)),
        (2, f"Struktur Organisasi Sekretariat {nama_satker}", bagan_sekretariat()),
    ]
