"""The preview of a budget import is built once at upload, from the lines then in memory, and
kept with the upload; its page reads it back. What the page shows must be exactly what a preview
built again from the kept lines shows (the way the page was built before), and a preview whose
base has changed since the upload is built again from the data as it is now."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from anggaran.impor import (
    apply_impor,
    build_pratinjau,
    create_impor,
    layanan,
    list_baris,
    read_pratinjau,
)
from anggaran.impor.layanan import Pratinjau, TotalTahun
from anggaran.impor.templat import write_templat
from anggaran.models import BarisAnggaran, ImporAnggaran
from tests.anggaran.test_impor_tulis_tetap import R, _berkas_a, _berkas_b


def _sama(a: Pratinjau, b: Pratinjau) -> None:
    for medan in (
        "tambah",
        "ubah",
        "hapus",
        "jumlah_tambah",
        "jumlah_ubah",
        "jumlah_hapus",
        "urutan_saja",
        "total",
        "sidik",
    ):
        assert getattr(a, medan) == getattr(b, medan), medan
    for x, y in zip((*a.tambah, *a.ubah, *a.hapus), (*b.tambah, *b.ubah, *b.hapus), strict=True):
        # the page lists a change's fields in this order
        assert list(x.lama.items()) == list(y.lama.items())
        assert list(x.baru.items()) == list(y.baru.items())
    assert TotalTahun.of(a.lama) == TotalTahun.of(b.lama)
    assert TotalTahun.of(a.baru) == TotalTahun.of(b.baru)


@pytest.fixture
def impor_b(gunung_mas) -> ImporAnggaran:
    """File b over file a's stored lines: lines added, changed, moved only, removed."""
    impor, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=write_templat(_berkas_a()), nama_berkas="a.xlsx"
    )
    apply_impor(impor=impor)
    impor, hasil = create_impor(
        satker=gunung_mas, tahun=2024, data=write_templat(_berkas_b()), nama_berkas="b.xlsx"
    )
    assert not hasil.galat
    return ImporAnggaran.objects.get(pk=impor.pk)


def _halaman(client, impor: ImporAnggaran) -> str:
    url = reverse("pratinjau_impor_anggaran", kwargs={"kode": "6210", "pk": impor.pk})
    teks = client.get(url).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", teks)


def test_kept_preview_is_the_preview_built_again(gunung_mas, impor_b):
    tersimpan = read_pratinjau(impor_b)
    assert isinstance(tersimpan.baru, TotalTahun)  # read back, not built again
    dibangun = build_pratinjau(satker=gunung_mas, tahun=2024, baris=list_baris(impor_b))
    _sama(tersimpan, dibangun)
    assert (tersimpan.jumlah_tambah, tersimpan.jumlah_ubah, tersimpan.jumlah_hapus) == (2, 3, 8)
    assert tersimpan.urutan_saja >= 2
    ubah = {p.kode: p for p in tersimpan.ubah}
    assert ubah[f"{R}.521211.d1"].lama == {"pagu": Decimal("1001000")}
    assert ubah[f"{R}.521211.d1"].baru == {"pagu": Decimal("2000000")}
    assert ubah[f"{R}.521219.d1"].lama["realisasi"] == Decimal("0")
    assert ubah[f"{R}.521219.d1"].baru["realisasi"] == Decimal("999.99")


def test_preview_page_shows_the_same_as_built_again(client, admin_satker, gunung_mas, impor_b):
    client.force_login(admin_satker)
    dari_simpanan = _halaman(client, impor_b)
    ImporAnggaran.objects.filter(pk=impor_b.pk).update(hasil=None)  # as an older upload
    dibangun = _halaman(client, impor_b)
    assert dari_simpanan == dibangun
    assert "<strong>2</strong> baris ditambah, <strong>3</strong> diubah" in dari_simpanan
    assert "<strong>8</strong> dihapus" in dari_simpanan
    assert "Rp2.000.000" in dari_simpanan and "rincian tiga (diubah)" in dari_simpanan


def test_only_the_first_changes_are_kept_with_all_counts(
    client, admin_satker, gunung_mas, monkeypatch
):
    monkeypatch.setattr(layanan, "BATAS_TAMPIL", 3)
    impor, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=write_templat(_berkas_a()), nama_berkas="a.xlsx"
    )
    pratinjau = read_pratinjau(ImporAnggaran.objects.get(pk=impor.pk))
    assert isinstance(pratinjau.baru, TotalTahun)
    assert len(pratinjau.tambah) == 3 and pratinjau.jumlah_tambah > 3
    assert len(pratinjau.hapus) == 3 and pratinjau.jumlah_hapus > 3
    _sama(pratinjau, build_pratinjau(satker=gunung_mas, tahun=2024, baris=list_baris(impor)))
    client.force_login(admin_satker)
    halaman = _halaman(client, impor)
    assert f"Ditampilkan 3 dari {pratinjau.jumlah_tambah} baris." in halaman


def test_preview_of_a_changed_base_is_built_from_the_data_now(gunung_mas, impor_b):
    baris = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode=f"{R}.521211.d1")
    baris.pagu = Decimal(7_000)
    baris.save()
    pratinjau = read_pratinjau(impor_b)
    assert not isinstance(pratinjau.baru, TotalTahun)  # built again
    assert pratinjau.sidik != impor_b.sidik_data
    ubah = {p.kode: p for p in pratinjau.ubah}
    assert ubah[f"{R}.521211.d1"].lama == {"pagu": Decimal("7000")}


def test_kept_preview_is_emptied_once_applied(gunung_mas, impor_b):
    assert impor_b.hasil["pratinjau"]["jumlah"][:3] == [2, 3, 8]
    apply_impor(impor=impor_b)
    impor_b.refresh_from_db()
    assert impor_b.hasil is None and impor_b.baris is None
