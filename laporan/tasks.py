"""The report's PDF off the request path: a background task renders it into the cache
(laporan.cetak) and the page asks for its state. See docs/laporan_latar.md."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from laporan.cetak import kunci_cache, path_pdf, store_pdf
from satker.models import Satker

# A task still unfinished after this long had its worker killed: it may be asked for again.
BATAS_TUNGGU = timedelta(minutes=15)


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


@task()
def render_laporan(satker_id: int, tahun: int) -> str:
    """Render the report into the PDF cache; returns the cached file's name."""
    satker = Satker.objects.get(pk=satker_id)
    return store_pdf(satker=satker, tahun=tahun).name


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
