"""The dashboard's comparison panel (docs/pemantauan.md, "Perbandingan di dasbor satker") fits a
phone and a desktop: its strips are drawn in percentages of the width, so the diamond marking the
satker keeps its shape and sits where its value is."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import masuk


@pytest.mark.parametrize("lebar", [1366, 390])
def test_the_panel_fits_the_screen_and_marks_the_satker(
    page: Page, server, operator, kpu_provinsi, lebar
):
    page.set_viewport_size({"width": lebar, "height": 900})
    masuk(page, server, "uji-operator")
    page.goto(f"{server}/6210/2024/")
    panel = page.locator(".kotak--perbandingan")
    assert "peringkat ke-1 dari 1 KPU Kabupaten/Kota se-Provinsi Kalimantan Tengah" in (
        panel.inner_text()
    )
    assert page.evaluate("document.documentElement.scrollWidth") == lebar
    strip = panel.locator("svg.strip-sebaran").first
    kotak = strip.bounding_box()
    tanda = strip.locator("path").bounding_box()
    # Inside its strip, and drawn at its own size at any width (14 × 20 with a 2-px outline), not
    # stretched with the strip.
    assert kotak["x"] <= tanda["x"] and tanda["x"] + tanda["width"] <= kotak["x"] + kotak["width"]
    assert (round(tanda["width"]), round(tanda["height"])) == (18, 24)
