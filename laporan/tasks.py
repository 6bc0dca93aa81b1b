"""The report's PDF off the request path: a background task renders it into the cache
(laporan.cetak) and the page asks for its state. See docs/laporan_latar.md."""

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.utils import get_module_path
from django_tasks_db.models import DBTaskResult

from laporan.cetak import kunci_cache, path_pdf, store_pdf
from laporan.models import DetakTugas
from satker.models import Satker

logger = logging.getLogger(__name__)

# A task still unfinished after this long no longer blocks a new request for the same PDF (a
# queued task no worker takes; a render that hangs).
BATAS_TUNGGU = timedelta(minutes=15)
# A rendering whose worker died is queued again, at most this many times in all: a report that
# kills every worker that renders it (out of memory) ends as failed, not in an endless loop.
PERCOBAAN_MAKS = 3


class PekerjaBerhenti(RuntimeError):
    """The worker process stopped in the middle of the rendering (killed, out of memory)."""


class Keadaan:
    SIAP = "siap"
    DIBUAT = "dibuat"
    GAGAL = "gagal"
    BELUM = "belum"


PESAN = {
    Keadaan.SIAP: "PDF siap diunduh.",
    Keadaan.DIBUAT: "PDF sedang dibuat…",
    Keadaan.GAGAL: "PDF gagal dibuat. Coba lagi; bila tetap gagal, hubungi admin.",
    Keadaan.BELUM: "PDF untuk data terbaru belum dibuat.",
}


@dataclass(frozen=True)
class StatusPDF:
    keadaan: str
    berkas: Path | None = None

    @property
    def pesan(self) -> str:
        return PESAN[self.keadaan]


@task(takes_context=True)
def render_laporan(context: TaskContext, satker_id: int, tahun: int) -> str:
    """Render the report into the PDF cache; returns the cached file's name."""
    satker = Satker.objects.get(pk=satker_id)
    # Only a task of the database queue has a row to beat for (not the immediate backend's).
    if not hasattr(context.task_result, "db_result"):
        return store_pdf(satker=satker, tahun=tahun).name
    with _berdetak(context.task_result.id):
        return store_pdf(satker=satker, tahun=tahun).name


def _detik_detak() -> float:
    return settings.LAPORAN_DETAK_DETIK


def batas_detak() -> timedelta:
    """A rendering without a heartbeat for this long has lost its worker."""
    return timedelta(seconds=3 * _detik_detak())


@contextmanager
def _berdetak(tugas_id: str) -> Iterator[None]:
    """While the block runs, a thread of this process writes the task's heartbeat (with this
    machine's name and this process's id) every LAPORAN_DETAK_DETIK seconds."""
    DetakTugas.objects.update_or_create(
        tugas_id=tugas_id,
        defaults={"host": socket.gethostname(), "pid": os.getpid(), "detak": timezone.now()},
    )
    berhenti = threading.Event()

    def detak() -> None:
        try:
            while not berhenti.wait(_detik_detak()):
                try:
                    # The database may have restarted since the last beat (CONN_HEALTH_CHECKS).
                    close_old_connections()
                    DetakTugas.objects.filter(tugas_id=tugas_id).update(detak=timezone.now())
                except DatabaseError:
                    logger.warning("Detak tugas PDF %s tidak tersimpan", tugas_id, exc_info=True)
        finally:
            connection.close()  # this thread's own

    utas = threading.Thread(target=detak, name=f"detak-{tugas_id}", daemon=True)
    utas.start()
    try:
        yield
    finally:
        berhenti.set()
        utas.join()


def pulihkan_tugas_mati(
    *, tugas_id: str | None = None, host: str | None = None, pid: int | None = None
) -> int:
    """Queue again the renderings whose worker died, or mark them failed after PERCOBAAN_MAKS
    workers died on them; returns how many. Dead: RUNNING without a heartbeat for
    ``batas_detak()`` (none yet: counted from the claim), or, when the supervisor saw its worker
    process ``pid`` on ``host`` exit, at once. ``tugas_id``: only that task."""
    tugas = DBTaskResult.objects.running().filter(task_path=render_laporan.module_path)
    if tugas_id is not None:
        tugas = tugas.filter(pk=tugas_id)
    if pid is not None:
        tugas = tugas.filter(detak__host=host, detak__pid=pid)
    else:
        batas = timezone.now() - batas_detak()
        tugas = tugas.filter(
            Q(detak__detak__lt=batas) | Q(detak__isnull=True, started_at__lt=batas)
        )
    jumlah = 0
    for baris in tugas.only("pk", "started_at", "worker_ids"):
        jumlah += _pulihkan(baris)
    return jumlah


def _pulihkan(baris: DBTaskResult) -> int:
    # Only if no one recovered it or claimed it again meanwhile (a claim sets started_at anew).
    with transaction.atomic():
        sama = DBTaskResult.objects.running().filter(pk=baris.pk, started_at=baris.started_at)
        if len(baris.worker_ids) >= PERCOBAAN_MAKS:
            pesan = (
                f"Pekerja PDF berhenti di tengah pembuatan {len(baris.worker_ids)} kali "
                f"(dimatikan atau kehabisan memori): {', '.join(baris.worker_ids)}."
            )
            jumlah = sama.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=get_module_path(PekerjaBerhenti),
                traceback=pesan,
            )
            logger.error("Tugas PDF %s gagal: %s", baris.pk, pesan)
        else:
            jumlah = sama.update(status=TaskResultStatus.READY, started_at=None)
            logger.warning(
                "Tugas PDF %s diantrikan lagi: pekerjanya (%s) berhenti di tengah pembuatan.",
                baris.pk,
                baris.worker_ids[-1] if baris.worker_ids else "?",
            )
        # The next worker's claim starts without the dead one's heartbeat.
        DetakTugas.objects.filter(tugas_id=baris.pk).delete()
    return jumlah


def _path_tugas(kunci: str) -> Path:
    # Beside the PDF it will become: shared by every application server with the cache.
    return path_pdf(kunci=kunci).with_suffix(".tugas")


def get_status_pdf(*, satker: Satker, tahun: int, kunci: str | None = None) -> StatusPDF:
    """Is the PDF of the report's current data ready, being made, failed, or not asked for?
    ``kunci``: its ``kunci_cache`` when the caller has it already."""
    kunci = kunci or kunci_cache(satker=satker, tahun=tahun)
    berkas = path_pdf(kunci=kunci)
    if berkas.is_file():
        return StatusPDF(Keadaan.SIAP, berkas)
    try:
        result_id = _path_tugas(kunci).read_text().strip()
        hasil = render_laporan.get_result(result_id)
    except (OSError, TaskResultDoesNotExist, NotImplementedError):
        return StatusPDF(Keadaan.BELUM)
    if hasil.status == TaskResultStatus.RUNNING and pulihkan_tugas_mati(tugas_id=result_id):
        hasil = render_laporan.get_result(result_id)  # queued again, or failed for good
    if hasil.status == TaskResultStatus.FAILED:
        return StatusPDF(Keadaan.GAGAL)
    if not hasil.is_finished and timezone.now() - hasil.enqueued_at < BATAS_TUNGGU:
        return StatusPDF(Keadaan.DIBUAT)
    # Finished without this file: the data changed while it was rendered.
    return StatusPDF(Keadaan.BELUM)


def request_pdf(*, satker: Satker, tahun: int) -> StatusPDF:
    """Enqueue the rendering unless the PDF is ready or already being made. With the immediate
    backend (tests, a set-up without worker) the PDF is ready on return."""
    kunci = kunci_cache(satker=satker, tahun=tahun)
    status = get_status_pdf(satker=satker, tahun=tahun, kunci=kunci)
    if status.keadaan in {Keadaan.SIAP, Keadaan.DIBUAT}:
        return status
    hasil = render_laporan.enqueue(satker.pk, tahun)
    berkas = path_pdf(kunci=kunci)
    if berkas.is_file():
        return StatusPDF(Keadaan.SIAP, berkas)
    if hasil.status == TaskResultStatus.FAILED:
        return StatusPDF(Keadaan.GAGAL)

    def tandai() -> None:
        # Only once the task's row is committed, so a poll never finds an id that is not there.
        berkas.parent.mkdir(parents=True, exist_ok=True)
        _path_tugas(kunci).write_text(hasil.id)

    transaction.on_commit(tandai)
    return StatusPDF(Keadaan.DIBUAT)


def prune_tugas(*, umur: timedelta) -> int:
    """Delete the task rows finished more than ``umur`` ago (what django-tasks-db's
    prune_db_task_results does), and those left RUNNING that long by a worker killed in the
    middle of a task (out of memory, SIGKILL), which nothing else ever finishes."""
    batas = timezone.now() - umur
    selesai = DBTaskResult.objects.finished().filter(finished_at__lte=batas)
    terbengkalai = DBTaskResult.objects.running().filter(started_at__lte=batas)
    return (selesai | terbengkalai).delete()[0]
