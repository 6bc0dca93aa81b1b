"""The PDF worker as a service: django-tasks-db's ``db_worker`` in a child process, started
again whenever it exits, stopped gracefully when its memory passes a limit; the renderings of a
worker that died queued again, and the old task rows and cached PDFs pruned now and then. See
docs/laporan_latar.md."""

import logging
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from laporan.cetak import prune_cache
from laporan.tasks import prune_tugas, pulihkan_tugas_mati
from lkjip import berkala

logger = logging.getLogger(__name__)

# A worker that fails this soon after its start (database down, broken settings) is started
# again only after as long a pause, not in a tight loop.
JEDA_GAGAL = 5.0


def resident_memory_mb(pid: int) -> float | None:
    """The resident memory of a running process now (Linux: VmRSS), None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for baris in f:
                if baris.startswith("VmRSS:"):
                    return int(baris.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class Pengawas:
    """Runs ``perintah`` again and again until asked to stop (``minta_berhenti``)."""

    def __init__(
        self,
        *,
        perintah: list[str],
        max_memory: int,
        prune: Callable[[], None],
        prune_every: float,
        tulis: Callable[[str], None],
        check_every: float = 1.0,
        pulihkan: Callable[[int | None], None] | None = None,
        pulihkan_every: float = 10.0,
    ) -> None:
        self.perintah = perintah
        self.max_memory = max_memory
        self.prune = prune
        self.prune_every = prune_every
        self.tulis = tulis
        self.check_every = check_every
        # pulihkan(pid): queue again what the exited worker ``pid`` was rendering;
        # pulihkan(None): what any worker, on any machine, left without a heartbeat.
        self.pulihkan = pulihkan
        self.pulihkan_every = pulihkan_every
        self.berhenti = False
        self.prune_berikut = time.monotonic()
        self.pulihkan_berikut = time.monotonic()

    def minta_berhenti(self, signum: int | None = None, frame: object = None) -> None:
        self.berhenti = True

    def run(self, *, max_starts: int | None = None) -> None:
        mulai = 0
        while not self.berhenti:
            mulai += 1
            waktu_mulai = time.monotonic()
            # Its own session: a Ctrl+C in the terminal reaches only this process, which passes
            # on one SIGTERM. A second signal would make db_worker abandon the running task.
            anak = subprocess.Popen(self.perintah, start_new_session=True)
            self.tulis(f"Pekerja {anak.pid} dimulai.")
            kode = self._awasi(anak)
            self.tulis(f"Pekerja {anak.pid} berhenti (kode {kode}).")
            if kode != 0:
                # Killed in the middle of a rendering: queued again before the next one starts.
                self._jaga(lambda pid=anak.pid: self.pulihkan and self.pulihkan(pid))
            if max_starts is not None and mulai >= max_starts:
                break
            if kode != 0 and time.monotonic() - waktu_mulai < JEDA_GAGAL:
                self._tidur(JEDA_GAGAL)

    def _awasi(self, anak: subprocess.Popen) -> int:
        """Wait for the child to exit; meanwhile prune when due, and ask it once to stop when
        the supervisor is asked to or the child's memory passes the limit."""
        diminta = False
        while True:
            try:
                return anak.wait(timeout=self.check_every)
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() >= self.prune_berikut:
                self.prune_berikut = time.monotonic() + self.prune_every
                self._jaga(self.prune)
            if self.pulihkan and time.monotonic() >= self.pulihkan_berikut:
                self.pulihkan_berikut = time.monotonic() + self.pulihkan_every
                self._jaga(lambda: self.pulihkan(None))
            if diminta:
                continue
            alasan = ""
            memori = resident_memory_mb(anak.pid)
            if self.berhenti:
                alasan = "pengawas diminta berhenti"
            elif self.max_memory and memori is not None and memori > self.max_memory:
                alasan = f"memori {memori:.0f} MB melewati {self.max_memory} MB"
            if alasan:
                # db_worker finishes the task it is running, then exits.
                self.tulis(f"Pekerja {anak.pid} diminta berhenti: {alasan}.")
                anak.send_signal(signal.SIGTERM)
                diminta = True

    def _jaga(self, kerja: Callable[[], object]) -> None:
        try:
            kerja()
        except Exception:
            # The database may be down for a moment: the worker goes on, this waits its turn.
            logger.exception("Pembersihan atau pemulihan tugas PDF gagal")

    def _tidur(self, detik: float) -> None:
        akhir = time.monotonic() + detik
        while not self.berhenti and time.monotonic() < akhir:
            time.sleep(min(0.2, detik))


class Command(BaseCommand):
    help = (
        "Jalankan pekerja PDF (db_worker dari django-tasks-db) sebagai proses anak dan mulai "
        "ulang setiap kali ia berhenti: setelah --max-tasks tugas, atau bila memorinya melewati "
        "--max-memory MB (diminta berhenti dengan SIGTERM setelah tugas yang sedang berjalan). "
        "Secara berkala menghapus baris tugas dan PDF cache lama. SIGTERM/SIGINT menghentikan "
        "pekerja lalu pengawas."
    )
    # Loading every URLconf for the checks would keep ~35 MB in this long-lived process for
    # nothing: db_worker, the child, runs them.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=50,
            help="Pekerja dimulai ulang setelah sekian tugas (0: tanpa batas; bawaan 50).",
        )
        parser.add_argument(
            "--max-memory",
            type=int,
            default=400,
            help="Pekerja dimulai ulang bila memorinya melewati sekian MB (0: tanpa batas; "
            "bawaan 400).",
        )
        parser.add_argument(
            "--queue-name", default="default", help="Antrian, dipisah koma (bawaan: default)."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Detik menunggu bila antrian kosong."
        )
        parser.add_argument(
            "--prune-days",
            type=int,
            default=7,
            help="Hapus baris tugas yang selesai dan berkas cache PDF yang bukan terbaru setelah "
            "sekian hari (0: tidak menghapus; bawaan 7).",
        )
        parser.add_argument(
            "--prune-every",
            type=float,
            default=6.0,
            help="Jam antara dua pembersihan (bawaan 6).",
        )

    def handle(
        self,
        *args,
        max_tasks: int,
        max_memory: int,
        queue_name: str,
        interval: float,
        prune_days: int,
        prune_every: float,
        verbosity: int,
        **options,
    ) -> None:
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError(
                "Backend tugas bukan django_tasks_db.DatabaseBackend (lihat TASKS_BACKEND): "
                "tugas dijalankan langsung, pekerja tidak diperlukan."
            )
        perintah = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "db_worker",
            # The autoreloader (on with DEBUG) would put a second process between us and the
            # worker whose memory is watched.
            "--no-reload",
            "--queue-name",
            queue_name,
            "--interval",
            str(interval),
            "--verbosity",
            str(verbosity),
        ]
        if max_tasks:
            perintah += ["--max-tasks", str(max_tasks)]

        def prune() -> None:
            if not prune_days:
                return
            umur = timedelta(days=prune_days)
            tugas = prune_tugas(umur=umur)
            berkas = prune_cache(umur=umur)
            # Hours until the next pruning: no idle connection held meanwhile.
            connections.close_all()
            tulis(f"Dibersihkan: {tugas} baris tugas, {berkas} berkas cache PDF.")

        host = socket.gethostname()

        def pulihkan(pid: int | None) -> None:
            # A connection kept since the last time is checked first (CONN_HEALTH_CHECKS): the
            # database may have restarted meanwhile.
            close_old_connections()
            if jumlah := pulihkan_tugas_mati(host=host, pid=pid):
                tulis(f"Dipulihkan: {jumlah} tugas PDF yang pekerjanya berhenti.")
            if pid is None:
                # What the apps above ask to run now and then, e.g. queueing the reminders'
                # day's run (lkjip/berkala.py, docs/pengingat.md).
                berkala.jalankan()

        def tulis(pesan: str) -> None:
            # Interleaved with the worker's own lines in the journal: written at once.
            self.stdout.write(pesan)
            self.stdout.flush()

        pengawas = Pengawas(
            perintah=perintah,
            max_memory=max_memory,
            prune=prune,
            prune_every=prune_every * 3600,
            tulis=tulis,
            pulihkan=pulihkan,
            pulihkan_every=settings.LAPORAN_DETAK_DETIK,
        )
        sebelumnya = {
            s: signal.signal(s, pengawas.minta_berhenti) for s in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            pengawas.run()
        finally:
            for sinyal, penangan in sebelumnya.items():
                signal.signal(sinyal, penangan)
