"""A layout that is not recognised: the message says where the header was looked for, the preview
shows the first rows to map the columns by hand, the mapping is remembered per satker and used
again for a file with the same header (docs/impor_anggaran.md)."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from anggaran.impor.tata_letak import tanda_baris
from anggaran.models import BarisAnggaran, ImporAnggaran, PemetaanKolom
from anggaran.services import build_pohon_anggaran

D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JUDUL = ["No. Akun", "Nama Akun", "Nilai DIPA", "Terpakai", "Keterangan"]


def rekap(pagu_3355: int = 2_160_190_000) -> bytes:
    """A home-made summary whose header the reader does not know."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(["Rekap Anggaran 2024 KPU Kab. Gunung Mas"])
    ws.append([])
    ws.append(JUDUL)
    ws.append(["076.01.WA", "Program Dukungan Manajemen", None, None, ""])
    ws.append(["076.01.WA.3355", "Pengelolaan Keuangan dan BMN", pagu_3355, 2_121_844_395, ""])
    ws.append(["076.01.WA.3360", "Operasional Perkantoran", 113_311_000, 113_310_500, "cek SPM"])
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def unggah(client, data: bytes, nama: str = "rekap.xlsx"):
    return client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile(nama, data, content_type=XLSX), "tahun": 2024},
    )


PETA = {
    "aksi": "petakan",
    "lembar": "Rekap",
    "baris_judul": 3,
    "kode": 0,
    "uraian": 1,
    "pagu": 2,
    "realisasi": 3,
    "catatan": 4,
}


def test_unknown_layout_is_mapped_by_hand_then_imports_and_is_remembered(
    client, admin_satker, gunung_mas
):
    client.force_login(admin_satker)
    respons = unggah(client, rekap())
    impor = ImporAnggaran.objects.get(satker=gunung_mas)
    url = reverse("pratinjau_impor_anggaran", kwargs={"kode": "6210", "pk": impor.pk})
    assert respons.status_code == 302 and respons["Location"] == url
    assert impor.status == ImporAnggaran.Status.PEMETAAN and impor.berkas

    halaman = client.get(url).content.decode()
    assert (
        "Baris judul tabel tidak ditemukan: di lembar “Rekap” baris 1–6 tidak ada kolom Kode, "
        "Uraian dan Pagu/Jumlah; ditemukan: baris 3 berisi Uraian (kolom B), Catatan (kolom E), "
        "tanpa Kode, "
        "Pagu/Jumlah." in halaman
    )
    assert "<td>Nilai DIPA</td>" in halaman  # the grid of the first rows
    assert '<option value="3" selected>baris 3</option>' in halaman  # the row that came closest
    assert "Setujui dan simpan" not in halaman

    # A mapping without a Kode column is refused, nothing is remembered.
    salah = client.post(url, {**PETA, "kode": 1})
    assert "Satu kolom hanya boleh dipilih untuk satu isi." in salah.content.decode()
    assert not PemetaanKolom.objects.exists()

    dipetakan = client.post(url, PETA)
    assert dipetakan.status_code == 302 and dipetakan["Location"] == url
    peta = PemetaanKolom.objects.get(satker=gunung_mas)
    assert peta.kolom == {
        "kode": 0,
        "uraian": 1,
        "pagu": 2,
        "realisasi": 3,
        "catatan": 4,
        "bulan": [],
    }
    assert peta.judul == JUDUL and peta.dibuat_oleh == admin_satker
    pratinjau = client.get(url).content.decode()
    assert "dibaca dengan pemetaan yang tersimpan untuk satker ini (baris judul 3: Kode = A" in (
        pratinjau
    )
    assert "Ubah pemetaan" in pratinjau
    assert "Setujui dan simpan" in pratinjau

    client.post(url, {"aksi": "terapkan"})
    impor.refresh_from_db()
    assert impor.status == ImporAnggaran.Status.DITERAPKAN and impor.berkas is None
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert pohon.total_pagu == D("2273501000")
    assert pohon.total_realisasi == D("2235154895")
    assert BarisAnggaran.objects.get(
        satker=gunung_mas, tahun=2024, kode="076.01.WA.3360"
    ).catatan == ("cek SPM")

    # The next file with the same header is read with the remembered mapping, straight to the
    # preview; the mapping can still be changed there.
    kedua = unggah(client, rekap(pagu_3355=2_200_000_000), nama="rekap-revisi.xlsx")
    impor2 = ImporAnggaran.objects.get(nama_berkas="rekap-revisi.xlsx")
    assert impor2.status == ImporAnggaran.Status.PRATINJAU
    url2 = kedua["Location"]
    halaman2 = client.get(url2).content.decode()
    assert "Rp2.313.311.000" in halaman2  # 2.200.000.000 + 113.311.000
    assert "Ubah pemetaan" in halaman2
    ubah = client.get(f"{url2}?petakan=1").content.decode()
    assert '<option value="3" selected>baris 3</option>' in ubah
    assert "Tetap pakai pemetaan sekarang" in ubah
    client.post(url2, {**PETA, "catatan": ""})
    assert "catatan" not in PemetaanKolom.objects.get(satker=gunung_mas).kolom
    assert PemetaanKolom.objects.count() == 1  # the same header: one mapping, changed


def test_mapping_is_cancelled_like_a_preview(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    url = unggah(client, rekap())["Location"]
    client.post(url, {"aksi": "batal"})
    impor = ImporAnggaran.objects.get(satker=gunung_mas)
    assert impor.status == ImporAnggaran.Status.DIBATALKAN and impor.berkas is None
    assert not PemetaanKolom.objects.exists()


@pytest.fixture
def impor_pemetaan(client, admin_satker, gunung_mas) -> str:
    client.force_login(admin_satker)
    url = unggah(client, rekap())["Location"]
    client.logout()
    return url


def test_only_the_satkers_admin_maps(client, operator, impor_pemetaan):
    client.force_login(operator)
    assert client.get(impor_pemetaan).status_code == 403
    assert client.post(impor_pemetaan, PETA).status_code == 403
    assert not PemetaanKolom.objects.exists()


def test_admin_of_another_satker_gets_404(client, admin_lain, impor_pemetaan):
    client.force_login(admin_lain)
    assert client.get(impor_pemetaan).status_code == 404
    assert client.post(impor_pemetaan, PETA).status_code == 404
    assert not PemetaanKolom.objects.exists()


def test_another_satkers_mapping_is_not_used(client, admin_lain, satker_lain, gunung_mas):
    PemetaanKolom.objects.create(
        satker=gunung_mas,
        tanda=tanda_baris(JUDUL),
        judul=JUDUL,
        kolom={"kode": 0, "uraian": 1, "pagu": 2, "bulan": []},
    )
    client.force_login(admin_lain)
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": satker_lain.kode}),
        {"berkas": SimpleUploadedFile("r.xlsx", rekap(), content_type=XLSX), "tahun": 2024},
    )
    assert respons.status_code == 302
    assert ImporAnggaran.objects.get(satker=satker_lain).status == ImporAnggaran.Status.PEMETAAN
