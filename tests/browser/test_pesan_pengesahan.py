"""After a workflow step (submit, approve) the browser lands on the step's message, not on a
block below it with the message scrolled out of view."""

import pytest
from playwright.sync_api import Page, expect

from pengesahan import services
from pengesahan.models import Pengesahan
from satker.models import Pengguna
from tests.browser.conftest import Konsol, masuk

LAPORAN = "/6210/2024/laporan/"


def _terlihat(page: Page, teks: str) -> None:
    """The message is on screen: within the viewport's height, without scrolling."""
    pesan = page.locator("#pesan li", has_text=teks)
    expect(pesan).to_be_visible()
    kotak = pesan.bounding_box()
    tinggi = page.viewport_size["height"]
    assert -1 <= kotak["y"] and kotak["y"] + kotak["height"] <= tinggi, (kotak, tinggi)


@pytest.mark.parametrize("lebar,tinggi", [(1366, 700), (390, 844)])
def test_submit_and_approve_land_on_their_message(
    page: Page, konsol: Konsol, server, gunung_mas, buat_pengguna, monkeypatch, lebar, tinggi
):
    # The approved PDF's rendering is not what is tested here.
    monkeypatch.setattr(services, "render_pdf_bertanggal", lambda **kw: b"%PDF-1.7 uji")
    monkeypatch.setattr(services, "get_pdf", lambda **kw: b"%PDF-1.7 uji")
    buat_pengguna(gunung_mas, Pengguna.Peran.OPERATOR, username="op-pesan")
    buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="sek-pesan")
    page.set_viewport_size({"width": lebar, "height": tinggi})

    masuk(page, server, "op-pesan")
    page.goto(server + LAPORAN)
    page.get_by_role("link", name="Ajukan laporan").click()
    for alasan in page.locator("textarea[name^='alasan_']").all():
        alasan.fill("Sudah diperiksa; dibiarkan untuk laporan ini.")
    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_url(f"{server}{LAPORAN}#pesan")
    _terlihat(page, "Laporan diajukan untuk disetujui.")
    assert Pengesahan.objects.get(satker=gunung_mas, tahun=2024).status == "diajukan"

    page.context.clear_cookies()
    masuk(page, server, "sek-pesan")
    page.goto(server + LAPORAN + "#pengesahan")
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_url(f"{server}{LAPORAN}#pesan")
    _terlihat(page, "Laporan disetujui; menunggu tanda tangan Ketua.")
    assert Pengesahan.objects.get(satker=gunung_mas, tahun=2024).status == "disetujui"
    assert konsol.galat == []
