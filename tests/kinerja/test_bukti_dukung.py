"""Evidence files (bukti dukung): type and size checks on the content, storage outside the web
roots under a random name, download only for the satker's users, deletion, signed years."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kinerja.models import BuktiDukung, IndikatorKinerja, SasaranPK
from pengesahan.models import Pengesahan
from satker.models import Pengguna

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def gambar(format: str) -> bytes:
    keluaran = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(keluaran, format=format)
    return keluaran.getvalue()


@pytest.fixture(autouse=True)
def bukti_root(settings, tmp_path) -> Path:
    settings.BUKTI_ROOT = tmp_path / "bukti"
    return settings.BUKTI_ROOT


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor="1.1",
    )


def url_unggah(ind: IndikatorKinerja) -> str:
    return f"/6210/2024/realisasi/{ind.pk}/bukti/"


def unggah(client, ind, nama: str, isi: bytes, triwulan: str = "4", jenis: str = "x"):
    berkas = SimpleUploadedFile(nama, isi, content_type=jenis)
    return client.post(url_unggah(ind), {"berkas": berkas, "triwulan": triwulan}, **HTMX)


@pytest.fixture
def klien(client, operator):
    client.force_login(operator)
    return client


@pytest.mark.parametrize(
    "nama, isi, jenis",
    [
        ("SK Penetapan.pdf", PDF, "application/pdf"),
        ("foto kegiatan.png", gambar("PNG"), "image/png"),
        ("foto.JPG", gambar("JPEG"), "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_are_stored_outside_the_web_roots_under_a_random_name(
    klien, operator, ind, bukti_root, nama, isi, jenis
):
    r = unggah(klien, ind, nama, isi)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith(f'<tr id="indikator-{ind.pk}"')
    assert f"Bukti dukung {nama} terunggah." in html
    bukti = BuktiDukung.objects.get(indikator=ind)
    assert (bukti.nama_asli, bukti.jenis, bukti.ukuran, bukti.triwulan) == (
        nama,
        jenis,
        len(isi),
        4,
    )
    assert bukti.diunggah_oleh == operator
    path = Path(bukti.berkas.path)
    assert path.is_relative_to(bukti_root) and path.read_bytes() == isi
    assert nama.split(".")[0] not in path.name  # random, not the uploaded name
    assert re.fullmatch(r"[0-9a-f]{32}\.(pdf|png|jpg)", path.name)
    assert f'href="/6210/2024/bukti/{bukti.pk}/"' in html


def test_the_default_store_is_not_a_served_directory():
    dasar = Path(settings.BASE_DIR)
    bawaan = dasar / "var" / "bukti"
    for dilayani in (*map(Path, settings.STATICFILES_DIRS), Path(settings.MEDIA_ROOT)):
        assert not bawaan.is_relative_to(dilayani)
    assert BuktiDukung._meta.get_field("berkas").storage.base_url is None


@pytest.mark.parametrize(
    "nama, isi, pesan",
    [
        ("laporan.pdf", b"<html><script>alert(1)</script></html>", "bukan PDF yang sah"),
        ("foto.png", PDF, "bukan PNG yang sah"),
        ("foto.jpg", gambar("PNG"), "bukan JPEG yang sah"),
        ("rusak.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bukan PNG yang sah"),
        ("program.exe", b"MZ\x90\x00", "PDF, PNG atau JPEG"),
        ("dokumen.docx", b"PK\x03\x04", "PDF, PNG atau JPEG"),
        ("tanpa-akhiran", PDF, "PDF, PNG atau JPEG"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_other_content_is_refused_whatever_its_name(klien, ind, bukti_root, nama, isi, pesan):
    r = unggah(klien, ind, nama, isi, jenis="application/pdf")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<p class="galat" role="alert">' in html and pesan in html
    assert not BuktiDukung.objects.exists()
    assert not bukti_root.exists() or not any(p.is_file() for p in bukti_root.rglob("*"))


def test_a_file_over_the_limit_is_refused(klien, ind, settings):
    settings.BUKTI_UKURAN_MAKS = 1024
    r = unggah(klien, ind, "besar.pdf", PDF + b"0" * 2000)
    assert "batasnya 1,0 KB" in r.content.decode()
    assert not BuktiDukung.objects.exists()


def test_the_default_limit_is_5_mb(klien, ind):
    r = unggah(klien, ind, "besar.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert "batasnya 5,0 MB" in r.content.decode()
    assert not BuktiDukung.objects.exists()


def test_no_file_is_a_message(klien, ind):
    r = klien.post(url_unggah(ind), {"triwulan": ""}, **HTMX)
    assert "Pilih berkas bukti dukung" in r.content.decode()


def test_an_annual_file_has_no_triwulan(klien, ind):
    unggah(klien, ind, "tahunan.pdf", PDF, triwulan="")
    assert BuktiDukung.objects.get().triwulan is None


@pytest.mark.parametrize("triwulan", ["5", "0", "²", "99999999999999999999", "satu"])
def test_an_unknown_triwulan_is_a_message(klien, ind, triwulan):
    r = unggah(klien, ind, "x.pdf", PDF, triwulan=triwulan)
    assert r.status_code == 200 and "Triwulan tidak dikenal." in r.content.decode()
    assert not BuktiDukung.objects.exists()


# --- download -------------------------------------------------------------------------------


@pytest.fixture
def bukti(klien, ind) -> BuktiDukung:
    unggah(klien, ind, "SK KPU Gunung Mas.pdf", PDF)
    return BuktiDukung.objects.get()


@pytest.mark.parametrize(
    "peran", [Pengguna.Peran.OPERATOR, Pengguna.Peran.KOMISIONER, Pengguna.Peran.SEKRETARIS]
)
def test_the_satkers_users_download_it_as_an_attachment(
    client, gunung_mas, buat_pengguna, bukti, peran
):
    client.force_login(buat_pengguna(gunung_mas, peran, username=f"unduh-{peran}"))
    r = client.get(f"/6210/2024/bukti/{bukti.pk}/")
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert "SK KPU Gunung Mas.pdf" in r["Content-Disposition"].replace("%20", " ")


def test_another_satker_gets_404_and_anonymous_the_login(client, operator_lain, bukti, ind):
    client.logout()
    assert client.get(f"/6210/2024/bukti/{bukti.pk}/").status_code == 302
    client.force_login(operator_lain)
    assert client.get(f"/6210/2024/bukti/{bukti.pk}/").status_code == 404
    # ... also through its own satker's address
    assert client.get(f"/6201/2024/bukti/{bukti.pk}/").status_code == 404
    assert unggah(client, ind, "x.pdf", PDF).status_code == 404
    assert client.post(f"/6210/2024/bukti/{bukti.pk}/hapus/", **HTMX).status_code == 404
    assert BuktiDukung.objects.count() == 1


def test_a_missing_file_is_404(klien, bukti):
    Path(bukti.berkas.path).unlink()
    assert klien.get(f"/6210/2024/bukti/{bukti.pk}/").status_code == 404


# --- roles, deletion, signed years ----------------------------------------------------------


@pytest.mark.parametrize("peran", [Pengguna.Peran.KOMISIONER, Pengguna.Peran.SEKRETARIS])
def test_readers_may_not_upload_or_delete(client, gunung_mas, buat_pengguna, ind, bukti, peran):
    client.force_login(buat_pengguna(gunung_mas, peran, username=f"baca-{peran}"))
    assert unggah(client, ind, "x.pdf", PDF).status_code == 403
    assert client.post(f"/6210/2024/bukti/{bukti.pk}/hapus/", **HTMX).status_code == 403
    assert BuktiDukung.objects.count() == 1


def test_admin_deletes_the_row_and_the_file(
    client, admin_satker, bukti, django_capture_on_commit_callbacks
):
    client.force_login(admin_satker)
    path = Path(bukti.berkas.path)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/6210/2024/bukti/{bukti.pk}/hapus/", **HTMX)
    assert r.status_code == 200
    assert "Bukti dukung SK KPU Gunung Mas.pdf dihapus." in r.content.decode()
    assert not BuktiDukung.objects.exists()
    assert not path.exists()


def test_a_signed_year_refuses_uploads_and_deletions(klien, gunung_mas, ind, bukti):
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    r = unggah(klien, ind, "baru.pdf", PDF)
    assert "sudah ditandatangani" in r.content.decode()
    r = klien.post(f"/6210/2024/bukti/{bukti.pk}/hapus/", **HTMX)
    assert "sudah ditandatangani" in r.content.decode()
    assert list(BuktiDukung.objects.values_list("nama_asli", flat=True)) == [
        "SK KPU Gunung Mas.pdf"
    ]
    assert Path(bukti.berkas.path).exists()


def test_the_page_lists_the_file_with_download_link(klien, bukti, ind):
    html = klien.get("/6210/2024/realisasi/").content.decode()
    baris = html[html.index(f'<tr id="indikator-{ind.pk}"') :]
    baris = baris[: baris.index("</tr>")]
    assert f'<a href="/6210/2024/bukti/{bukti.pk}/" download>SK KPU Gunung Mas.pdf</a>' in baris
    assert "TW IV" in baris


def test_uploads_and_deletions_are_in_the_history(klien, operator, ind):
    assert unggah(klien, ind, "Laporan TW IV.pdf", PDF).status_code == 200
    bukti = BuktiDukung.objects.get(indikator=ind)
    html = klien.get(f"/6210/riwayat/indikatorkinerja/{ind.pk}/").content.decode()
    assert "Bukti dukung Laporan TW IV.pdf" in html
    klien.post(f"/6210/2024/bukti/{bukti.pk}/hapus/", **HTMX)
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()
    html = klien.get("/6210/riwayat/?jenis=buktidukung").content.decode()
    assert html.count("Bukti dukung Laporan TW IV.pdf") == 2
