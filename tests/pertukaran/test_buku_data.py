"""Full data workbook: export, import into a new satker or an empty year, and
the round trip export → import → export giving the same cells."""

import io
import os
import shutil
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import load_workbook
from PIL import Image

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, Realisasi, Triwulan
from laporan.buku_data import LEMBAR, ekspor_data
from laporan.models import GambarOrganisasi, Laporan, Narasi
from laporan.services import build_angka_laporan
from pertukaran.buku_data import ImporDataDitolak, impor_data
from renstra.models import Renstra
from riwayat.models import Unggahan
from satker.models import Satker
from tests.anggaran.test_impor_berkas_rusak import (
    bom_zip,
    bukan_lembar_kerja,
    ganti_bagian,
    terenkripsi,
    zip_rusak,
)

D = Decimal
NILAI_PANJANG = D("1234567890.1234")  # 14 digits: more than a float keeps exactly with .4
PAGU_PANJANG = D("9876543210987654.32")  # 18 digits of money


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Pictures written by the import go to a temporary media folder (existing ones copied)."""
    asal = settings.MEDIA_ROOT
    tujuan = tmp_path / "media"
    if os.path.isdir(asal):
        shutil.copytree(asal, tujuan)
    settings.MEDIA_ROOT = tujuan
    return tujuan


def png(lebar: int, tinggi: int) -> bytes:
    keluar = io.BytesIO()
    Image.frombytes("RGB", (lebar, tinggi), os.urandom(lebar * tinggi * 3)).save(keluar, "PNG")
    return keluar.getvalue()


def sel(data: bytes) -> dict[str, list[tuple]]:
    """Every cell value by sheet, without the Info sheet's creation time."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    hasil = {}
    for ws in wb.worksheets:
        baris = [tuple(r) for r in ws.iter_rows(values_only=True)]
        if ws.title == "Info":
            baris = [r for r in baris if r[0] != "dibuat_pada"]
        hasil[ws.title] = baris
    wb.close()
    return hasil


def ganti_kode(isi: dict[str, list[tuple]], kode: str) -> dict[str, list[tuple]]:
    isi = dict(isi)
    isi["Info"] = [(k, kode if k == "kode_satker" else v) for k, v in isi["Info"]]
    judul, satker = isi["Satker"]
    isi["Satker"] = [judul, (kode, *satker[1:])]
    return isi


def hitung() -> dict[str, int]:
    jumlah = {"Satker": Satker.objects.count()}
    for lembar in LEMBAR:
        if lembar.model is not None:
            jumlah[lembar.nama] = lembar.model.objects.count()
    return jumlah


def tanpa_id(nilai: Any) -> Any:
    """Figures of the report without database ids and the satker's own kode/nama."""
    if isinstance(nilai, dict):
        return {
            k: tanpa_id(v)
            for k, v in nilai.items()
            if k != "satker" and k != "id" and not k.endswith("_id")
        }
    if isinstance(nilai, list):
        return [tanpa_id(v) for v in nilai]
    return nilai


def lengkapi(satker: Satker) -> Decimal:
    """Data the demo lacks, for the round trip: long numbers, a narrative that looks like a
    formula, text with CR and leading spaces, a logo and a picture split over several cells."""
    realisasi = Realisasi.objects.filter(indikator__sasaran__program__perjanjian__satker=satker)
    r = realisasi.first()
    r.nilai, r.keterangan = NILAI_PANJANG, "  spasi di depan"
    r.save()
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=satker
    ).exclude(pk=r.indikator_id)[0]
    Realisasi.objects.create(indikator=indikator, triwulan=Triwulan.TW1, nilai=D("0"))
    baris = BarisAnggaran.objects.filter(satker=satker, tahun=2022).order_by("kode").last()
    baris.pagu = PAGU_PANJANG
    baris.save()
    baris.refresh_from_db()
    if connection.vendor == "postgresql":
        assert baris.pagu == PAGU_PANJANG  # SQLite keeps a REAL: 18 digits do not survive there
    Narasi.objects.create(
        satker=satker, tahun=2024, bagian="penutup", kunci="uji", teks="=SUM(A1:A9)\r\n+62 @x"
    )
    satker.logo.save("logo.png", ContentFile(png(8, 8)))
    nomor = (GambarOrganisasi.objects.filter(satker=satker, tahun=2024).count() or 0) + 10
    g = GambarOrganisasi(satker=satker, tahun=2024, nomor=nomor, judul="=Bagan uji")
    g.berkas.save("bagan.png", ContentFile(png(220, 220)), save=False)
    g.save()
    return baris.pagu


def test_round_trip_into_an_empty_database_gives_the_same_workbook(gunung_mas):
    pagu = lengkapi(gunung_mas)
    pertama = ekspor_data(satker=gunung_mas, tahun=2024)
    gambar_asal = {
        g.nomor: g.berkas.read() for g in GambarOrganisasi.objects.filter(satker=gunung_mas)
    }
    gunung_mas.delete()
    assert Satker.objects.count() == 0 and BarisAnggaran.objects.count() == 0

    ringkasan = impor_data(berkas=pertama)

    satker = Satker.objects.get(kode="6210")
    assert ringkasan.satker_baru and ringkasan.jumlah["Realisasi"] > 0
    assert sel(ekspor_data(satker=satker, tahun=2024)) == sel(pertama)
    # Exact decimals, not floats.
    assert Realisasi.objects.filter(nilai=NILAI_PANJANG).count() == 1
    assert BarisAnggaran.objects.get(satker=satker, pagu=pagu).tahun == 2022
    assert Narasi.objects.get(satker=satker, kunci="uji").teks == "=SUM(A1:A9)\n+62 @x"
    for g in GambarOrganisasi.objects.filter(satker=satker):
        assert g.berkas.read() == gambar_asal[g.nomor]
    assert satker.logo.name.startswith("logo/")
    # who/when of realisations is not carried across installations
    assert not Realisasi.objects.filter(diisi_oleh__isnull=False).exists()


def test_text_cells_are_never_formulas(gunung_mas):
    pagu_panjang = lengkapi(gunung_mas)
    wb = load_workbook(io.BytesIO(ekspor_data(satker=gunung_mas, tahun=2024)))
    narasi = [
        c for row in wb["Narasi"].iter_rows() for c in row if c.value == "=SUM(A1:A9)\n+62 @x"
    ]
    assert len(narasi) == 1 and narasi[0].data_type == "s"
    assert all(c.data_type == "s" for row in wb["Berkas"].iter_rows(min_col=4) for c in row)
    # Amounts are exact text, not floats.
    pagu = [r[5].value for r in wb["BarisAnggaran"].iter_rows(min_row=2)]
    assert "39196465000.00" in pagu
    assert format(pagu_panjang, "f") in pagu


def test_import_as_new_satker_gives_the_same_data_and_report_figures(gunung_mas, tmp_path):
    berkas = tmp_path / "gunung-mas-2024.xlsx"
    call_command("ekspor_data", satker="6210", tahun=2024, output=str(berkas), verbosity=0)
    keluar = io.StringIO()

    call_command("impor_data", str(berkas), satker_baru="9999", stdout=keluar)

    baru = Satker.objects.get(kode="9999")
    assert "Diimpor: satker baru 9999, tahun 2024" in keluar.getvalue()
    assert baru.nama == gunung_mas.nama
    assert sel(ekspor_data(satker=baru, tahun=2024)) == ganti_kode(sel(berkas.read_bytes()), "9999")
    angka_baru = build_angka_laporan(satker=baru, tahun=2024)
    assert angka_baru["anggaran"]["total"]["serapan"] == "95.06"
    assert tanpa_id(angka_baru) == tanpa_id(build_angka_laporan(satker=gunung_mas, tahun=2024))


def test_import_into_a_year_with_data_is_refused_and_changes_nothing(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    sebelum = hitung()

    with pytest.raises(ImporDataDitolak) as exc:
        impor_data(berkas=data)

    assert "Satker 6210 sudah memiliki data tahun 2024" in str(exc.value)
    assert "1 perjanjian kinerja" in str(exc.value)
    assert hitung() == sebelum


def test_dry_run_writes_nothing(gunung_mas, tmp_path):
    berkas = tmp_path / "buku.xlsx"
    berkas.write_bytes(ekspor_data(satker=gunung_mas, tahun=2024))
    sebelum = hitung()
    keluar = io.StringIO()

    call_command("impor_data", str(berkas), satker_baru="9999", dry_run=True, stdout=keluar)

    assert "dry-run" in keluar.getvalue()
    assert not Satker.objects.filter(kode="9999").exists()
    assert hitung() == sebelum
    assert not Unggahan.objects.exists()


def test_import_is_recorded_as_an_applied_upload(gunung_mas, admin_satker):
    data = ekspor_data(satker=gunung_mas, tahun=2024)

    ringkasan = impor_data(
        berkas=data, kode_satker="9999", nama_berkas="gm.xlsx", pengguna=admin_satker
    )

    unggahan = Unggahan.objects.get(satker__kode="9999")
    assert (unggahan.jenis, unggahan.tahun, unggahan.status) == ("buku_data", 2024, "diterapkan")
    assert (unggahan.nama_berkas, unggahan.ukuran) == ("gm.xlsx", len(data))
    assert unggahan.diunggah_oleh == admin_satker and unggahan.diterapkan_pada is not None
    assert unggahan.ringkasan["jumlah"] == ringkasan.jumlah


def test_satker_baru_must_be_a_new_code(gunung_mas, satker_lain, tmp_path):
    berkas = tmp_path / "buku.xlsx"
    berkas.write_bytes(ekspor_data(satker=gunung_mas, tahun=2024))
    with pytest.raises(CommandError, match="Satker 6201 sudah ada"):
        call_command("impor_data", str(berkas), satker_baru="6201")


def entitas(data: bytes) -> bytes:
    """Our own workbook with an XML entity expansion ('billion laughs') in a sheet."""
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as zf:
        asli = zf.read("xl/worksheets/sheet1.xml")
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    return ganti_bagian(data, {"xl/worksheets/sheet1.xml": doctype + asli})


@pytest.mark.parametrize(
    "buat, pesan",
    [
        (bukan_lembar_kerja, "bukan lembar kerja Excel"),
        (zip_rusak, "rusak"),
        (terenkripsi, "terenkripsi"),
        (bom_zip, "bom zip"),
        ("entitas", "DOCTYPE/ENTITY"),
    ],
)
def test_hostile_or_broken_files_are_refused(gunung_mas, buat, pesan):
    data = entitas(ekspor_data(satker=gunung_mas, tahun=2024)) if buat == "entitas" else buat()
    sebelum = hitung()

    with pytest.raises(ImporDataDitolak, match=pesan):
        impor_data(berkas=data, kode_satker="9999")

    assert hitung() == sebelum


def ubah(data: bytes, lembar: str, perubahan: dict[str, Any]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[lembar]
    for ref, nilai in perubahan.items():
        ws[ref] = nilai
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def test_unknown_format_version_is_refused(gunung_mas):
    data = ubah(ekspor_data(satker=gunung_mas, tahun=2024), "Info", {"B3": "99"})
    with pytest.raises(ImporDataDitolak, match="Versi format buku data “99” tidak dikenal"):
        impor_data(berkas=data, kode_satker="9999")
    assert not Satker.objects.filter(kode="9999").exists()


def test_every_problem_names_sheet_row_and_column(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    data = ubah(data, "Realisasi", {"G2": "1.234,5", "F3": 7})
    data = ubah(data, "ProgramPK", {"A2": 5})
    data = ubah(data, "BarisAnggaran", {"F2": "-1.00"})

    with pytest.raises(ImporDataDitolak) as exc:
        impor_data(berkas=data, kode_satker="9999")

    teks = [str(m) for m in exc.value.masalah]
    for awal in (
        "Galat (lembar “Realisasi”, baris 2, kolom G (nilai)): “1.234,5”",
        "Galat (lembar “Realisasi”, baris 3, kolom F (triwulan))",
        "Galat (lembar “ProgramPK”, baris 2, kolom versi): PK versi 5",
    ):
        assert any(t.startswith(awal) for t in teks), awal
    negatif = "Galat (lembar “BarisAnggaran”, baris 2, kolom F (pagu)): Pagu tidak boleh negatif"
    assert any(negatif in t for t in teks)
    assert not Satker.objects.filter(kode="9999").exists()


def test_empty_year_of_an_existing_satker_adds_missing_budget_years_only(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2023)
    jumlah_2022 = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022).count()
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022).delete()

    ringkasan = impor_data(berkas=data)

    assert not ringkasan.satker_baru
    assert BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022).count() == jumlah_2022
    assert ringkasan.jumlah["BarisAnggaran"] == jumlah_2022
    assert any("Anggaran tahun 2024 sudah ada dan sama persis" in c for c in ringkasan.catatan)
    assert any("Renstra 2020–2024 sudah ada dan sama persis" in c for c in ringkasan.catatan)
    assert Renstra.objects.filter(satker=gunung_mas).count() == 1

    # A budget year that differs from the stored one is refused, and nothing is written.
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
    baris.realisasi += 1
    baris.save()
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022).delete()
    with pytest.raises(ImporDataDitolak, match="anggaran tahun 2024 .* berbeda"):
        impor_data(berkas=data)
    assert not BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2022).exists()
    assert not PerjanjianKinerja.objects.filter(satker=gunung_mas, tahun=2023).exists()
    assert not Laporan.objects.filter(satker=gunung_mas, tahun=2023).exists()


def test_year_must_match_the_workbook(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    with pytest.raises(ImporDataDitolak, match="untuk tahun 2024, bukan 2025"):
        impor_data(berkas=data, kode_satker="9999", tahun=2025)
