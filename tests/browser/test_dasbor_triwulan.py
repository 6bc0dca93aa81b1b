"""The dashboard over the year in Chromium (docs/triwulan.md, Dasbor): at 1366 and 390 px it shows
each indicator's chart of TW target vs realisation and what is due when, and never scrolls
sideways; on a phone the charts are one per row."""

import datetime
from unittest import mock

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import masuk
from tests.laporan.test_dasbor_triwulan import isi_tahun_berjalan

DASBOR = "/6210/2024/"


@pytest.mark.parametrize("lebar", [1366, 390])
def test_charts_and_the_due_list_fit_the_screen(
    page: Page, server, operator, gunung_mas, buat_pengguna, lebar
):
    terukur = isi_tahun_berjalan(gunung_mas, buat_pengguna)
    page.set_viewport_size({"width": lebar, "height": 900})
    masuk(page, server, "uji-operator")
    # Today is 1 August 2024 for the server (it runs in this process).
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2024, 8, 1)):
        page.goto(server + DASBOR)

    tempo = page.locator("#jatuh-tempo")
    expect(tempo).to_contain_text("TW III saat ini: batas 10 Oktober 2024")
    expect(tempo).to_contain_text("3 dari 10 indikator terisi")
    expect(page.locator("#jatuh-tempo-1")).to_contain_text("diverifikasi oleh Maria Lunis")
    expect(page.locator("#jatuh-tempo-2")).to_contain_text("terlambat 22 hari")
    expect(page.locator("#jatuh-tempo-3")).to_contain_text("terbuka, 70 hari lagi")
    # A missing indicator links to its row on the realisation page.
    hilang = terukur[9]
    expect(tempo.get_by_role("link", name=hilang.nama)).to_have_attribute(
        "href", f"/6210/2024/realisasi/#indikator-{hilang.indikator_id}"
    )

    grafik = page.locator(".grafik-tw-kisi").first.locator("figure.grafik-tw")
    expect(grafik).to_have_count(10)
    for c in terukur:
        kartu = page.locator(f"#grafik-tw-{c.indikator_id}")
        expect(kartu.locator("svg")).to_be_visible()
        expect(kartu.locator("table")).to_be_visible()
    kotak = page.evaluate(
        "[...document.querySelectorAll('.grafik-tw-kisi')[0].querySelectorAll('figure')]"
        ".slice(0, 3).map(f => { const r = f.getBoundingClientRect();"
        " return [Math.round(r.left), Math.round(r.right), Math.round(r.top)]; })"
    )
    # Within the screen; several per row on a laptop, one per row on a phone.
    assert all(kanan <= lebar for _, kanan, _ in kotak), kotak
    sebaris = sum(1 for _, _, atas in kotak if atas == kotak[0][2])
    assert sebaris == (3 if lebar == 1366 else 1), kotak
    # Each card's table stays inside its card.
    lebih = page.evaluate(
        "[...document.querySelectorAll('figure.grafik-tw')].filter(f => f.offsetParent)"
        ".filter(f => f.querySelector('table') &&"
        " f.querySelector('table').getBoundingClientRect().right >"
        " f.getBoundingClientRect().right + 1).length"
    )
    assert lebih == 0
    assert page.evaluate("document.documentElement.scrollWidth") == lebar
