import os
import signal
import sys
import time
import uuid

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from antrian.backend import DatabaseBackend
from antrian.worker import claim_next, get_backend, resident_memory_mb, run_task


class Command(BaseCommand):
    help = (
        "Jalankan tugas latar (mis. pembuatan PDF laporan) dari antrian basis data. Dengan "
        "--max-tasks/--max-memory pekerja berhenti, atau dengan --recycle memulai ulang dirinya, "
        "agar memori tetap terbatas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", default="default", help="Alias di TASKS.")
        parser.add_argument(
            "--queue-name", default="default", help="Antrian, dipisah koma (bawaan: default)."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Detik menunggu bila antrian kosong."
        )
        parser.add_argument("--batch", action="store_true", help="Berhenti begitu antrian kosong.")
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=0,
            help="Berhenti setelah sekian tugas (0: tanpa batas).",
        )
        parser.add_argument(
            "--max-memory",
            type=int,
            default=0,
            help="Berhenti setelah tugas bila memori proses melewati sekian MB (0: tanpa batas).",
        )
        parser.add_argument(
            "--recycle",
            action="store_true",
            help="Alih-alih berhenti karena batas, mulai ulang proses yang sama (exec).",
        )

    def handle(
        self,
        *args,
        backend: str,
        queue_name: str,
        interval: float,
        batch: bool,
        max_tasks: int,
        max_memory: int,
        recycle: bool,
        **options,
    ) -> None:
        antrian = get_backend(backend)
        queues = [q.strip() for q in queue_name.split(",") if q.strip()]
        worker_id = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.berhenti = False
        # A stop request lets the running task finish: no half-written state, no lost render.
        sebelumnya = {
            s: signal.signal(s, self._minta_berhenti) for s in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self._jalankan(
                antrian, queues, worker_id, interval, batch, max_tasks, max_memory, recycle
            )
        finally:
            for sinyal, penangan in sebelumnya.items():
                signal.signal(sinyal, penangan)

    def _jalankan(
        self,
        antrian: DatabaseBackend,
        queues: list[str],
        worker_id: str,
        interval: float,
        batch: bool,
        max_tasks: int,
        max_memory: int,
        recycle: bool,
    ) -> None:
        self.stdout.write(f"Pekerja {worker_id} menunggu tugas di antrian {', '.join(queues)}.")
        selesai = 0
        while not self.berhenti:
            result_id = claim_next(backend=antrian, queue_names=queues, worker_id=worker_id)
            if result_id is None:
                if batch:
                    break
                time.sleep(interval)
                continue
            status = run_task(result_id)
            selesai += 1
            memori = resident_memory_mb()
            self.stdout.write(
                f"Tugas {result_id}: {status}"
                + (f" (memori {memori:.0f} MB)." if memori is not None else ".")
            )
            alasan = self._batas(selesai=selesai, max_tasks=max_tasks, max_memory=max_memory)
            if alasan:
                self.stdout.write(f"Pekerja berhenti: {alasan}.")
                if recycle and not self.berhenti:
                    connections.close_all()
                    sys.stdout.flush()
                    # Same pid, fresh interpreter: everything the renders left in memory is gone.
                    os.execv(sys.executable, sys.orig_argv)
                break

    def _batas(self, *, selesai: int, max_tasks: int, max_memory: int) -> str:
        if max_tasks and selesai >= max_tasks:
            return f"{selesai} tugas selesai"
        memori = resident_memory_mb()
        if max_memory and memori is not None and memori > max_memory:
            return f"memori {memori:.0f} MB melewati {max_memory} MB"
        return ""

    def _minta_berhenti(self, signum: int, frame: object) -> None:
        self.berhenti = True
