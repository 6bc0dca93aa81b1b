"""The hierarchy (docs/pemantauan.md): users above a satker read it and change nothing; another
province's users never see it; the Pemantau role writes nothing, on its own satker either."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kinerja.models import IndikatorKinerja, Realisasi
from satker.access import get_satker_or_404, has_peran, satker_bawahan
from satker.models import Pengguna, Satker


def _masuk(user: Pengguna) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def indikator(gunung_mas) -> IndikatorKinerja:
    return (
        IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker=gunung_mas,
            sasaran__program__perjanjian__tahun=2024,
            sasaran__bagian="kinerja",
        )
        .order_by("pk")
        .first()
    )


def test_bawahan_of_a_province_and_of_ri(gunung_mas, kpu_provinsi, kpu_ri, satker_lain):
    satker_lain.induk = kpu_provinsi
    satker_lain.save(update_fields=["induk"])
    assert set(satker_bawahan(kpu_provinsi)) == {gunung_mas, satker_lain}
    assert set(satker_bawahan(kpu_ri)) == {kpu_provinsi, gunung_mas, satker_lain}
    assert list(satker_bawahan(gunung_mas)) == []


@pytest.mark.parametrize("peran", [Pengguna.Peran.PEMANTAU, Pengguna.Peran.ADMIN])
def test_province_user_reads_its_kabupaten_read_only(
    peran, gunung_mas, kpu_provinsi, buat_pengguna
):
    user = buat_pengguna(kpu_provinsi, peran)
    assert get_satker_or_404(user=user, kode="6210") == gunung_mas
    # Whatever the role at home, below it is a reader's: every role check answers no.
    assert user.hanya_baca is True
    assert not has_peran(user, peran, Pengguna.Peran.OPERATOR, Pengguna.Peran.ADMIN)


def test_ri_reads_two_levels_down(gunung_mas, kpu_provinsi, kpu_ri, buat_pengguna):
    user = buat_pengguna(kpu_ri, Pengguna.Peran.PEMANTAU)
    response = _masuk(user).get(reverse("ringkasan", kwargs={"kode": "6210", "tahun": 2024}))
    assert response.status_code == 200
    assert "Gunung Mas" in response.content.decode()


def test_another_province_and_a_sibling_never_see_it(
    gunung_mas, kpu_provinsi, provinsi_lain, satker_lain, buat_pengguna
):
    satker_lain.induk = kpu_provinsi
    satker_lain.save(update_fields=["induk"])
    alamat = reverse("ringkasan", kwargs={"kode": "6210", "tahun": 2024})
    for user in (
        buat_pengguna(provinsi_lain, Pengguna.Peran.PEMANTAU),
        buat_pengguna(satker_lain, Pengguna.Peran.ADMIN),
    ):
        assert _masuk(user).get(alamat).status_code == 404
        with pytest.raises(Http404):
            get_satker_or_404(user=user, kode="6210")


def test_a_kabupaten_does_not_read_its_province(gunung_mas, kpu_provinsi, operator):
    with pytest.raises(Http404):
        get_satker_or_404(user=operator, kode="62")


@pytest.mark.parametrize("peran", [Pengguna.Peran.OPERATOR, Pengguna.Peran.ADMIN])
def test_a_write_from_above_is_refused_and_nothing_changes(
    peran, gunung_mas, kpu_provinsi, buat_pengguna, indikator
):
    sebelum = list(Realisasi.objects.filter(indikator=indikator).values_list("triwulan", "nilai"))
    user = buat_pengguna(kpu_provinsi, peran)
    alamat = reverse(
        "realisasi_simpan",
        kwargs={"kode": "6210", "tahun": 2024, "indikator": indikator.pk, "triwulan": 1},
    )
    response = _masuk(user).post(alamat, {"nilai": "12,5", "versi": "0"})
    assert response.status_code == 403
    assert "hanya dapat melihat" in response.content.decode()
    sesudah = list(Realisasi.objects.filter(indikator=indikator).values_list("triwulan", "nilai"))
    assert sesudah == sebelum


def test_the_read_only_page_offers_no_entry(gunung_mas, kpu_provinsi, buat_pengguna, operator):
    """The realisation page from above has no input a user could type into; the satker's own
    Operator has them."""
    alamat = reverse("realisasi", kwargs={"kode": "6210", "tahun": 2024})
    sendiri = _masuk(operator).get(alamat).content.decode()
    assert 'name="nilai"' in sendiri
    atas = _masuk(buat_pengguna(kpu_provinsi, Pengguna.Peran.OPERATOR)).get(alamat)
    assert atas.status_code == 200
    assert 'name="nilai"' not in atas.content.decode()


def test_pemantau_writes_nothing_on_its_own_satker(kpu_provinsi, buat_pengguna):
    user = buat_pengguna(kpu_provinsi, Pengguna.Peran.PEMANTAU)
    response = _masuk(user).post(reverse("komentar", kwargs={"kode": "62", "tahun": 2024}))
    assert response.status_code == 403


def test_parent_must_fit_the_kind(gunung_mas, kpu_ri, kpu_provinsi):
    gunung_mas.induk = kpu_ri  # a kabupaten directly under KPU RI
    with pytest.raises(ValidationError, match="tidak dapat berinduk"):
        gunung_mas.clean()
    kpu_provinsi.induk = gunung_mas
    with pytest.raises(ValidationError, match="tidak dapat berinduk"):
        kpu_provinsi.clean()
    gunung_mas.induk = kpu_provinsi
    gunung_mas.clean()
    assert Satker.objects.get(kode="62").induk == kpu_ri


def test_a_satker_admin_cannot_change_its_parent(gunung_mas, kpu_provinsi, admin_satker):
    """The parent decides who reads a satker from above: only a superuser sets it."""
    client = _masuk(admin_satker)
    alamat = reverse("admin:satker_satker_change", args=[gunung_mas.pk])
    halaman = client.get(alamat).content.decode()
    assert 'name="induk"' not in halaman
    assert "KPU Provinsi Kalimantan Tengah" in halaman  # shown, read-only
