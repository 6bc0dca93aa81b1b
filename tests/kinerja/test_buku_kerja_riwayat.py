"""The indicator workbook's commit is in the change history as an import by the uploader, with
the file name; the same workbook again records nothing."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from kinerja.buku_kerja import buat_buku_kerja
from riwayat.models import Perubahan
from tests.kinerja.test_buku_kerja import PRATINJAU, cari_baris, indikator, simpan, unggah


def terapkan(client, data: bytes, nama: str) -> None:
    assert unggah(client, data, nama=nama).status_code == 302
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    respons = client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik})
    assert respons.status_code == 302


def test_commit_shows_on_the_history_page_and_the_same_file_again_records_nothing(
    client, operator, gunung_mas
):
    ind = indikator(gunung_mas, "2.3")
    wb = load_workbook(io.BytesIO(buat_buku_kerja(satker=gunung_mas, tahun=2024)))
    ws = wb["Realisasi"]
    ws[f"K{cari_baris(ws, f'IND-{ind.pk}')}"] = "95,06"
    data = simpan(wb)
    client.force_login(operator)

    sebelum = Perubahan.objects.count()
    terapkan(client, data, "realisasi-tw3.xlsx")
    baru = Perubahan.objects.order_by("pk")[sebelum:]
    assert len(baru) == 1
    p = baru[0]
    assert (p.sumber, p.pengguna, p.model, p.aksi) == (
        "impor",
        operator,
        "kinerja.realisasi",
        "tambah",
    )
    assert p.keterangan == "Buku kerja indikator: realisasi-tw3.xlsx"
    halaman = client.get(reverse("riwayat", kwargs={"kode": "6210"}), {"sumber": "impor"})
    teks = halaman.content.decode()
    assert "Impor berkas" in teks and "Buku kerja indikator: realisasi-tw3.xlsx" in teks
    assert "Realisasi: — → 95,06" in teks

    terapkan(client, data, "realisasi-tw3.xlsx")
    assert Perubahan.objects.count() == sebelum + 1
