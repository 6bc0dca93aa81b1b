"""The period of the budget figures (docs/aturan.md rule 14) in the report's page and PDF, the
year over the months on the dashboard and the budget tree, and capaian vs serapan per TW in
Tabel 3.6. The demo year is yearly (the source gives no month): "Tahun 2024"; the tests build
their own monthly data."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from anggaran.models import BarisAnggaran, RealisasiBulanan
from anggaran.services import build_pohon_anggaran
from kinerja.models import IndikatorKinerja, Realisasi
from laporan.cetak import render_pdf
from laporan.dokumen import build_dokumen
from lkjip.angka import format_persen

D = Decimal


def _rapat(teks: str) -> str:
    return re.sub(r"\s+", " ", teks)


def _halaman(client, user, url: str) -> str:
    client.force_login(user)
    respons = client.get(url)
    assert respons.status_code == 200
    return _rapat(respons.content.decode())


@pytest.fixture
def sampai_september(gunung_mas) -> dict:
    """Every line without children of 2024 gets its realisation over January–September: a tenth
    in each of the first eight months, the rest in September (the yearly figure = Σ months)."""
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    tw1 = D(0)
    for node in pohon.semua():
        if node.anak or node.realisasi is None:
            continue
        bagian = (node.realisasi / 10).quantize(D(1))
        nilai = [bagian] * 8 + [node.realisasi - 8 * bagian]
        RealisasiBulanan.objects.bulk_create(
            RealisasiBulanan(baris_id=node.id, bulan=b, nilai=v) for b, v in enumerate(nilai, 1)
        )
        tw1 += 3 * bagian
    return {"tw1": tw1 * 100 / pohon.total_pagu}


def test_the_demo_year_is_the_whole_year(client, operator):
    html = _halaman(client, operator, "/6210/2024/laporan/")
    assert "Angka anggaran pada bagian ini mencakup periode <strong>Tahun 2024</strong>." in html
    assert "Tabel 3.7 Pagu dan Realisasi per Program Tahun 2024" in html
    assert "s.d. TW" not in html


def test_report_up_to_september_says_sd_tw_iii_in_page_and_pdf(
    client, operator, gunung_mas, sampai_september
):
    html = _halaman(client, operator, "/6210/2024/laporan/")
    assert "mencakup periode <strong>s.d. TW III 2024</strong>: realisasi tercatat" in html
    assert "dengan realisasi s.d. TW III 2024 sebesar <strong>Rp39.420.682.212</strong>" in html
    assert "Tabel 3.7 Pagu dan Realisasi per Program s.d. TW III 2024" in html
    assert "Tabel 3.8 Pagu dan Realisasi per Kegiatan s.d. TW III 2024" in html
    teks = _rapat(
        " ".join(
            p.extract_text()
            for p in PdfReader(
                BytesIO(render_pdf(build_dokumen(satker=gunung_mas, tahun=2024)))
            ).pages
        )
    )
    assert "mencakup periode s.d. TW III 2024" in teks
    assert "Tabel 3.7 Pagu dan Realisasi per Program s.d. TW III 2024" in teks
    assert "Tahun 2024" in teks  # the rest of the report keeps its year


def test_chart_and_table_on_dashboard_and_tree_with_the_right_numbers(
    client, operator, sampai_september
):
    tw1 = format_persen(sampai_september["tw1"])
    for url in ("/6210/2024/", "/6210/2024/anggaran/"):
        html = _halaman(client, operator, url)
        bagian = html.split('id="judul-realisasi-tahun"')[1].split("</section>")[0]
        assert "<svg" in bagian and "<script" not in bagian
        assert "Periode data: <strong>s.d. TW III 2024</strong>" in bagian
        # The chart's bars carry the figures, and the table says them again.
        assert f">{tw1}</text>" in bagian and ">95,06%</text>" in bagian
        assert f'<td class="angka">{tw1}</td>' in bagian
        assert '<td class="angka">95,06%</td>' in bagian
        assert '<th scope="row">TW IV</th><td colspan="3">belum ada data</td>' in bagian


def test_tree_without_months_says_so(client, operator):
    html = _halaman(client, operator, "/6210/2024/anggaran/")
    assert "Realisasi per bulan belum ada untuk tahun ini" in html
    assert "Belum ada revisi DIPA tercatat" in html


def test_efficiency_per_tw_when_both_exist(client, operator, gunung_mas, sampai_september):
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        kode_kegiatan="3360",
    )
    assert indikator.exists()
    for i in indikator:
        for tw, nilai in ((1, D(25)), (2, D(50)), (3, D(75))):
            Realisasi.objects.create(indikator=i, triwulan=tw, nilai=nilai)
    dokumen = build_dokumen(satker=gunung_mas, tahun=2024)
    (baris,) = [e for e in dokumen.efisiensi if e.kode_kegiatan == "3360"]
    assert [t.label for t in baris.per_triwulan] == ["s.d. TW I", "s.d. TW II", "s.d. TW III"]
    sd_tw3 = baris.per_triwulan[2]
    # 3360: realisasi 113.310.500 of pagu 113.311.000, all booked by September.
    assert sd_tw3.serapan == D("113310500") * 100 / D("113311000")
    html = _halaman(client, operator, "/6210/2024/laporan/")
    tabel = html.split('id="tabel-3-6"')[1].split("</table>")[0]
    assert '<td class="menjorok">s.d. TW III</td>' in tabel
    assert f'<td class="angka">{format_persen(sd_tw3.serapan)}</td>' in tabel
    assert "Baris “s.d. TW” membandingkan" in html
    client.force_login(operator)
    xlsx = client.get(reverse("tabel_xlsx", kwargs={"kode": "6210", "tahun": 2024, "nomor": "3.6"}))
    lembar = load_workbook(BytesIO(xlsx.content)).active
    nilai = [tuple(r) for r in lembar.iter_rows(values_only=True)]
    assert any(r[1] == "s.d. TW III" for r in nilai)


def test_pengembalian_and_revision_are_stated_in_bab_3_d(client, operator, gunung_mas):
    import datetime

    from anggaran.models import RevisiDipa

    hibah = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.CQ.HIBAH")
    hibah.pengembalian = D("1927266154")
    hibah.save()
    RevisiDipa.objects.create(
        satker=gunung_mas, tahun=2024, ke=16, tanggal=datetime.date(2024, 12, 27), nomor="X-16"
    )
    html = _halaman(client, operator, "/6210/2024/laporan/")
    assert (
        "Pagu yang digunakan adalah pagu yang berlaku menurut DIPA revisi ke-16 nomor X-16 "
        "tanggal 27 Desember 2024." in html
    )
    assert "pengembalian) sebesar Rp1.927.266.154 dicatat terpisah" in html
    # Serapan is unchanged by the pengembalian (docs/aturan.md rule 13).
    assert "<strong>95,06%</strong>" in html


def test_the_check_points_out_a_part_year_budget(gunung_mas, sampai_september):
    from laporan.pemeriksaan import periksa

    temuan = periksa(build_dokumen(satker=gunung_mas, tahun=2024))
    (periode,) = [t for t in temuan if t.jenis == "periode_anggaran"]
    assert "baru tercatat s.d. TW III 2024" in periode.pesan
