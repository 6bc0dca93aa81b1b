"""The narrative editor in Chromium: an Operator writes a paragraph with a
live figure from the picker, sees it in the preview, saves; a Komisioner reads the updated report
and comments, without a way to edit. No console errors or CSP violations on the way."""

import re

from playwright.sync_api import Page, expect

from laporan.models import Komentar, Narasi
from satker.models import Pengguna
from tests.browser.conftest import Konsol, masuk

EDITOR = "/6210/2024/narasi/penutup/"


def test_operator_writes_komisioner_reads_and_comments(
    page: Page, konsol: Konsol, server, operator, gunung_mas, buat_pengguna
):
    buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username="uji-komisioner")
    masuk(page, server, "uji-operator")
    page.goto(f"{server}/6210/2024/narasi/")
    page.get_by_role("link", name=re.compile(r"Ubah BAB IV Penutup")).click()
    teks = page.get_by_label("Teks narasi")
    teks.fill("Serapan anggaran tahun ini mencapai ")
    teks.press("End")
    page.locator("button.sisip-placeholder[data-sisip='{serapan_total}']").click()
    teks.press("End")
    teks.type(".\n\nHal penting\nHal lain")
    teks.evaluate("t => t.setSelectionRange(t.value.indexOf('Hal penting'), t.value.length)")
    page.get_by_role("button", name="1. Daftar bernomor", exact=True).click()
    expect(teks).to_have_value(
        "Serapan anggaran tahun ini mencapai {serapan_total}.\n\n1. Hal penting\n2. Hal lain"
    )
    pratinjau = page.locator("#pratinjau-narasi")
    expect(pratinjau).to_contain_text("Serapan anggaran tahun ini mencapai 95,06%.")
    expect(pratinjau.locator("ol li")).to_have_count(2)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".pesan")).to_contain_text("disimpan")
    n = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup", kunci="")
    assert n.teks.startswith("Serapan anggaran tahun ini mencapai {serapan_total}.")
    assert konsol.galat == []

    page.get_by_role("button", name="Keluar").click()
    masuk(page, server, "uji-komisioner")
    page.goto(f"{server}/6210/2024/laporan/")
    expect(page.locator("body")).to_contain_text("Serapan anggaran tahun ini mencapai 95,06%.")
    page.goto(f"{server}{EDITOR}")
    expect(page.locator("#teks-narasi")).to_have_count(0)
    expect(page.get_by_role("button", name="Simpan", exact=True)).to_have_count(0)
    page.get_by_label("Tulis komentar").fill("Mohon sebutkan realisasinya juga.")
    page.get_by_role("button", name="Kirim komentar").click()
    expect(page.locator(".daftar-komentar")).to_contain_text("Mohon sebutkan realisasinya juga.")
    assert Komentar.objects.filter(bagian="penutup", penulis__username="uji-komisioner").exists()
    assert konsol.galat == []
