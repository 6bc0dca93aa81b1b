"""A satker's dashboard places its capaian kinerja and serapan among the kabupaten/kota of its
province and of the country (docs/pemantauan.md, "Angka rekap dalam narasi dan perbandingan"):
rank, median and percentile from each satker's own figures, kept under the revision of the
satker above."""

from decimal import Decimal

import pytest
from django.urls import reverse

from anggaran.models import BarisAnggaran
from anggaran.services import build_pohon_anggaran
from kinerja.services import build_ringkasan_kinerja
from lkjip.angka import format_persen
from pemantauan.perbandingan import build_perbandingan, compute_posisi, get_sebaran
from pemantauan.placeholder import KABKOTA
from satker.models import Satker


def test_rank_median_and_percentile_of_a_value():
    nilai = [Decimal(v) for v in (50, 70, 70, 90, 100)]
    assert compute_posisi(Decimal(90), nilai) == (2, Decimal(70), Decimal(75))
    # Ties share a rank; the percentile counts only lower values among the four others.
    assert compute_posisi(Decimal(70), nilai) == (3, Decimal(70), Decimal(25))
    assert compute_posisi(Decimal(100), nilai)[0] == 1
    assert compute_posisi(None, nilai) == (None, Decimal(70), None)
    assert compute_posisi(Decimal(80), [Decimal(80)]) == (1, Decimal(80), None)


KOTA = Satker.Jenis.KOTA


@pytest.fixture
def sebaran(kpu_provinsi, provinsi_lain, gunung_mas, buat_kabkota) -> list[Satker]:
    """Two more kabupaten/kota in Gunung Mas's province, two in another one: serapan on both
    sides of Gunung Mas's."""
    return [
        buat_kabkota(kpu_provinsi, "6271", jenis=KOTA, pagu=1_000_000, realisasi=990_000),
        buat_kabkota(kpu_provinsi, "6272", jenis=KOTA, pagu=1_000_000, realisasi=500_000),
        buat_kabkota(provinsi_lain, "6371", jenis=KOTA, pagu=1_000_000, realisasi=999_000),
        buat_kabkota(provinsi_lain, "6372", jenis=KOTA, pagu=2_000_000, realisasi=100_000),
    ]


def _serapan(s: Satker) -> Decimal:
    return build_pohon_anggaran(satker=s, tahun=2024).serapan


def test_serapan_rank_in_the_province_and_the_country(gunung_mas, kpu_provinsi, sebaran):
    sendiri = _serapan(gunung_mas)
    provinsi = [_serapan(s) for s in Satker.objects.filter(induk=kpu_provinsi)]
    nasional = [
        _serapan(s)
        for s in Satker.objects.filter(jenis__in=["kabupaten", "kota"], induk__isnull=False)
    ]
    p = build_perbandingan(satker=gunung_mas, tahun=2024)
    prov, nas = p.tingkat
    assert (prov.judul, nas.judul) == ("Di provinsi", "Nasional")
    serapan_prov, serapan_nas = prov.posisi[1], nas.posisi[1]
    assert serapan_prov.nilai == sendiri
    assert serapan_prov.jumlah == len(provinsi) == 3
    assert serapan_prov.peringkat == 1 + sum(1 for v in provinsi if v > sendiri)
    assert serapan_nas.jumlah == len(nasional) == 5
    assert serapan_nas.peringkat == 1 + sum(1 for v in nasional if v > sendiri)
    assert serapan_nas.persentil == Decimal(sum(1 for v in nasional if v < sendiri)) * 100 / 4


def test_dashboard_panel_shows_the_figures(client, gunung_mas, kpu_provinsi, sebaran, operator):
    client.force_login(operator)
    halaman = client.get(reverse("ringkasan", kwargs={"kode": "6210", "tahun": 2024}))
    isi = halaman.content.decode()
    provinsi = [_serapan(s) for s in Satker.objects.filter(induk=kpu_provinsi)]
    sendiri = _serapan(gunung_mas)
    peringkat = 1 + sum(1 for v in provinsi if v > sendiri)
    assert "Posisi KPU Kabupaten Gunung Mas di antara KPU Kabupaten/Kota lain" in isi
    assert (
        f"Serapan anggaran: {format_persen(sendiri)}</strong>\n            — peringkat "
        f"ke-{peringkat} dari {len(provinsi)} KPU Kabupaten/Kota se-Provinsi Kalimantan Tengah"
    ) in isi
    capaian = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024).capaian_kinerja_dibatasi
    # The only measured kabupaten/kota: first of one.
    assert f"Capaian kinerja: {format_persen(capaian)}</strong>" in isi
    assert "peringkat ke-1 dari 1 KPU Kabupaten/Kota se-Indonesia" in isi
    assert '<svg class="strip-sebaran"' in isi


def test_no_panel_without_a_satker_above(client, gunung_mas, operator):
    client.force_login(operator)
    isi = client.get(reverse("ringkasan", kwargs={"kode": "6210", "tahun": 2024})).content.decode()
    assert "Posisi KPU Kabupaten Gunung Mas" not in isi


def test_a_change_elsewhere_in_the_country_reaches_the_kept_panel(
    gunung_mas, kpu_provinsi, sebaran, django_capture_on_commit_callbacks
):
    sebelum = build_perbandingan(satker=gunung_mas, tahun=2024).tingkat[1].posisi[1]
    # Kept: read again, the very object built comes from the cache.
    kpu_ri = kpu_provinsi.induk
    tersimpan = get_sebaran(atas=kpu_ri, tahun=2024, jenis=KABKOTA)
    assert get_sebaran(atas=kpu_ri, tahun=2024, jenis=KABKOTA) is tersimpan
    lain = sebaran[3]  # another province's kota with the lowest serapan overtakes Gunung Mas
    with django_capture_on_commit_callbacks(execute=True):
        baris = BarisAnggaran.objects.get(satker=lain, tahun=2024)
        baris.realisasi = baris.pagu
        baris.save()
    assert get_sebaran(atas=kpu_ri, tahun=2024, jenis=KABKOTA) is not tersimpan
    sesudah = build_perbandingan(satker=gunung_mas, tahun=2024).tingkat[1].posisi[1]
    nasional = [
        _serapan(s)
        for s in Satker.objects.filter(jenis__in=["kabupaten", "kota"], induk__isnull=False)
    ]
    assert sesudah.peringkat == 1 + sum(1 for v in nasional if v > _serapan(gunung_mas))
    assert sesudah.peringkat == sebelum.peringkat + 1
