"""Responsive down to a phone: at 360 px no workspace page scrolls sideways as a whole (wide
tables scroll inside their own box)."""

from playwright.sync_api import Page

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
