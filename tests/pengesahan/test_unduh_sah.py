"""On a signed year the report's "Unduh PDF" (report page and dashboard) gives the signed file,
byte for byte; after a Revisi it is the report again, no longer the superseded signature."""

import hashlib

from laporan import views as laporan_views

from .alur import tandatangani, url


def test_a_signed_years_pdf_download_is_the_signed_file(
    client, monkeypatch, gunung_mas, operator, sekretaris, ketua
):
    dokumen = tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)

    def tidak_dirender(**kwargs):
        raise AssertionError("the signed year's download rendered the report")

    monkeypatch.setattr(laporan_views, "request_pdf", tidak_dirender)
    client.force_login(operator)
    response = client.get(url("laporan_pdf", gunung_mas))
    assert response.status_code == 200
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    assert isi == bytes(dokumen.pdf)
    assert hashlib.sha256(isi).hexdigest() == dokumen.sha256
    assert response["X-Content-SHA256"] == dokumen.sha256
    assert dokumen.nama_berkas in response["Content-Disposition"]

    halaman = client.get(url("laporan", gunung_mas)).content.decode()
    assert "Unduh PDF bertanda tangan" in halaman
    assert f"versi {dokumen.versi}, ditandatangani {dokumen.penandatangan_nama}" in halaman
    dasbor = client.get(url("ringkasan", gunung_mas)).content.decode()
    assert f'<a href="{url("laporan_pdf", gunung_mas)}">Unduh PDF bertanda tangan</a>' in dasbor


def test_after_a_revisi_the_download_is_no_longer_the_superseded_signature(
    client, gunung_mas, operator, sekretaris, ketua
):
    dokumen = tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)
    client.force_login(ketua)
    client.post(url("pengesahan_revisi", gunung_mas), {"komentar": "Perbaiki BAB III."})
    client.force_login(operator)
    response = client.get(url("laporan_pdf", gunung_mas))
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    assert isi != bytes(dokumen.pdf)
    dasbor = client.get(url("ringkasan", gunung_mas)).content.decode()
    assert "Unduh PDF bertanda tangan" not in dasbor
    assert f'<a href="{url("laporan_pdf", gunung_mas)}">Unduh PDF</a>' in dasbor
