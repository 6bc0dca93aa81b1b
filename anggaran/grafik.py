"""The year's budget over the months as a small inline SVG (budget tree and dashboard).

Two panels read from one ``RealisasiTahun``: the realisation booked in each month (a TW known
only as a whole is one hatched bar over its three months, labelled so), and the serapan s.d. the
end of each TW against the pagu in force (docs/aturan.md rule 14). When the satker's rencana
penarikan dana (RPD) is recorded, each month and each TW shows the plan as a hatched bar beside
the realisation; without it the chart has no plan (pagu ÷ 12 is not a plan). The page prints the
same figures as a table beside the chart.
"""

from decimal import Decimal

from django.utils.safestring import SafeString

from anggaran.models import NAMA_TRIWULAN
from anggaran.services import RealisasiTahun
from lkjip.angka import BULAN, KOSONG, format_persen, format_rupiah
from lkjip.svg import (
    awalan,
    format_rupiah_singkat,
    garis,
    isi_corak,
    ke_atas,
    kotak,
    langkah_rupiah,
    pola,
    svg,
    teks,
)

LEBAR = Decimal(360)
KIRI = Decimal(54)
KANAN = LEBAR - 8
WARNA = "#333"
NOL = Decimal(0)


def grafik_realisasi_bulanan(*, data: RealisasiTahun, judul: str) -> SafeString:
    kode = awalan(judul, data)
    rencana = data.ada_rencana
    isi = [pola(kode)] if rencana else []
    corak = isi_corak("garis", kode)
    lebar_plot = KANAN - KIRI

    # Panel 1: realisation per month (Rp).
    atas, tinggi = Decimal(28), Decimal(120)
    bawah = atas + tinggi
    isi.append(
        teks(Decimal(0), Decimal(14), "Realisasi per bulan", ukuran=13, gaya=' font-weight="bold"')
    )
    if rencana:
        # Legend: the plan hatched, the realisation solid.
        isi.append(
            kotak(KANAN - 162, Decimal(4), Decimal(10), Decimal(10), corak, ' stroke="#555"')
        )
        isi.append(teks(KANAN - 148, Decimal(13), "Rencana (RPD)", ukuran=11))
        isi.append(kotak(KANAN - 58, Decimal(4), Decimal(10), Decimal(10), WARNA))
        isi.append(teks(KANAN - 44, Decimal(13), "Realisasi", ukuran=11))
    nilai = [v for v in (*data.per_bulan, *data.hanya_triwulan, *data.rencana) if v is not None]
    tertinggi = max(nilai, default=NOL)
    langkah = langkah_rupiah(tertinggi) if tertinggi > 0 else Decimal(1)
    maks = ke_atas(tertinggi, langkah) if tertinggi > 0 else langkah
    per_rupiah = tinggi / maks
    for j in range(int(maks / langkah) + 1):
        y = bawah - langkah * j * per_rupiah
        if j:
            isi.append(garis(KIRI, y, KANAN, y, warna="#bbb", tebal="0.5"))
        isi.append(
            teks(KIRI - 4, y + 4, format_rupiah_singkat(langkah * j), anchor="end", ukuran=11)
        )
    slot = lebar_plot / 12
    tebal = slot * Decimal("0.62")
    batang = []
    for i, v in enumerate(data.per_bulan):
        tengah = KIRI + slot * i + slot / 2
        isi.append(teks(tengah, bawah + 14, BULAN[i][:3], anchor="middle", ukuran=12))
        x = tengah - tebal / 2
        if rencana:
            x = tengah
            r = data.rencana[i]
            if r is not None:
                t = max(r, NOL) * per_rupiah
                batang.append(
                    kotak(tengah - tebal / 2, bawah - t, tebal / 2, t, corak, ' stroke="#555"')
                )
        if v is None:
            continue
        t = max(v, NOL) * per_rupiah
        batang.append(kotak(x, bawah - t, tebal / 2 if rencana else tebal, t, WARNA))
    # A TW known only as a whole has no month to stand on: it is written under the axis (and
    # counted in the cumulative panel), never spread over its months.
    hanya_tw = [
        f"TW {NAMA_TRIWULAN[tw - 1]} {format_rupiah_singkat(v)}"
        for tw, v in enumerate(data.hanya_triwulan, 1)
        if v is not None
    ]
    if hanya_tw:
        isi.append(teks(Decimal(0), bawah + 30, "Hanya per TW: " + " · ".join(hanya_tw), ukuran=11))
    isi.append(f'<g id="{kode}-bulan">{"".join(batang)}</g>')
    isi.append(garis(KIRI, atas - 4, KIRI, bawah))
    isi.append(garis(KIRI, bawah, KANAN, bawah))

    # Panel 2: cumulative serapan at the end of each TW (% of the pagu in force).
    atas2 = bawah + (64 if hanya_tw else 48)
    isi.append(
        teks(
            Decimal(0),
            atas2 - 16,
            "Serapan kumulatif s.d. akhir TW (% pagu berlaku)",
            ukuran=13,
            gaya=' font-weight="bold"',
        )
    )
    tinggi2 = Decimal(90)
    bawah2 = atas2 + tinggi2
    persen = [p for t in data.triwulan for p in (t.serapan, t.rencana_serapan) if p is not None]
    maks2 = max(Decimal(100), ke_atas(max(persen, default=NOL), Decimal(10)))
    per_persen = tinggi2 / maks2
    for p in (0, 50, 100):
        y = bawah2 - p * per_persen
        if p:
            isi.append(
                garis(KIRI, y, KANAN, y, warna="#bbb", tebal="0.5", lain=' stroke-dasharray="3 2"')
            )
        isi.append(teks(KIRI - 4, y + 4, f"{p}%", anchor="end", ukuran=11))
    slot2 = lebar_plot / 4
    tebal2 = slot2 * Decimal("0.45")
    batang2 = []
    for i, t in enumerate(data.triwulan):
        tengah = KIRI + slot2 * i + slot2 / 2
        isi.append(teks(tengah, bawah2 + 15, t.label, anchor="middle", ukuran=12))
        if rencana:
            # Plan and realisation side by side, their figures in two rows under the TW (two
            # labels above bars this narrow would overlap).
            lebar = tebal2 * Decimal("0.8")
            for j, (p, isi_batang, nama) in enumerate(
                ((t.rencana_serapan, corak, "Renc."), (t.serapan, WARNA, "Real."))
            ):
                x = tengah - lebar if j == 0 else tengah
                if p is not None:
                    h = min(max(p, NOL), maks2) * per_persen
                    lain = ' stroke="#555"' if j == 0 else ""
                    batang2.append(kotak(x, bawah2 - h, lebar, h, isi_batang, lain))
                isi.append(
                    teks(
                        tengah,
                        bawah2 + 29 + 13 * j,
                        f"{nama} {format_persen(p)}",
                        anchor="middle",
                        ukuran=10,
                    )
                )
            continue
        if t.serapan is None:
            isi.append(teks(tengah, bawah2 - 6, KOSONG, anchor="middle", ukuran=11))
            continue
        h = min(max(t.serapan, NOL), maks2) * per_persen
        batang2.append(kotak(tengah - tebal2 / 2, bawah2 - h, tebal2, h, WARNA))
        isi.append(
            teks(tengah, bawah2 - h - 4, format_persen(t.serapan), anchor="middle", ukuran=12)
        )
    isi.append(f'<g id="{kode}-triwulan">{"".join(batang2)}</g>')
    isi.append(garis(KIRI, atas2 - 4, KIRI, bawah2))
    isi.append(garis(KIRI, bawah2, KANAN, bawah2))

    bulan_teks = "; ".join(
        f"{b.nama}: {format_rupiah(b.realisasi)}" for b in data.bulan() if b.realisasi is not None
    )
    tw_teks = "; ".join(
        f"{t.label}: {format_persen(t.serapan)}" for t in data.triwulan if t.serapan is not None
    )
    deskripsi = (
        f"Realisasi anggaran {data.periode} per bulan ({bulan_teks or 'tidak ada data bulanan'}) "
        f"dan serapan kumulatif terhadap pagu yang berlaku {format_rupiah(data.pagu)} "
        f"({tw_teks or 'belum ada'})."
    )
    if rencana:
        rencana_teks = "; ".join(
            f"{t.label}: {format_persen(t.rencana_serapan)}"
            for t in data.triwulan
            if t.rencana_serapan is not None
        )
        deskripsi += (
            f" Rencana penarikan dana (RPD) {format_rupiah(data.total_rencana)}; rencana serapan "
            f"kumulatif {rencana_teks}."
        )
    tinggi = bawah2 + (52 if rencana else 24)
    return svg(lebar=LEBAR, tinggi=tinggi, judul=judul, deskripsi=deskripsi, isi=isi)
