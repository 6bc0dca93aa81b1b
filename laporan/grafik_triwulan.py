"""One indicator's year in a small inline SVG for the dashboard (docs/triwulan.md, Dasbor): the
realisation of each TW as a bar, the TW target of its rencana aksi as a dashed line across the
TW (docs/aturan.md rule 15). A TW not entered is written "—" (missing is not zero, rule 3), a TW
without a target has no line. The dashboard prints the same figures as a table under each chart,
with the TW capaian and its category, so the chart never has to be read by its colours."""

from decimal import Decimal

from django.utils.safestring import SafeString

from kinerja.models import Triwulan
from kinerja.services import CapaianIndikator
from lkjip.angka import KOSONG, format_angka, format_persen
from lkjip.isian import format_nilai
from lkjip.svg import garis, ke_atas, kotak, langkah_rupiah, svg, teks

LEBAR = Decimal(240)
KIRI = Decimal(34)
KANAN = LEBAR - 4
ATAS = Decimal(16)
TINGGI = Decimal(70)
BAWAH = ATAS + TINGGI
WARNA_REALISASI = "#4f5b6b"
WARNA_TARGET = "#7a1c1c"
NOL = Decimal(0)
HALO = ' stroke="#fff" stroke-width="3" paint-order="stroke"'


def _deskripsi(c: CapaianIndikator) -> str:
    bagian = []
    for i in range(4):
        target = c.target_tw[i]
        capaian = c.capaian_tw[i]
        kalimat = (
            f"{Triwulan(i + 1).label}: target "
            + (format_nilai(nilai=target, satuan=c.satuan) if target is not None else "belum ada")
            + ", realisasi "
            + (
                format_nilai(nilai=c.realisasi_tw[i], satuan=c.satuan)
                if c.realisasi_tw[i] is not None
                else "belum diisi"
            )
        )
        if capaian is not None:
            kalimat += f", capaian {format_persen(capaian)}"
            if c.kategori_tw[i]:
                kalimat += f" ({c.kategori_tw[i]})"
        bagian.append(kalimat)
    return "; ".join(bagian) + "."


def grafik_triwulan(c: CapaianIndikator) -> SafeString:
    """Target vs realisation per TW of one indicator with a value per TW (not a document
    target)."""
    nilai = [v for v in (*c.realisasi_tw, *c.target_tw) if v is not None]
    tertinggi = max((max(v, NOL) for v in nilai), default=NOL)
    langkah = langkah_rupiah(tertinggi) if tertinggi > 0 else Decimal(1)
    maks = ke_atas(tertinggi, langkah) if tertinggi > 0 else langkah
    per_satuan = TINGGI / maks
    isi = [
        garis(KIRI, ATAS, KANAN, ATAS, warna="#bbb", tebal="0.5"),
        teks(KIRI - 3, ATAS + 4, format_angka(maks), anchor="end", ukuran=10),
        teks(KIRI - 3, BAWAH + 4, "0", anchor="end", ukuran=10),
    ]
    slot = (KANAN - KIRI) / 4
    tebal = slot * Decimal("0.5")
    batang, garis_target, label = [], [], []
    for i in range(4):
        tengah = KIRI + slot * i + slot / 2
        label.append(teks(tengah, BAWAH + 14, Triwulan(i + 1).label, anchor="middle", ukuran=11))
        realisasi = c.realisasi_tw[i]
        if realisasi is None:
            label.append(teks(tengah, BAWAH - 5, KOSONG, anchor="middle", ukuran=12))
        else:
            tinggi = max(realisasi, NOL) * per_satuan
            batang.append(kotak(tengah - tebal / 2, BAWAH - tinggi, tebal, tinggi, WARNA_REALISASI))
            y = max(BAWAH - tinggi - 3, ATAS - 4)
            label.append(
                teks(tengah, y, format_angka(realisasi), anchor="middle", ukuran=10, gaya=HALO)
            )
        target = c.target_tw[i]
        if target is not None:
            y = BAWAH - max(target, NOL) * per_satuan
            ujung = slot * Decimal("0.42")
            garis_target.append(
                garis(
                    tengah - ujung,
                    y,
                    tengah + ujung,
                    y,
                    warna=WARNA_TARGET,
                    tebal="2.5",
                    lain=' stroke-dasharray="5 2"',
                )
            )
    # The target lines over the bars, the figures over both (on a white halo).
    isi += batang + garis_target + label
    isi.append(garis(KIRI, ATAS - 2, KIRI, BAWAH))
    isi.append(garis(KIRI, BAWAH, KANAN, BAWAH))
    satuan = f" ({c.satuan.strip()})" if c.satuan.strip() else ""
    return svg(
        lebar=LEBAR,
        tinggi=BAWAH + 20,
        judul=f"{c.nama}: target dan realisasi per triwulan{satuan}",
        deskripsi=_deskripsi(c),
        isi=isi,
    )
