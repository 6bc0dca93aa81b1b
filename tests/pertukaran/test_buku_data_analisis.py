"""The data workbook carries the Renstra targets and, since format 3, an indicator's national
standard, causes and solution; a format-2 workbook (without those columns) is still read."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.models import IndikatorKinerja, SasaranPK
from laporan.buku_data import ekspor_data
from pertukaran.buku_data import ImporDataDitolak, impor_data
from renstra.models import IndikatorSasaran, TargetRenstra
from satker.models import Satker

KOLOM_BARU = ("standar_nasional", "sumber_standar_nasional", "penyebab", "solusi")


def _isi(satker) -> IndikatorKinerja:
    ind = IndikatorSasaran.objects.filter(sasaran__renstra__satker=satker).order_by("pk").first()
    TargetRenstra.objects.create(indikator=ind, tahun=2024, nilai=Decimal("77.5"))
    TargetRenstra.objects.create(indikator=ind, tahun=2020, nilai=Decimal("70"))
    pk = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=satker, sasaran__bagian=SasaranPK.Bagian.KINERJA
    ).first()
    pk.indikator_renstra = ind
    pk.standar_nasional = Decimal("95.5")
    pk.sumber_standar_nasional = "PKPU 1/2024"
    pk.penyebab = "Revisi DIPA terlambat."
    pk.solusi = "Ajukan revisi lebih awal."
    pk.save()
    return pk


def _ubah_buku(data: bytes, *, versi: str, buang: tuple[str, ...] = ()) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for baris in wb["Info"].iter_rows():
        if baris[0].value == "versi_format":
            baris[1].value = versi
    ws = wb["IndikatorKinerja"]
    judul = [c.value for c in ws[1]]
    for nama in sorted(buang, key=judul.index, reverse=True):
        ws.delete_cols(judul.index(nama) + 1)
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def test_round_trip_keeps_targets_standard_causes_and_solution(gunung_mas):
    asal = _isi(gunung_mas)
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    gunung_mas.delete()
    impor_data(berkas=data)
    satker = Satker.objects.get(kode="6210")
    assert dict(
        TargetRenstra.objects.filter(indikator__sasaran__renstra__satker=satker).values_list(
            "tahun", "nilai"
        )
    ) == {2020: Decimal("70"), 2024: Decimal("77.5")}
    ind = IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=satker, nama=asal.nama, sasaran__bagian="kinerja"
    )
    assert ind.standar_nasional == Decimal("95.5")
    assert (ind.sumber_standar_nasional, ind.penyebab, ind.solusi) == (
        "PKPU 1/2024",
        "Revisi DIPA terlambat.",
        "Ajukan revisi lebih awal.",
    )
    assert (
        ind.indikator_renstra is not None and ind.indikator_renstra.sasaran.renstra.satker == satker
    )


def test_format_2_workbook_without_the_new_columns_is_read(gunung_mas):
    _isi(gunung_mas)
    data = _ubah_buku(ekspor_data(satker=gunung_mas, tahun=2024), versi="2", buang=KOLOM_BARU)
    ringkasan = impor_data(berkas=data, kode_satker="9999")
    assert ringkasan.jumlah["IndikatorKinerja"] > 0
    baru = IndikatorKinerja.objects.filter(sasaran__program__perjanjian__satker__kode="9999")
    assert (
        not baru.exclude(penyebab="").exists()
        and not baru.filter(standar_nasional__isnull=False).exists()
    )
    assert (
        TargetRenstra.objects.filter(indikator__sasaran__renstra__satker__kode="9999").count() == 2
    )


def test_format_3_needs_the_new_columns_and_unknown_versions_are_refused(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    with pytest.raises(ImporDataDitolak) as e:
        impor_data(berkas=_ubah_buku(data, versi="3", buang=("penyebab",)), kode_satker="9999")
    assert "kolom “penyebab” tidak ada di baris judul" in str(e.value)
    with pytest.raises(ImporDataDitolak) as e:
        impor_data(berkas=_ubah_buku(data, versi="9"), kode_satker="9999")
    assert "membaca versi 2 dan 3" in str(e.value)
    assert not Satker.objects.filter(kode="9999").exists()
