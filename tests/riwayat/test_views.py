"""The history pages, through their URLs: who may see them, what they show, and the filters."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anggaran.models import BarisAnggaran, RealisasiBulanan, RencanaPenarikan, RevisiDipa
from kinerja.models import (
    BukaTriwulan,
    BuktiDukung,
    CatatanTriwulan,
    IndikatorKinerja,
    JadwalTriwulan,
    PenanggungJawab,
    Realisasi,
    RencanaAksi,
    TargetBulanan,
    VerifikasiTriwulan,
)
from kinerja.services import upload_bukti
from laporan.models import Narasi
from lkjip.angka import format_angka
from riwayat.models import Perubahan, Unggahan
from riwayat.services import PELACAKAN, konteks
from satker.access import satker_path
from satker.models import Pengguna

URL = "/6210/riwayat/"


def teks(response) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(html))


@pytest.fixture
def realisasi(gunung_mas) -> Realisasi:
    return (
        Realisasi.objects.filter(indikator__sasaran__program__perjanjian__satker=gunung_mas)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def ubah_realisasi(realisasi, operator) -> Realisasi:
    realisasi.nilai_lama = realisasi.nilai
    realisasi.nilai = Decimal("1250.5")
    with konteks(sumber="web", pengguna=operator):
        realisasi.save()
    return realisasi


def test_admin_change_form_records_the_user_and_source_admin(client, admin_satker, gunung_mas):
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    client.force_login(admin_satker)
    data = {"tahun": "2024", "bagian": "penutup", "kunci": "", "teks": "Penutup baru."}
    response = client.post(f"/admin/laporan/narasi/{narasi.pk}/change/", data)
    assert response.status_code == 302
    p = Perubahan.objects.get(model="laporan.narasi", objek_id=narasi.pk, aksi="ubah")
    assert (p.pengguna, p.sumber, p.aksi) == (admin_satker, "admin", "ubah")
    assert p.data["teks"][1] == "Penutup baru."


def test_list_shows_the_change_as_old_to_new(client, operator, ubah_realisasi):
    client.force_login(operator)
    response = client.get(URL)
    assert response.status_code == 200
    halaman = teks(response)
    assert f"Realisasi: {format_angka(ubah_realisasi.nilai_lama)} → 1.250,5" in halaman
    assert str(operator) in halaman
    assert "Aplikasi web" in halaman
    assert "Diubah" in halaman
    assert f"/6210/riwayat/realisasi/{ubah_realisasi.pk}/" in response.content.decode()


@pytest.mark.parametrize("peran", [p for p, _ in Pengguna.Peran.choices])
def test_every_role_of_the_satker_may_read(client, gunung_mas, buat_pengguna, peran):
    client.force_login(buat_pengguna(gunung_mas, peran))
    assert client.get(URL).status_code == 200


def test_anonymous_is_sent_to_login(client, gunung_mas):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_another_satker_user_gets_404(client, operator_lain, ubah_realisasi):
    client.force_login(operator_lain)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}realisasi/{ubah_realisasi.pk}/").status_code == 404


def test_object_of_another_satker_is_404_on_own_satker_page(client, operator, satker_lain):
    lain = Narasi.objects.create(satker=satker_lain, tahun=2024, bagian="penutup", teks="Lain.")
    client.force_login(operator)
    assert client.get(f"{URL}narasi/{lain.pk}/").status_code == 404
    assert client.get(f"{URL}satker/1/").status_code == 404
    assert client.get(f"{URL}narasi/999999999/").status_code == 404
    assert client.get(f"{URL}narasi/{10**30}/").status_code == 404


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


@pytest.fixture
def bukti(gunung_mas, operator, settings, tmp_path) -> BuktiDukung:
    settings.BUKTI_ROOT = tmp_path / "bukti"
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, sasaran__program__perjanjian__tahun=2024
    ).first()
    with konteks(sumber="web", pengguna=operator):
        return upload_bukti(
            indikator=indikator,
            triwulan=4,
            berkas=SimpleUploadedFile("foto-rapat.png", PNG_1X1, content_type="image/png"),
            user=operator,
        )


@pytest.mark.parametrize("pelacakan", list(PELACAKAN.values()), ids=lambda p: p.kode)
def test_every_kind_of_tracked_row_has_a_history_page_for_every_role(
    pelacakan, bukti, gunung_mas, buat_pengguna, operator_lain, admin_lain
):
    """/<kode>/riwayat/<jenis>/<id>/ for one Gunung Mas row of each kind the history tracks."""
    path = satker_path(pelacakan.model)
    assert path, f"{pelacakan.label}: nyatakan pemiliknya (pemilik = Pemilik(...)) di modelnya"
    # The demo has no month of the budget, DIPA revision nor withdrawal plan (its source gives
    # none): one each.
    if pelacakan.model is RealisasiBulanan:
        baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).last()
        RealisasiBulanan.objects.create(baris=baris, bulan=3, nilai=Decimal(5))
    if pelacakan.model is RevisiDipa:
        RevisiDipa.objects.create(satker=gunung_mas, tahun=2024, ke=16, nomor="rev 16")
    if pelacakan.model is RencanaPenarikan:  # nor a withdrawal plan
        RencanaPenarikan.objects.create(satker=gunung_mas, tahun=2024, bulan=1, nilai=Decimal(7))
    # Nor the year in quarters: rencana aksi, owners, schedule, verification, notes.
    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, sasaran__program__perjanjian__tahun=2024
    ).first()
    pengguna_pic = buat_pengguna(gunung_mas, Pengguna.Peran.OPERATOR, username="pic-riwayat")
    buat_baris = {
        RencanaAksi: lambda: RencanaAksi.objects.create(
            indikator=indikator, triwulan=1, target=Decimal(25)
        ),
        TargetBulanan: lambda: TargetBulanan.objects.create(
            indikator=indikator, bulan=1, target=Decimal(5)
        ),
        PenanggungJawab: lambda: PenanggungJawab.objects.create(
            indikator=indikator, pengguna=pengguna_pic
        ),
        CatatanTriwulan: lambda: CatatanTriwulan.objects.create(
            indikator=indikator, triwulan=1, penyebab="P", perbaikan="F"
        ),
        JadwalTriwulan: lambda: JadwalTriwulan.objects.create(
            satker=gunung_mas, tahun=2024, triwulan=1, batas="2024-04-10"
        ),
        BukaTriwulan: lambda: BukaTriwulan.objects.create(
            satker=gunung_mas, tahun=2024, triwulan=1, alasan="Salah ketik"
        ),
        VerifikasiTriwulan: lambda: VerifikasiTriwulan.objects.create(
            satker=gunung_mas, tahun=2024, triwulan=1
        ),
    }
    if pelacakan.model in buat_baris:
        buat_baris[pelacakan.model]()
    objek = (
        pelacakan.model._default_manager.filter(**{path: gunung_mas})
        .filter(pk__in=Perubahan.objects.filter(model=pelacakan.label).values("objek_id"))
        .order_by("pk")
        .first()
    )
    assert objek is not None, f"tidak ada {pelacakan.label} dengan riwayat di data uji"
    url = f"{URL}{pelacakan.kode}/{objek.pk}/"
    pembaca = [buat_pengguna(gunung_mas, peran) for peran, _ in Pengguna.Peran.choices]
    pembaca.append(buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, is_ketua=True))
    for pengguna in pembaca:
        klien = Client()
        klien.force_login(pengguna)
        response = klien.get(url)
        assert response.status_code == 200, (pengguna.peran, url)
        assert response.context["baris"], (pengguna.peran, url)
    for pengguna in (operator_lain, admin_lain):
        klien = Client()
        klien.force_login(pengguna)
        assert klien.get(url).status_code == 404


def test_an_evidence_files_history_names_it_and_survives_its_deletion(client, operator, bukti):
    client.force_login(operator)
    url = f"{URL}buktidukung/{bukti.pk}/"
    assert "foto-rapat.png" in teks(client.get(url))
    pk = bukti.pk
    with konteks(sumber="web", pengguna=operator):
        bukti.delete()
    response = client.get(f"{URL}buktidukung/{pk}/")
    assert response.status_code == 200
    assert "sudah dihapus" in teks(response)


@pytest.mark.parametrize("jenis", ["tidakada", "satker", "perubahan", "BuktiDukung"])
def test_an_unknown_kind_of_row_is_404(client, operator, bukti, jenis):
    client.force_login(operator)
    assert client.get(f"{URL}{jenis}/{bukti.pk}/").status_code == 404


def test_a_tracked_kind_without_a_path_to_its_satker_is_404_not_an_error(
    client, operator, bukti, monkeypatch
):
    monkeypatch.setattr(BuktiDukung, "pemilik", None)
    client.force_login(operator)
    assert client.get(f"{URL}buktidukung/{bukti.pk}/").status_code == 404


def test_object_page_lists_only_that_objects_changes(client, operator, ubah_realisasi, gunung_mas):
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    narasi.teks = "Teks lain."
    narasi.save()
    client.force_login(operator)
    response = client.get(f"{URL}realisasi/{ubah_realisasi.pk}/")
    assert response.status_code == 200
    baris = response.context["baris"]
    assert baris and {b.objek_id for b in baris} == {ubah_realisasi.pk}
    assert {b.jenis_kode for b in baris} == {"realisasi"}
    assert "→ 1.250,5" in teks(response)


def test_object_page_still_shows_a_deleted_objects_history(client, operator, ubah_realisasi):
    pk = ubah_realisasi.pk
    ubah_realisasi.delete()
    client.force_login(operator)
    response = client.get(f"{URL}realisasi/{pk}/")
    assert response.status_code == 200
    assert "sudah dihapus" in teks(response)
    assert [b.aksi_kode for b in response.context["baris"]][:2] == ["hapus", "ubah"]


def test_filters(client, operator, admin_satker, ubah_realisasi, gunung_mas):
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).first()
    baris.uraian = "Uraian diubah admin"
    with konteks(sumber="impor", pengguna=admin_satker, keterangan="pok.xlsx"):
        baris.save()
    client.force_login(operator)

    def objek(**params) -> set[tuple[str, int]]:
        response = client.get(URL, params)
        assert response.status_code == 200
        return {(b.jenis_kode, b.objek_id) for b in response.context["baris"]}

    realisasi = ("realisasi", ubah_realisasi.pk)
    anggaran = ("barisanggaran", baris.pk)
    assert objek(jenis="realisasi") >= {realisasi} and anggaran not in objek(jenis="realisasi")
    assert objek(jenis="barisanggaran") >= {anggaran}
    assert objek(pengguna=operator.pk) == {realisasi}
    assert objek(pengguna=admin_satker.pk) == {anggaran}
    assert objek(sumber="impor") == {anggaran}
    assert objek(sumber="web") == {realisasi}
    assert realisasi in objek(tahun=2024)
    assert objek(tahun=2024, sumber="web") == {realisasi}
    response = client.get(URL, {"sumber": "impor"})
    assert "pok.xlsx" in teks(response)

    hari_ini = timezone.localdate(Perubahan.objects.latest("pk").waktu)
    assert realisasi in objek(dari=hari_ini.isoformat(), sampai=hari_ini.isoformat())
    besok = hari_ini.replace(year=hari_ini.year + 1)
    assert objek(dari=besok.isoformat()) == set()
    # An invalid range is reported and not applied.
    response = client.get(URL, {"dari": besok.isoformat(), "sampai": hari_ini.isoformat()})
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in teks(response)


def test_list_is_paginated_by_50_with_filters_kept(client, operator, gunung_mas):
    client.force_login(operator)
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    with konteks(sumber="web", pengguna=operator):
        for i in range(55):
            narasi.teks = f"Versi {i}."
            narasi.save()
    response = client.get(URL, {"pengguna": operator.pk})
    assert len(response.context["baris"]) == 50
    assert f"pengguna={operator.pk}&amp;halaman=2" in response.content.decode()
    response = client.get(URL, {"pengguna": operator.pk, "halaman": 2})
    assert len(response.context["baris"]) == 5


def test_query_count_does_not_grow_with_rows(client, operator, gunung_mas, ubah_realisasi):
    client.force_login(operator)
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    urls = [URL, f"{URL}narasi/{narasi.pk}/", f"{URL}realisasi/{ubah_realisasi.pk}/"]

    def hitung() -> list[int]:
        jumlah = []
        for url in urls:
            with CaptureQueriesContext(connection) as q:
                assert client.get(url).status_code == 200
            jumlah.append(len(q))
        return jumlah

    hitung()  # the session's first refresh (lkjip.sesi) is a write
    sedikit = hitung()
    with konteks(sumber="web", pengguna=operator):
        for i in range(60):
            narasi.teks = f"Versi {i}."
            narasi.save()
            ubah_realisasi.nilai = Decimal(i)
            ubah_realisasi.save()
    assert hitung() == sedikit
    # Two are the request's savepoint, two the satker's years for the workspace navigation.
    assert max(sedikit) <= 15


def test_nav_links_to_riwayat(client, operator):
    client.force_login(operator)
    response = client.get("/6210/2024/")
    # The workspace navigation opens the history filtered on the year shown.
    assert 'href="/6210/riwayat/?tahun=2024"' in response.content.decode()


def test_admin_list_is_read_only_and_scoped(
    client, admin_satker, gunung_mas, ubah_realisasi, satker_lain
):
    Narasi.objects.create(satker=satker_lain, tahun=2024, bagian="penutup", teks="Lain.")
    client.force_login(admin_satker)
    response = client.get("/admin/riwayat/perubahan/", {"all": ""})
    assert response.status_code == 200
    assert {p.satker_id for p in response.context["cl"].queryset} == {gunung_mas.pk}
    assert client.get("/admin/riwayat/perubahan/add/").status_code == 403


def test_indicator_page_lists_its_target_and_realisation_changes(client, operator, ubah_realisasi):
    indikator = ubah_realisasi.indikator
    indikator.target = Decimal("88")
    indikator.save()
    client.force_login(operator)
    response = client.get(f"{URL}indikatorkinerja/{indikator.pk}/")
    assert response.status_code == 200
    jenis = {(b.jenis_kode, b.aksi_kode) for b in response.context["baris"]}
    assert {("indikatorkinerja", "ubah"), ("realisasi", "ubah")} <= jenis
    halaman = teks(response)
    assert "Target: " in halaman and "→ 88" in halaman
    assert "→ 1.250,5" in halaman


def test_history_page_has_the_workspace_navigation_with_year_links_to_the_history(client, operator):
    client.force_login(operator)
    html = client.get("/6210/riwayat/?tahun=2023").content.decode()
    assert 'href="/6210/2023/realisasi/"' in html
    assert 'href="/6210/riwayat/?tahun=2022"' in html
    assert 'href="/6210/riwayat/?tahun=2024"' in html


def test_upload_history_lists_every_kind_of_upload_of_the_satker(
    client, gunung_mas, satker_lain, buat_pengguna
):
    operator = buat_pengguna(gunung_mas, Pengguna.Peran.OPERATOR)
    for jenis, nama, status in (
        (Unggahan.Jenis.ANGGARAN, "pok-2024.xlsx", Unggahan.Status.DITERAPKAN),
        (Unggahan.Jenis.BUKU_KERJA, "buku-kerja.xlsx", Unggahan.Status.DIBATALKAN),
    ):
        Unggahan.objects.create(
            satker=gunung_mas,
            tahun=2024,
            jenis=jenis,
            diunggah_oleh=operator,
            nama_berkas=nama,
            sha256="0" * 64,
            status=status,
        )
    Unggahan.objects.create(
        satker=satker_lain,
        tahun=2024,
        jenis="buku_data",
        nama_berkas="lain.xlsx",
        status="pratinjau",
    )
    client.force_login(buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER))

    html = client.get("/6210/riwayat/unggahan/").content.decode()

    assert "2 unggahan." in html
    assert "pok-2024.xlsx" in html and "Impor anggaran" in html and "Diterapkan" in html
    assert "buku-kerja.xlsx" in html and "Buku kerja indikator" in html and "Dibatalkan" in html
    assert "lain.xlsx" not in html
