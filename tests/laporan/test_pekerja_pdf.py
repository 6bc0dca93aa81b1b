"""pekerja_pdf, the supervisor of the PDF worker: memory limit, restarts, and the pruning of old
task rows and cached PDFs. The real db_worker under the real command: test_pekerja_pdf_proses.py."""

import os
import sys
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from laporan.cetak import get_cached_pdf, kunci_cache, path_pdf, prune_cache
from laporan.management.commands.pekerja_pdf import Pengawas, resident_memory_mb
from laporan.tasks import prune_tugas
from tests.laporan import tugas_uji

HARI = 24 * 3600

# Writes "mulai" and takes 60 MB; "berhenti" when SIGTERM asks it to stop.
ANAK_BOROS = """
import signal, sys, time
catatan = sys.argv[1]
def berhenti(signum, frame):
    with open(catatan, "a") as f:
        f.write("berhenti\\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, berhenti)
with open(catatan, "a") as f:
    f.write("mulai\\n")
isi = b"x" * (60 * 1024 * 1024)
while True:
    time.sleep(0.05)
"""


def _pengawas(perintah: list[str], *, max_memory: int = 0) -> tuple[Pengawas, list[str]]:
    pesan: list[str] = []
    pengawas = Pengawas(
        perintah=perintah,
        max_memory=max_memory,
        prune=lambda: pesan.append("prune"),
        prune_every=HARI,
        tulis=pesan.append,
        check_every=0.05,
    )
    return pengawas, pesan


def test_a_child_over_the_memory_limit_is_asked_to_stop_and_started_again(tmp_path):
    catatan = tmp_path / "catatan"
    pengawas, pesan = _pengawas([sys.executable, "-c", ANAK_BOROS, str(catatan)], max_memory=40)

    pengawas.run(max_starts=2)

    # Each child stopped through its SIGTERM handler (gracefully), then a new one was started.
    assert catatan.read_text().split() == ["mulai", "berhenti", "mulai", "berhenti"]
    diminta = [p for p in pesan if "diminta berhenti: memori" in p]
    assert len(diminta) == 2 and all("melewati 40 MB" in p for p in diminta)
    assert [p.endswith("(kode 0).") for p in pesan if " berhenti (kode" in p] == [True, True]
    assert pesan.count("prune") == 1  # once at the start, the next one is a day away


def test_a_child_under_the_limit_is_left_alone(tmp_path):
    pengawas, pesan = _pengawas(
        [sys.executable, "-c", "import time; time.sleep(0.5)"], max_memory=400
    )
    pengawas.run(max_starts=1)
    assert not [p for p in pesan if "diminta berhenti" in p]
    assert pesan[-1].endswith("(kode 0).")


def test_a_child_that_exits_is_started_again_until_the_supervisor_is_asked_to_stop(tmp_path):
    catatan = tmp_path / "catatan"
    kode = f"open({str(catatan)!r}, 'a').write('x')"
    pengawas, pesan = _pengawas([sys.executable, "-c", kode])
    pengawas.run(max_starts=3)
    assert catatan.read_text() == "xxx"

    # Asked to stop (SIGTERM/SIGINT): the running child gets one SIGTERM, then the loop ends.
    pengawas, pesan = _pengawas([sys.executable, "-c", ANAK_BOROS, str(catatan)])
    catatan.unlink()

    def berhenti_setelah_anak_mulai() -> None:
        if catatan.exists():
            pengawas.minta_berhenti()

    pengawas.prune, pengawas.prune_every = berhenti_setelah_anak_mulai, 0
    pengawas.run()
    assert catatan.read_text().split()[-1] == "berhenti"
    assert "pengawas diminta berhenti" in " ".join(pesan)


def test_resident_memory_of_a_process():
    assert 5 < resident_memory_mb(os.getpid()) < 4000
    assert resident_memory_mb(2**22 + 1) is None  # no such process


def _tua(berkas, *, hari: float, isi: bytes = b"%PDF-") -> None:
    berkas.write_bytes(isi)
    waktu = time.time() - hari * HARI
    os.utime(berkas, (waktu, waktu))


def test_prune_cache_keeps_the_current_pdf_and_deletes_the_stale_ones(
    db, gunung_mas, settings, tmp_path
):
    settings.LAPORAN_CACHE_DIR = tmp_path
    kini = path_pdf(kunci=kunci_cache(satker=gunung_mas, tahun=2024))
    basi = tmp_path / f"{gunung_mas.pk}-2024-{'0' * 64}.pdf"
    _tua(basi, hari=30)  # the data changed since
    _tua(kini, hari=20)  # current, unchanged for 20 days
    _tua(kini.with_suffix(".tugas"), hari=20, isi=b"id tugas")
    tahun_lalu = tmp_path / f"{gunung_mas.pk}-2023-{'1' * 64}.pdf"
    _tua(tahun_lalu, hari=30)  # the only PDF of another year
    baru_diganti = tmp_path / f"{gunung_mas.pk}-2022-{'2' * 64}.pdf"
    _tua(baru_diganti, hari=1)  # replaced a day ago: younger than the limit
    _tua(tmp_path / f"{gunung_mas.pk}-2022-{'3' * 64}.pdf", hari=0)
    setengah = tmp_path / "tmpab12.tmp"
    _tua(setengah, hari=10)  # a render killed while writing
    ditulis = tmp_path / "tmpcd34.tmp"
    _tua(ditulis, hari=0)  # being written now

    assert prune_cache(umur=timedelta(days=7)) == 3

    assert get_cached_pdf(satker=gunung_mas, tahun=2024) == kini
    assert not basi.exists()
    assert not kini.with_suffix(".tugas").exists()
    assert not setengah.exists()
    assert tahun_lalu.exists() and baru_diganti.exists() and ditulis.exists()
    assert len(list(tmp_path.iterdir())) == 5


def test_prune_cache_without_a_cache_folder(settings, tmp_path):
    settings.LAPORAN_CACHE_DIR = tmp_path / "belum-ada"
    assert prune_cache(umur=timedelta(days=7)) == 0


def test_prune_tugas_deletes_old_finished_and_abandoned_rows(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lama = timezone.now() - timedelta(days=8)
    baru = timezone.now() - timedelta(days=1)

    def baris(status: str, *, waktu) -> str:
        hasil = tugas_uji.tambah.enqueue(1, 2)
        DBTaskResult.objects.filter(id=hasil.id).update(
            status=status, enqueued_at=waktu, started_at=waktu, finished_at=waktu
        )
        return hasil.id

    dihapus = {
        baris(TaskResultStatus.SUCCESSFUL, waktu=lama),
        baris(TaskResultStatus.FAILED, waktu=lama),
        baris(TaskResultStatus.RUNNING, waktu=lama),  # its worker was killed
    }
    tetap = {
        baris(TaskResultStatus.SUCCESSFUL, waktu=baru),
        baris(TaskResultStatus.RUNNING, waktu=baru),
        baris(TaskResultStatus.READY, waktu=lama),  # never run yet
    }
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(started_at=None)

    assert prune_tugas(umur=timedelta(days=7)) == 3
    assert {str(i) for i in DBTaskResult.objects.values_list("id", flat=True)} == tetap
    assert not dihapus & tetap


def test_the_supervisor_refuses_to_run_without_the_database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="bukan django_tasks_db.DatabaseBackend"):
        call_command("pekerja_pdf")
