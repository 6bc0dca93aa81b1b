"""The reminders, read from Django's outbox: who gets which email, the PIC or the Operators,
switched-off users, users without address, each email sent once, no other satker's data, the
workflow's events after commit only, and a run's queries constant as satker grow."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kinerja.models import PenanggungJawab, Realisasi, VerifikasiTriwulan
from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import nama_satker_lain, periksa
from pengesahan import services as pengesahan
from pengingat.kirim import jalankan_harian, kirim_surat, kumpulkan_harian
from pengingat.models import EmailPengingat, JalanHarian, Jenis, PengaturanPengingat
from pengingat.tasks import antrikan_harian
from satker.models import Pengguna

from .conftest import BATAS_TW3, TAHUN, indikator_terukur

TUJUH_HARI_SEBELUM = BATAS_TW3 - datetime.timedelta(days=7)


@pytest.fixture
def op(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, "operator", username="uji-op1", email="op1@contoh.go.id")


@pytest.fixture
def op2(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, "operator", username="uji-op2", email="op2@contoh.go.id")


def _kepada(alamat: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [alamat]]


def test_before_the_due_date_the_pic_gets_it_not_the_operators(gunung_mas, jadwal_tw3, op, op2):
    pic = Pengguna.objects.create_user(
        username="uji-pic", email="pic@contoh.go.id", satker=gunung_mas, peran="komisioner"
    )
    for ind in indikator_terukur(gunung_mas):
        PenanggungJawab.objects.create(indikator=ind, pengguna=pic)

    hasil = jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)

    assert [m.to for m in mail.outbox] == [["pic@contoh.go.id"]]
    assert hasil.dikirim == 1
    email = mail.outbox[0]
    assert "TW III 2024 jatuh tempo 10 Oktober 2024 (7 hari lagi)" in email.subject
    for ind in indikator_terukur(gunung_mas):
        assert ind.nama in email.body
    assert "belum ada penanggung jawab" not in email.body
    assert "https://lkjip.contoh.go.id/6210/2024/realisasi/" in email.body
    log = EmailPengingat.objects.get()
    assert (log.satker, log.pengguna, log.jenis, log.alamat) == (
        gunung_mas,
        pic,
        Jenis.SEBELUM_BATAS,
        "pic@contoh.go.id",
    )
    assert log.dikirim_pada is not None and log.galat == ""


def test_without_pic_every_operator_is_reminded(gunung_mas, jadwal_tw3, op, op2):
    a = indikator_terukur(gunung_mas)[0]
    PenanggungJawab.objects.create(indikator=a, pengguna=op)

    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)

    (untuk_op,) = _kepada("op1@contoh.go.id")
    (untuk_op2,) = _kepada("op2@contoh.go.id")
    # op owns a and, as an Operator, shares the unowned ones; op2 only those.
    assert a.nama in untuk_op.body
    assert a.nama not in untuk_op2.body
    assert "(belum ada penanggung jawab)" in untuk_op2.body
    assert len(mail.outbox) == 2


def test_second_run_and_next_days_send_nothing_new(gunung_mas, jadwal_tw3, op):
    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert len(mail.outbox) == 1
    hasil = jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert len(mail.outbox) == 1 and hasil.sudah == 1
    # Days 6..2 before fall in the same step (7 days): nothing new; 1 day before: the next one.
    for hari in range(6, 1, -1):
        jalankan_harian(tanggal=BATAS_TW3 - datetime.timedelta(days=hari))
    assert len(mail.outbox) == 1
    jalankan_harian(tanggal=BATAS_TW3 - datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "(besok)" in mail.outbox[1].subject


def test_overdue_reminder_after_the_due_date(gunung_mas, jadwal_tw3, op):
    jalankan_harian(tanggal=BATAS_TW3 + datetime.timedelta(days=1))
    (email,) = mail.outbox
    assert email.subject.startswith("Terlambat: realisasi TW III 2024")
    assert "terlambat 1 hari" in email.body
    assert EmailPengingat.objects.get().jenis == Jenis.LEWAT_BATAS
    jalankan_harian(tanggal=BATAS_TW3 + datetime.timedelta(days=3))
    assert len(mail.outbox) == 1  # the 7-day step not reached yet
    jalankan_harian(tanggal=BATAS_TW3 + datetime.timedelta(days=8))
    assert len(mail.outbox) == 2


def test_switched_off_user_gets_none_of_that_kind(client, gunung_mas, jadwal_tw3, op, op2):
    client.force_login(op)
    aktif = [j for j in Jenis.values if j != Jenis.SEBELUM_BATAS]
    assert client.post("/akun/pengingat/", {"aktif": aktif}).status_code == 302
    assert PengaturanPengingat.objects.get(pengguna=op, jenis=Jenis.SEBELUM_BATAS).aktif is False

    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert _kepada("op1@contoh.go.id") == []
    assert len(_kepada("op2@contoh.go.id")) == 1
    # Another kind still reaches them.
    jalankan_harian(tanggal=BATAS_TW3 + datetime.timedelta(days=1))
    assert len(_kepada("op1@contoh.go.id")) == 1


def test_user_without_address_is_skipped_and_logged(gunung_mas, jadwal_tw3, operator):
    assert operator.email == ""
    hasil = jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert mail.outbox == []
    assert hasil.gagal == 1
    log = EmailPengingat.objects.get(pengguna=operator)
    assert log.dikirim_pada is None and "tidak memiliki alamat email" in log.galat


def test_complete_tw_goes_to_the_sekretaris_until_verified(
    gunung_mas, jadwal_tw3, op, buat_pengguna
):
    sekretaris = buat_pengguna(gunung_mas, "sekretaris", email="sekr@contoh.go.id")
    for ind in indikator_terukur(gunung_mas):
        Realisasi.objects.create(indikator=ind, triwulan=3, nilai=50)

    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)

    (email,) = mail.outbox
    assert email.to == [sekretaris.email]
    assert email.subject == "TW III 2024 lengkap, menunggu verifikasi"
    mail.outbox.clear()
    EmailPengingat.objects.all().delete()
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=TAHUN, triwulan=3)
    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert mail.outbox == []


def test_no_email_names_another_satkers_data(gunung_mas, jadwal_tw3, op, buat_satker_kecil):
    lain = [buat_satker_kecil(i) for i in (1, 2)]
    jalankan_harian(tanggal=TUJUH_HARI_SEBELUM)
    assert len(mail.outbox) == 3
    for email in mail.outbox:
        (alamat,) = email.to
        penerima = Pengguna.objects.get(email=alamat)
        teks = email.subject + email.body
        for s in [gunung_mas, *lain]:
            nama_indikator = [i.nama for i in indikator_terukur(s)]
            if s.pk == penerima.satker_id:
                assert s.nama in teks
                assert all(n in teks for n in nama_indikator)
            else:
                assert s.nama not in teks
                assert not any(n in teks for n in nama_indikator)
                assert f"/{s.kode}/" not in teks


def test_queries_of_a_run_do_not_grow_with_satker(gunung_mas, buat_satker_kecil):
    """One run over 3 satker, then over 30: the same number of queries."""
    for i in range(3):
        buat_satker_kecil(i)
    with CaptureQueriesContext(connection) as tiga:
        hasil_tiga = kirim_surat(kumpulkan_harian(tanggal=TUJUH_HARI_SEBELUM))
    for i in range(3, 30):
        buat_satker_kecil(i)
    EmailPengingat.objects.all().delete()
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as tiga_puluh:
        hasil_tiga_puluh = kirim_surat(kumpulkan_harian(tanggal=TUJUH_HARI_SEBELUM))
    assert (hasil_tiga.dikirim, hasil_tiga_puluh.dikirim) == (3, 30)
    assert len(mail.outbox) == 30
    assert len(tiga_puluh) == len(tiga), [q["sql"][:120] for q in tiga_puluh.captured_queries]


def test_command_and_daily_queue(gunung_mas, jadwal_tw3, op, settings):
    call_command("kirim_pengingat", "--tanggal", TUJUH_HARI_SEBELUM.isoformat())
    assert len(mail.outbox) == 1
    assert JalanHarian.objects.filter(tanggal=TUJUH_HARI_SEBELUM).exists()

    # The worker's hook: before PENGINGAT_JAM nothing; then once for the day.
    settings.PENGINGAT_JAM = 7
    from django.utils import timezone

    pagi = timezone.make_aware(datetime.datetime(2024, 10, 4, 6, 30))
    assert antrikan_harian(pagi) is False
    assert not JalanHarian.objects.filter(tanggal=datetime.date(2024, 10, 4)).exists()
    siang = timezone.make_aware(datetime.datetime(2024, 10, 4, 8, 0))
    assert antrikan_harian(siang) is True  # the immediate backend ran it at once
    jalan = JalanHarian.objects.get(tanggal=datetime.date(2024, 10, 4))
    assert jalan.selesai_pada is not None
    assert antrikan_harian(siang) is False
    # Another process (a second worker) finds the day's row and does not queue again.
    from pengingat import tasks

    tasks._sudah.clear()
    assert antrikan_harian(siang) is False
    # The day of the command: it already ran, the worker does not queue it.
    tasks._sudah.clear()
    sebelumnya = timezone.make_aware(datetime.datetime(2024, 10, 3, 9, 0))
    assert antrikan_harian(sebelumnya) is False


def _alasan(satker) -> dict[str, str]:
    temuan = periksa(
        build_dokumen(satker=satker, tahun=TAHUN), nama_satker_lain=nama_satker_lain(satker)
    )
    return {pengesahan.kunci_temuan(t): "Diakui dalam uji." for t in temuan}


def test_submit_and_return_send_after_commit(
    gunung_mas, op, buat_pengguna, django_capture_on_commit_callbacks
):
    sekretaris = buat_pengguna(gunung_mas, "sekretaris", email="sekr@contoh.go.id")
    komisioner = buat_pengguna(gunung_mas, "komisioner", email="kom@contoh.go.id")
    buat_pengguna(gunung_mas, "admin", email="admin@contoh.go.id")
    alasan = _alasan(gunung_mas)

    with django_capture_on_commit_callbacks(execute=False) as menunggu:
        pengesahan.ajukan(satker=gunung_mas, tahun=TAHUN, user=op, alasan=alasan)
    assert mail.outbox == []  # nothing before the commit
    for fungsi in menunggu:
        fungsi()
    assert sorted(m.to[0] for m in mail.outbox) == [komisioner.email, sekretaris.email]
    assert all("diajukan" in m.subject for m in mail.outbox)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        pengesahan.kembalikan(
            satker=gunung_mas, tahun=TAHUN, user=sekretaris, komentar="Lengkapi bukti TW III."
        )
    (email,) = mail.outbox
    assert email.to == [op.email]
    assert "dikembalikan" in email.subject
    assert "Lengkapi bukti TW III." in email.body
    assert EmailPengingat.objects.filter(jenis=Jenis.LAPORAN_DIKEMBALIKAN).count() == 1


def test_a_rolled_back_submission_sends_nothing(
    gunung_mas, op, buat_pengguna, django_capture_on_commit_callbacks
):
    buat_pengguna(gunung_mas, "sekretaris", email="sekr@contoh.go.id")
    alasan = _alasan(gunung_mas)
    with django_capture_on_commit_callbacks(execute=True) as menunggu:
        with pytest.raises(RuntimeError), transaction.atomic():
            pengesahan.ajukan(satker=gunung_mas, tahun=TAHUN, user=op, alasan=alasan)
            raise RuntimeError("gagal di tengah permintaan")
    assert menunggu == []
    assert mail.outbox == []
    assert not EmailPengingat.objects.exists()


def test_worker_never_queues_when_the_hour_is_unset(db, settings):
    from django.utils import timezone

    settings.PENGINGAT_JAM = None
    siang = timezone.make_aware(datetime.datetime(2024, 10, 4, 12, 0))
    assert antrikan_harian(siang) is False
    assert not JalanHarian.objects.exists()
