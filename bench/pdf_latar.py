"""The PDF that waits for nobody, measured end to end on PostgreSQL (docs/laporan_latar.md).

Starts ``manage.py pekerja_pdf`` on the same database (a cache folder of its own), asks for the
Gunung Mas 2024 PDF once (from then on it is kept current), then:

1. ``--simpan`` times: saves a realisation through the real web view (an operator's htmx POST)
   and measures the time from the saved response to the new data's PDF being ready (the status
   the page polls says ``siap``): the debounce (LAPORAN_JEDA_PDF_DETIK), the worker's poll and
   the rendering;
2. ``--unduh`` downloads of ``laporan.pdf`` through the real view while it is ready: p50/p95 of
   the wait, and a check that none of them queued or rendered anything.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lkjip_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py muat_gunung_mas
    DATABASE_URL=... .venv/bin/python bench/pdf_latar.py [--simpan 3] [--unduh 20]
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
os.environ.setdefault("LAPORAN_CACHE_DIR", tempfile.mkdtemp(prefix="lkjip-bench-pdf-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from kinerja.models import IndikatorKinerja, Realisasi, SasaranPK  # noqa: E402
from kinerja.services import update_realisasi_nilai  # noqa: E402
from satker.models import Pengguna, Satker  # noqa: E402

HTMX = {"HTTP_HX_REQUEST": "true"}


def _keadaan(client: Client, kode: str, tahun: int) -> str:
    return json.loads(client.get(f"/{kode}/{tahun}/laporan/pdf/status/").content)["keadaan"]


def _tunggu_siap(client: Client, kode: str, tahun: int, *, batas: float = 180) -> float:
    awal = time.perf_counter()
    while time.perf_counter() - awal < batas:
        if _keadaan(client, kode, tahun) == "siap":
            return time.perf_counter() - awal
        time.sleep(0.05)
    raise SystemExit("PDF tidak siap dalam batas waktu: apakah pekerja_pdf berjalan?")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--satker", default="6210")
    parser.add_argument("--tahun", type=int, default=2024)
    parser.add_argument("--simpan", type=int, default=3)
    parser.add_argument("--unduh", type=int, default=20)
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("Jalankan dengan DATABASE_URL PostgreSQL.")
    kode, tahun = args.satker, args.tahun
    satker = Satker.objects.get(kode=kode)
    operator, _ = Pengguna.objects.get_or_create(
        username="bench-operator", defaults={"satker": satker, "peran": Pengguna.Peran.OPERATOR}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(operator)
    ind = (
        IndikatorKinerja.objects.milik(satker=satker, tahun=tahun)
        .filter(
            sasaran__bagian=SasaranPK.Bagian.KINERJA,
            realisasi__triwulan=4,
        )
        .first()
    )
    asli = Realisasi.objects.get(indikator=ind, triwulan=4)
    nilai_asli = asli.nilai

    log = open(Path(settings.LAPORAN_CACHE_DIR) / "pekerja.log", "a")  # noqa: SIM115
    pekerja = subprocess.Popen(
        [sys.executable, str(AKAR / "manage.py"), "pekerja_pdf", "--max-tasks", "50"],
        env={**os.environ, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert client.get(f"/{kode}/{tahun}/laporan.pdf").status_code in (200, 302)
        print(f"PDF pertama (diminta, dibuat pekerja): {_tunggu_siap(client, kode, tahun):.1f} s")

        waktu = []
        for i in range(args.simpan):
            versi = Realisasi.objects.get(pk=asli.pk).versi
            nilai = f"{90 + i},{time.time_ns() % 100:02d}"
            response = client.post(
                f"/{kode}/{tahun}/realisasi/{ind.pk}/tw/4/",
                {"nilai": nilai, "versi": versi},
                **HTMX,
            )
            assert response.status_code == 200
            assert Realisasi.objects.get(pk=asli.pk).versi == versi + 1, "tidak tersimpan"
            assert _keadaan(client, kode, tahun) != "siap"  # the old PDF is not the new data's
            waktu.append(_tunggu_siap(client, kode, tahun))
            print(f"simpan {nilai} -> PDF data baru siap: {waktu[-1]:.2f} s")
        print(
            f"disimpan -> PDF baru siap (jeda {settings.LAPORAN_JEDA_PDF_DETIK:g} s): "
            f"median {statistics.median(waktu):.2f} s, {min(waktu):.2f}–{max(waktu):.2f} s"
        )

        antrian = DBTaskResult.objects.count()
        lama = []
        for _ in range(args.unduh):
            t0 = time.perf_counter()
            response = client.get(f"/{kode}/{tahun}/laporan.pdf")
            lama.append(time.perf_counter() - t0)
            assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert DBTaskResult.objects.count() == antrian, "unduhan mengantrikan render"
        lama.sort()
        print(
            f"unduhan saat siap ({args.unduh}x, {len(response.content) / 1024:.0f} KiB): "
            f"p50 {statistics.median(lama) * 1000:.1f} ms, "
            f"p95 {lama[int(0.95 * (len(lama) - 1))] * 1000:.1f} ms, tanpa render"
        )
    finally:
        pekerja.send_signal(signal.SIGTERM)
        pekerja.wait(timeout=120)
        # Back to the demo value through the same write path (a new version, in the history).
        kini = Realisasi.objects.get(pk=asli.pk)
        update_realisasi_nilai(
            indikator=ind,
            triwulan=4,
            nilai=nilai_asli,
            versi=kini.versi,
            keterangan=kini.keterangan,
            user=operator,
        )


if __name__ == "__main__":
    main()
