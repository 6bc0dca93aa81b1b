"""The full data workbook import records the rows it writes in the change history, as an
import, in its transaction (bulk_create sends no signals)."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from anggaran.models import BarisAnggaran
from kinerja.models import DokumenWajib, IndikatorKinerja, Realisasi
from laporan.buku_data import ekspor_data
from laporan.models import Laporan, Narasi
from pertukaran.buku_data import ImporDataDitolak, impor_data
from riwayat.models import Perubahan
from satker.models import Satker


def test_import_as_new_satker_records_every_tracked_row_as_added(
    client, gunung_mas, buat_pengguna, tmp_path
):
    berkas = tmp_path / "gunung-mas-2024.xlsx"
    berkas.write_bytes(ekspor_data(satker=gunung_mas, tahun=2024))

    call_command("impor_data", str(berkas), satker_baru="9999", verbosity=0)

    baru = Satker.objects.get(kode="9999")
    rows = Perubahan.objects.filter(satker=baru)
    assert {(r.sumber, r.aksi, r.keterangan) for r in rows} == {
        ("impor", "tambah", "Buku data gunung-mas-2024.xlsx")
    }
    milik = {"indikator__sasaran__program__perjanjian__satker": baru}
    harapan = {
        "kinerja.indikatorkinerja": IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker=baru
        ),
        "kinerja.realisasi": Realisasi.objects.filter(**milik),
        "kinerja.dokumenwajib": DokumenWajib.objects.filter(**milik),
        "anggaran.barisanggaran": BarisAnggaran.objects.filter(satker=baru),
        "laporan.laporan": Laporan.objects.filter(satker=baru),
        "laporan.narasi": Narasi.objects.filter(satker=baru),
    }
    jumlah = Counter(rows.values_list("model", flat=True))
    for model, qs in harapan.items():
        assert qs.exists(), model
        assert jumlah[model] == qs.count(), model
        assert set(rows.filter(model=model).values_list("objek_id", flat=True)) == set(
            qs.values_list("pk", flat=True)
        ), model

    # Each row under its own year, named and filled in as the signals would record it.
    baris = BarisAnggaran.objects.filter(satker=baru, tahun=2022, pagu__isnull=False).first()
    p = rows.get(model="anggaran.barisanggaran", objek_id=baris.pk)
    assert (p.tahun, p.objek_repr) == (2022, str(baris))
    assert p.data["kode"] == [None, baris.kode]
    assert p.data["pagu"] == [None, f"{baris.pagu:.2f}"]
    assert "catatan" not in p.data or baris.catatan
    r = Realisasi.objects.filter(**milik).select_related("indikator").first()
    p = rows.get(model="kinerja.realisasi", objek_id=r.pk)
    assert p.tahun == 2024
    assert p.objek_repr == f"{r.get_triwulan_display()} — {r.indikator.nama[:200]}"
    assert p.data["nilai"] == [None, f"{r.nilai:.4f}"]

    admin = buat_pengguna(baru, "admin")
    client.force_login(admin)
    halaman = client.get(reverse("riwayat", kwargs={"kode": "9999"}), {"sumber": "impor"})
    assert halaman.status_code == 200
    assert "Buku data gunung-mas-2024.xlsx" in halaman.content.decode()


def test_import_by_a_user_is_attributed_to_them(gunung_mas, buat_pengguna):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    admin = buat_pengguna(gunung_mas, "admin")
    impor_data(berkas=data, kode_satker="9999", pengguna=admin, nama_berkas="b.xlsx")
    rows = Perubahan.objects.filter(satker__kode="9999")
    assert rows.exists()
    assert set(rows.values_list("pengguna_id", flat=True)) == {admin.pk}


def test_a_refused_import_records_nothing(gunung_mas):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    sebelum = Perubahan.objects.count()
    with pytest.raises(ImporDataDitolak):
        impor_data(berkas=data)  # the year already has data
    assert Perubahan.objects.count() == sebelum
