"""After signing, the satker-year's data is frozen at every entry point until a Revisi."""

import pytest
from django.core.exceptions import ValidationError

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, Realisasi
from laporan.models import Narasi
from pengesahan.guard import pastikan_bisa_diubah
from pengesahan.models import DokumenTertandatangani, Pengesahan

from .alur import TAHUN, tandatangani, url


@pytest.fixture
def signed(client, gunung_mas, operator, sekretaris, ketua):
    return tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)


def _realisasi(satker) -> Realisasi:
    return Realisasi.objects.filter(
        indikator__sasaran__program__perjanjian__satker=satker,
        indikator__sasaran__program__perjanjian__tahun=TAHUN,
    ).first()


def test_guard_passes_for_a_draf(gunung_mas):
    pastikan_bisa_diubah(satker=gunung_mas, tahun=TAHUN)


def test_orm_refuses_every_frozen_model(signed, gunung_mas):
    baris = [
        _realisasi(gunung_mas),
        IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker=gunung_mas,
            sasaran__program__perjanjian__tahun=TAHUN,
        ).first(),
        BarisAnggaran.objects.filter(satker=gunung_mas, tahun=TAHUN).first(),
        Narasi.objects.filter(satker=gunung_mas, tahun=TAHUN).first(),
        gunung_mas.laporan.get(tahun=TAHUN),
    ]
    for obj in baris:
        with pytest.raises(ValidationError, match="sudah ditandatangani"):
            obj.save()
    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        baris[0].delete()


def test_earlier_years_read_by_the_signed_report_are_locked_the_rest_stays_editable(
    signed, gunung_mas
):
    # The report of 2024 compares the budget of 2022-2024: those lines are part of what is signed.
    lain = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=TAHUN - 2).first()
    with pytest.raises(ValidationError, match="Laporan tahun 2024 sudah ditandatangani"):
        lain.save()
    # Its narrative is its own year's only.
    Narasi.objects.create(satker=gunung_mas, tahun=TAHUN - 1, bagian="penutup", teks="Bebas.")


def test_admin_refuses_an_edit_of_a_signed_year(client, signed, gunung_mas):
    from satker.models import Pengguna

    su = Pengguna.objects.create_superuser("uji-su", password="x-rahasia-123")
    client.force_login(su)
    narasi = Narasi.objects.filter(satker=gunung_mas, tahun=TAHUN).first()
    halaman = client.get(f"/admin/laporan/narasi/{narasi.pk}/change/")
    assert halaman.status_code == 200
    data = {k: v for k, v in halaman.context["adminform"].form.initial.items() if v is not None}
    data["teks"] = "Diubah sesudah ditandatangani."

    respons = client.post(f"/admin/laporan/narasi/{narasi.pk}/change/", data, follow=True)
    assert respons.status_code == 200
    assert "sudah ditandatangani sehingga datanya dikunci" in respons.content.decode()

    narasi.refresh_from_db()
    assert narasi.teks != "Diubah sesudah ditandatangani."


def test_revisi_unfreezes_and_keeps_the_old_pdf_marked_superseded(
    client, signed, gunung_mas, operator, ketua
):
    client.force_login(operator)
    assert client.post(url("pengesahan_revisi", gunung_mas), {"komentar": "x"}).status_code == 403

    client.force_login(ketua)
    client.post(url("pengesahan_revisi", gunung_mas), {"komentar": "Perbaiki BAB III."})

    p = Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN)
    assert (p.status, p.versi) == (Pengesahan.Status.DRAF, 2)
    _realisasi(gunung_mas).save()  # editable again
    lama = DokumenTertandatangani.objects.get(pk=signed.pk)
    assert lama.digantikan
    client.force_login(operator)
    assert client.get(f"/pengesahan/dokumen/{signed.id}/unduh/").content == bytes(signed.pdf)
    html = client.get(url("laporan", gunung_mas)).content.decode()
    assert "(sudah digantikan)" in html


def test_second_version_is_signed_and_both_stay_downloadable(
    client, signed, gunung_mas, operator, sekretaris, ketua
):
    client.force_login(ketua)
    client.post(url("pengesahan_revisi", gunung_mas), {"komentar": "Perbaiki BAB III."})

    baru = tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)

    assert baru.versi == 2 and baru.id != signed.id
    assert DokumenTertandatangani.objects.filter(pengesahan__satker=gunung_mas).count() == 2
