"""What the dashboard asks of the satker: before submitting it tells what blocks the submission
(the consistency check's galat) apart from what is only advice (missing evidence and other gaps);
once the report is signed there is nothing left to do."""

import hashlib

from django.utils import timezone

from kinerja.models import BuktiDukung
from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import GALAT, nama_satker_lain, periksa
from pengesahan.models import DokumenTertandatangani, Pengesahan
from tests.laporan.test_dashboard import URL, _bagian


def _jumlah_galat(satker) -> int:
    temuan = periksa(
        build_dokumen(satker=satker, tahun=2024), nama_satker_lain=nama_satker_lain(satker)
    )
    return sum(1 for t in temuan if t.tingkat == GALAT)


def test_missing_evidence_is_advice_not_a_blocker(client, operator, gunung_mas):
    assert not BuktiDukung.objects.filter(
        indikator__sasaran__program__perjanjian__satker=gunung_mas
    ).exists()
    galat = _jumlah_galat(gunung_mas)
    client.force_login(operator)
    html = client.get(URL).content.decode()
    status = _bagian(html, "judul-status-pengesahan")
    assert "lengkapi" not in status
    assert "Saran, tidak wajib untuk pengajuan:" in status
    assert 'href="#judul-belum-lengkap"' in status
    if galat:
        assert f"{galat} galat pada pemeriksaan konsistensi</a>; perbaiki dahulu." in status
        assert 'href="/6210/2024/laporan/#judul-pemeriksaan"' in status
    else:
        assert "Tidak ada yang menghalangi pengajuan." in status
        assert "Menghalangi pengajuan" not in status
    daftar = _bagian(html, "judul-belum-lengkap")
    assert (
        'belum diunggah <span class="redup">(saran, tidak wajib untuk pengajuan)</span>' in daftar
    )
    assert "bukti dukung, misalnya, tidak wajib untuk pengajuan" in daftar


def test_a_galat_is_named_as_what_blocks_the_submission(client, operator, gunung_mas):
    # The Kata Pengantar is a required narrative: emptied, the check reports a galat.
    from laporan.models import Narasi

    Narasi.objects.filter(satker=gunung_mas, tahun=2024).delete()
    galat = _jumlah_galat(gunung_mas)
    assert galat > 0
    client.force_login(operator)
    status = _bagian(client.get(URL).content.decode(), "judul-status-pengesahan")
    assert "<strong>Menghalangi pengajuan:</strong>" in status
    assert f"{galat} galat pada pemeriksaan konsistensi" in status
    assert "Tidak ada yang menghalangi" not in status


def test_after_signing_there_is_nothing_to_do(client, operator, gunung_mas):
    pdf = b"%PDF-1.7 uji"
    p = Pengesahan.objects.create(
        satker=gunung_mas,
        tahun=2024,
        status=Pengesahan.Status.DITANDATANGANI,
        pdf_disetujui=pdf,
        sha256_disetujui=hashlib.sha256(pdf).hexdigest(),
    )
    DokumenTertandatangani.objects.create(
        pengesahan=p,
        versi=1,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        penandatangan_nama="ELFRINIS G. TUMON",
        penandatangan_jabatan="Ketua",
        ditandatangani_oleh=operator,
        waktu=timezone.now(),
    )
    client.force_login(operator)
    html = client.get(URL).content.decode()
    status_html = _bagian(html, "judul-status-pengesahan")
    assert "Ditandatangani" in status_html
    for teks in ("Saran", "Menghalangi", "peringatan", "belum lengkap"):
        assert teks not in status_html
    daftar = _bagian(html, "judul-belum-lengkap")
    assert "Tidak ada: laporan tahun ini sudah ditandatangani" in daftar
    assert "daftar-masalah" not in daftar
    assert "Bukti dukung belum diunggah" not in html
