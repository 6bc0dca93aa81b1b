"""Mapping the columns of an unknown budget layout in Chromium: the Admin uploads a home-made
summary, picks the columns over the grid of its first rows, sees the preview and saves it; the
budget then holds the file's figures (docs/impor_anggaran.md)."""

from decimal import Decimal

from playwright.sync_api import Page, expect

from anggaran.models import PemetaanKolom
from anggaran.services import build_pohon_anggaran
from tests.anggaran.test_impor_pemetaan import rekap
from tests.browser.conftest import Konsol, masuk


def test_admin_maps_an_unknown_layout_and_imports_it(
    page: Page, konsol: Konsol, server, gunung_mas, admin_satker, tmp_path
):
    berkas = tmp_path / "rekap.xlsx"
    berkas.write_bytes(rekap())
    masuk(page, server, admin_satker.username)
    page.goto(f"{server}/anggaran/6210/impor/")
    page.get_by_label("Berkas anggaran (.xlsx)").set_input_files(str(berkas))
    page.get_by_role("button", name="Baca dan tampilkan pratinjau").click()

    expect(page.get_by_role("heading", name="Tata letak berkas tidak dikenali")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("baris 1–6 tidak ada kolom Kode")
    expect(page.get_by_role("cell", name="Nilai DIPA")).to_be_visible()
    expect(page.get_by_label("Baris judul tabel")).to_have_value("3")  # the closest row
    page.get_by_label("Kolom Kode").select_option(label="A")
    page.get_by_label("Kolom Pagu").select_option(label="C")
    page.get_by_label("Kolom Realisasi (jumlah)").select_option(label="D")
    page.get_by_role("button", name="Simpan pemetaan dan tampilkan pratinjau").click()

    expect(page.get_by_text("dibaca dengan pemetaan yang tersimpan")).to_be_visible()
    expect(page.get_by_role("link", name="Ubah pemetaan")).to_be_visible()
    page.get_by_role("button", name="Setujui dan simpan").click()
    expect(page.get_by_text("Anggaran 2024 diperbarui dari rekap.xlsx")).to_be_visible()

    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert pohon.total_pagu == Decimal("2273501000")
    assert pohon.total_realisasi == Decimal("2235154895")
    assert PemetaanKolom.objects.get(satker=gunung_mas).kolom["catatan"] == 4
    assert konsol.galat == []
