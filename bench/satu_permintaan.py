"""One request at a time, in process: the median wall and CPU time of each workspace page (Django's
test client, the real URLs and middleware, the demo's ``operator``), read again or with the pages'
cache emptied before each request (``--dingin``: the first reader after a change). Prints one JSON
line: {page: [median wall ms, median CPU ms, least CPU ms]}. See bench/README.md.

    DATABASE_URL=... DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=localhost \\
        .venv/bin/python bench/satu_permintaan.py [--ulang 40] [--dingin]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent

HALAMAN = {
    "sehat": "/sehat/",
    "dashboard": "/{kode}/{tahun}/",
    "realisasi": "/{kode}/{tahun}/realisasi/",
    "anggaran": "/{kode}/{tahun}/anggaran/",
    "laporan": "/{kode}/{tahun}/laporan/",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kode", default="6210")
    ap.add_argument("--tahun", default="2024")
    ap.add_argument("--username", default="operator")
    ap.add_argument("--ulang", type=int, default=40, help="permintaan per halaman")
    ap.add_argument("--dingin", action="store_true", help="cache halaman dikosongkan dulu")
    args = ap.parse_args()
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from satker.models import Pengguna

    client = Client(SERVER_NAME="localhost")
    client.force_login(Pengguna.objects.get(username=args.username))
    hasil = {}
    for nama, pola in HALAMAN.items():
        url = pola.format(kode=args.kode, tahun=args.tahun)
        for _ in range(3):  # imports, templates, the connection
            assert client.get(url).status_code == 200, url
        dinding, cpu = [], []
        for _ in range(args.ulang):
            if args.dingin:
                cache.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(url)
            dinding.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        hasil[nama] = [
            round(statistics.median(dinding) * 1000, 2),
            round(statistics.median(cpu) * 1000, 2),
            round(min(cpu) * 1000, 2),
        ]
    print(json.dumps(hasil))


if __name__ == "__main__":
    main()
