"""Gambar 1–2 of the Gunung Mas demo: drawn charts stored as PNG through ``GambarOrganisasi``.

``tests/conftest.py`` has already run ``muat_gunung_mas`` once for the session, with the project's
MEDIA_ROOT (``<BASE_DIR>/media``, git-ignored); tests that run the loader again point MEDIA_ROOT at
a temporary folder first.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from laporan.dokumen import build_dokumen
from laporan.models import GambarOrganisasi
from pertukaran.demo.gunung_mas.struktur import Node, bagan_kpu, daftar_bagan, gambar_struktur

JUDUL = [
    (1, "Struktur Organisasi KPU Kabupaten Gunung Mas"),
    (2, "Struktur Organisasi Sekretariat KPU Kabupaten Gunung Mas"),
]


def berkas_di(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def media_sementara(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "struktur"


def test_drawing_is_deterministic_and_wide_enough():
    nomor, judul, akar = daftar_bagan(nama_satker="KPU Kabupaten Gunung Mas", ketua="NAMA")[0]
    png = gambar_struktur(judul, akar)
    assert png == gambar_struktur(judul, akar)
    gambar = Image.open(io.BytesIO(png))
    assert (gambar.format, gambar.width) == ("PNG", 1600)


def test_ketua_box_names_only_the_ketua_and_drops_the_name_when_absent():
    assert bagan_kpu(nama_satker="KPU X", ketua="NAMA").teks == "Ketua\nNAMA"
    assert bagan_kpu(nama_satker="KPU X", ketua="").teks == "Ketua"


def test_odd_number_of_boxes_beside_a_dashed_child_still_draws():
    akar = Node("A", (Node("B"), Node("C"), Node("D"), Node("E", garis_putus=True)))
    assert Image.open(io.BytesIO(gambar_struktur("Uji", akar))).height > 0


@pytest.mark.django_db
def test_loader_stores_both_charts_with_the_seed_titles(gunung_mas):
    gambar = GambarOrganisasi.objects.filter(satker=gunung_mas, tahun=2024).order_by("nomor")
    assert [(g.nomor, g.judul) for g in gambar] == JUDUL
    assert [g.berkas.name for g in gambar] == [
        "struktur/6210-2024-1.png",
        "struktur/6210-2024-2.png",
    ]
    for g in gambar:
        with g.berkas.open("rb") as berkas:
            png = Image.open(berkas)
            png.verify()
            assert png.format == "PNG"
            assert png.width >= 1200


@pytest.mark.django_db
def test_second_run_keeps_file_names_bytes_and_folder(gunung_mas, media_sementara):
    call_command("muat_gunung_mas", verbosity=0)
    nama = list(GambarOrganisasi.objects.order_by("nomor").values_list("berkas", flat=True))
    sebelum = berkas_di(media_sementara)
    assert sorted(sebelum) == ["6210-2024-1.png", "6210-2024-2.png"]

    call_command("muat_gunung_mas", verbosity=0)
    assert list(GambarOrganisasi.objects.order_by("nomor").values_list("berkas", flat=True)) == nama
    assert berkas_di(media_sementara) == sebelum


@pytest.mark.django_db
def test_rerun_keeps_a_changed_file_and_redraws_only_a_missing_one(gunung_mas, media_sementara):
    call_command("muat_gunung_mas", verbosity=0)
    asli = berkas_di(media_sementara)
    (media_sementara / "6210-2024-1.png").write_bytes(b"gambar pilihan pengguna")
    (media_sementara / "6210-2024-2.png").unlink()

    call_command("muat_gunung_mas", verbosity=0)
    assert berkas_di(media_sementara) == {
        "6210-2024-1.png": b"gambar pilihan pengguna",
        "6210-2024-2.png": asli["6210-2024-2.png"],
    }
    assert [g.berkas.name for g in GambarOrganisasi.objects.order_by("nomor")] == [
        "struktur/6210-2024-1.png",
        "struktur/6210-2024-2.png",
    ]


@pytest.mark.django_db
def test_report_lists_the_charts_as_gambar_1_and_2(gunung_mas):
    dokumen = build_dokumen(satker=gunung_mas, tahun=2024)
    assert [(g.nomor, g.judul) for g in dokumen.gambar_struktur] == JUDUL
    assert all(Path(g.berkas).is_file() for g in dokumen.gambar_struktur)
