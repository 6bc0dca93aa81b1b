"""Entry windows, reopening, verification and notes when short (docs/triwulan.md): the rules of
kinerja.triwulan / kinerja.jadwal, and a closed TW refused on every write path of a realisation
(web, admin, indicator workbook, data workbook import, direct ORM) — and allowed once reopened."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from kinerja.buku_kerja import buat_buku_kerja
from kinerja.jadwal import status_triwulan
from kinerja.models import (
    BukaTriwulan,
    CatatanTriwulan,
    IndikatorKinerja,
    JadwalTriwulan,
    Realisasi,
    RencanaAksi,
    VerifikasiTriwulan,
)
from kinerja.services import upload_bukti
from kinerja.triwulan import (
    IsianJadwal,
    buka_kembali,
    simpan_catatan,
    simpan_jadwal,
    tutup_kembali,
    verifikasi_triwulan,
)
from laporan.buku_data import ekspor_data
from lkjip.isian import IsianDitolak
from pertukaran.buku_data import ImporDataDitolak, impor_data
from riwayat.models import Perubahan
from satker.models import Pengguna
from tests.kinerja.test_buku_kerja import PRATINJAU, cari_baris, simpan, unggah
from tests.kinerja.test_jalur_tulis import pesan, ubah_di_admin
from tests.kinerja.test_realisasi_web import indikator_kinerja, url_tw

D = Decimal
LALU = datetime.date(2025, 1, 10)  # a due date long past (the tests run after it)


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    return indikator_kinerja(gunung_mas, "1.1")  # TW IV 100 in the demo


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(
        gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris", first_name="Sari"
    )


def tutup(satker, tw: int = 4, batas: datetime.date = LALU) -> JadwalTriwulan:
    return JadwalTriwulan.objects.create(
        satker=satker, tahun=2024, triwulan=tw, batas=batas, tutup_setelah_batas=True
    )


def klien(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def semua_tw_terisi(gunung_mas, tw: int) -> None:
    """A value for ``tw`` of every measurable indicator (TW IV has them in the demo)."""
    for i in IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian="kinerja",
        jenis_target="angka",
    ):
        Realisasi.objects.get_or_create(indikator=i, triwulan=tw, defaults={"nilai": D(100)})


# --- the rules ---------------------------------------------------------------------------------


def test_closed_after_the_due_date_open_on_the_date_itself(gunung_mas):
    tutup(gunung_mas, tw=1, batas=datetime.date(2024, 4, 10))
    pada = status_triwulan(satker_id=gunung_mas.pk, tahun=2024, hari_ini=datetime.date(2024, 4, 10))
    assert not pada[1].tertutup
    sesudah = status_triwulan(
        satker_id=gunung_mas.pk, tahun=2024, hari_ini=datetime.date(2024, 4, 11)
    )
    assert sesudah[1].tertutup and not sesudah[2].tertutup
    assert "Batas pengisian TW I (10 April 2024) sudah lewat" in sesudah[1].pesan_tertutup


def test_a_schedule_without_close_flag_only_marks_late(gunung_mas):
    JadwalTriwulan.objects.create(
        satker=gunung_mas, tahun=2024, triwulan=1, batas=LALU, tutup_setelah_batas=False
    )
    s = status_triwulan(satker_id=gunung_mas.pk, tahun=2024)[1]
    assert s.lewat_batas and not s.tertutup


def test_set_schedule_in_one_transaction_with_history(gunung_mas, admin_satker):
    sebelum = Perubahan.objects.count()
    simpan_jadwal(
        satker=gunung_mas,
        tahun=2024,
        isian=[
            IsianJadwal(1, datetime.date(2024, 4, 10), True),
            IsianJadwal(2, datetime.date(2024, 7, 10), False),
            IsianJadwal(3, None, True),
            IsianJadwal(4, datetime.date(2025, 1, 10), True),
        ],
    )
    jadwal = {j.triwulan: j for j in JadwalTriwulan.objects.filter(satker=gunung_mas)}
    assert sorted(jadwal) == [1, 2, 4] and not jadwal[2].tutup_setelah_batas
    assert Perubahan.objects.count() == sebelum + 3
    # out of order: refused, nothing changed
    with pytest.raises(IsianDitolak, match="TW II harus sesudah batas TW I"):
        simpan_jadwal(
            satker=gunung_mas,
            tahun=2024,
            isian=[
                IsianJadwal(1, datetime.date(2024, 7, 10), True),
                IsianJadwal(2, datetime.date(2024, 4, 10), True),
            ],
        )
    assert JadwalTriwulan.objects.get(satker=gunung_mas, triwulan=1).batas == datetime.date(
        2024, 4, 10
    )


def test_reopen_needs_a_reason_and_removes_the_verification(gunung_mas, admin_satker, sekretaris):
    semua_tw_terisi(gunung_mas, 4)
    verifikasi_triwulan(
        satker=gunung_mas, tahun=2024, triwulan=4, user=sekretaris, kosong_dikonfirmasi=False
    )
    assert status_triwulan(satker_id=gunung_mas.pk, tahun=2024)[4].tertutup
    with pytest.raises(IsianDitolak, match="alasan"):
        buka_kembali(
            satker=gunung_mas, tahun=2024, triwulan=4, alasan="  ", sampai=None, user=admin_satker
        )
    sebelum = Perubahan.objects.order_by("-pk").values_list("pk", flat=True).first()
    buka_kembali(
        satker=gunung_mas,
        tahun=2024,
        triwulan=4,
        alasan="Koreksi data logistik",
        sampai=None,
        user=admin_satker,
    )
    s = status_triwulan(satker_id=gunung_mas.pk, tahun=2024)[4]
    assert not s.tertutup and not s.terverifikasi and s.alasan_dibuka == "Koreksi data logistik"
    assert not VerifikasiTriwulan.objects.filter(satker=gunung_mas).exists()
    baru = Perubahan.objects.filter(pk__gt=sebelum)
    assert {(p.model, p.aksi) for p in baru} == {
        ("kinerja.verifikasitriwulan", Perubahan.Aksi.HAPUS),
        ("kinerja.bukatriwulan", Perubahan.Aksi.TAMBAH),
    }
    # closed again: the reopening ends, recorded
    tutup(gunung_mas, tw=4)
    tutup_kembali(satker=gunung_mas, tahun=2024, triwulan=4)
    assert status_triwulan(satker_id=gunung_mas.pk, tahun=2024)[4].tertutup
    assert BukaTriwulan.objects.get(satker=gunung_mas).ditutup_pada is not None
    assert Perubahan.objects.filter(model="kinerja.bukatriwulan", aksi=Perubahan.Aksi.UBAH).exists()


def test_an_open_tw_is_not_reopened(gunung_mas, admin_satker):
    with pytest.raises(IsianDitolak, match="masih terbuka"):
        buka_kembali(
            satker=gunung_mas, tahun=2024, triwulan=2, alasan="x", sampai=None, user=admin_satker
        )


def pendek(gunung_mas, ind) -> None:
    """Indicator 1.1 below Baik in TW I: target 100, realisation 10."""
    RencanaAksi.objects.update_or_create(
        indikator=ind, triwulan=1, defaults={"target": D(100), "rencana": "Rapat"}
    )
    semua_tw_terisi(gunung_mas, 1)
    Realisasi.objects.filter(indikator=ind, triwulan=1).update(nilai=D(10))


def test_verification_refused_without_notes_allowed_after(gunung_mas, ind, sekretaris, operator):
    pendek(gunung_mas, ind)
    with pytest.raises(IsianDitolak, match=f"di bawah Baik.*{ind.nama[:30]}"):
        verifikasi_triwulan(
            satker=gunung_mas, tahun=2024, triwulan=1, user=sekretaris, kosong_dikonfirmasi=True
        )
    assert not VerifikasiTriwulan.objects.exists()
    with pytest.raises(IsianDitolak, match="keduanya wajib"):
        simpan_catatan(indikator=ind, triwulan=1, penyebab="Hujan", perbaikan=" ", user=operator)
    simpan_catatan(
        indikator=ind,
        triwulan=1,
        penyebab="Anggaran terlambat",
        perbaikan="Revisi POK",
        user=operator,
    )
    v = verifikasi_triwulan(
        satker=gunung_mas, tahun=2024, triwulan=1, user=sekretaris, kosong_dikonfirmasi=False
    )
    assert v.oleh == sekretaris
    s = status_triwulan(satker_id=gunung_mas.pk, tahun=2024)[1]
    assert s.tertutup and "sudah diverifikasi oleh Sari" in s.pesan_tertutup
    # a verified TW's notes are locked with it
    with pytest.raises(IsianDitolak, match="sudah diverifikasi"):
        simpan_catatan(indikator=ind, triwulan=1, penyebab="a", perbaikan="b", user=operator)


def test_missing_values_need_confirmation(gunung_mas, sekretaris):
    # TW II has no value in the demo
    with pytest.raises(IsianDitolak, match="belum diisi untuk 10 indikator"):
        verifikasi_triwulan(
            satker=gunung_mas, tahun=2024, triwulan=2, user=sekretaris, kosong_dikonfirmasi=False
        )
    verifikasi_triwulan(
        satker=gunung_mas, tahun=2024, triwulan=2, user=sekretaris, kosong_dikonfirmasi=True
    )
    assert VerifikasiTriwulan.objects.filter(satker=gunung_mas, triwulan=2).exists()


# --- every write path ---------------------------------------------------------------------------


def test_web_save_refused_for_a_closed_tw_and_allowed_reopened(
    gunung_mas, ind, operator, admin_satker
):
    tutup(gunung_mas)
    c = klien(operator)
    r = c.post(url_tw(ind, 4), {"nilai": "55", "versi": "1"})
    assert r.status_code == 422
    assert "Batas pengisian TW IV (10 Januari 2025) sudah lewat" in r.content.decode()
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D(100)
    # the page shows the cell read-only with the reason; TW III stays editable
    halaman = c.get("/6210/2024/realisasi/").content.decode()
    assert "Lewat batas" in halaman and f'id="nilai-{ind.pk}-4"' not in halaman
    assert f'id="nilai-{ind.pk}-3"' in halaman
    buka_kembali(
        satker=gunung_mas, tahun=2024, triwulan=4, alasan="Koreksi", sampai=None, user=admin_satker
    )
    r = c.post(url_tw(ind, 4), {"nilai": "55", "versi": "1"})
    assert r.status_code == 302
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D(55)


def test_web_delete_refused_for_a_closed_tw(gunung_mas, ind, operator):
    tutup(gunung_mas)
    r = klien(operator).post(url_tw(ind, 4), {"nilai": "", "versi": "1"})
    assert r.status_code == 422
    assert Realisasi.objects.filter(indikator=ind, triwulan=4).exists()


def test_admin_change_refused_for_a_closed_tw_and_allowed_reopened(gunung_mas, ind, admin_satker):
    tutup(gunung_mas)
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    c = klien(admin_satker)
    respons = ubah_di_admin(c, r4, nilai="60", versi=r4.versi)
    assert "sudah lewat" in pesan(respons)  # the admin's message
    assert Realisasi.objects.get(pk=r4.pk).nilai == D(100)
    buka_kembali(
        satker=gunung_mas, tahun=2024, triwulan=4, alasan="Koreksi", sampai=None, user=admin_satker
    )
    respons = ubah_di_admin(c, r4, nilai="60", versi=r4.versi)
    assert respons.status_code == 302, pesan(respons)
    assert Realisasi.objects.get(pk=r4.pk).nilai == D(60)


def test_workbook_refused_whole_for_a_closed_tw_and_allowed_reopened(
    gunung_mas, ind, operator, admin_satker
):
    ind_12 = indikator_kinerja(gunung_mas, "1.2")
    wb = load_workbook(io.BytesIO(buat_buku_kerja(satker=gunung_mas, tahun=2024)))
    ws = wb["Realisasi"]
    ws[f"I{cari_baris(ws, f'IND-{ind_12.pk}')}"] = "50"  # TW I: open
    ws[f"L{cari_baris(ws, f'IND-{ind.pk}')}"] = "70"  # TW IV: closed
    data = simpan(wb)
    tutup(gunung_mas)
    c = klien(operator)
    unggah(c, data)
    sidik = c.get(PRATINJAU).context["pratinjau"].sidik
    respons = c.post(PRATINJAU, {"aksi": "terapkan", "sidik": sidik})
    assert "TW IV" in pesan(respons) and "tidak diterapkan" in pesan(respons)
    assert not Realisasi.objects.filter(indikator=ind_12, triwulan=1).exists()  # nothing at all
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D(100)

    buka_kembali(
        satker=gunung_mas, tahun=2024, triwulan=4, alasan="Koreksi", sampai=None, user=admin_satker
    )
    unggah(c, data)
    sidik = c.get(PRATINJAU).context["pratinjau"].sidik
    c.post(PRATINJAU, {"aksi": "terapkan", "sidik": sidik})
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D(70)
    assert Realisasi.objects.get(indikator=ind_12, triwulan=1).nilai == D(50)


def test_data_workbook_import_refused_for_a_closed_tw(gunung_mas, satker_lain, admin_lain):
    data = ekspor_data(satker=gunung_mas, tahun=2024)
    tutup(satker_lain)
    with pytest.raises(ImporDataDitolak) as info:
        impor_data(berkas=data, kode_satker=satker_lain.kode)
    assert any("TW IV" in m.pesan for m in info.value.masalah)
    assert not Realisasi.objects.filter(
        indikator__sasaran__program__perjanjian__satker=satker_lain
    ).exists()
    buka_kembali(
        satker=satker_lain,
        tahun=2024,
        triwulan=4,
        alasan="Impor awal",
        sampai=None,
        user=admin_lain,
    )
    impor_data(berkas=data, kode_satker=satker_lain.kode)
    assert Realisasi.objects.filter(
        indikator__sasaran__program__perjanjian__satker=satker_lain, triwulan=4
    ).exists()


def test_direct_orm_writes_refused_for_a_closed_tw(gunung_mas, ind, admin_satker):
    tutup(gunung_mas)
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    r4.nilai = D(1)
    with pytest.raises(ValidationError, match="sudah lewat"), transaction.atomic():
        r4.save()
    with pytest.raises(ValidationError, match="sudah lewat"), transaction.atomic():
        Realisasi.objects.get(pk=r4.pk).delete()
    assert Realisasi.objects.get(pk=r4.pk).nilai == D(100)
    # another TW of the same year stays open
    Realisasi.objects.create(indikator=ind, triwulan=3, nilai=D(5))
    buka_kembali(
        satker=gunung_mas, tahun=2024, triwulan=4, alasan="Koreksi", sampai=None, user=admin_satker
    )
    r4.save()
    assert Realisasi.objects.get(pk=r4.pk).nilai == D(1)


def test_bulk_writes_refused_for_a_closed_tw(gunung_mas, ind, admin_satker):
    """update(), bulk_create() and bulk_update() send no signals: the queryset checks them."""
    tutup(gunung_mas)
    semua = Realisasi.objects.filter(indikator=ind)
    r4 = semua.get(triwulan=4)
    with pytest.raises(ValidationError, match="TW IV"), transaction.atomic():
        semua.update(nilai=D(7))
    with pytest.raises(ValidationError, match="TW IV"), transaction.atomic():
        Realisasi.objects.filter(pk=r4.pk).update(nilai=D(7))
    r4.nilai = D(7)
    with pytest.raises(ValidationError, match="TW IV"), transaction.atomic():
        Realisasi.objects.bulk_update([r4], ["nilai"])
    # moving a closed TW's row to an open TW changes the closed TW too
    r4.nilai, r4.triwulan = D(100), 3
    with pytest.raises(ValidationError, match="TW IV"), transaction.atomic():
        Realisasi.objects.bulk_update([r4], ["triwulan"])
    baru = Realisasi(indikator=indikator_kinerja(gunung_mas, "1.2"), triwulan=4, nilai=D(1))
    with pytest.raises(ValidationError, match="TW IV"), transaction.atomic():
        Realisasi.objects.bulk_create([baru])
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D(100)
    # an open TW of the same year is written in bulk as before
    Realisasi.objects.filter(indikator=ind, triwulan__lt=4).delete()
    Realisasi.objects.bulk_create([Realisasi(indikator=ind, triwulan=3, nilai=D(9))])
    assert Realisasi.objects.filter(indikator=ind, triwulan=3).update(nilai=D(8)) == 1
    buka_kembali(
        satker=gunung_mas, tahun=2024, triwulan=4, alasan="Koreksi", sampai=None, user=admin_satker
    )
    assert Realisasi.objects.filter(pk=r4.pk).update(nilai=D(7)) == 1


def test_evidence_upload_refused_for_a_closed_tw(gunung_mas, ind, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_akses_url import PNG_1X1

    tutup(gunung_mas)
    with pytest.raises(IsianDitolak, match="sudah lewat"):
        upload_bukti(
            indikator=ind, triwulan=4, berkas=SimpleUploadedFile("a.png", PNG_1X1), user=operator
        )
    upload_bukti(
        indikator=ind, triwulan=3, berkas=SimpleUploadedFile("a.png", PNG_1X1), user=operator
    )


# --- pages ---------------------------------------------------------------------------------------


def test_year_page_shows_status_completeness_and_reopenings(gunung_mas, operator, admin_satker):
    tutup(gunung_mas)
    buka_kembali(
        satker=gunung_mas,
        tahun=2024,
        triwulan=4,
        alasan="Koreksi BA",
        sampai=None,
        user=admin_satker,
    )
    tutup(gunung_mas, tw=1, batas=datetime.date(2024, 4, 10))
    halaman = klien(operator).get("/6210/2024/triwulan/").content.decode()
    assert "Dibuka kembali" in halaman and "Koreksi BA" in halaman
    assert "Ditutup" in halaman and "10 April 2024" in halaman
    assert "10 dari 10 indikator" in halaman and "0 dari 10 indikator" in halaman
    assert "Simpan jadwal" not in halaman  # the Operator reads only


def test_admin_sets_the_schedule_on_the_page(gunung_mas, admin_satker):
    c = klien(admin_satker)
    data = {"batas_1": "2024-04-10", "tutup_1": "on", "batas_2": "2024-07-10"}
    r = c.post("/6210/2024/triwulan/jadwal/", data)
    assert r.status_code == 302
    j = {j.triwulan: j for j in JadwalTriwulan.objects.filter(satker=gunung_mas)}
    assert j[1].tutup_setelah_batas and not j[2].tutup_setelah_batas and 3 not in j
    r = c.post("/6210/2024/triwulan/jadwal/", {"batas_1": "2030-04-10"})
    assert r.status_code == 422 and "tahun 2024 atau 2025" in r.content.decode()
    r = c.post("/6210/2024/triwulan/4/buka/", {"alasan": ""})
    assert "alasan" in pesan(r).lower()


def test_verification_page_notes_and_verify(gunung_mas, ind, operator, sekretaris):
    pendek(gunung_mas, ind)
    c = klien(sekretaris)
    halaman = c.get("/6210/2024/triwulan/1/").content.decode()
    assert "target TW belum ditetapkan" in halaman  # the other indicators have no TW target
    assert "wajib diisi sebelum verifikasi" in halaman
    r = c.post("/6210/2024/triwulan/1/verifikasi/", {"konfirmasi_kosong": "1"})
    assert r.status_code == 422 and ind.nama in r.content.decode()
    r = klien(operator).post(
        f"/6210/2024/triwulan/1/catatan/{ind.pk}/",
        {"penyebab": "Anggaran terlambat", "perbaikan": "Revisi POK"},
    )
    assert r.status_code == 302
    assert CatatanTriwulan.objects.get(indikator=ind, triwulan=1).diisi_oleh == operator
    r = c.post("/6210/2024/triwulan/1/verifikasi/", {})
    assert r.status_code == 302
    assert VerifikasiTriwulan.objects.get(satker=gunung_mas, triwulan=1).oleh == sekretaris
    halaman = c.get("/6210/2024/triwulan/1/").content.decode()
    assert "Diverifikasi oleh Sari" in halaman and "Verifikasi TW I" not in halaman
    # the realisation page: TW I read-only for the Operator
    halaman = klien(operator).get("/6210/2024/realisasi/").content.decode()
    assert "Diverifikasi" in halaman and f'id="nilai-{ind.pk}-1"' not in halaman


def test_another_satkers_indicator_note_is_404(gunung_mas, ind, operator_lain, operator):
    r = klien(operator).post("/6210/2024/triwulan/1/catatan/999999/", {})
    assert r.status_code == 404
    assert klien(operator).get("/6210/2024/triwulan/5/").status_code == 404


# --- admin --------------------------------------------------------------------------------------


def test_admin_edits_the_schedule_and_lists_verifications_read_only(
    gunung_mas, satker_lain, admin_satker, sekretaris
):
    c = klien(admin_satker)
    r = c.post(
        "/admin/kinerja/jadwaltriwulan/add/",
        {
            "satker": satker_lain.pk,  # ignored: fixed to the Admin's satker
            "tahun": 2024,
            "triwulan": 1,
            "batas": "2024-04-10",
            "tutup_setelah_batas": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    j = JadwalTriwulan.objects.get(tahun=2024, triwulan=1)
    assert j.satker == gunung_mas and j.batas == datetime.date(2024, 4, 10)
    semua_tw_terisi(gunung_mas, 4)
    verifikasi_triwulan(
        satker=gunung_mas, tahun=2024, triwulan=4, user=sekretaris, kosong_dikonfirmasi=False
    )
    v = VerifikasiTriwulan.objects.get(satker=gunung_mas)
    daftar = c.get("/admin/kinerja/verifikasitriwulan/").content.decode()
    assert "uji-sekretaris" in daftar or "Sari" in daftar
    assert c.get("/admin/kinerja/verifikasitriwulan/add/").status_code == 403
    assert (
        c.post(f"/admin/kinerja/verifikasitriwulan/{v.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert VerifikasiTriwulan.objects.filter(pk=v.pk).exists()
    assert c.get("/admin/kinerja/bukatriwulan/").status_code == 200


# --- the report ---------------------------------------------------------------------------------


def test_tw_notes_feed_bab_iii_analysis(gunung_mas, ind, operator):
    from laporan.dokumen import build_dokumen

    simpan_catatan(
        indikator=ind,
        triwulan=2,
        penyebab="Pencairan terlambat",
        perbaikan="Revisi POK lebih awal",
        user=operator,
    )
    dokumen = build_dokumen(satker=gunung_mas, tahun=2024)
    a = next(a for a in dokumen.analisis_indikator if a.indikator_id == ind.pk)
    assert [(n.triwulan, n.penyebab, n.perbaikan) for n in a.catatan_tw] == [
        ("TW II", "Pencairan terlambat", "Revisi POK lebih awal")
    ]
    html = Client()
    html.force_login(operator)
    halaman = html.get("/6210/2024/laporan/").content.decode()
    assert "Catatan triwulan" in halaman and "Revisi POK lebih awal" in halaman
