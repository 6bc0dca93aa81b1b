"""What is signed is what was approved: approval stores the rendered PDF and its SHA-256; the
Ketua signs those bytes without rendering again, and a missing key or a wrong passphrase is
refused before anything is rendered."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from kinerja.models import Realisasi
from pengesahan import services
from pengesahan.models import Pengesahan
from pengesahan.signing import GagalMenandatangani, PenandatanganPKCS12

from .alur import TAHUN, sampai_disetujui, url
from .conftest import PASSPHRASE


def _realisasi(satker) -> Realisasi:
    return Realisasi.objects.filter(
        indikator__sasaran__program__perjanjian__satker=satker,
        indikator__sasaran__program__perjanjian__tahun=TAHUN,
        nilai__isnull=False,
    ).first()


@pytest.fixture
def disetujui(client, gunung_mas, operator, sekretaris, ketua) -> Pengesahan:
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    return Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN)


def _jangan_render(monkeypatch) -> None:
    def render(**kwargs):
        raise AssertionError("signing rendered the report again")

    monkeypatch.setattr(services, "get_pdf", render)
    monkeypatch.setattr(services, "build_dokumen", render)


def test_approval_stores_the_pdf_and_the_page_shows_its_hash(client, disetujui, gunung_mas):
    pdf = bytes(disetujui.pdf_disetujui)
    assert pdf.startswith(b"%PDF")
    assert disetujui.sha256_disetujui == hashlib.sha256(pdf).hexdigest()
    html = client.get(url("laporan", gunung_mas)).content.decode()
    assert disetujui.sha256_disetujui in html


def test_signing_signs_the_approved_bytes_without_rendering(
    monkeypatch, disetujui, gunung_mas, ketua
):
    _jangan_render(monkeypatch)
    dokumen = services.tandatangani(
        satker=gunung_mas,
        tahun=TAHUN,
        user=ketua,
        penandatangan=PenandatanganPKCS12(passphrase=PASSPHRASE),
        url_verifikasi="https://lkjip.contoh.id/pengesahan/verifikasi/{id}/",
    )
    disetujui_pdf = bytes(disetujui.pdf_disetujui)
    ditandatangani = bytes(dokumen.pdf)
    # An incremental update: the approved file, unchanged, then the signature's revision.
    assert ditandatangani[: len(disetujui_pdf)] == disetujui_pdf
    assert len(ditandatangani) > len(disetujui_pdf)


def test_signing_ignores_data_changed_behind_the_lock(monkeypatch, disetujui, gunung_mas, ketua):
    """Even a write that bypassed every check (raw SQL) cannot change what is signed."""
    from django.db import connection

    r = _realisasi(gunung_mas)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Realisasi._meta.db_table} SET nilai = nilai + 1 WHERE id = %s", [r.pk]
        )
    _jangan_render(monkeypatch)
    dokumen = services.tandatangani(
        satker=gunung_mas,
        tahun=TAHUN,
        user=ketua,
        penandatangan=PenandatanganPKCS12(passphrase=PASSPHRASE),
        url_verifikasi="https://x/{id}/",
    )
    assert bytes(dokumen.pdf).startswith(bytes(disetujui.pdf_disetujui))


@pytest.mark.parametrize(
    ("penandatangan", "pesan"),
    [
        (lambda: PenandatanganPKCS12(passphrase="salah"), "tidak dapat dibuka"),
        (
            lambda: PenandatanganPKCS12(path="/tidak/ada.p12", passphrase=PASSPHRASE),
            "tidak ditemukan",
        ),
    ],
)
def test_key_problems_are_refused_before_any_rendering(
    monkeypatch, disetujui, gunung_mas, ketua, penandatangan, pesan
):
    _jangan_render(monkeypatch)
    with pytest.raises(GagalMenandatangani, match=pesan):
        services.tandatangani(
            satker=gunung_mas,
            tahun=TAHUN,
            user=ketua,
            penandatangan=penandatangan(),
            url_verifikasi="https://x/{id}/",
        )
    disetujui.refresh_from_db()
    assert disetujui.status == Pengesahan.Status.DISETUJUI


def test_the_approved_data_cannot_change_before_signing(disetujui, gunung_mas):
    r = _realisasi(gunung_mas)
    r.nilai += 1
    with pytest.raises(ValidationError, match="sudah disetujui"):
        r.save()
