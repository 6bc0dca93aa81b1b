"""An Operator plans the year and measures a TW against it: on the Rencana Aksi page they type
the TW targets and an action and save; on the realisation page they enter TW I and see the TW I
capaian against its TW target, beside the yearly capaian (docs/triwulan.md, docs/aturan.md rule
15)."""

from decimal import Decimal

from playwright.sync_api import Page, expect

from kinerja.models import IndikatorKinerja, RencanaAksi, SasaranPK
from tests.browser.conftest import Konsol, masuk


def test_an_operator_enters_tw_targets_then_sees_the_tw_capaian(
    page: Page, konsol: Konsol, server, operator, gunung_mas
):
    ind = IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor="1.1",
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    masuk(page, server, "uji-operator")
    page.get_by_role("link", name="Rencana Aksi").first.click()
    expect(page.get_by_role("heading", name="Rencana aksi 2024")).to_be_visible()

    kartu = page.locator(f"#renaksi-{ind.pk}")
    for i, nilai in enumerate(("25", "50", "75", "100")):
        kartu.locator(f"#target-{ind.pk}-{i + 1}").fill(nilai)
    kartu.get_by_label("Rencana aksi").first.fill("Rapat koordinasi pembayaran honorarium")
    kartu.get_by_role("button", name="Simpan").click()
    kartu = page.locator(f"#renaksi-{ind.pk}")
    expect(kartu.get_by_role("status")).to_have_text("Rencana aksi tersimpan.")
    expect(kartu.locator(f"#target-{ind.pk}-2")).to_have_value("50")
    assert {r.triwulan: r.target for r in RencanaAksi.objects.filter(indikator=ind)} == {
        1: Decimal(25),
        2: Decimal(50),
        3: Decimal(75),
        4: Decimal(100),
    }
    assert RencanaAksi.objects.get(indikator=ind, triwulan=1).rencana.startswith("Rapat")

    page.get_by_role("link", name="Realisasi", exact=True).first.click()
    baris = page.locator(f"#indikator-{ind.pk}")
    expect(baris.locator("td.tw-1 .tw-renaksi")).to_contain_text("Target 25%")
    baris.get_by_label(f"Realisasi TW I {ind.nama}", exact=True).fill("20")
    baris.locator("td.tw-1").get_by_role("button", name="Simpan").click()
    tw1 = page.locator(f"#indikator-{ind.pk} td.tw-1 .tw-renaksi")
    # 20 against the TW I target 25: 80 %, beside the yearly capaian in its own column.
    expect(tw1).to_contain_text("Capaian 80,00%")
    expect(tw1.locator(".tw-kategori")).to_have_count(1)
    expect(page.locator(f"#indikator-{ind.pk} td.capaian")).not_to_be_empty()
    assert konsol.galat == []
