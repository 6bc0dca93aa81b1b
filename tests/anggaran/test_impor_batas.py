"""The cell and time budget of an import (docs/impor_anggaran.md, "Berkas rusak dan berbahaya"):
a workbook of too many cells is refused while it is scanned, before any reader parses it, and
reading may take IMPOR_BATAS_DETIK seconds. The crafted files are small versions of the one in
bench/impor_berkas_jahat.py, with the limit lowered to match."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from anggaran.impor import BerkasDitolak, read_anggaran
from anggaran.impor.templat import write_pok
from anggaran.models import BarisAnggaran, ImporAnggaran
from kinerja.buku_kerja import baca_buku_kerja
from pertukaran.buku_data import ImporDataDitolak, impor_data
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas
from tests.anggaran.berkas_jahat import buat_berkas_jahat

PESAN_SEL = (
    "Berkas terlalu besar untuk diimpor: lebih dari 50.000 sel (lembar “Sheet2”). Pecah berkas "
    "atau hubungi admin."
)


@pytest.fixture(scope="module")
def jahat() -> bytes:
    """7 sheets of 20,000 rows of two cells without addresses: 280,000 cells."""
    return buat_berkas_jahat(lembar=7, baris=20_000)


@pytest.fixture
def batas_rendah(settings):
    settings.IMPOR_BATAS_SEL = 50_000  # the second sheet goes over it


def test_too_many_cells_are_refused_while_scanning_naming_the_sheet(jahat, batas_rendah):
    mulai = time.monotonic()
    with pytest.raises(BerkasDitolak) as galat:
        read_anggaran(jahat, nama_berkas="jahat.xlsx")
    assert galat.value.pesan == PESAN_SEL
    assert time.monotonic() - mulai < 2  # the scan stopped; reading these rows takes seconds


def test_reading_longer_than_the_time_budget_is_refused(jahat, settings):
    settings.IMPOR_BATAS_DETIK = 0.3  # the scan passes, reading 140,000 rows takes longer
    mulai = time.monotonic()
    with pytest.raises(BerkasDitolak) as galat:
        read_anggaran(jahat, nama_berkas="jahat.xlsx")
    assert galat.value.pesan == (
        "Berkas terlalu besar untuk diimpor: membacanya memakan lebih dari 0,3 detik. Pecah "
        "berkas atau hubungi admin."
    )
    assert time.monotonic() - mulai < 1.5


def test_within_the_limits_the_same_rows_are_read(jahat):
    hasil = read_anggaran(jahat, nama_berkas="jahat.xlsx")
    assert hasil.lembar == [f"Sheet{n}" for n in range(1, 8)] and not hasil.baris


def test_a_real_budget_within_the_lowered_limit_still_imports(gunung_mas, batas_rendah, tmp_path):
    path = tmp_path / "pok.xlsx"
    path.write_bytes(write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK))
    call_command("import_anggaran", str(path), "--satker", "6210", "--tahun", "2024", verbosity=0)
    assert BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, kode__endswith=".d1")


def test_command_refuses_the_crafted_file(gunung_mas, jahat, batas_rendah, tmp_path):
    path = tmp_path / "jahat.xlsx"
    path.write_bytes(jahat)
    with pytest.raises(CommandError, match="lebih dari 50.000 sel"):
        call_command("import_anggaran", str(path), "--satker", "6210", "--tahun", "2024")
    assert not ImporAnggaran.objects.exists()


def test_upload_refuses_the_crafted_file(client, admin_satker, jahat, batas_rendah):
    client.force_login(admin_satker)
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile("jahat.xlsx", jahat), "tahun": 2024},
    )
    assert respons.status_code == 200
    assert "lebih dari 50.000 sel (lembar “Sheet2”)" in respons.content.decode()
    assert not ImporAnggaran.objects.exists()


def test_the_workbook_uploads_share_the_limit(gunung_mas, jahat, batas_rendah):
    with pytest.raises(BerkasDitolak) as galat:
        baca_buku_kerja(berkas=jahat, satker=gunung_mas, tahun=2024)
    assert galat.value.pesan == PESAN_SEL
    with pytest.raises(ImporDataDitolak) as ditolak:
        impor_data(berkas=jahat)
    assert [m.pesan for m in ditolak.value.masalah] == [PESAN_SEL]
