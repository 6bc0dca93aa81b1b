"""One write path for a realisation's value (kinerja.services): the web page, the admin and the
indicator workbook change a value through it. The version rises once per change, in one
conditional UPDATE; the history is written once, with the acting user, from the one read of the
old row; a stale version is refused and nothing is written."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kinerja.buku_kerja import buat_buku_kerja
from kinerja.models import IndikatorKinerja, Realisasi
from kinerja.services import KonflikPenyimpanan, _tulis_realisasi, update_realisasi
from riwayat.models import Perubahan
from tests.kinerja.test_buku_kerja import PRATINJAU, cari_baris, simpan, unggah
from tests.kinerja.test_realisasi_web import HTMX, indikator_kinerja, url_tw

D = Decimal


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    return indikator_kinerja(gunung_mas, "1.1")  # TW IV 100 in the demo


@pytest.fixture
def klien_operator(client, operator) -> Client:
    operator.first_name, operator.last_name = "Ola", "Operator"
    operator.save()
    client.force_login(operator)
    return client


@pytest.fixture
def r4(ind) -> Realisasi:
    return Realisasi.objects.get(indikator=ind, triwulan=4)


@pytest.fixture
def klien_admin(admin_satker) -> Client:
    admin_satker.first_name, admin_satker.last_name = "Ani", "Admin"
    admin_satker.save()
    klien = Client()
    klien.force_login(admin_satker)
    return klien


def riwayat_baru(sebelum: int) -> list[Perubahan]:
    return list(Perubahan.objects.filter(pk__gt=sebelum).order_by("pk"))


def pk_terakhir() -> int:
    return Perubahan.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def url_admin(r: Realisasi) -> str:
    return f"/admin/kinerja/realisasi/{r.pk}/change/"


def ubah_di_admin(klien: Client, r: Realisasi, *, nilai: str, versi: int):
    data = {"nilai": nilai, "keterangan": r.keterangan, "versi_dibuka": versi, "_save": "Simpan"}
    return klien.post(url_admin(r), data)


def pesan(respons) -> str:
    return " ".join(str(m) for m in get_messages(respons.wsgi_request))


# --- one read, one UPDATE, one history row --------------------------------------------------


def test_a_web_save_reads_the_old_row_once_and_writes_it_once(operator, ind, r4):
    with CaptureQueriesContext(connection) as kueri:
        update_realisasi(
            indikator=ind,
            triwulan=4,
            nilai_teks="55",
            versi=r4.versi,
            keterangan="",
            user=operator,
        )
    sql = [k["sql"] for k in kueri.captured_queries]
    # The old value is read once (the lock guard reads only where the row belongs).
    baca = [s for s in sql if s.startswith("SELECT") and '"kinerja_realisasi"."nilai"' in s]
    tulis = [s for s in sql if s.startswith("UPDATE") and '"kinerja_realisasi"' in s]
    riwayat = [s for s in sql if s.startswith("INSERT") and '"riwayat_perubahan"' in s]
    assert (len(baca), len(tulis), len(riwayat)) == (1, 1, 1), sql
    assert re.search(r'"versi" = \("kinerja_realisasi"\."versi" \+ 1\)', tulis[0])
    assert '"kinerja_realisasi"."versi" = ' in tulis[0].split("WHERE", 1)[1]


# --- the admin ---------------------------------------------------------------------------------


def test_an_admin_change_goes_through_the_same_path(klien_admin, admin_satker, r4):
    awal, lama = r4.versi, r4.nilai
    sebelum = pk_terakhir()
    respons = ubah_di_admin(klien_admin, r4, nilai="42", versi=awal)
    assert respons.status_code == 302
    r4.refresh_from_db()
    assert (r4.nilai, r4.versi, r4.diisi_oleh) == (D("42"), awal + 1, admin_satker)
    (p,) = riwayat_baru(sebelum)
    assert (p.model, p.objek_id, p.aksi) == ("kinerja.realisasi", r4.pk, "ubah")
    assert (p.pengguna, p.sumber) == (admin_satker, "admin")
    assert p.data == {"nilai": [f"{lama:.4f}", "42.0000"]}


def test_an_admin_change_based_on_a_stale_version_is_refused(klien_admin, klien_operator, ind, r4):
    awal = r4.versi
    dibuka = klien_admin.get(url_admin(r4)).content.decode()
    assert f'name="versi_dibuka" value="{awal}"' in dibuka
    assert klien_operator.post(url_tw(ind, 4), {"nilai": "80", "versi": awal}, **HTMX)
    sebelum = pk_terakhir()

    respons = ubah_di_admin(klien_admin, r4, nilai="42", versi=awal)

    assert respons.status_code == 302 and respons["Location"] == url_admin(r4)
    teks = pesan(respons)
    assert "Nilai ini sudah diubah oleh Ola Operator pada" in teks and "menjadi 80%" in teks
    assert "Nilai Anda (42) tidak disimpan." in teks
    r4.refresh_from_db()
    assert (r4.nilai, r4.versi) == (D("80"), awal + 1)
    assert riwayat_baru(sebelum) == []


def test_an_admin_addition_goes_through_the_same_path(klien_admin, admin_satker, ind):
    sebelum = pk_terakhir()
    respons = klien_admin.post(
        "/admin/kinerja/realisasi/add/",
        {
            "indikator": ind.pk,
            "triwulan": 2,
            "nilai": "12.5",
            "keterangan": "",
            "versi_dibuka": 0,
            "_save": "Simpan",
        },
    )
    assert respons.status_code == 302
    r2 = Realisasi.objects.get(indikator=ind, triwulan=2)
    assert (r2.nilai, r2.versi, r2.diisi_oleh) == (D("12.5"), 1, admin_satker)
    (p,) = riwayat_baru(sebelum)
    assert (p.objek_id, p.aksi, p.pengguna, p.sumber) == (r2.pk, "tambah", admin_satker, "admin")


def test_an_admin_delete_names_the_admin_in_the_history(klien_admin, admin_satker, r4):
    sebelum = pk_terakhir()
    respons = klien_admin.post(
        f"/admin/kinerja/realisasi/{r4.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert respons.status_code == 302
    assert not Realisasi.objects.filter(pk=r4.pk).exists()
    (p,) = riwayat_baru(sebelum)
    assert (p.objek_id, p.aksi, p.pengguna, p.sumber) == (r4.pk, "hapus", admin_satker, "admin")


def test_the_admins_delete_selected_action_goes_through_the_same_path(
    klien_admin, admin_satker, gunung_mas, ind, r4
):
    lain = Realisasi.objects.create(indikator=ind, triwulan=1, nilai=D("10"))
    sebelum = pk_terakhir()
    respons = klien_admin.post(
        "/admin/kinerja/realisasi/",
        {"action": "delete_selected", "_selected_action": [r4.pk, lain.pk], "post": "yes"},
    )
    assert respons.status_code == 302
    assert not Realisasi.objects.filter(pk__in=[r4.pk, lain.pk]).exists()
    baru = riwayat_baru(sebelum)
    assert sorted(p.objek_id for p in baru) == sorted([r4.pk, lain.pk])
    assert {(p.aksi, p.pengguna, p.sumber) for p in baru} == {("hapus", admin_satker, "admin")}


def test_the_indicator_page_of_the_admin_only_shows_its_values(klien_admin, ind, r4):
    halaman = klien_admin.get(f"/admin/kinerja/indikatorkinerja/{ind.pk}/change/")
    teks = halaman.content.decode()
    assert halaman.status_code == 200
    assert 'name="realisasi-0-nilai"' not in teks
    assert f"/admin/kinerja/realisasi/{r4.pk}/change/" in teks


# --- deleting from the web page -----------------------------------------------------------------


def test_a_deletion_is_recorded_with_its_user_who_a_stale_save_then_names(
    klien_operator, operator, klien_admin, ind, r4
):
    awal = r4.versi
    halaman = klien_admin.get("/6210/2024/realisasi/").content.decode()
    assert f'name="realisasi" value="{r4.pk}"' in halaman
    sebelum = pk_terakhir()
    klien_operator.post(url_tw(ind, 4), {"nilai": "", "versi": awal, "realisasi": r4.pk}, **HTMX)
    (p,) = riwayat_baru(sebelum)
    assert (p.objek_id, p.aksi, p.pengguna, p.sumber) == (r4.pk, "hapus", operator, "web")

    # The admin's page still shows the value: its save is refused, naming who deleted it.
    r = klien_admin.post(url_tw(ind, 4), {"nilai": "45", "versi": awal, "realisasi": r4.pk}, **HTMX)
    teks = r.content.decode()
    assert "Nilai ini sudah diubah oleh Ola Operator pada" in teks
    assert "menjadi kosong (dihapus)" in teks and "(45) tidak disimpan" in teks
    assert not Realisasi.objects.filter(indikator=ind, triwulan=4).exists()


def test_a_deletion_of_another_satkers_row_is_never_named(klien_operator, ind, r4, admin_lain):
    """The id comes from the form: only the satker's own history is looked in."""
    Perubahan.objects.create(
        satker=admin_lain.satker,
        model="kinerja.realisasi",
        objek_id=987654,
        objek_repr="TW IV — lain",
        aksi="hapus",
        sumber="web",
        pengguna=admin_lain,
    )
    r4.delete()
    r = klien_operator.post(
        url_tw(ind, 4), {"nilai": "45", "versi": r4.versi, "realisasi": 987654}, **HTMX
    )
    assert "diubah oleh pengguna lain menjadi kosong (dihapus)" in r.content.decode()


# --- the compare-and-swap itself ----------------------------------------------------------------


def test_a_value_read_before_another_save_is_refused_by_the_conditional_update(
    operator, admin_satker, ind, r4
):
    """Whatever a caller read, the UPDATE only matches the version its value is based on."""
    basi = Realisasi.objects.get(pk=r4.pk)  # read, then someone else saves
    update_realisasi(
        indikator=ind, triwulan=4, nilai_teks="80", versi=r4.versi, keterangan="", user=admin_satker
    )
    sebelum = pk_terakhir()
    with pytest.raises(KonflikPenyimpanan, match="menjadi 80%"):
        _tulis_realisasi(
            indikator=ind,
            triwulan=4,
            lama=basi,
            nilai=D("55"),
            versi=basi.versi,
            keterangan="",
            user=operator,
            realisasi_id=None,
        )
    r4.refresh_from_db()
    assert (r4.nilai, r4.versi, r4.diisi_oleh) == (D("80"), basi.versi + 1, admin_satker)
    assert riwayat_baru(sebelum) == []


# --- the indicator workbook -----------------------------------------------------------------


def test_a_workbook_change_raises_the_version_once_and_is_recorded_once(
    client, operator, gunung_mas, ind, r4
):
    awal, lama = r4.versi, r4.nilai
    wb = load_workbook(io.BytesIO(buat_buku_kerja(satker=gunung_mas, tahun=2024)))
    ws = wb["Realisasi"]
    baris = cari_baris(ws, f"IND-{ind.pk}")
    ws[f"L{baris}"] = "77"
    ws[f"N{baris}"] = "Diperbaiki"
    client.force_login(operator)
    unggah(client, simpan(wb))
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    sebelum = pk_terakhir()
    client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik})

    r4.refresh_from_db()
    assert (r4.nilai, r4.keterangan, r4.versi) == (D("77"), "Diperbaiki", awal + 1)
    (p,) = riwayat_baru(sebelum)
    assert (p.objek_id, p.aksi, p.pengguna, p.sumber) == (r4.pk, "ubah", operator, "impor")
    assert p.data == {"nilai": [f"{lama:.4f}", "77.0000"], "keterangan": ["", "Diperbaiki"]}
