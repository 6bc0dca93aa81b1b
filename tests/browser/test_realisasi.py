"""Entering realisations in Chromium: an Operator saves a TW
value in place and sees capaian and kategori change without a reload, then the change in Riwayat;
a Komisioner gets no inputs; two operators saving the same value meet the conflict message."""

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from kinerja.models import Realisasi
from kinerja.services import BarisRealisasi, JenisTarget, build_tabel_realisasi
from lkjip.angka import format_persen
from satker.models import Pengguna
from tests.browser.conftest import Konsol, masuk

REALISASI = "/6210/2024/realisasi/"


def _baris(satker, indikator_id: int) -> BarisRealisasi:
    tabel = build_tabel_realisasi(satker=satker, tahun=2024)
    return next(b for b in tabel.baris if b.indikator_id == indikator_id)


@pytest.fixture
def baris_awal(gunung_mas) -> BarisRealisasi:
    """A numeric indicator with a TW IV realisation of 100% against a target of 100%: capaian
    100%, Sangat Baik, from the demo data."""
    tabel = build_tabel_realisasi(satker=gunung_mas, tahun=2024)
    baris = next(
        b
        for b in tabel.baris
        if b.capaian.jenis_target == JenisTarget.ANGKA
        and b.triwulan[3].nilai_teks == "100%"
        and b.capaian.kategori == "Sangat Baik"
    )
    assert format_persen(baris.capaian.capaian) == "100,00%"
    return baris


def _operator(buat_pengguna, satker, username: str, nama: str) -> Pengguna:
    depan, belakang = nama.split(" ", 1)
    return buat_pengguna(
        satker, Pengguna.Peran.OPERATOR, username=username, first_name=depan, last_name=belakang
    )


def _isian_tw4(page: Page, baris: BarisRealisasi):
    return page.locator(f"#indikator-{baris.indikator_id}").get_by_label(
        f"Realisasi TW IV {baris.capaian.nama}", exact=True
    )


def test_operator_saves_tw_iv_in_place_and_sees_it_in_riwayat(
    page: Page, konsol: Konsol, server, gunung_mas, buat_pengguna, baris_awal
):
    _operator(buat_pengguna, gunung_mas, "ani", "Ani Lestari")
    masuk(page, server, "ani")
    page.goto(server + REALISASI)
    baris = page.locator(f"#indikator-{baris_awal.indikator_id}")
    expect(baris.locator("td.capaian")).to_have_text("100,00%")
    expect(baris.locator("td.kategori")).to_contain_text("Sangat Baik")

    # A page reload or navigation would lose this variable and fire a main-frame navigation.
    page.evaluate("window.penandaHalaman = 'belum dimuat ulang'")
    navigasi: list[str] = []
    page.on("framenavigated", lambda f: navigasi.append(f.url) if f == page.main_frame else None)

    isian = _isian_tw4(page, baris_awal)
    isian.fill("47,5")
    isian.press("Enter")

    expect(baris.locator("td.capaian")).to_have_text("47,50%")
    expect(baris.locator("td.kategori")).not_to_contain_text("Sangat Baik")
    assert page.evaluate("window.penandaHalaman") == "belum dimuat ulang"
    assert navigasi == []
    assert page.url == server + REALISASI

    # What the page shows is what the server now computes, and the row is in the database.
    sekarang = _baris(gunung_mas, baris_awal.indikator_id)
    expect(baris.locator("td.kategori")).to_contain_text(sekarang.capaian.kategori)
    assert sekarang.capaian.kategori != "Sangat Baik"
    tersimpan = Realisasi.objects.get(indikator_id=baris_awal.indikator_id, triwulan=4)
    assert tersimpan.nilai == Decimal("47.5")
    assert tersimpan.diisi_oleh.username == "ani"

    # The row's history link: who changed what, 100 -> 47,5.
    baris.get_by_role("link", name="Riwayat").click()
    page.wait_for_load_state()
    perubahan = page.locator("table.tabel-riwayat tbody tr").first
    expect(perubahan).to_contain_text("Ani Lestari")
    expect(perubahan).to_contain_text("47,5")
    expect(perubahan).to_contain_text("100")
    assert konsol.galat == []


def test_komisioner_sees_the_table_without_inputs(
    page: Page, konsol: Konsol, server, gunung_mas, buat_pengguna, baris_awal
):
    buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username="komisioner-uji")
    masuk(page, server, "komisioner-uji")
    page.goto(server + REALISASI)
    tabel = page.locator("#tabel-realisasi")
    expect(tabel).to_be_visible()
    expect(tabel.locator("tr[id^='indikator-']").first).to_be_visible()
    assert tabel.locator("tr[id^='indikator-']").count() >= 10
    baris = page.locator(f"#indikator-{baris_awal.indikator_id}")
    expect(baris.locator("td.capaian")).to_have_text("100,00%")
    assert tabel.locator("input").count() == 0
    assert tabel.locator("form").count() == 0
    assert page.get_by_role("button", name="Simpan").count() == 0
    assert konsol.galat == []


def test_second_save_of_the_same_value_shows_the_conflict(
    browser: Browser, server, gunung_mas, buat_pengguna, baris_awal
):
    _operator(buat_pengguna, gunung_mas, "ani", "Ani Lestari")
    _operator(buat_pengguna, gunung_mas, "budi", "Budi Santoso")
    halaman: dict[str, Page] = {}
    konsol: dict[str, Konsol] = {}
    for username in ("ani", "budi"):
        context = browser.new_context()
        page = context.new_page()
        konsol[username] = Konsol(page)
        masuk(page, server, username)
        page.goto(server + REALISASI)
        halaman[username] = page

    # Both have the row open with the demo's 100%; Ani saves first.
    ani, budi = halaman["ani"], halaman["budi"]
    isian = _isian_tw4(ani, baris_awal)
    isian.fill("60,5")
    isian.press("Enter")
    expect(ani.locator(f"#indikator-{baris_awal.indikator_id} td.capaian")).to_have_text("60,50%")

    isian = _isian_tw4(budi, baris_awal)
    isian.fill("70")
    isian.press("Enter")
    konflik = budi.locator(f"#indikator-{baris_awal.indikator_id} .pesan-konflik")
    expect(konflik).to_be_visible()
    expect(konflik).to_contain_text("sudah diubah oleh Ani Lestari")
    expect(konflik).to_contain_text("60,5")
    expect(konflik).to_have_attribute("role", "alert")

    # Nothing was overwritten.
    tersimpan = Realisasi.objects.get(indikator_id=baris_awal.indikator_id, triwulan=4)
    assert tersimpan.nilai == Decimal("60.5")
    assert tersimpan.diisi_oleh.username == "ani"
    for page in halaman.values():
        page.context.close()
    assert konsol["ani"].galat == []
    assert konsol["budi"].galat == []
