"""The public verification page answers each of the four cases in plain Indonesian."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .alur import tandatangani, url
from .test_tanda_tangan import tambah_anotasi


@pytest.fixture
def signed(client, gunung_mas, operator, sekretaris, ketua):
    return tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)


def _unggah(client, signed, data: bytes) -> str:
    client.logout()
    berkas = SimpleUploadedFile("laporan.pdf", data, content_type="application/pdf")
    response = client.post(f"/pengesahan/verifikasi/{signed.id}/", {"berkas": berkas})
    assert response.status_code == 200
    return response.content.decode()


def test_page_by_document_id_shows_the_facts_without_login(client, signed):
    client.logout()

    html = client.get(f"/pengesahan/verifikasi/{signed.id}/").content.decode()

    assert "KPU Kabupaten Gunung Mas" in html
    assert "2024" in html and "Ketua Uji" in html
    assert signed.sha256 in html
    assert "versi terbaru" in html


def test_unknown_document_id_is_404(client, db):
    assert (
        client.get("/pengesahan/verifikasi/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_the_signed_file_is_valid_and_current(client, signed):
    html = _unggah(client, signed, bytes(signed.pdf))

    assert "Sah dan berlaku" in html


def test_a_changed_byte_is_reported_as_altered(client, signed):
    pdf = bytearray(bytes(signed.pdf))
    pdf[pdf.index(b"stream", 2000) + 20] ^= 0x01

    assert "Telah diubah" in _unggah(client, signed, bytes(pdf))


def test_an_added_annotation_is_reported_as_altered(client, signed):
    html = _unggah(client, signed, tambah_anotasi(bytes(signed.pdf)))

    assert "Telah diubah" in html
    assert "ditambahi" in html


def test_an_unsigned_pdf_is_unknown(client, signed):
    from pengesahan.services import get_pdf

    polos = get_pdf(satker=signed.satker, tahun=signed.tahun)

    assert "Tidak dikenal" in _unggah(client, signed, polos)


def test_a_signature_from_an_untrusted_ca_is_unknown(client, signed, settings, kunci_uji):
    settings.PENGESAHAN_TRUST_ROOTS = [str(kunci_uji.ca_lain_pem)]

    assert "Tidak dikenal" in _unggah(client, signed, bytes(signed.pdf))


def test_not_a_pdf_is_unknown(client, signed):
    assert "Tidak dikenal" in _unggah(client, signed, b"bukan pdf")


def test_after_revisi_the_old_file_is_valid_but_superseded(client, signed, ketua, gunung_mas):
    client.force_login(ketua)
    client.post(url("pengesahan_revisi", gunung_mas), {"komentar": "Salah ketik di BAB III."})

    html = _unggah(client, signed, bytes(signed.pdf))

    assert "Sah tetapi sudah digantikan" in html
