"""The realisation table on a laptop and on a phone: at 1366 px it fits without scrolling
sideways, the indicator names in view; at 390 px each indicator is a card showing its four TW
inputs, and a value saved from the card is kept."""

from decimal import Decimal

from playwright.sync_api import Page, expect

from kinerja.models import Realisasi, RencanaAksi
from kinerja.services import JenisTarget, build_tabel_realisasi
from tests.browser.conftest import Konsol, masuk

REALISASI = "/6210/2024/realisasi/"
LEBAR_TABEL = """() => {
  const t = document.querySelector('#tabel-realisasi'), kotak = t.parentElement;
  return {tabel: t.scrollWidth, kotak: kotak.scrollWidth, lihat: kotak.clientWidth,
          halaman: document.documentElement.scrollWidth};
}"""


def test_the_table_fits_a_laptop_screen_with_the_indicators_in_view(
    page: Page, konsol: Konsol, server, operator
):
    page.set_viewport_size({"width": 1366, "height": 800})
    masuk(page, server, "uji-operator")
    page.goto(server + REALISASI)
    # The forms that widen a row when opened (keterangan, causes and solution, upload) are open.
    page.evaluate(
        "document.querySelectorAll('#tabel-realisasi details').forEach(d => d.open = true)"
    )
    lebar = page.evaluate(LEBAR_TABEL)
    assert lebar["tabel"] <= lebar["lihat"], lebar
    assert lebar["kotak"] <= lebar["lihat"], lebar
    assert lebar["halaman"] == 1366
    # Every indicator cell lies within the screen, as does the TW IV input of each row.
    for sel in ("td.indikator", "td.tw-4 input[name=nilai]", "td.riwayat"):
        kanan = page.evaluate(
            f"Math.max(...[...document.querySelectorAll('#tabel-realisasi {sel}')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert kanan <= 1366, (sel, kanan)
    assert konsol.galat == []


def test_on_a_phone_each_indicator_is_a_card_with_its_four_tw_inputs(
    page: Page, konsol: Konsol, server, operator, gunung_mas
):
    tabel = build_tabel_realisasi(satker=gunung_mas, tahun=2024)
    angka = [b for b in tabel.baris if b.capaian.jenis_target == JenisTarget.ANGKA]
    page.set_viewport_size({"width": 390, "height": 844})
    masuk(page, server, "uji-operator")
    page.goto(server + REALISASI)
    lebar = page.evaluate(LEBAR_TABEL)
    assert lebar["kotak"] <= lebar["lihat"] and lebar["halaman"] == 390, lebar

    kartu = page.locator("#tabel-realisasi tbody tr[id^=indikator-]")
    assert kartu.count() == len(tabel.baris)
    assert page.locator("#tabel-realisasi thead").bounding_box()["height"] <= 1
    for baris in angka:
        tr = page.locator(f"#indikator-{baris.indikator_id}")
        assert tr.evaluate("e => getComputedStyle(e).display") == "grid"
        kotak = tr.bounding_box()
        assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 390
        for tw in ("I", "II", "III", "IV"):
            isian = tr.get_by_label(f"Realisasi TW {tw} {baris.capaian.nama}", exact=True)
            isian.scroll_into_view_if_needed()
            expect(isian).to_be_visible()
            b = isian.bounding_box()
            assert b["x"] >= kotak["x"] and b["x"] + b["width"] <= kotak["x"] + kotak["width"]
            # The column's name is shown on the card, not only to screen readers.
            td = tr.locator(f"td.tw-{('I', 'II', 'III', 'IV').index(tw) + 1}")
            assert td.evaluate("e => getComputedStyle(e, '::before').content") == f'"TW {tw}"'

    # The card's form is the table's: a value typed and saved there is stored.
    baris = angka[0]
    tr = page.locator(f"#indikator-{baris.indikator_id}")
    tr.get_by_label(f"Realisasi TW II {baris.capaian.nama}", exact=True).fill("42,5")
    tr.locator("td.tw-2").get_by_role("button", name="Simpan").click()
    expect(page.locator(f"#indikator-{baris.indikator_id} td.tw-2 p.tersimpan")).to_be_visible()
    nilai = Realisasi.objects.get(indikator_id=baris.indikator_id, triwulan=2).nilai
    assert nilai == Decimal("42.5")
    assert konsol.galat == []


def test_with_tw_targets_and_capaian_under_every_tw_it_still_fits(
    page: Page, konsol: Konsol, server, operator, gunung_mas
):
    """The rencana aksi's TW target and TW capaian (with its category) under each TW value, at
    their widest (large targets, every TW entered), on the laptop and on the phone. (The TW
    values stay ordinary: a huge value widens the yearly columns, which is not this test's.)"""
    tabel = build_tabel_realisasi(satker=gunung_mas, tahun=2024)
    angka = [b for b in tabel.baris if b.capaian.jenis_target == JenisTarget.ANGKA]
    RencanaAksi.objects.bulk_create(
        RencanaAksi(indikator_id=b.indikator_id, triwulan=tw, target=Decimal("1234567.5"))
        for b in angka
        for tw in (1, 2, 3, 4)
    )
    Realisasi.objects.filter(indikator_id__in=[b.indikator_id for b in angka]).delete()
    Realisasi.objects.bulk_create(
        Realisasi(indikator_id=b.indikator_id, triwulan=tw, nilai=Decimal("95.25"), versi=1)
        for b in angka
        for tw in (1, 2, 3, 4)
    )
    page.set_viewport_size({"width": 1366, "height": 800})
    masuk(page, server, "uji-operator")
    page.goto(server + REALISASI)
    contoh = page.locator(f"#indikator-{angka[0].indikator_id} td.tw-3 .tw-renaksi")
    expect(contoh).to_contain_text("Target 1.234.567,5")
    expect(contoh).to_contain_text("Capaian 0,01%")
    page.evaluate(
        "document.querySelectorAll('#tabel-realisasi details').forEach(d => d.open = true)"
    )
    lebar = page.evaluate(LEBAR_TABEL)
    assert lebar["tabel"] <= lebar["lihat"] and lebar["halaman"] == 1366, lebar
    kanan = page.evaluate(
        "Math.max(...[...document.querySelectorAll('#tabel-realisasi td.riwayat')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert kanan <= 1366

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    lebar = page.evaluate(LEBAR_TABEL)
    assert lebar["kotak"] <= lebar["lihat"] and lebar["halaman"] == 390, lebar
    kartu = page.locator(f"#indikator-{angka[0].indikator_id}").bounding_box()
    for tw in (1, 2, 3, 4):
        b = page.locator(f"#indikator-{angka[0].indikator_id} td.tw-{tw} .tw-renaksi")
        kotak = b.bounding_box()
        assert kotak["x"] + kotak["width"] <= kartu["x"] + kartu["width"]
    assert konsol.galat == []
