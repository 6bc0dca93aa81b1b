"""The browser flow: upload -> preview -> confirm, for the satker's Admin only."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anggaran.impor.templat import write_pok
from anggaran.models import BarisAnggaran, ImporAnggaran
from anggaran.services import build_pohon_anggaran
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas

D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unggah(client, data: bytes, nama="pok.xlsx", tahun=2024, **extra):
    return client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile(nama, data, content_type=XLSX), "tahun": tahun, **extra},
    )


@pytest.fixture
def pok() -> bytes:
    return write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK)


def test_admin_uploads_previews_and_confirms(client, admin_satker, gunung_mas, pok):
    client.force_login(admin_satker)
    halaman = client.get(reverse("impor_anggaran", kwargs={"kode": "6210"}))
    assert halaman.status_code == 200
    assert "Unduh templat kosong" in halaman.content.decode()

    respons = unggah(client, pok)
    impor = ImporAnggaran.objects.get(satker=gunung_mas)
    assert respons.status_code == 302
    assert respons["Location"] == reverse(
        "pratinjau_impor_anggaran", kwargs={"kode": "6210", "pk": impor.pk}
    )
    assert not BarisAnggaran.objects.filter(kode__endswith=".d1").exists()  # nothing written yet

    pratinjau = client.get(respons["Location"]).content.decode()
    assert "16</strong> baris ditambah, <strong>1</strong> diubah" in pratinjau
    assert "076.01.CQ.6709.QAH.001.051.A.521211.d1" in pratinjau
    assert "Rp41.469.966.000" in pratinjau
    assert "95,06%" in pratinjau
    assert '<td class="angka">29</td><td>A</td>' in pratinjau  # a warning with row and column
    assert "dibaca sebagai" in pratinjau
    assert "Setujui dan simpan" in pratinjau

    selesai = client.post(respons["Location"], {"aksi": "terapkan"}, follow=True)
    assert selesai.redirect_chain[-1][0] == reverse(
        "ringkasan", kwargs={"kode": "6210", "tahun": 2024}
    )
    assert "16 baris ditambah, 1 diubah, 0 dihapus" in selesai.content.decode()
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert pohon.total_realisasi == D("39420682212")
    impor.refresh_from_db()
    assert impor.status == ImporAnggaran.Status.DITERAPKAN and impor.diunggah_oleh == admin_satker

    riwayat = client.get(reverse("impor_anggaran", kwargs={"kode": "6210"})).content.decode()
    assert "pok.xlsx" in riwayat and "Diterapkan" in riwayat and impor.sha256[:12] in riwayat

    # confirming twice does not apply twice
    lagi = client.post(respons["Location"], {"aksi": "terapkan"}, follow=True)
    assert "sudah diterapkan" in lagi.content.decode()


def test_preview_with_errors_cannot_be_confirmed(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    respons = unggah(client, write_pok([("076.01.WA", "Program", "-5", None)]))
    halaman = client.get(respons["Location"]).content.decode()
    assert "1 galat" in halaman and "Setujui dan simpan" not in halaman
    assert "negatif" in halaman
    sebelum = list(BarisAnggaran.objects.values_list("kode", "pagu"))
    client.post(respons["Location"], {"aksi": "terapkan"})
    assert list(BarisAnggaran.objects.values_list("kode", "pagu")) == sebelum


def test_second_preview_of_the_year_is_refused_after_the_first_is_saved(
    client, admin_satker, gunung_mas
):
    client.force_login(admin_satker)
    a = unggah(client, write_pok([("076.01.WA", "Program", None, None), ("3355", "A", 1, 1)]))
    b = unggah(client, write_pok([("076.01.WA", "Program", None, None), ("3355", "B", 2, 2)]))
    client.post(b["Location"], {"aksi": "terapkan"})
    sesudah_b = list(BarisAnggaran.objects.filter(tahun=2024).values_list("kode", "pagu"))

    halaman = client.get(a["Location"]).content.decode()
    assert "telah berubah sejak berkas ini diunggah" in halaman
    tolak = client.post(a["Location"], {"aksi": "terapkan"}, follow=True).content.decode()
    assert (
        "Anggaran tahun 2024 telah berubah sejak pratinjau dibuat; unggah berkasnya lagi untuk "
        "membuat pratinjau baru."
    ) in tolak
    assert list(BarisAnggaran.objects.filter(tahun=2024).values_list("kode", "pagu")) == sesudah_b
    assert sesudah_b == [("076.01.WA", None), ("076.01.WA.3355", D(2))]


def test_cancel_keeps_the_data(client, admin_satker, gunung_mas, pok):
    client.force_login(admin_satker)
    respons = unggah(client, pok)
    client.post(respons["Location"], {"aksi": "batal"})
    impor = ImporAnggaran.objects.get()
    assert impor.status == ImporAnggaran.Status.DIBATALKAN and impor.baris is None
    assert not BarisAnggaran.objects.filter(kode__endswith=".d1").exists()


def test_other_roles_get_403(client, operator, pok):
    client.force_login(operator)
    assert client.get(reverse("impor_anggaran", kwargs={"kode": "6210"})).status_code == 403
    assert unggah(client, pok).status_code == 403
    assert not ImporAnggaran.objects.exists()


def test_admin_of_another_satker_gets_404(client, admin_lain, gunung_mas, admin_satker, pok):
    client.force_login(admin_satker)
    impor_url = unggah(client, pok)["Location"]
    client.force_login(admin_lain)
    assert client.get(reverse("impor_anggaran", kwargs={"kode": "6210"})).status_code == 404
    assert client.get(impor_url).status_code == 404
    assert client.post(impor_url, {"aksi": "terapkan"}).status_code == 404
    assert ImporAnggaran.objects.get().status == ImporAnggaran.Status.PRATINJAU


def test_anonymous_is_sent_to_login(client, gunung_mas):
    respons = client.get(reverse("impor_anggaran", kwargs={"kode": "6210"}))
    assert respons.status_code == 302 and "/masuk/" in respons["Location"]


@pytest.mark.parametrize("nama", ["templat_anggaran", "contoh_anggaran"])
def test_templates_download_as_xlsx(client, admin_satker, nama):
    client.force_login(admin_satker)
    respons = client.get(reverse(nama, kwargs={"kode": "6210"}))
    assert respons.status_code == 200 and respons["Content-Type"] == XLSX
    assert respons.content.startswith(b"PK")


def test_filled_template_of_a_year_imports_without_changes(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    data = client.get(
        reverse("templat_anggaran_terisi", kwargs={"kode": "6210", "tahun": 2024})
    ).content
    halaman = client.get(unggah(client, data, nama="anggaran.xlsx")["Location"]).content.decode()
    assert "Tidak ada perubahan" in halaman
