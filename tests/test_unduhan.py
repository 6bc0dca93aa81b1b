"""Download names (lkjip.unduhan): quotes, dashes, accents and line breaks in a satker's name or an
uploaded file's name give a valid Content-Disposition whose names are what a browser should save."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja import views_perjanjian
from kinerja.models import BuktiDukung, IndikatorKinerja
from kinerja.services import upload_bukti
from laporan import views as laporan_views
from laporan.tasks import Keadaan, StatusPDF
from lkjip.unduhan import bagian_nama, content_disposition
from pengesahan.models import DokumenTertandatangani, Pengesahan

NAMA_SATKER = 'KPU Kab. "Uji" – Baru\nX'
DASAR = 'KPU-Kab.-"Uji"-–-Baru-X'  # the satker's name as part of a file name
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)
_HEADER = re.compile(
    r"(?P<jenis>attachment|inline); filename=\"(?P<ascii>[A-Za-z0-9._-]+)\""
    r"(?:; filename\*=UTF-8''(?P<utf8>[A-Za-z0-9%._~-]+))?"
)


def baca(header: str) -> tuple[str, str, str]:
    """(attachment or inline, the ASCII fallback, the name a browser saves) of a valid header."""
    header.encode("ascii")  # a header is ASCII
    cocok = _HEADER.fullmatch(header)
    assert cocok, header
    # A browser saves filename* when there is one (RFC 6266), percent-decoded UTF-8.
    nama = unquote(cocok["utf8"], errors="strict") if cocok["utf8"] else cocok["ascii"]
    return cocok["jenis"], cocok["ascii"], nama


@pytest.mark.parametrize(
    "nama, ascii_, simpan",
    [
        ("LKjIP-KPU-Kabupaten-Gunung-Mas-2024.pdf",) * 3,
        (f"LKjIP-{DASAR}-2024.pdf", "LKjIP-KPU-Kab.-Uji-Baru-X-2024.pdf", None),
        ('a"b.pdf', "a-b.pdf", None),
        ("Laporan – akhir.pdf", "Laporan-akhir.pdf", None),
        ("baris\npertama\r\nkedua.xlsx", "baris-pertama-kedua.xlsx", "baris pertama kedua.xlsx"),
        ("évaluation.pdf", "evaluation.pdf", None),
        ("–.pdf", "berkas.pdf", None),
        ("文件", "berkas", None),
        ("../../rahasia.png", "rahasia.png", "rahasia.png"),
        ("bukti;x=1.png", "bukti-x-1.png", None),
    ],
)
def test_every_name_gives_a_valid_header(nama, ascii_, simpan):
    jenis, fallback, disimpan = baca(content_disposition(nama))
    assert (jenis, fallback, disimpan) == ("attachment", ascii_, simpan or nama)
    assert baca(content_disposition(nama, lampiran=False))[0] == "inline"


def test_a_name_becomes_part_of_a_file_name_without_line_breaks():
    assert bagian_nama(NAMA_SATKER) == DASAR
    assert bagian_nama("KPU Kabupaten  Gunung Mas") == "KPU-Kabupaten-Gunung-Mas"


@pytest.fixture
def satker_aneh(gunung_mas):
    gunung_mas.nama = NAMA_SATKER
    gunung_mas.save(update_fields=["nama"])
    return gunung_mas


@pytest.fixture
def klien(client, admin_satker, satker_aneh):
    client.force_login(admin_satker)
    return client


def test_the_report_pdf(klien, monkeypatch, tmp_path):
    berkas = tmp_path / "siap.pdf"
    berkas.write_bytes(b"%PDF-1.7 uji")
    monkeypatch.setattr(laporan_views, "request_pdf", lambda **_: StatusPDF(Keadaan.SIAP, berkas))
    response = klien.get("/6210/2024/laporan.pdf")
    assert response.status_code == 200
    assert baca(response["Content-Disposition"])[2] == f"LKjIP-{DASAR}-2024.pdf"


@pytest.mark.parametrize(
    "alamat, nama",
    [
        ("/6210/2024/laporan/tabel/3.2.xlsx", f"LKjIP-{DASAR}-2024-Tabel-3.2.xlsx"),
        ("/6210/2024/laporan/tabel/anggaran.xlsx", f"LKjIP-{DASAR}-2024-Anggaran.xlsx"),
        ("/kinerja/6210/2024/buku-kerja.xlsx", f"LKjIP-{DASAR}-2024-Buku-Kerja-Indikator.xlsx"),
        ("/anggaran/6210/impor/2024/data.xlsx", "anggaran-6210-2024.xlsx"),
        ("/anggaran/6210/impor/templat.xlsx", "templat-impor-anggaran.xlsx"),
    ],
)
def test_the_workbooks(klien, alamat, nama):
    response = klien.get(alamat)
    assert response.status_code == 200
    assert baca(response["Content-Disposition"])[2] == nama


def test_the_perjanjian_kinerja_pdf(klien, monkeypatch):
    monkeypatch.setattr(views_perjanjian, "render_pdf_perjanjian", lambda dokumen: b"%PDF-")
    response = klien.get("/6210/2024/perjanjian-kinerja.pdf")
    assert response.status_code == 200
    assert baca(response["Content-Disposition"])[2] == f"PK-{DASAR}-2024.pdf"


def test_the_signed_pdf(klien, satker_aneh, admin_satker):
    dokumen = DokumenTertandatangani.objects.create(
        pengesahan=Pengesahan.objects.create(satker=satker_aneh, tahun=2024),
        versi=1,
        pdf=b"%PDF-1.7 uji",
        sha256="1" * 64,
        penandatangan_nama="Ketua Uji",
        penandatangan_jabatan="Ketua",
        ditandatangani_oleh=admin_satker,
        waktu=timezone.now(),
    )
    response = klien.get(f"/pengesahan/dokumen/{dokumen.id}/unduh/")
    assert response.status_code == 200
    nama = f"LKjIP-{DASAR}-2024-v1-ditandatangani.pdf"
    assert baca(response["Content-Disposition"])[2] == nama


def test_an_evidence_file_under_its_uploaded_name(
    klien, satker_aneh, admin_satker, settings, tmp_path
):
    settings.BUKTI_ROOT = tmp_path / "bukti"
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=satker_aneh, sasaran__program__perjanjian__tahun=2024
    ).first()
    bukti = upload_bukti(
        indikator=indikator,
        triwulan=4,
        berkas=SimpleUploadedFile('Foto "rapat" – é.png', PNG_1X1, content_type="image/png"),
        user=admin_satker,
    )
    response = klien.get(f"/6210/2024/bukti/{bukti.pk}/")
    assert response.status_code == 200
    assert baca(response["Content-Disposition"])[1:] == ("Foto-rapat-e.png", 'Foto "rapat" – é.png')
    # A name stored before uploads were cleaned, with a line break in it.
    BuktiDukung.objects.filter(pk=bukti.pk).update(nama_asli="Bukti\nbaru.png")
    response = klien.get(f"/6210/2024/bukti/{bukti.pk}/")
    assert baca(response["Content-Disposition"])[1:] == ("Bukti-baru.png", "Bukti baru.png")


def test_the_organisation_chart_is_shown_inline(klien):
    response = klien.get("/6210/2024/gambar/1/")
    assert response.status_code == 200
    jenis, _, nama = baca(response["Content-Disposition"])
    assert jenis == "inline" and nama.endswith((".png", ".jpg", ".jpeg", ".svg"))
