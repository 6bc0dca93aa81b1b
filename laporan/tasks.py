"""The report's PDF off the request path: a background task renders it into the cache
(laporan.cetak) and the page asks for its state. See docs/laporan_latar.md."""

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.utils import get_module_path
from django_tasks_db.models import DBTaskResult, get_date_max

from laporan.cetak import kunci_cache, path_pdf, store_pdf
from laporan.models import DetakTugas, JadwalPDF
from satker.models import Satker

logger = logging.getLogger(__name__)

# A task still unfinished after this long no longer blocks a new request for the same PDF (a
# queued task no worker takes; a render that hangs).
BATAS_TUNGGU = timedelta(minutes=15)
# A rendering whose worker died is queued again, at most this many times in all: a report that
# kills every worker that renders it (out of memory) ends as failed, not in an endless loop.
PERCOBAAN_MAKS = 3
# A report changed again and again is rendered at the latest this many debounce intervals
# after the first change of the burst.
JEDA_MAKS_KALI = 6


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
    """Render the report into the PDF cache; returns the cached file's name. While another
    task renders the same satker-year, it is queued again for later instead (returns
    ``DITUNDA``)."""
    satker = Satker.objects.get(pk=satker_id)
    # Only a task of the database queue has a row to beat for (not the immediate backend's).
    if not hasattr(context.task_result, "db_result"):
        return store_pdf(satker=satker, tahun=tahun).name
    tugas_id = str(context.task_result.id)
    if not _mulai(satker_id=satker_id, tahun=tahun, tugas_id=tugas_id):
        antrikan_render(satker_id=satker_id, tahun=tahun, jeda=max(_jeda(), timedelta(seconds=1)))
        return DITUNDA
    try:
        with _berdetak(tugas_id):
            return store_pdf(satker=satker, tahun=tahun).name
    finally:
        JadwalPDF.objects.filter(satker_id=satker_id, tahun=tahun, berjalan_id=tugas_id).update(
            berjalan_id=""
        )


DITUNDA = "ditunda"


def _jeda() -> timedelta:
    return timedelta(seconds=settings.LAPORAN_JEDA_PDF_DETIK)


def _jadwal(*, satker_id: int, tahun: int) -> JadwalPDF:
    """The satker-year's row, locked until the end of the (caller's) transaction."""
    JadwalPDF.objects.get_or_create(satker_id=satker_id, tahun=tahun)
    return JadwalPDF.objects.select_for_update().get(satker_id=satker_id, tahun=tahun)


def _mulai(*, satker_id: int, tahun: int, tugas_id: str) -> bool:
    """Claim the satker-year for this task's rendering; False while another task renders it."""
    with transaction.atomic():
        jadwal = _jadwal(satker_id=satker_id, tahun=tahun)
        lain = jadwal.berjalan_id not in ("", tugas_id)
        if lain and DBTaskResult.objects.running().filter(pk=jadwal.berjalan_id).exists():
            return False
        jadwal.berjalan_id = tugas_id
        jadwal.save(update_fields=["berjalan_id"])
    return True


def antrikan_render(*, satker_id: int, tahun: int, jeda: timedelta | None) -> TaskResult:
    """Queue the rendering of the satker-year ``jeda`` from now (None: at once). At most one
    task waits per satker-year: one still waiting is moved instead of a second one queued, so a
    burst of changes gives one rendering, of the data as it is when it runs; a task queued at
    once (someone asked for the PDF) is not put off by a change."""
    sekarang = timezone.now()
    with transaction.atomic():
        jadwal = _jadwal(satker_id=satker_id, tahun=tahun)
        menunggu = None
        if _id_antrian(jadwal.tugas_id):
            menunggu = (
                DBTaskResult.objects.filter(pk=jadwal.tugas_id, status=TaskResultStatus.READY)
                .only("pk", "enqueued_at", "run_after")
                .first()
            )
        if menunggu is not None:
            if jeda is None:
                menunggu.run_after = sekarang
            elif menunggu.run_after != get_date_max():
                batas = menunggu.enqueued_at + jeda * JEDA_MAKS_KALI
                menunggu.run_after = max(min(sekarang + jeda, batas), menunggu.run_after)
            menunggu.save(update_fields=["run_after"])
            return render_laporan.get_result(str(menunggu.pk))
        tugas = render_laporan if jeda is None else render_laporan.using(run_after=sekarang + jeda)
        hasil = tugas.enqueue(satker_id, tahun)
        jadwal.tugas_id = str(hasil.id)
        jadwal.save(update_fields=["tugas_id"])
    return hasil


def _id_antrian(tugas_id: str | None) -> bool:
    """Whether ``tugas_id`` can be a task of the database queue (the immediate backend, used
    before a switch of backends, gives ids of another form)."""
    try:
        uuid.UUID(tugas_id or "")
    except ValueError:
        return False
    return True


def _percepat(*, satker_id: int, tahun: int) -> None:
    """Someone is waiting for the PDF now: a rendering put off after a change is due at once."""
    tugas_id = (
        JadwalPDF.objects.filter(satker_id=satker_id, tahun=tahun)
        .values_list("tugas_id", flat=True)
        .first()
    )
    if _id_antrian(tugas_id):
        sekarang = timezone.now()
        DBTaskResult.objects.filter(
            pk=tugas_id, status=TaskResultStatus.READY, run_after__gt=sekarang
        ).exclude(run_after=get_date_max()).update(run_after=sekarang)


class _PerubahanTertunda:
    """The satker-years changed by the current transaction, queued once it commits."""

    def __init__(self, lokasi: set[tuple[int, int, int | None]]) -> None:
        self.lokasi = lokasi

    def __call__(self) -> None:
        if not render_laporan.get_backend().supports_defer:
            return  # the immediate backend would render inside the request that saved
        syarat = Q()
        for satker_id, awal, akhir in self.lokasi:
            syarat |= Q(satker_id=satker_id, tahun__gte=awal) & (
                Q() if akhir is None else Q(tahun__lte=akhir)
            )
        for satker_id, tahun in JadwalPDF.objects.filter(syarat).values_list("satker_id", "tahun"):
            antrikan_render(satker_id=satker_id, tahun=tahun, jeda=_jeda())


def catat_perubahan(lokasi: Iterable[tuple[int, int, int | None]]) -> None:
    """Every write of the report's data passes here (``pengesahan.guard``, from the sources
    declared in ``laporan.dokumen.SUMBER_LAPORAN``) with the satker and the years whose report
    reads it: (satker id, first year, last year or None for every later one). Once the
    transaction commits, the PDF of each of those satker-years that has one kept (``JadwalPDF``)
    is queued ``LAPORAN_JEDA_PDF_DETIK`` later; the writes of one transaction are collected into
    one check, and a failure to queue never fails the write (``robust``)."""
    lokasi = set(lokasi)
    if not lokasi or settings.LAPORAN_JEDA_PDF_DETIK <= 0:
        return
    for _, fungsi, _ in connection.run_on_commit:
        if isinstance(fungsi, _PerubahanTertunda):
            fungsi.lokasi.update(lokasi)
            return
    transaction.on_commit(_PerubahanTertunda(lokasi), robust=True)


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
    except OSError:
        # Not asked for with this data; the rendering queued after its last change, if any.
        jadwal = JadwalPDF.objects.filter(satker=satker, tahun=tahun).values_list("tugas_id")
        result_id = next(iter(jadwal), ("",))[0]
        if not result_id:
            return StatusPDF(Keadaan.BELUM)
    try:
        hasil = render_laporan.get_result(result_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValidationError, ValueError):
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
    if status.keadaan == Keadaan.DIBUAT:
        _percepat(satker_id=satker.pk, tahun=tahun)
    if status.keadaan in {Keadaan.SIAP, Keadaan.DIBUAT}:
        return status
    hasil = antrikan_render(satker_id=satker.pk, tahun=tahun, jeda=None)
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
