"""The year in quarters in Chromium (docs/triwulan.md): the Admin sets the due dates (TW I past,
closing), the Operator's edit of TW I is refused with the reason, the Admin reopens TW I with a
reason and the Operator saves; the Sekretaris cannot verify TW I while a short indicator has no
note, writes the note, verifies, and TW I is then read-only on the realisation page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from kinerja.models import CatatanTriwulan, Realisasi, RencanaAksi, VerifikasiTriwulan
from tests.browser.conftest import Konsol, masuk
from tests.kinerja.test_realisasi_web import indikator_kinerja

REALISASI = "/6210/2024/realisasi/"
TRIWULAN = "/6210/2024/triwulan/"


@pytest.fixture
def ind(gunung_mas):
    """Indicator 1.1 with a TW I target of 100 (the rencana aksi, entered on its own page)."""
    ind = indikator_kinerja(gunung_mas, "1.1")
    RencanaAksi.objects.create(indikator=ind, triwulan=1, target=Decimal(100), rencana="Rapat")
    return ind


def _halaman(browser: Browser, server: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    masuk(page, server, username)
    return page


def test_schedule_reopen_note_and_verification(
    browser: Browser, page: Page, konsol: Konsol, server, gunung_mas, buat_pengguna, ind
):
    for peran, nama in (("admin", "Ani"), ("operator", "Oki"), ("sekretaris", "Sari")):
        buat_pengguna(gunung_mas, peran, username=f"b-{peran}", first_name=nama)

    # The Operator has the realisation page open; TW I is still open.
    masuk(page, server, "b-operator")
    page.goto(server + REALISASI)
    baris = page.locator(f"#indikator-{ind.pk}")
    isian_tw1 = baris.get_by_label(f"Realisasi TW I {ind.nama}", exact=True)
    expect(isian_tw1).to_be_visible()

    # The Admin sets the due dates: TW I on 10 April 2024, closing (long past).
    admin = _halaman(browser, server, "b-admin")
    admin.goto(server + TRIWULAN)
    admin.get_by_label("Batas pengisian").first.fill("2024-04-10")
    admin.get_by_role("button", name="Simpan jadwal").click()
    expect(admin.locator("#pesan")).to_contain_text("Jadwal triwulan 2024 disimpan")
    expect(admin.locator("section.tw").first).to_contain_text("Ditutup")

    # The Operator's edit of TW I is refused with the reason; the cell is now read-only.
    isian_tw1.fill("40")
    isian_tw1.press("Enter")
    expect(baris.locator(".galat")).to_contain_text("Batas pengisian TW I (10 April 2024)")
    expect(baris.locator(".galat")).to_contain_text("Minta Admin membuka kembali TW I")
    expect(baris.locator("td.tw-1")).to_contain_text("Lewat batas")
    assert not Realisasi.objects.filter(indikator=ind, triwulan=1).exists()

    # The Admin reopens TW I with a reason.
    admin.locator("section.tw").first.get_by_text("Buka kembali TW I").click()
    admin.get_by_label("Alasan dibuka kembali").first.fill("BA rekonsiliasi honor baru diterima")
    admin.get_by_role("button", name="Buka kembali", exact=True).click()
    expect(admin.locator("#pesan")).to_contain_text("TW I dibuka kembali")
    expect(admin.locator("section.tw").first).to_contain_text("BA rekonsiliasi honor")

    # The Operator saves TW I: 40 against a TW target of 100, below Baik.
    page.goto(server + REALISASI)
    isian_tw1 = page.locator(f"#indikator-{ind.pk}").get_by_label(
        f"Realisasi TW I {ind.nama}", exact=True
    )
    isian_tw1.fill("40")
    isian_tw1.press("Enter")
    expect(page.locator(f"#indikator-{ind.pk} td.tw-1")).to_contain_text("tersimpan")
    assert Realisasi.objects.get(indikator=ind, triwulan=1).nilai == Decimal(40)

    # The Sekretaris cannot verify TW I while the short indicator has no note.
    sek = _halaman(browser, server, "b-sekretaris")
    sek.goto(server + TRIWULAN + "1/")
    sek.get_by_label("tetap memverifikasi").check()
    sek.get_by_role("button", name="Verifikasi TW I").click()
    expect(sek.locator(".pesan__error")).to_contain_text("belum diberi catatan")
    expect(sek.locator(".pesan__error")).to_contain_text(ind.nama[:40])
    assert not VerifikasiTriwulan.objects.exists()

    # A note is written, then the verification succeeds.
    kartu = sek.locator(f"#indikator-{ind.pk}")
    kartu.get_by_label("Penyebab").fill("Honor badan adhoc cair terlambat")
    kartu.get_by_label("Rencana perbaikan").fill("Revisi POK diajukan lebih awal")
    kartu.get_by_role("button", name="Simpan catatan").click()
    expect(sek.locator("#pesan")).to_contain_text("Catatan TW I")
    assert CatatanTriwulan.objects.get(indikator=ind, triwulan=1).penyebab.startswith("Honor")
    sek.get_by_label("tetap memverifikasi").check()
    sek.get_by_role("button", name="Verifikasi TW I").click()
    expect(sek.locator("#pesan")).to_contain_text("TW I 2024 diverifikasi")
    expect(sek.locator(".tw__status")).to_contain_text("Diverifikasi oleh Sari")

    # TW I is read-only on the realisation page, with the reason.
    page.goto(server + REALISASI)
    sel = page.locator(f"#indikator-{ind.pk} td.tw-1")
    expect(sel).to_contain_text("Diverifikasi")
    expect(sel.locator("input")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert konsol.galat == []


def test_closed_tw_cells_keep_the_table_within_a_laptop_screen(
    page: Page, konsol: Konsol, server, gunung_mas, operator
):
    from tests.browser.test_realisasi_layar import LEBAR_TABEL
    from tests.kinerja.test_triwulan import tutup

    tutup(gunung_mas, tw=1, batas=datetime.date(2024, 4, 10))
    tutup(gunung_mas, tw=4)
    page.set_viewport_size({"width": 1366, "height": 800})
    masuk(page, server, "uji-operator")
    page.goto(server + REALISASI)
    page.evaluate(
        "document.querySelectorAll('#tabel-realisasi details').forEach(d => d.open = true)"
    )
    expect(page.locator("#tabel-realisasi td.tw-1 .sel-terkunci").first).to_contain_text(
        "Lewat batas"
    )
    lebar = page.evaluate(LEBAR_TABEL)
    assert lebar["tabel"] <= lebar["lihat"], lebar
    assert lebar["halaman"] == 1366
    assert konsol.galat == []
