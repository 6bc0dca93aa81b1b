"""Monitoring in Chromium (docs/pemantauan.md, "Halaman pemantauan"): the province's Pemantau
logs in, lands on the table of its kabupaten, sorts and filters it, drills into Gunung Mas
read-only and downloads the table; the page fits 1366 px and 390 px without a page-wide scroll,
and a province's workspace navigation keeps its sections on one line with "Pemantauan"."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from satker.models import Pengguna
from tests.browser.conftest import Konsol, masuk


def test_province_pemantau_follows_drills_down_read_only_and_downloads(
    page: Page, konsol: Konsol, server, kpu_provinsi, buat_pengguna, buat_kabkota
):
    buat_kabkota(kpu_provinsi, "6206", nama="KPU Kabupaten Katingan")
    buat_pengguna(kpu_provinsi, Pengguna.Peran.PEMANTAU, username="pantau")
    page.set_viewport_size({"width": 1366, "height": 900})
    masuk(page, server, "pantau")
    expect(page).to_have_url(f"{server}/62/pemantauan/2024/")
    tabel = page.locator("#tabel-pemantauan")
    baris = tabel.locator("tbody tr")
    expect(baris).to_have_count(2)
    gunung_mas = baris.filter(has_text="KPU Kabupaten Gunung Mas")
    expect(gunung_mas).to_contain_text("95,06%")
    expect(gunung_mas).to_contain_text("belum diperiksa")
    assert page.evaluate("document.documentElement.scrollWidth") == 1366

    # Sort by name, descending: Katingan first; then filter on a search, kept in the URL.
    tabel.get_by_role("link", name="Satker").click()
    expect(baris.first).to_contain_text("KPU Kabupaten Katingan")
    page.get_by_label("Cari").fill("gunung")
    page.get_by_role("button", name="Terapkan").click()
    expect(baris).to_have_count(1)
    assert "q=gunung" in page.url and "arah=turun" in page.url

    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Unduh tabel (.xlsx)").click()
    berkas = unduhan.value
    assert berkas.suggested_filename == "Pemantauan-KPU-Provinsi-Kalimantan-Tengah-2024.xlsx"
    ws = load_workbook(BytesIO(open(berkas.path(), "rb").read()))["Satker"]
    assert ws.cell(row=4, column=3).value == "KPU Kabupaten Gunung Mas"
    assert ws.cell(row=5, column=3).value is None  # the filter held

    # Drill down: Gunung Mas's dashboard, read-only, and back.
    page.get_by_role("link", name="KPU Kabupaten Gunung Mas").click()
    expect(page).to_have_url(f"{server}/6210/2024/")
    expect(page.locator(".pita-baca")).to_contain_text(
        "Anda melihat KPU Kabupaten Gunung Mas sebagai pemantau — hanya baca"
    )
    expect(page.get_by_role("link", name="Unggah buku kerja")).to_have_count(0)
    page.get_by_role("link", name="Realisasi").first.click()
    expect(page.locator("input[name=nilai], [hx-post]")).to_have_count(0)
    page.get_by_role("link", name="Kembali ke pemantauan KPU Provinsi Kalimantan Tengah").click()
    expect(page).to_have_url(f"{server}/62/pemantauan/2024/")

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    expect(baris).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert konsol.galat == []


def test_province_workspace_navigation_keeps_pemantauan_on_one_line(
    page: Page, server, kpu_provinsi, buat_pengguna
):
    """A province with its own year (as every province of the national dataset has): its
    workspace's sections, Pemantauan the eleventh, on one line at 1366 px."""
    from kinerja.models import PerjanjianKinerja

    PerjanjianKinerja.objects.create(satker=kpu_provinsi, tahun=2024)
    buat_pengguna(kpu_provinsi, Pengguna.Peran.ADMIN, username="admin-prov")
    page.set_viewport_size({"width": 1366, "height": 900})
    masuk(page, server, "admin-prov")
    page.goto(f"{server}/62/2024/")
    bagian = page.locator(".navigasi__bagian li")
    expect(bagian.last).to_have_text("Pemantauan")
    baris = page.evaluate(
        "new Set([...document.querySelectorAll('.navigasi__bagian li')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))).size"
    )
    assert baris == 1
    bagian.last.get_by_role("link").click()
    expect(page).to_have_url(f"{server}/62/pemantauan/2024/")
