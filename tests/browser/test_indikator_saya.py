"""Owners and reminders in Chromium: the Admin names an Operator as PIC, the Operator logs in,
sees the indicator and its due TW in "Indikator saya", and switches a reminder kind off."""

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from kinerja.models import JadwalTriwulan, PenanggungJawab
from lkjip.angka import format_tanggal
from pengingat.models import Jenis, PengaturanPengingat
from satker.models import Pengguna
from tests.browser.conftest import Konsol, masuk
from tests.pengingat.conftest import indikator_terukur


def _nomor(page: Page, indikator) -> str:
    return page.locator(f"#pic-indikator-{indikator.pk} label .redup").inner_text().rstrip(".")


def test_admin_names_pic_operator_sees_due_tw_and_switches_a_reminder_off(
    page: Page, konsol: Konsol, server, gunung_mas, buat_pengguna
):
    buat_pengguna(gunung_mas, Pengguna.Peran.ADMIN, username="rina", first_name="Rina")
    operator = buat_pengguna(
        gunung_mas,
        Pengguna.Peran.OPERATOR,
        username="budi",
        first_name="Budi",
        last_name="Santoso",
        email="budi@contoh.go.id",
    )
    batas = timezone.localdate() + datetime.timedelta(days=5)
    JadwalTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=3, batas=batas)
    indikator = indikator_terukur(gunung_mas)[0]

    masuk(page, server, "rina")
    page.goto(f"{server}/6210/2024/")
    page.get_by_role("link", name="Indikator saya").click()
    page.get_by_role("link", name="Atur penanggung jawab indikator").click()
    # The same name may stand under two sasaran: the row of this indicator (its number leads).
    baris = page.locator(f"#pic-indikator-{indikator.pk}")
    expect(baris.get_by_role("combobox")).to_have_accessible_name(
        f"{_nomor(page, indikator)}. {indikator.nama}"
    )
    baris.get_by_role("combobox").select_option(label="Budi Santoso (Operator)")
    page.get_by_role("button", name="Simpan penanggung jawab").click()
    expect(page.locator("#pesan")).to_contain_text("1 indikator berubah")
    expect(page.locator(".daftar-riwayat-pic")).to_contain_text("Budi Santoso")
    assert PenanggungJawab.objects.get(indikator=indikator).pengguna == operator
    page.get_by_role("button", name="Keluar").click()

    masuk(page, server, "budi")
    page.goto(f"{server}/6210/2024/")
    page.get_by_role("link", name="Indikator saya").click()
    expect(page.locator(".tenggat")).to_contain_text(
        f"TW III jatuh tempo {format_tanggal(batas)}, 5 hari lagi"
    )
    kartu = page.locator(f"#indikator-saya-{indikator.pk}")
    expect(kartu.get_by_role("heading")).to_have_text(indikator.nama)
    expect(kartu.locator(".tw-saya").nth(2)).to_contain_text("belum diisi")
    # Fits a laptop screen without horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.get_by_role("link", name="Pengingat", exact=True).click()
    expect(page.get_by_text("budi@contoh.go.id")).to_be_visible()
    page.get_by_label("Batas pengisian triwulan mendekat").uncheck()
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("#pesan")).to_contain_text("Pengaturan pengingat disimpan.")
    expect(page.get_by_label("Batas pengisian triwulan mendekat")).not_to_be_checked()
    expect(page.get_by_label("Batas pengisian triwulan terlewat")).to_be_checked()
    assert not PengaturanPengingat.objects.get(pengguna=operator, jenis=Jenis.SEBELUM_BATAS).aktif
    assert konsol.galat == []
