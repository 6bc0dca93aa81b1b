"""Responsive down to a phone: at 360 px no workspace page scrolls sideways as a whole (wide
tables scroll inside their own box)."""

import hashlib

from django.utils import timezone
from playwright.sync_api import Page

from pengesahan.models import DokumenTertandatangani, Pengesahan
from tests.browser.conftest import masuk
from tests.browser.test_konsol import HALAMAN_OPERATOR


def test_no_page_is_wider_than_a_phone(page: Page, server, operator):
    page.set_viewport_size({"width": 360, "height": 800})
    masuk(page, server, "uji-operator")
    lebar = {}
    for alamat in HALAMAN_OPERATOR:
        page.goto(server + alamat)
        lebar[alamat] = page.evaluate("document.documentElement.scrollWidth")
    assert lebar == dict.fromkeys(HALAMAN_OPERATOR, 360)


def test_the_hashes_of_a_signed_report_fit_a_phone(page: Page, server, operator, gunung_mas):
    """The approved version's and the signed file's SHA-256 (64 characters without a break) on
    the report page and the public verification page."""
    pdf = b"%PDF-1.7 uji"
    pengesahan = Pengesahan.objects.create(
        satker=gunung_mas,
        tahun=2024,
        status=Pengesahan.Status.DITANDATANGANI,
        pdf_disetujui=pdf,
        sha256_disetujui=hashlib.sha256(pdf).hexdigest(),
    )
    dokumen = DokumenTertandatangani.objects.create(
        pengesahan=pengesahan,
        versi=1,
        pdf=pdf,
        sha256=hashlib.sha256(pdf + b"ttd").hexdigest(),
        penandatangan_nama="ELFRINIS G. TUMON",
        penandatangan_jabatan="Ketua KPU Kabupaten Gunung Mas",
        ditandatangani_oleh=operator,
        waktu=timezone.now(),
    )
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{server}/pengesahan/verifikasi/{dokumen.id}/")
    assert dokumen.sha256 in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    masuk(page, server, "uji-operator")
    page.goto(f"{server}/6210/2024/laporan/")
    assert pengesahan.sha256_disetujui in page.inner_text("#pengesahan")
    assert page.evaluate("document.documentElement.scrollWidth") == 360
