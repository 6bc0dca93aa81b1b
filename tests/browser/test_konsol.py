"""The main pages in Chromium: no console error, no page error, no Content-Security-Policy
violation (inline script or style, style attributes, on* handlers), and the CSP header is sent."""

import pytest
from playwright.sync_api import Page, expect

from lkjip.middleware import CONTENT_SECURITY_POLICY
from tests.browser.conftest import Konsol, masuk

HALAMAN_OPERATOR = [
    "/6210/2024/",
    "/6210/2024/realisasi/",
    "/6210/2024/narasi/",
    "/6210/2024/narasi/latar_belakang/",
    "/6210/2024/anggaran/",
    "/6210/2024/laporan/",
    "/6210/riwayat/",
    "/6210/riwayat/?tahun=2024",
    "/6210/2024/komentar/",
    "/6210/2024/perjanjian-kinerja/",
    "/6210/2024/rencana-aksi/",
    "/6210/2024/rencana-aksi/dokumen/",
    "/akun/sandi/",
]


def _buka(page: Page, konsol: Konsol, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.wait_for_load_state("networkidle")
    assert konsol.galat == [], url


def test_operator_pages_have_no_console_errors(page: Page, konsol: Konsol, server, operator):
    masuk(page, server, "uji-operator")
    for alamat in HALAMAN_OPERATOR:
        _buka(page, konsol, server + alamat)


def test_login_and_lockout_pages_have_no_console_errors(
    page: Page, konsol: Konsol, server, operator
):
    _buka(page, konsol, f"{server}/pengesahan/verifikasi/")
    _buka(page, konsol, f"{server}/masuk/")
    for _ in range(5):
        page.get_by_label("Nama pengguna").fill("uji-operator")
        page.get_by_label("Kata sandi").fill("bukan-sandinya")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Akun terkunci sementara")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("uji-operator")
    page.wait_for_load_state("networkidle")
    # Chromium logs the lockout's own status (429 Too Many Requests); nothing else is allowed.
    assert len(konsol.galat) == 1
    assert "status of 429" in konsol.galat[0] and "/masuk/" in konsol.galat[0]


def test_admin_pages_have_no_console_errors(
    page: Page, konsol: Konsol, server, admin_satker, gunung_mas
):
    masuk(page, server, "uji-admin")
    _buka(page, konsol, f"{server}/admin/")
    _buka(page, konsol, f"{server}/admin/kinerja/indikatorkinerja/")
    _buka(page, konsol, f"{server}/admin/satker/satker/{gunung_mas.pk}/change/")
    _buka(page, konsol, f"{server}/admin/laporan/narasi/add/")


def test_a_csp_violation_is_caught(page: Page, konsol: Konsol, server, db):
    """The listener above is not blind: an inline script injected into a page is refused by
    the CSP, and the refusal is reported."""
    page.goto(f"{server}/masuk/")
    with pytest.raises(Exception):  # noqa: B017, PT011 - Playwright reports the refused script
        page.add_script_tag(content="window.disuntik = 1;")
    assert page.evaluate("window.disuntik") is None
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in g for g in konsol.galat), konsol.galat


def test_narasi_live_preview_has_no_console_errors(page: Page, konsol: Konsol, server, operator):
    """The preview is fetched and inserted by static/js/narasi.js as the operator types: the
    inserted HTML must obey the CSP too (no style attributes, no scripts)."""
    masuk(page, server, "uji-operator")
    _buka(page, konsol, f"{server}/6210/2024/narasi/latar_belakang/")
    teks = page.get_by_label("Teks narasi")
    teks.fill("Kalimat uji pratinjau.\n\n- butir pertama\n- butir kedua\n\n")
    page.locator(".sisip-placeholder").first.click()
    pratinjau = page.locator("#pratinjau-narasi")
    expect(pratinjau).to_contain_text("Kalimat uji pratinjau.")
    expect(pratinjau.locator("li").first).to_contain_text("butir pertama")
    page.wait_for_load_state("networkidle")
    assert konsol.galat == []
