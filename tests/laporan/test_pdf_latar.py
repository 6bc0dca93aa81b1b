"""The report's PDF made by the background worker: the database queue, db_worker, the status
endpoint polled by the page, and the cache that serves the download."""

import json

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from antrian.models import HasilTugas
from laporan import tasks
from tests.laporan import tugas_uji

ANTRIAN_DB = {"default": {"BACKEND": "antrian.backend.DatabaseBackend"}}
STATUS = "/6210/2024/laporan/pdf/status/"


@pytest.fixture
def antrian_db(settings, tmp_path) -> None:
    settings.TASKS = ANTRIAN_DB
    settings.LAPORAN_CACHE_DIR = tmp_path


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
    tugas = HasilTugas.objects.get()
    assert tugas.task_path == "laporan.tasks.render_laporan"
    assert tugas.args == [gunung_mas.pk, 2024]
    assert tugas.status == TaskResultStatus.READY
    assert _keadaan(client) == "dibuat"
    halaman = client.get("/6210/2024/laporan/").content.decode()
    assert "PDF sedang dibuat di latar belakang" in halaman  # the message after the redirect
    assert "<progress" in halaman and "PDF sedang dibuat…" in halaman
    # Asking again while it is being made does not queue a second rendering.
    assert client.get("/6210/2024/laporan.pdf").status_code == 302
    assert HasilTugas.objects.count() == 1

    call_command("db_worker", "--batch", verbosity=0)

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
    assert HasilTugas.objects.count() == 1  # served from the cache, nothing queued


def test_a_failed_rendering_is_shown_and_can_be_asked_again(
    client, operator, antrian_db, django_capture_on_commit_callbacks, monkeypatch
):
    def rusak(*, satker, tahun):
        raise RuntimeError("WeasyPrint kehabisan memori")

    monkeypatch.setattr(tasks, "store_pdf", rusak)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/6210/2024/laporan.pdf")
    call_command("db_worker", "--batch", verbosity=0)

    tugas = HasilTugas.objects.get()
    assert tugas.status == TaskResultStatus.FAILED
    assert tugas.exception_class_path == "builtins.RuntimeError"
    assert "WeasyPrint kehabisan memori" in tugas.traceback
    assert _keadaan(client) == "gagal"
    assert "Coba lagi" in client.get("/6210/2024/laporan/").content.decode()
    response = client.get("/6210/2024/laporan.pdf", follow=True)
    assert response.status_code == 200
    assert HasilTugas.objects.filter(status=TaskResultStatus.READY).count() == 1


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

    call_command("db_worker", "--batch", "--max-tasks", "1", verbosity=0)

    assert tugas_uji.tambah_segera.get_result(segera.id).return_value == 7
    assert tugas_uji.tambah.get_result(biasa.id).status == TaskResultStatus.READY
    call_command("db_worker", "--batch", verbosity=0)
    hasil = tugas_uji.tambah.get_result(biasa.id)
    assert hasil.status == TaskResultStatus.SUCCESSFUL
    assert hasil.return_value == 3
    assert len(hasil.worker_ids) == 1


def test_worker_stops_when_its_memory_passes_the_limit(db, antrian_db):
    for i in range(2):
        tugas_uji.tambah.enqueue(i, i)
    # Any Python process with Django loaded is above 1 MB: it stops after the first task.
    call_command("db_worker", "--batch", "--max-memory", "1", verbosity=0)
    assert HasilTugas.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert HasilTugas.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_stale_unfinished_task_does_not_block_a_new_request(
    client, operator, antrian_db, django_capture_on_commit_callbacks
):
    """A worker killed in the middle of a render leaves its row RUNNING forever."""
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/6210/2024/laporan.pdf")
    tugas = HasilTugas.objects.get()
    HasilTugas.objects.filter(pk=tugas.pk).update(
        status=TaskResultStatus.RUNNING,
        enqueued_at=tugas.enqueued_at - tasks.BATAS_TUNGGU,
    )
    assert _keadaan(client) == "belum"
    client.get("/6210/2024/laporan.pdf")
    assert HasilTugas.objects.filter(status=TaskResultStatus.READY).count() == 1
