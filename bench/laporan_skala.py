"""Scale benchmark: the same pages of one satker in the national database (552 satker
× 5 years) and in a database holding only that satker with the same data. Target: national
≤ 1,2 × single.

    URL=postgres://postgres@127.0.0.1:5432
    DATABASE_URL=$URL/lkjip_nasional .venv/bin/python manage.py migrate
    DATABASE_URL=$URL/lkjip_nasional .venv/bin/python manage.py buat_data_nasional
    DATABASE_URL=$URL/lkjip_satu .venv/bin/python manage.py migrate
    DATABASE_URL=$URL/lkjip_satu .venv/bin/python manage.py buat_data_nasional --kode 1101
    .venv/bin/python bench/laporan_skala.py --nasional $URL/lkjip_nasional --satu $URL/lkjip_satu \\
        [--kode 1101] [--tahun 2024] [--putaran 5] [--ulang 5] [--dingin]

Each database is served by its own long-lived process (Django test client, a logged-in
operator of the satker, the real URLs and middleware); the two are measured in alternating
rounds so that load from elsewhere on the machine hits both alike. Reports the median and p90
wall time of each page over all rounds and its number of queries.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent

HALAMAN = [
    ("Dashboard", "/{kode}/{tahun}/"),
    ("Tabel realisasi", "/{kode}/{tahun}/realisasi/"),
    ("Rincian anggaran", "/{kode}/{tahun}/anggaran/"),
    ("Halaman laporan", "/{kode}/{tahun}/laporan/"),
]


def anak(kode: str, tahun: int, ulang: int, dingin: bool) -> None:
    """One database: wait for 'ukur' on stdin, answer one round of timings as a JSON line.
    ``dingin``: empty the pages' cache (satker.revisi) before each request, so that each is built
    from the data, as for the first reader after a change; otherwise pages read again."""
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from satker.models import Pengguna, Satker

    satker = Satker.objects.get(kode=kode)
    pengguna, _ = Pengguna.objects.get_or_create(
        username=f"bench-skala-{kode}",
        defaults={"satker": satker, "peran": Pengguna.Peran.OPERATOR},
    )
    client = Client(SERVER_NAME="localhost")  # an ALLOWED_HOSTS name of the default settings
    client.force_login(pengguna)
    alamat = [(nama, pola.format(kode=kode, tahun=tahun)) for nama, pola in HALAMAN]
    for _, url in alamat:  # warm-up: imports, template compilation, connection
        assert client.get(url).status_code == 200, url
    kueri = {}
    for nama, url in alamat:
        if dingin:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        kueri[nama] = len(ctx.captured_queries)
    print(json.dumps({"siap": True, "kueri": kueri, "satker": Satker.objects.count()}), flush=True)
    for baris in sys.stdin:
        if baris.strip() != "ukur":
            break
        waktu = {}
        for nama, url in alamat:
            waktu[nama] = []
            for _ in range(ulang):
                if dingin:
                    cache.clear()
                t0 = time.perf_counter()
                response = client.get(url)
                waktu[nama].append(time.perf_counter() - t0)
                assert response.status_code == 200
        print(json.dumps({"waktu": waktu}), flush=True)


def mulai_anak(url: str, args: argparse.Namespace) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--anak",
            "--kode",
            args.kode,
            "--tahun",
            str(args.tahun),
            "--ulang",
            str(args.ulang),
            *(["--dingin"] if args.dingin else []),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=AKAR,
    )


def baca(proses: subprocess.Popen) -> dict:
    baris = proses.stdout.readline()
    if not baris:
        raise SystemExit("Proses pengukur berhenti; lihat pesan galatnya di atas.")
    return json.loads(baris)


def p90(data: list[float]) -> float:
    return statistics.quantiles(data, n=10)[-1] if len(data) >= 2 else data[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nasional", help="DATABASE_URL basis data nasional")
    parser.add_argument("--satu", help="DATABASE_URL basis data satu satker")
    parser.add_argument("--kode", default="1101")
    parser.add_argument("--tahun", type=int, default=2024)
    parser.add_argument("--putaran", type=int, default=5, help="putaran bergantian")
    parser.add_argument("--ulang", type=int, default=5, help="permintaan per halaman per putaran")
    parser.add_argument(
        "--dingin", action="store_true", help="bangun setiap halaman dari data (cache kosong)"
    )
    parser.add_argument("--anak", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.anak:
        anak(args.kode, args.tahun, args.ulang, args.dingin)
        return
    if not (args.nasional and args.satu):
        parser.error("--nasional dan --satu wajib.")
    proses = {"nasional": mulai_anak(args.nasional, args), "satu": mulai_anak(args.satu, args)}
    info = {nama: baca(p) for nama, p in proses.items()}
    waktu: dict[str, dict[str, list[float]]] = {n: {h: [] for h, _ in HALAMAN} for n in proses}
    for _ in range(args.putaran):
        for nama, p in proses.items():
            p.stdin.write("ukur\n")
            p.stdin.flush()
            for halaman, daftar in baca(p)["waktu"].items():
                waktu[nama][halaman].extend(daftar)
    for p in proses.values():
        p.stdin.close()
        p.wait()

    print(
        f"Satker {args.kode} tahun {args.tahun}; basis data nasional {info['nasional']['satker']} "
        f"satker, pembanding {info['satu']['satker']} satker; "
        f"{args.putaran} putaran × {args.ulang} permintaan per halaman"
        f"{', setiap halaman digambar dari data' if args.dingin else ', halaman dibaca ulang'}."
    )
    print()
    print("| halaman | nasional median / p90 | satu satker median / p90 | rasio median | kueri |")
    print("|---|---|---|---|---|")
    for halaman, _ in HALAMAN:
        n, s = waktu["nasional"][halaman], waktu["satu"][halaman]
        kn, ks = info["nasional"]["kueri"][halaman], info["satu"]["kueri"][halaman]
        print(
            f"| {halaman} | {statistics.median(n) * 1000:.0f} / {p90(n) * 1000:.0f} ms "
            f"| {statistics.median(s) * 1000:.0f} / {p90(s) * 1000:.0f} ms "
            f"| {statistics.median(n) / statistics.median(s):.2f}× "
            f"| {kn}{'' if kn == ks else f' (satu: {ks})'} |"
        )


if __name__ == "__main__":
    main()
