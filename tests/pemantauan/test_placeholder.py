"""A province's narrative cites live figures rolled up from its kabupaten/kota
(docs/pemantauan.md, "Angka rekap dalam narasi dan perbandingan"): filled by the roll-up, shown in
the editor only to a satker with satker below it, renewed when a kabupaten/kota changes, frozen
once the province's report is submitted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anggaran.models import BarisAnggaran, Tingkat
from anggaran.services import build_pohon_anggaran
from kinerja.services import build_ringkasan_kinerja
from laporan.dokumen import build_dokumen
from laporan.models import Narasi
from laporan.narasi import validate_teks_narasi
from lkjip.angka import format_jumlah, format_persen
from pemantauan.models import AngkaRekapBeku
from pemantauan.placeholder import keterangan, nilai
from pengesahan.models import Pengesahan
from satker.models import Pengguna, Satker

TEKS = (
    "Dari {kabkota_jumlah} KPU Kabupaten/Kota, {kabkota_ditandatangani} telah menandatangani "
    "LKjIP; serapan gabungan {kabkota_serapan_tertimbang}."
)


@pytest.fixture
def provinsi(kpu_provinsi, buat_kabkota) -> Satker:
    """Kalimantan Tengah with Gunung Mas (demo data) and a second kabupaten, a budget line of
    its own for 2024 (so the year is its) and the narrative citing the roll-up."""
    buat_kabkota(kpu_provinsi, "6299", pagu=1_000_000, realisasi=800_000)
    BarisAnggaran.objects.create(
        satker=kpu_provinsi,
        tahun=2024,
        kode="076.01",
        tingkat=Tingkat.PROGRAM,
        uraian="Program Dukungan Manajemen",
        pagu=Decimal(5_000_000),
        realisasi=Decimal(4_000_000),
    )
    Narasi.objects.create(satker=kpu_provinsi, tahun=2024, bagian=Narasi.Bagian.IKHTISAR, teks=TEKS)
    return kpu_provinsi


def _serapan_gabungan(*kabkota: Satker) -> str:
    """Σ realisasi ÷ Σ pagu of the kabupaten/kota, from each one's own budget tree."""
    pohon = [build_pohon_anggaran(satker=s, tahun=2024) for s in kabkota]
    pagu = sum(p.total_pagu for p in pohon)
    realisasi = sum(p.total_realisasi for p in pohon)
    return format_persen(realisasi * 100 / pagu)


def _tanda_tangani(satker: Satker) -> None:
    p, _ = Pengesahan.objects.get_or_create(satker=satker, tahun=2024)
    p.status = Pengesahan.Status.DITANDATANGANI
    p.save(update_fields=["status"])


def test_province_narrative_prints_the_roll_up_of_its_kabkota(provinsi, gunung_mas):
    kabkota = list(Satker.objects.filter(induk=provinsi))
    teks = build_dokumen(satker=provinsi, tahun=2024).narasi["ikhtisar"].teks
    assert teks == (
        f"Dari {format_jumlah(len(kabkota))} KPU Kabupaten/Kota, {format_jumlah(0)} telah "
        f"menandatangani LKjIP; serapan gabungan {_serapan_gabungan(*kabkota)}."
    )
    assert "2 (dua)" in teks


def test_categories_are_counted_from_each_kabkota_capaian(provinsi, gunung_mas):
    kategori = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024).kategori
    assert kategori  # the demo is measured
    angka = nilai(satker=provinsi, tahun=2024)
    nama = "kabkota_" + kategori.lower().replace(" ", "_")
    assert angka[nama] == format_jumlah(1)
    # The second kabupaten has no PK: not measured.
    assert angka["kabkota_belum_terukur"] == format_jumlah(1)


def test_only_a_satker_with_satker_below_it_may_use_them(provinsi, gunung_mas):
    assert "kabkota_jumlah" in keterangan(satker=provinsi)
    assert keterangan(satker=gunung_mas) == {}
    validate_teks_narasi(satker=provinsi, tahun=2024, teks=TEKS)
    with pytest.raises(ValidationError, match=r"Placeholder tidak dikenal: \{kabkota_jumlah\}"):
        validate_teks_narasi(satker=gunung_mas, tahun=2024, teks="{kabkota_jumlah}")
    # Gunung Mas's own narrative shows the unknown placeholder, not a blank.
    Narasi.objects.update_or_create(
        satker=gunung_mas,
        tahun=2024,
        bagian=Narasi.Bagian.LATAR_BELAKANG,
        kunci="",
        defaults={"teks": "{kabkota_jumlah}"},
    )
    n = build_dokumen(satker=gunung_mas, tahun=2024).narasi["latar_belakang"]
    assert n.tidak_dikenal == ("{kabkota_jumlah}",)


def test_kpu_ri_counts_kabkota_and_provinces_apart(provinsi, kpu_ri, provinsi_lain):
    angka = nilai(satker=kpu_ri, tahun=2024)
    jumlah_kabkota = Satker.objects.filter(
        jenis__in=[Satker.Jenis.KABUPATEN, Satker.Jenis.KOTA], induk__induk=kpu_ri
    ).count()
    jumlah_provinsi = Satker.objects.filter(jenis=Satker.Jenis.PROVINSI, induk=kpu_ri).count()
    assert angka["kabkota_jumlah"] == format_jumlah(jumlah_kabkota)
    assert angka["provinsi_jumlah"] == format_jumlah(jumlah_provinsi)


def test_editor_lists_the_roll_up_for_a_province_only(
    client, provinsi, gunung_mas, buat_pengguna, operator
):
    admin = buat_pengguna(provinsi, Pengguna.Peran.ADMIN)
    client.force_login(admin)
    alamat = reverse(
        "narasi_ubah", kwargs={"kode": provinsi.kode, "tahun": 2024, "bagian": "ikhtisar"}
    )
    halaman = client.get(alamat).content.decode()
    assert "Rekap satker di bawah KPU Provinsi Kalimantan Tengah" in halaman
    assert "{kabkota_tepat_waktu_persen}" in halaman
    assert format_jumlah(Satker.objects.filter(induk=provinsi).count()) in halaman

    client.force_login(operator)
    alamat = reverse(
        "narasi_ubah", kwargs={"kode": gunung_mas.kode, "tahun": 2024, "bagian": "ikhtisar"}
    )
    halaman = client.get(alamat).content.decode()
    assert "Rekap satker di bawah" not in halaman
    assert "{kabkota_jumlah}" not in halaman


def test_a_kabkota_signing_shows_on_the_province_report_page(
    client, provinsi, gunung_mas, buat_pengguna, django_capture_on_commit_callbacks
):
    client.force_login(buat_pengguna(provinsi, Pengguna.Peran.PEMANTAU))
    alamat = reverse("laporan", kwargs={"kode": provinsi.kode, "tahun": 2024})
    sebelum = client.get(alamat).content.decode()
    assert f"{format_jumlah(0)} telah menandatangani" in sebelum

    # The signature commits; the province's report revision is renewed after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        _tanda_tangani(gunung_mas)
    sesudah = client.get(alamat).content.decode()
    assert f"{format_jumlah(1)} telah menandatangani" in sesudah


def test_a_kabkota_budget_change_renews_the_province_pdf_name(
    provinsi, gunung_mas, django_capture_on_commit_callbacks
):
    from laporan.cetak import kunci_cache

    sebelum = kunci_cache(satker=provinsi, tahun=2024)
    with django_capture_on_commit_callbacks(execute=True):
        baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
        baris.realisasi += 1
        baris.save()
    assert kunci_cache(satker=provinsi, tahun=2024) != sebelum


def test_a_submitted_province_report_keeps_the_figures_it_was_submitted_with(
    client, provinsi, gunung_mas, buat_pengguna, django_capture_on_commit_callbacks
):
    teks_diajukan = build_dokumen(satker=provinsi, tahun=2024).narasi["ikhtisar"].teks
    p = Pengesahan.objects.create(satker=provinsi, tahun=2024)
    with django_capture_on_commit_callbacks(execute=True):
        p.status = Pengesahan.Status.DIAJUKAN
        p.save(update_fields=["status"])
    assert AngkaRekapBeku.objects.filter(satker=provinsi, tahun=2024).exists()

    # A kabupaten signs and spends more after the province submitted: approved, then signed,
    # the province's report still says what was submitted.
    with django_capture_on_commit_callbacks(execute=True):
        baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
        baris.realisasi = baris.pagu
        baris.save()
        _tanda_tangani(gunung_mas)
    for status in (Pengesahan.Status.DISETUJUI, Pengesahan.Status.DITANDATANGANI):
        with django_capture_on_commit_callbacks(execute=True):
            p.status = status
            p.save(update_fields=["status"])
        assert build_dokumen(satker=provinsi, tahun=2024).narasi["ikhtisar"].teks == teks_diajukan
    client.force_login(buat_pengguna(provinsi, Pengguna.Peran.PEMANTAU))
    halaman = client.get(reverse("laporan", kwargs={"kode": provinsi.kode, "tahun": 2024}))
    assert teks_diajukan in halaman.content.decode()

    # A Revisi opens it again: the live figures come back.
    with django_capture_on_commit_callbacks(execute=True):
        p.status = Pengesahan.Status.DRAF
        p.save(update_fields=["status"])
    assert not AngkaRekapBeku.objects.filter(satker=provinsi, tahun=2024).exists()
    teks = build_dokumen(satker=provinsi, tahun=2024).narasi["ikhtisar"].teks
    kabkota = list(Satker.objects.filter(induk=provinsi))
    assert f"{format_jumlah(1)} telah menandatangani" in teks
    assert _serapan_gabungan(*kabkota) in teks
    assert teks != teks_diajukan
