"""The background PDF when things break, with real processes on the PostgreSQL test database: a
worker killed in the middle of a rendering (its task is queued again and the PDF delivered), and
the database dropping every connection, as when it restarts (the web request and the worker go
on). The rows must be committed for the other processes to see them, so the tests are
transactional; the database is emptied after each, so the Gunung Mas data is loaded again before
each and after the module. PostgreSQL only: SQLite's test database lives in this process's
memory."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test import RequestFactory
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from laporan.models import DetakTugas
from tests.laporan import tugas_uji

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="other processes need the test database (CI: PG)"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("data_demo_dimuat_lagi", "data_demo_ada"),
]

MANAGE = str(Path(__file__).resolve().parents[2] / "manage.py")
DETAK = 0.5  # seconds between heartbeats: a dead worker is found after 1.5 s


@pytest.fixture
def antrian(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LAPORAN_CACHE_DIR = tmp_path / "cache"
    settings.LAPORAN_DETAK_DETIK = DETAK
    return tmp_path


def _env(cache: Path) -> dict[str, str]:
    db = connection.settings_dict
    pengguna = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{pengguna}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LAPORAN_CACHE_DIR": str(cache),
        "LAPORAN_DETAK_DETIK": str(DETAK),
        "PYTHONUNBUFFERED": "1",
        # No reminders' day's run queued by the supervisor meanwhile (docs/pengingat.md).
        "PENGINGAT_JAM": "",
    }


def _jalankan(perintah: list[str], folder: Path, log: Path) -> subprocess.Popen:
    with log.open("a") as keluaran:
        return subprocess.Popen(
            [sys.executable, MANAGE, *perintah],
            env=_env(folder / "cache"),
            stdout=keluaran,
            stderr=subprocess.STDOUT,
        )


def _hentikan(proses: subprocess.Popen) -> int:
    if proses.poll() is None:
        proses.send_signal(signal.SIGTERM)
    try:
        return proses.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proses.kill()
        return proses.wait()


def _tunggu(syarat, *, detik: float) -> bool:
    akhir = time.monotonic() + detik
    while time.monotonic() < akhir:
        if syarat():
            return True
        time.sleep(0.1)
    return False


def _keadaan(client) -> str:
    return json.loads(client.get("/6210/2024/laporan/pdf/status/").content)["keadaan"]


def _bunuh_di_tengah_render(client, operator) -> tuple[DBTaskResult, int]:
    """Ask for the PDF, wait until a worker renders it (its first heartbeat), SIGKILL that
    worker and check it died with the task unfinished."""
    client.force_login(operator)
    assert client.get("/6210/2024/laporan.pdf").status_code == 302
    tugas = DBTaskResult.objects.get()
    assert _tunggu(lambda: DetakTugas.objects.filter(tugas=tugas).exists(), detik=60)
    pid = DetakTugas.objects.get(tugas=tugas).pid
    os.kill(pid, signal.SIGKILL)
    assert _tunggu(lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid), detik=10)
    tugas.refresh_from_db()
    # Still RUNNING, or READY when its supervisor was quicker: not finished, no PDF.
    assert tugas.status in {TaskResultStatus.RUNNING, TaskResultStatus.READY}, tugas.status
    assert _keadaan(client) == "dibuat"
    return tugas, pid


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_a_worker_killed_mid_render_is_replaced_and_the_pdf_delivered(
    client, operator, antrian, settings
):
    settings.LAPORAN_DETAK_DETIK = 60  # the page's poll leaves the recovery to the supervisor
    log = antrian / "pekerja.log"
    pengawas = _jalankan(["pekerja_pdf", "--interval", "0.2", "--max-tasks", "0"], antrian, log)
    try:
        tugas, pid = _bunuh_di_tengah_render(client, operator)
        mulai = time.monotonic()
        siap = _tunggu(lambda: _keadaan(client) == "siap", detik=60)
        lama = time.monotonic() - mulai
    finally:
        kode = _hentikan(pengawas)
    keluaran = log.read_text()
    assert siap, keluaran
    assert lama < 60
    response = client.get("/6210/2024/laporan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL
    assert len(tugas.worker_ids) == 2  # the killed worker, then its successor
    assert f"Pekerja {pid} berhenti (kode -9)." in keluaran
    assert "Dipulihkan: 1 tugas PDF yang pekerjanya berhenti." in keluaran
    assert keluaran.count("dimulai.") == 2
    assert kode == 0, keluaran


def test_a_bare_worker_killed_mid_render_is_found_by_its_missing_heartbeat(
    client, operator, antrian
):
    """No supervisor saw it die (a db_worker run by hand, or its machine gone): the page's poll
    finds the heartbeat stale and queues the task again for the next worker."""
    log = antrian / "pekerja.log"
    pertama = _jalankan(["db_worker", "--no-reload", "--interval", "0.2"], antrian, log)
    try:
        tugas, _ = _bunuh_di_tengah_render(client, operator)
    finally:
        _hentikan(pertama)
    assert _tunggu(lambda: _keadaan(client) == "dibuat" and _status(tugas) == "READY", detik=10)
    kedua = _jalankan(["db_worker", "--no-reload", "--batch"], antrian, log)
    try:
        assert _tunggu(lambda: _keadaan(client) == "siap", detik=60), log.read_text()
    finally:
        _hentikan(kedua)
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL and len(tugas.worker_ids) == 2


def _status(tugas: DBTaskResult) -> str:
    tugas.refresh_from_db()
    return tugas.status


def _putuskan_semua_koneksi_lain() -> int:
    """What a database restart does to every connection but this new one."""
    lain = ConnectionHandler({"default": {**connection.settings_dict, "CONN_MAX_AGE": 0}})
    try:
        with lain["default"].cursor() as c:
            c.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return c.fetchone()[0]
    finally:
        lain.close_all()


def test_a_web_request_and_the_worker_survive_the_database_dropping_connections(
    client, operator, antrian
):
    log = antrian / "pekerja.log"
    pengawas = _jalankan(["pekerja_pdf", "--interval", "0.2", "--max-tasks", "0"], antrian, log)
    try:
        client.force_login(operator)
        assert _tunggu(lambda: "Starting worker" in log.read_text(), detik=60)
        time.sleep(1)  # the worker has polled the queue: it holds a connection
        with connection.cursor() as c:  # this process's, as a web worker's kept one
            c.execute("SELECT pg_backend_pid()")
            pid_web = c.fetchone()[0]
        assert _putuskan_semua_koneksi_lain() >= 2  # the web's and the worker's at least

        # The first request after it, through the real WSGI handler (the test client skips
        # the connection checks Django does when a request starts).
        environ = RequestFactory()._base_environ(
            PATH_INFO="/6210/2024/",
            REQUEST_METHOD="GET",
            HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}",
        )
        status = []
        isi = b"".join(WSGIHandler()(environ, lambda s, h, *a: status.append(s)))
        assert status == ["200 OK"], isi[:500]
        assert "Gunung Mas" in isi.decode()
        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            assert c.fetchone()[0] != pid_web  # a new connection, not an error

        # The worker takes the next task on a new connection, without being restarted.
        hasil = tugas_uji.tambah.enqueue(2, 3)
        selesai = _tunggu(
            lambda: tugas_uji.tambah.get_result(hasil.id).status == TaskResultStatus.SUCCESSFUL,
            detik=30,
        )
    finally:
        _hentikan(pengawas)
    keluaran = log.read_text()
    assert selesai, keluaran
    assert keluaran.count("dimulai.") == 1, keluaran
