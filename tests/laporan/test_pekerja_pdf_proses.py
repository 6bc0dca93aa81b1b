"""pekerja_pdf as it runs in production: a separate process with django-tasks-db's db_worker as
its child, on the test database. The rows must be committed for the other processes to see them,
so the test is transactional; it empties the database afterwards, so the module loads the
Gunung Mas data again for the tests that follow. PostgreSQL only: SQLite's test database lives
in this process's memory."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.laporan import tugas_uji

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="other processes need the test database (CI: PG)"
    ),
    pytest.mark.usefixtures("data_demo_dimuat_lagi"),
]


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
        "PYTHONUNBUFFERED": "1",
        # The supervisor would also queue the reminders' day's run (docs/pengingat.md) and the
        # refresh of stored consistency checks (docs/pemantauan.md): tasks these tests do not
        # count on.
        "PENGINGAT_JAM": "",
        "PEMERIKSAAN_SELA_DETIK": "",
    }


def _tunggu(syarat, *, detik: float) -> bool:
    akhir = time.monotonic() + detik
    while time.monotonic() < akhir:
        if syarat():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_supervisor_restarts_the_worker_after_max_tasks_prunes_and_stops_on_sigterm(
    settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tugas = [tugas_uji.tambah.enqueue(i, 10).id for i in range(3)]
    lama = tugas_uji.tambah.enqueue(0, 0).id
    DBTaskResult.objects.filter(id=lama).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=8)
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    terbaru, basi = cache / f"1-2024-{'a' * 64}.pdf", cache / f"1-2024-{'b' * 64}.pdf"
    for berkas, hari in ((basi, 9), (terbaru, 8)):
        berkas.write_bytes(b"%PDF-")
        waktu = time.time() - hari * 24 * 3600
        os.utime(berkas, (waktu, waktu))
    log = tmp_path / "pekerja.log"

    with log.open("w") as keluaran:
        pengawas = subprocess.Popen(
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "pekerja_pdf",
                "--max-tasks",
                "1",
                "--interval",
                "0.2",
            ],  # fmt: skip
            env=_env(cache),
            stdout=keluaran,
            stderr=subprocess.STDOUT,
        )
        try:
            selesai = _tunggu(
                lambda: DBTaskResult.objects.filter(id__in=tugas).successful().count() == 3,
                detik=120,
            )
            # The worker started after the last task waits for the next one (once it is past
            # Django's start-up and has its signal handlers); SIGTERM ends both.
            assert _tunggu(lambda: log.read_text().count("Starting worker") == 4, detik=30)
            pengawas.send_signal(signal.SIGTERM)
            kode = pengawas.wait(timeout=30)
        finally:
            if pengawas.poll() is None:
                pengawas.kill()
    keluaran = log.read_text()
    assert selesai, keluaran
    assert kode == 0, keluaran

    hasil = [tugas_uji.tambah.get_result(i) for i in tugas]
    assert sorted(h.return_value for h in hasil) == [10, 11, 12]
    # One task per worker process: three workers, each started after the previous one exited.
    assert len({h.worker_ids[0] for h in hasil}) == 3
    pid = [int(baris.split()[1]) for baris in keluaran.splitlines() if "dimulai" in baris]
    assert len(pid) == 4 and len(set(pid)) == 4
    assert keluaran.count("berhenti (kode 0).") == 4, keluaran
    assert "diminta berhenti: pengawas diminta berhenti" in keluaran
    for p in pid:
        assert not Path(f"/proc/{p}").exists()
    # Pruned at the start: the old finished row and the replaced PDF, not the newest one.
    assert "Dibersihkan: 1 baris tugas, 1 berkas cache PDF." in keluaran
    assert not DBTaskResult.objects.filter(id=lama).exists()
    assert terbaru.exists() and not basi.exists()
