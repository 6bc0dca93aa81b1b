"""The indicator workbook's TW target columns (docs/buku_kerja.md): downloaded with the current
rencana aksi, the preview shows old → new, applied through the rencana aksi's one write path."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.buku_kerja import KOLOM, buat_buku_kerja
from kinerja.models import RencanaAksi, VerifikasiTriwulan
from riwayat.models import Perubahan
from tests.kinerja.test_buku_kerja import PRATINJAU, cari_baris, indikator, simpan, unggah

D = Decimal
pytestmark = pytest.mark.django_db


def test_the_columns_follow_the_existing_ones():
    assert KOLOM[14:] == ("Target TW I", "Target TW II", "Target TW III", "Target TW IV")


def test_round_trip_of_tw_targets(client, operator, gunung_mas):
    ind = indikator(gunung_mas, "1.1")
    RencanaAksi.objects.create(indikator=ind, triwulan=1, target=D(20), rencana="Rapat")
    wb = load_workbook(io.BytesIO(buat_buku_kerja(satker=gunung_mas, tahun=2024)))
    ws = wb["Realisasi"]
    r = cari_baris(ws, f"IND-{ind.pk}")
    assert ws[f"O{r}"].value == 20 and ws[f"P{r}"].value is None  # the current targets
    assert not ws[f"O{r}"].protection.locked
    ws[f"O{r}"] = "25"
    ws[f"P{r}"] = "50,5"
    ws[f"R{r}"] = 100
    client.force_login(operator)
    assert unggah(client, simpan(wb))["Location"] == PRATINJAU
    assert not RencanaAksi.objects.filter(indikator=ind, triwulan=2).exists()

    halaman = client.get(PRATINJAU)
    teks = halaman.content.decode()
    assert "Target TW I" in teks and "20%" in teks and "25%" in teks and "50,5%" in teks
    pratinjau = halaman.context["pratinjau"]
    kolom = {(p.kolom, p.lama, p.baru) for p in pratinjau.perubahan}
    assert ("Target TW I", "20%", "25%") in kolom and ("Target TW II", "—", "50,5%") in kolom
    client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik})

    target = {r.triwulan: (r.target, r.rencana) for r in RencanaAksi.objects.filter(indikator=ind)}
    assert target == {1: (D(25), "Rapat"), 2: (D("50.5"), ""), 4: (D(100), "")}
    assert Perubahan.objects.filter(model="kinerja.rencanaaksi", aksi=Perubahan.Aksi.UBAH).exists()


def test_a_bad_target_is_a_galat_and_a_closed_tw_refuses_the_apply(client, operator, gunung_mas):
    ind = indikator(gunung_mas, "1.1")
    wb = load_workbook(io.BytesIO(buat_buku_kerja(satker=gunung_mas, tahun=2024)))
    ws = wb["Realisasi"]
    r = cari_baris(ws, f"IND-{ind.pk}")
    ws[f"O{r}"] = "-5"
    client.force_login(operator)
    unggah(client, simpan(wb))
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    assert any("Target TW I" in m.pesan and "negatif" in m.pesan for m in pratinjau.galat)
    client.post(PRATINJAU, {"aksi": "batal"})

    ws[f"O{r}"] = "25"
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=1)
    unggah(client, simpan(wb))
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    jawab = client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik}, follow=True)
    assert "TW I sudah diverifikasi" in jawab.content.decode()
    assert not RencanaAksi.objects.filter(indikator=ind).exists()
