"""Running the tasks of the database backend: claim one ready row, run it, store the outcome."""

import logging
import os

from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext, TaskResultStatus, task_backends
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, normalize_json

from antrian.backend import DatabaseBackend, to_task_result
from antrian.models import HasilTugas

logger = logging.getLogger(__name__)


def get_backend(alias: str) -> DatabaseBackend:
    backend = task_backends[alias]
    if not isinstance(backend, DatabaseBackend):
        raise ValueError(f"Backend '{alias}' bukan antrian basis data.")
    return backend


def claim_next(*, backend: DatabaseBackend, queue_names: list[str], worker_id: str) -> str | None:
    """Mark the next ready task as running for this worker. The status check in the UPDATE
    makes the claim safe between several workers on PostgreSQL and on SQLite alike, without
    holding a lock while the task runs."""
    for kandidat in backend.list_ready(queue_names=queue_names):
        sekarang = timezone.now()
        diklaim = HasilTugas.objects.filter(id=kandidat, status=TaskResultStatus.READY).update(
            status=TaskResultStatus.RUNNING, started_at=sekarang
        )
        if diklaim:
            baris = HasilTugas.objects.get(id=kandidat)
            baris.worker_ids = [*baris.worker_ids, worker_id]
            baris.save(update_fields=["worker_ids"])
            return kandidat
    return None


def run_task(result_id: str) -> TaskResultStatus:
    """Run a claimed task and store its return value or its error."""
    baris = HasilTugas.objects.get(id=result_id)
    hasil = to_task_result(baris)
    task_started.send(DatabaseBackend, task_result=hasil)
    try:
        task = import_string(baris.task_path)
        if task.takes_context:
            nilai = task.call(TaskContext(task_result=hasil), *baris.args, **baris.kwargs)
        else:
            nilai = task.call(*baris.args, **baris.kwargs)
        baris.return_value = normalize_json(nilai)
        baris.status = TaskResultStatus.SUCCESSFUL
    except KeyboardInterrupt:
        raise
    except Exception as e:
        logger.exception("Tugas %s (%s) gagal", result_id, baris.task_path)
        baris.status = TaskResultStatus.FAILED
        baris.exception_class_path = get_module_path(type(e))
        baris.traceback = get_exception_traceback(e)
    baris.finished_at = timezone.now()
    baris.save(
        update_fields=[
            "status",
            "return_value",
            "exception_class_path",
            "traceback",
            "finished_at",
        ]
    )
    task_finished.send(DatabaseBackend, task_result=to_task_result(baris))
    # As after a request: drop broken or expired connections between tasks (never one inside a
    # transaction: a test runs the worker inside its own).
    for koneksi in connections.all(initialized_only=True):
        if not koneksi.in_atomic_block:
            koneksi.close_if_unusable_or_obsolete()
    return TaskResultStatus(baris.status)


def resident_memory_mb() -> float | None:
    """This process's resident memory now (Linux), not its peak: the peak survives exec."""
    try:
        with open("/proc/self/statm") as f:
            halaman = int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return halaman * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
