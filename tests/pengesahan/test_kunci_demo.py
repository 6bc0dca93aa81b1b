"""The demo signs out of the box: `make run` makes a local CA and a test certificate for the demo
Ketua once (``buat_kunci_demo``), prints its passphrase beside the demo accounts, and every place
that shows a signature made with it says it is a test certificate."""

import json
import os
import subprocess
import sys
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from pengesahan.models import DokumenTertandatangani
from pengesahan.sertifikat import CATATAN_UJI, NAMA_CA, NAMA_P12, NAMA_PASSPHRASE
from pengesahan.signing import InfoTandaTangan, teks_stempel

from .alur import sampai_disetujui, tandatangani, url
from .test_tanda_tangan import _xobjects

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def folder_demo(settings, tmp_path) -> Path:
    settings.PENGESAHAN_DEMO_DIR = tmp_path / "var" / "pengesahan"
    return settings.PENGESAHAN_DEMO_DIR


def buat_kunci() -> str:
    keluaran = StringIO()
    call_command("buat_kunci_demo", stdout=keluaran)
    return keluaran.getvalue()


def passphrase_dari(keluaran: str) -> str:
    baris = [b for b in keluaran.splitlines() if b.startswith("Passphrase")]
    return baris[0].rsplit(": ", 1)[1]


def test_the_command_makes_the_key_once_and_keeps_it(folder_demo):
    pertama = buat_kunci()
    p12 = (folder_demo / NAMA_P12).read_bytes()
    ca = (folder_demo / NAMA_CA).read_bytes()

    kedua = buat_kunci()

    assert "dibuat" in pertama and "sudah ada, tidak dibuat ulang" in kedua
    assert passphrase_dari(pertama) == passphrase_dari(kedua)
    assert (folder_demo / NAMA_P12).read_bytes() == p12
    assert (folder_demo / NAMA_CA).read_bytes() == ca
    assert (folder_demo / NAMA_P12).stat().st_mode & 0o077 == 0  # the private key: owner only
    assert (folder_demo / NAMA_PASSPHRASE).stat().st_mode & 0o077 == 0


def test_the_pkcs12_opens_with_the_printed_passphrase_and_is_a_test_certificate(folder_demo):
    passphrase = passphrase_dari(buat_kunci())

    kunci, sertifikat, rantai = pkcs12.load_key_and_certificates(
        (folder_demo / NAMA_P12).read_bytes(), passphrase.encode()
    )

    subjek = {a.oid: a.value for a in sertifikat.subject}
    assert subjek[NameOID.COMMON_NAME] == "ELFRINIS G. TUMON"
    assert subjek[NameOID.ORGANIZATION_NAME] == "KPU Kabupaten Gunung Mas"
    assert subjek[NameOID.ORGANIZATIONAL_UNIT_NAME] == "SERTIFIKAT UJI"
    assert kunci is not None and len(rantai) == 1
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates((folder_demo / NAMA_P12).read_bytes(), b"passphrase-salah")


def test_a_key_without_its_passphrase_file_is_not_silently_replaced(folder_demo):
    buat_kunci()
    p12 = (folder_demo / NAMA_P12).read_bytes()
    (folder_demo / NAMA_PASSPHRASE).unlink()

    with pytest.raises(CommandError, match="Hapus folder"):
        buat_kunci()
    assert (folder_demo / NAMA_P12).read_bytes() == p12


def test_the_command_refuses_in_production(folder_demo, settings):
    settings.PRODUKSI = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        buat_kunci()
    assert not folder_demo.exists()


def test_buat_akun_demo_prints_the_passphrase_beside_the_accounts(folder_demo, gunung_mas):
    passphrase = passphrase_dari(buat_kunci())
    keluaran = StringIO()

    call_command("buat_akun_demo", stdout=keluaran)

    assert (
        f"Passphrase tanda tangan akun ketua (kunci demo, sertifikat uji): {passphrase}"
        in keluaran.getvalue()
    )


def test_the_stamp_text_names_a_test_certificate():
    from django.utils import timezone

    info = InfoTandaTangan(
        nama="ELFRINIS G. TUMON",
        jabatan="Ketua KPU Kabupaten Gunung Mas",
        waktu=timezone.localtime(),
        lokasi="Kuala Kurun",
        url_verifikasi="https://lkjip.contoh.id/pengesahan/verifikasi/x/",
    )
    assert "SERTIFIKAT UJI - bukan tanda tangan resmi" in teks_stempel(info, sertifikat_uji=True)
    assert "SERTIFIKAT UJI" not in teks_stempel(info)
    assert teks_stempel(info, sertifikat_uji=True).isascii()


def _teks_tampilan(pdf: bytes) -> list[bytes]:
    """The drawing streams of the visible signature (the stamp); pyHanko writes '-' as the PDF
    string escape \\055."""
    reader = PdfReader(BytesIO(pdf))
    widget = next(
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    )
    tampilan = widget["/AP"]["/N"].get_object()
    data = [tampilan.get_data(), *(x.get_data() for x in _xobjects(tampilan))]
    return [d.replace(b"\\055", b"-") for d in data]


def test_a_report_signed_with_the_demo_key_verifies_and_is_marked_everywhere(
    client, settings, folder_demo, gunung_mas, operator, sekretaris, ketua
):
    passphrase = passphrase_dari(buat_kunci())
    settings.PENGESAHAN_PKCS12_PATH = str(folder_demo / NAMA_P12)
    settings.PENGESAHAN_TRUST_ROOTS = [str(folder_demo / NAMA_CA)]
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    client.force_login(ketua)

    response = client.post(url("pengesahan_tandatangani", gunung_mas), {"passphrase": passphrase})

    assert response.status_code == 302
    dokumen = DokumenTertandatangani.objects.get(pengesahan__satker=gunung_mas)
    assert dokumen.sertifikat_uji
    assert any(CATATAN_UJI.encode() in data for data in _teks_tampilan(bytes(dokumen.pdf)))
    laporan = client.get(url("laporan", gunung_mas)).content.decode()
    assert "SERTIFIKAT UJI — bukan tanda tangan resmi" in laporan
    client.logout()
    halaman = client.get(f"/pengesahan/verifikasi/{dokumen.id}/").content.decode()
    assert "SERTIFIKAT UJI — bukan tanda tangan resmi" in halaman
    berkas = SimpleUploadedFile("laporan.pdf", bytes(dokumen.pdf), content_type="application/pdf")
    hasil = client.post(f"/pengesahan/verifikasi/{dokumen.id}/", {"berkas": berkas})
    html = hasil.content.decode()
    assert "Sah dan berlaku" in html
    assert html.count("SERTIFIKAT UJI — bukan tanda tangan resmi") == 2  # facts and result


def test_a_signature_with_an_ordinary_certificate_is_not_marked(
    client, gunung_mas, operator, sekretaris, ketua
):
    dokumen = tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)

    assert not dokumen.sertifikat_uji
    assert not any(b"SERTIFIKAT UJI" in data for data in _teks_tampilan(bytes(dokumen.pdf)))
    assert "SERTIFIKAT UJI" not in client.get(url("laporan", gunung_mas)).content.decode()
    berkas = SimpleUploadedFile("laporan.pdf", bytes(dokumen.pdf), content_type="application/pdf")
    html = client.post(f"/pengesahan/verifikasi/{dokumen.id}/", {"berkas": berkas})
    assert "Sah dan berlaku" in html.content.decode()
    assert "SERTIFIKAT UJI" not in html.content.decode()


BACA_PENGATURAN = """
import json
from lkjip import settings as s
print(json.dumps({"p12": s.PENGESAHAN_PKCS12_PATH, "akar": s.PENGESAHAN_TRUST_ROOTS}))
"""


def pengaturan(folder: Path, **env: str) -> dict:
    lingkungan = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PENGESAHAN_", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    lingkungan.update(PENGESAHAN_DEMO_DIR=str(folder), **env)
    hasil = subprocess.run(
        [sys.executable, "-c", BACA_PENGATURAN],
        cwd=BASE_DIR,
        env=lingkungan,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout)


def test_development_defaults_use_the_demo_key_and_trust_its_ca_only_when_present(tmp_path):
    kosong = pengaturan(tmp_path)
    assert kosong == {"p12": str(tmp_path / NAMA_P12), "akar": []}
    (tmp_path / NAMA_CA).write_text("ca")
    assert pengaturan(tmp_path)["akar"] == [str(tmp_path / NAMA_CA)]
    # A configuration of one's own replaces the demo's.
    assert pengaturan(tmp_path, PENGESAHAN_TRUST_ROOTS="/etc/lkjip/ca.pem")["akar"] == [
        "/etc/lkjip/ca.pem"
    ]


def test_production_never_defaults_to_the_demo_key(tmp_path):
    (tmp_path / NAMA_CA).write_text("ca")
    produksi = pengaturan(
        tmp_path,
        DJANGO_ENV="production",
        SECRET_KEY="uji-" + "x" * 60,
        ALLOWED_HOSTS="lkjip.contoh.id",
    )
    assert produksi == {"p12": "", "akar": []}
