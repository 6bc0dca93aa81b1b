"""The whole journey in Chromium, each person in their own browser, from the demo as `make run`
loads it: the Admin fills, through the check's links, what the source report does not state (the
emblem, the Sekretaris' name and NIP, the PK date), the Operator types a TW value and submits,
the Sekretaris approves, the Ketua signs with the demo key (SERTIFIKAT UJI), the
Komisioner downloads the signed PDF, and anyone verifies it on the public page. What is signed is
what was approved: the signed file extends the approved bytes and carries the typed value."""

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from kinerja.models import PerjanjianKinerja
from kinerja.services import JenisTarget, build_tabel_realisasi
from pengesahan.models import DokumenTertandatangani, Pengesahan
from pengesahan.sertifikat import buat_kunci_demo
from pertukaran.demo.gunung_mas import data
from satker.models import Pengguna, Satker
from tests.browser.conftest import Konsol, masuk

LAPORAN = "/6210/2024/laporan/"


@pytest.fixture
def kunci_demo(settings, tmp_path: Path) -> str:
    """The key `make run` makes (buat_kunci_demo), in a folder of this test; its passphrase."""
    kunci = buat_kunci_demo(
        folder=tmp_path / "pengesahan",
        nama_ketua=data.PK_2024["pihak_kedua_nama"],
        nama_satker=data.SATKER["nama"],
    )
    settings.PENGESAHAN_PENANDATANGAN = "pkcs12"
    settings.PENGESAHAN_PKCS12_PATH = str(kunci.p12)
    settings.PENGESAHAN_TRUST_ROOTS = [str(kunci.ca_pem)]
    settings.PENGESAHAN_BASE_URL = ""
    settings.LAPORAN_CACHE_DIR = tmp_path / "cache"
    return kunci.passphrase


def _halaman(browser: Browser, server: str, username: str) -> tuple[Page, Konsol]:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    konsol = Konsol(page)
    masuk(page, server, username)
    return page, konsol


def test_from_a_typed_value_to_a_verified_signed_pdf(
    browser: Browser, server, gunung_mas, buat_pengguna, kunci_demo, tmp_path
):
    for username, peran, ketua in (
        ("operator-jalan", Pengguna.Peran.OPERATOR, False),
        ("sekretaris-jalan", Pengguna.Peran.SEKRETARIS, False),
        ("komisioner-jalan", Pengguna.Peran.KOMISIONER, False),
        ("ketua-jalan", Pengguna.Peran.KOMISIONER, True),
    ):
        buat_pengguna(
            gunung_mas, peran, is_ketua=ketua, username=username, first_name=username.title()
        )
    # The demo as loaded: what the source report does not state is empty.
    PerjanjianKinerja.objects.filter(satker=gunung_mas, tahun=2024).update(
        pihak_pertama_nama="", pihak_pertama_nip="", tanggal=None
    )
    Satker.objects.filter(pk=gunung_mas.pk).update(logo="")
    buat_pengguna(gunung_mas, Pengguna.Peran.ADMIN, username="admin-jalan")
    lambang = tmp_path / "lambang.png"
    Image.new("RGB", (200, 200), "#8a1c1c").save(lambang)

    # The Admin follows each "Isi di sini" of the check until no galat is left.
    page, konsol = _halaman(browser, server, "admin-jalan")
    page.goto(server + LAPORAN)
    galat = page.locator(".temuan--galat")
    assert galat.count() == 4, galat.all_inner_texts()
    isi_di_sini = {"name": "Isi di sini"}
    page.locator(".temuan--galat", has_text="Lambang").get_by_role("link", **isi_di_sini).click()
    page.set_input_files("input[name=logo]", str(lambang))
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.goto(server + LAPORAN)
    page.locator(".temuan--galat", has_text="NIP").get_by_role("link", **isi_di_sini).click()
    page.locator("input[name=pihak_pertama_nama]").fill("SEKRETARIS JALAN, S.E.")
    page.locator("input[name=pihak_pertama_nip]").fill("198001012005011001")
    page.locator("input[name=tanggal]").fill("02-01-2024")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.goto(server + LAPORAN)
    expect(page.locator(".temuan--galat")).to_have_count(0)
    expect(page.locator("img.sampul__logo")).to_be_visible()
    assert konsol.galat == []

    baris = next(
        b
        for b in build_tabel_realisasi(satker=gunung_mas, tahun=2024).baris
        if b.capaian.jenis_target == JenisTarget.ANGKA and b.triwulan[3].nilai_teks == "100%"
    )

    # The Operator types TW IV in place, then submits with a reason for each warning.
    page, konsol = _halaman(browser, server, "operator-jalan")
    page.goto(f"{server}/6210/2024/realisasi/")
    isian = page.locator(f"#indikator-{baris.indikator_id}").get_by_label(
        f"Realisasi TW IV {baris.capaian.nama}", exact=True
    )
    isian.fill("86,37")
    isian.press("Enter")
    expect(page.locator(f"#indikator-{baris.indikator_id} td.capaian")).to_have_text("86,37%")
    page.goto(server + LAPORAN)
    page.get_by_role("link", name="Ajukan laporan").click()
    for alasan in page.locator("textarea[name^='alasan_']").all():
        alasan.fill("Sudah diperiksa; dibiarkan untuk laporan ini.")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator(".status-pengesahan")).to_have_text("Diajukan")
    assert konsol.galat == []

    # The Sekretaris approves: the PDF of this data is stored with its hash.
    page, konsol = _halaman(browser, server, "sekretaris-jalan")
    page.goto(server + LAPORAN)
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".status-pengesahan")).to_have_text("Disetujui", timeout=120_000)
    disetujui = Pengesahan.objects.get(satker=gunung_mas, tahun=2024)
    expect(page.locator(".versi-disetujui")).to_contain_text(disetujui.sha256_disetujui)
    assert konsol.galat == []

    # The Ketua signs with the passphrase `make run` printed.
    page, konsol = _halaman(browser, server, "ketua-jalan")
    page.goto(server + LAPORAN)
    page.get_by_role("link", name="Tandatangani laporan").click()
    page.get_by_label("Passphrase kunci tanda tangan").fill(kunci_demo)
    page.get_by_role("button", name="Tandatangani").click()
    expect(page.locator(".status-pengesahan")).to_have_text("Ditandatangani", timeout=120_000)
    expect(page.locator("#pengesahan")).to_contain_text("SERTIFIKAT UJI")
    assert konsol.galat == []

    # The Komisioner downloads the signed PDF.
    page, konsol = _halaman(browser, server, "komisioner-jalan")
    page.goto(server + LAPORAN)
    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Versi 1, ditandatangani").click()
    berkas = tmp_path / unduhan.value.suggested_filename
    unduhan.value.save_as(berkas)
    assert berkas.name == "LKjIP-KPU-Kabupaten-Gunung-Mas-2024-v1-ditandatangani.pdf"
    pdf = berkas.read_bytes()
    dokumen = DokumenTertandatangani.objects.get(pengesahan=disetujui)
    assert hashlib.sha256(pdf).hexdigest() == dokumen.sha256
    # Signed = the approved bytes plus the signature (an incremental update), nothing rendered.
    disetujui.refresh_from_db()
    assert pdf.startswith(bytes(disetujui.pdf_disetujui))
    teks = "\n".join(h.extract_text() for h in PdfReader(BytesIO(pdf)).pages)
    assert "86,37" in teks
    assert "SEKRETARIS JALAN, S.E." in teks and "NIP. 198001012005011001" in teks
    assert konsol.galat == []

    # Anyone, without logging in, checks the file on the public verification page.
    page = browser.new_page()
    konsol = Konsol(page)
    page.goto(f"{server}/pengesahan/verifikasi/")
    page.set_input_files("input[type=file]", str(berkas))
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("main")).to_contain_text("Sah dan berlaku")
    expect(page.locator("main")).to_contain_text("SERTIFIKAT UJI")
    assert konsol.galat == []
