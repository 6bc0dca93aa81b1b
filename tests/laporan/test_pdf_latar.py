"""The report's PDF made by the background worker: django-tasks-db's queue and db_worker, the
status endpoint polled by the page, and the cache that serves the download."""

import json
import os
import signal
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.db.utils import ConnectionHandler
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import connection_requires_manual_exclusive_transaction

from laporan import tasks
from laporan.models import DetakTugas
from satker.models import Pengguna, Satker
from tests.laporan import tugas_uji

ANTRIAN_DB = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STATUS = "/6210/2024/laporan/pdf/status/"


@pytest.fixture
def antrian_db(settings, tmp_path, monkeypatch):
    settings.TASKS = ANTRIAN_DB
    settings.LAPORAN_CACHE_DIR = tmp_path
    # Between tasks db_worker closes the connection as after a request; here it holds the test's
    # transaction (a real worker runs in autocommit, see test_pekerja_pdf_proses.py).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    # db_worker takes over SIGINT/SIGTERM in the process it runs in, here pytest's.
    sebelumnya = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sinyal, penangan in sebelumnya.items():
        signal.signal(sinyal, penangan)


def _worker(*opsi: str) -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", *opsi, verbosity=0)


def _keadaan(client) -> str:
    response = client.get(STATUS)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)["keadaan"]


def test_pdf_is_made_by_the_worker_and_then_downloaded(
    client, gunung_mas, operator, antrian_db, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    halaman = client.get("/6210/2024/laporan/").content.decode()
    assert "Siapkan PDF" in halaman
    assert 'src="/static/js/pdf.js"' in halaman
    assert _keadaan(client) == "belum"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/6210/2024/laporan.pdf")
    assert response.status_code == 302
    assert response["Location"] == "/6210/2024/laporan/#pdf"
    tugas = DBTaskResult.objects.get()
    assert tugas.task_path == "laporan.tasks.render_laporan"
    assert tugas.args_kwargs == {"args": [gunung_mas.pk, 2024], "kwargs": {}}
    assert tugas.status == TaskResultStatus.READY
    assert _keadaan(client) == "dibuat"
    halaman = client.get("/6210/2024/laporan/").content.decode()
    assert "PDF sedang dibuat di latar belakang" in halaman  # the message after the redirect
    assert "<progress" in halaman and "PDF sedang dibuat…" in halaman
    # Asking again while it is being made does not queue a second rendering.
    assert client.get("/6210/2024/laporan.pdf").status_code == 302
    assert DBTaskResult.objects.count() == 1

    _worker()

    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL
    assert tugas.return_value.endswith(".pdf")
    assert _keadaan(client) == "siap"
    halaman = client.get("/6210/2024/laporan/").content.decode()
    assert ">Unduh PDF</a>" in halaman and "Siapkan PDF" not in halaman
    response = client.get("/6210/2024/laporan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="LKjIP-KPU-Kabupaten-Gunung-Mas-2024.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert DBTaskResult.objects.count() == 1  # served from the cache, nothing queued


def test_a_failed_rendering_is_shown_and_can_be_asked_again(
    client, operator, antrian_db, django_capture_on_commit_callbacks, monkeypatch
):
    def rusak(*, satker, tahun):
        raise RuntimeError("WeasyPrint kehabisan memori")

    monkeypatch.setattr(tasks, "store_pdf", rusak)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/6210/2024/laporan.pdf")
    _worker()

    tugas = DBTaskResult.objects.get()
    assert tugas.status == TaskResultStatus.FAILED
    assert tugas.exception_class_path == "builtins.RuntimeError"
    assert "WeasyPrint kehabisan memori" in tugas.traceback
    assert _keadaan(client) == "gagal"
    assert "Coba lagi" in client.get("/6210/2024/laporan/").content.decode()
    response = client.get("/6210/2024/laporan.pdf", follow=True)
    assert response.status_code == 200
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_status_is_scoped_like_the_report(client, operator_lain, antrian_db):
    assert client.get(STATUS).status_code == 302  # anonymous: to the login page
    client.force_login(operator_lain)
    assert client.get(STATUS).status_code == 404


def test_status_of_a_year_without_data_is_404(client, operator, antrian_db):
    client.force_login(operator)
    assert client.get("/6210/1999/laporan/pdf/status/").status_code == 404


def test_worker_runs_the_most_urgent_task_first_and_stops_after_max_tasks(db, antrian_db):
    biasa = tugas_uji.tambah.enqueue(1, 2)
    segera = tugas_uji.tambah_segera.enqueue(3, 4)

    _worker("--max-tasks", "1")

    assert tugas_uji.tambah_segera.get_result(segera.id).return_value == 7
    assert tugas_uji.tambah.get_result(biasa.id).status == TaskResultStatus.READY
    _worker()
    hasil = tugas_uji.tambah.get_result(biasa.id)
    assert hasil.status == TaskResultStatus.SUCCESSFUL
    assert hasil.return_value == 3
    assert len(hasil.worker_ids) == 1


def test_a_stale_unfinished_task_does_not_block_a_new_request(
    client, operator, antrian_db, django_capture_on_commit_callbacks
):
    """A worker killed in the middle of a render leaves its row RUNNING forever."""
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/6210/2024/laporan.pdf")
    tugas = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=tugas.pk).update(
        status=TaskResultStatus.RUNNING,
        enqueued_at=tugas.enqueued_at - tasks.BATAS_TUNGGU,
    )
    assert _keadaan(client) == "belum"
    client.get("/6210/2024/laporan.pdf")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_task_results_in_the_admin_are_for_the_superuser_only(client, antrian_db, buat_pengguna):
    """django-tasks-db's admin: the rows of every satker, so not for a satker's Admin (staff
    without that model's permission)."""
    tugas_uji.tambah.enqueue(1, 2)
    daftar = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    admin_satker = buat_pengguna(Satker.objects.get(kode="6210"), Pengguna.Peran.ADMIN)
    client.force_login(admin_satker)
    assert client.get(daftar).status_code == 403
    assert "dbtaskresult" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(Pengguna.objects.create_superuser(username="uji-super", password="x"))
    response = client.get(daftar)
    assert response.status_code == 200
    assert "tambah" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file's settings")
def test_web_server_and_worker_share_one_sqlite_file(tmp_path, django_db_blocker):
    """The settings of `make run`'s SQLite file: the worker claims a task in a write transaction
    (Django's own, so it also works inside a test's transaction); meanwhile the web server reads
    at once and its own write transaction (a login) waits for the lock, never "database is
    locked"."""
    conf = {**django_settings.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3")}
    conf["OPTIONS"] = {**conf["OPTIONS"], "timeout": 5}  # a failure shows in 5 s, not 20
    hubungan = ConnectionHandler({"default": conf, "web": conf})
    web_mendapat: dict[str, object] = {}
    klaim_selesai = threading.Event()

    def web() -> None:
        koneksi = hubungan["web"]
        try:
            with koneksi.cursor() as c:
                c.execute("SELECT n FROM t")
                web_mendapat["baca"] = (c.fetchone()[0], klaim_selesai.is_set())
            koneksi._start_transaction_under_autocommit()  # what atomic() does: BEGIN EXCLUSIVE
            with koneksi.cursor() as c:
                c.execute("UPDATE t SET n = n + 10")
                c.execute("COMMIT")
            web_mendapat["tulis"] = klaim_selesai.is_set()
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            web_mendapat["galat"] = e
        finally:
            koneksi.close()

    with django_db_blocker.unblock():
        pekerja = hubungan["default"]
        assert not connection_requires_manual_exclusive_transaction(pekerja)
        with pekerja.cursor() as c:
            c.execute("PRAGMA journal_mode")
            assert c.fetchone()[0] == "wal"
            c.execute("CREATE TABLE t (n integer)")
            c.execute("INSERT INTO t VALUES (1)")
        pekerja._start_transaction_under_autocommit()
        with pekerja.cursor() as c:
            c.execute("UPDATE t SET n = 2")
        utas = threading.Thread(target=web)
        utas.start()
        time.sleep(0.5)
        klaim_selesai.set()
        with pekerja.cursor() as c:
            c.execute("COMMIT")
        utas.join(timeout=10)
        with pekerja.cursor() as c:
            c.execute("SELECT n FROM t")
            akhir = c.fetchone()[0]
        pekerja.close()
    assert "galat" not in web_mendapat, web_mendapat
    assert web_mendapat["baca"] == (1, False)  # read while the worker held the lock
    assert web_mendapat["tulis"] is True  # written after it let go
    assert akhir == 12


def _minta_pdf(client, operator, capture) -> DBTaskResult:
    client.force_login(operator)
    with capture(execute=True):
        assert client.get("/6210/2024/laporan.pdf").status_code == 302
    return DBTaskResult.objects.get()


def _diklaim_pekerja_mati(tugas: DBTaskResult, *, pekerja: list[str], detak_detik_lalu: float):
    """As a worker leaves its task when it is killed in the middle of it: RUNNING, with its
    last heartbeat ``detak_detik_lalu`` seconds ago."""
    lalu = timezone.now() - timedelta(seconds=detak_detik_lalu)
    DBTaskResult.objects.filter(pk=tugas.pk).update(
        status=TaskResultStatus.RUNNING, started_at=lalu, worker_ids=pekerja
    )
    DetakTugas.objects.create(tugas=tugas, host="mesin-lain", pid=4242, detak=lalu)


def test_a_rendering_whose_worker_died_is_queued_again_and_made(
    client, operator, antrian_db, django_capture_on_commit_callbacks, settings
):
    settings.LAPORAN_DETAK_DETIK = 10
    tugas = _minta_pdf(client, operator, django_capture_on_commit_callbacks)
    _diklaim_pekerja_mati(tugas, pekerja=["pekerja-mati"], detak_detik_lalu=31)

    assert _keadaan(client) == "dibuat"  # the poll finds it dead and queues it again
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.READY
    assert not DetakTugas.objects.filter(tugas=tugas).exists()
    _worker()
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL
    assert tugas.worker_ids[0] == "pekerja-mati" and len(tugas.worker_ids) == 2
    assert _keadaan(client) == "siap"


def test_a_rendering_with_a_live_heartbeat_is_left_to_its_worker(
    client, operator, antrian_db, django_capture_on_commit_callbacks, settings
):
    settings.LAPORAN_DETAK_DETIK = 10
    tugas = _minta_pdf(client, operator, django_capture_on_commit_callbacks)
    _diklaim_pekerja_mati(tugas, pekerja=["pekerja-hidup"], detak_detik_lalu=20)
    assert _keadaan(client) == "dibuat"
    assert tasks.pulihkan_tugas_mati() == 0
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.RUNNING


def test_the_supervisor_recovers_its_exited_worker_at_once(
    client, operator, antrian_db, django_capture_on_commit_callbacks
):
    tugas = _minta_pdf(client, operator, django_capture_on_commit_callbacks)
    _diklaim_pekerja_mati(tugas, pekerja=["pekerja-1"], detak_detik_lalu=1)
    assert tasks.pulihkan_tugas_mati(host="mesin-lain", pid=4241) == 0  # another process
    assert tasks.pulihkan_tugas_mati(host="mesin-lain", pid=4242) == 1
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.READY and tugas.started_at is None


def test_a_rendering_that_killed_three_workers_fails(
    client, operator, antrian_db, django_capture_on_commit_callbacks
):
    tugas = _minta_pdf(client, operator, django_capture_on_commit_callbacks)
    _diklaim_pekerja_mati(tugas, pekerja=["p1", "p2", "p3"], detak_detik_lalu=3600)
    assert _keadaan(client) == "gagal"
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.FAILED
    assert tugas.exception_class_path == "laporan.tasks.PekerjaBerhenti"
    assert "berhenti di tengah pembuatan 3 kali" in tugas.traceback
    assert "Coba lagi" in client.get("/6210/2024/laporan/").content.decode()


def test_the_worker_writes_the_heartbeat_of_its_rendering(
    client, operator, antrian_db, django_capture_on_commit_callbacks, monkeypatch
):
    tugas = _minta_pdf(client, operator, django_capture_on_commit_callbacks)
    asli = tasks.store_pdf
    selama: list[DetakTugas] = []

    def dengan_saksi(**kwargs):
        selama.append(DetakTugas.objects.get(tugas=tugas))
        return asli(**kwargs)

    monkeypatch.setattr(tasks, "store_pdf", dengan_saksi)
    _worker()
    assert len(selama) == 1
    assert (selama[0].host, selama[0].pid) == (socket.gethostname(), os.getpid())
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL
