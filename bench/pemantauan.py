"""The monitoring rows and their roll-up over the national dataset: KPU RI over its 552 satker
and one KPU Provinsi over its kabupaten/kota (docs/pemantauan.md). Reads only.

    U=postgres://postgres@127.0.0.1:5432
    DATABASE_URL=$U/lkjip_nasional17 .venv/bin/python manage.py migrate
    DATABASE_URL=$U/lkjip_nasional17 .venv/bin/python manage.py buat_data_nasional --tahun 2024
    DATABASE_URL=$U/lkjip_nasional17 .venv/bin/python bench/pemantauan.py [--tahun 2024] [--ulang 5]

Each run is ``build_pemantauan`` + ``build_rekap`` in a warm process (one run before, not
counted): wall time of every run, their median, the median CPU time of this Python process and
of its PostgreSQL backend (the machine is shared: wall time jumps with load, CPU time hardly),
the queries of one run, and the
time of the capaian kinerja (``build_ringkasan_kinerja_banyak``) measured apart.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


def ukur(atas, tahun: int, ulang: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from import_anggaran import cpu_server  # bench/import_anggaran.py

    from kinerja.services import build_ringkasan_kinerja_banyak
    from pemantauan.rekap import build_pemantauan, build_rekap
    from satker.access import satker_bawahan

    def sekali():
        baris = build_pemantauan(atas=atas, tahun=tahun)
        return baris, build_rekap(baris)

    sekali()  # warm
    waktu, cpu, cpu_pg = [], [], []
    for _ in range(ulang):
        mulai, mulai_cpu, mulai_pg = time.perf_counter(), time.process_time(), cpu_server()
        baris, rekap = sekali()
        waktu.append(time.perf_counter() - mulai)
        cpu.append(time.process_time() - mulai_cpu)
        cpu_pg.append(cpu_server() - mulai_pg)
    with CaptureQueriesContext(connection) as q:
        sekali()
    ids = list(satker_bawahan(atas).values_list("pk", flat=True))
    kinerja = []
    for _ in range(ulang):
        mulai = time.perf_counter()
        build_ringkasan_kinerja_banyak(satker_ids=ids, tahun=tahun, hanya_terukur=True)
        kinerja.append(time.perf_counter() - mulai)
    return {
        "satker": len(baris),
        "waktu": waktu,
        "median": statistics.median(waktu),
        "cpu": statistics.median(cpu),
        "cpu_pg": statistics.median(cpu_pg),
        "kueri": len(q),
        "kinerja": statistics.median(kinerja),
        "rekap": rekap,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tahun", type=int, default=2024)
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--provinsi", default="", help="kode KPU Provinsi (bawaan: yang pertama)")
    args = parser.parse_args()

    sys.path[:0] = [str(AKAR), str(AKAR / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    from django.db import connection

    from satker.models import Satker

    print(f"{connection.vendor}, {os.cpu_count()} CPU, load {os.getloadavg()[0]:.1f}")
    ri = Satker.objects.get(jenis=Satker.Jenis.PUSAT)
    provinsi = Satker.objects.filter(jenis=Satker.Jenis.PROVINSI)
    provinsi = provinsi.get(kode=args.provinsi) if args.provinsi else provinsi.order_by("kode")[0]
    for nama, atas in (("KPU RI", ri), (provinsi.nama, provinsi)):
        h = ukur(atas, args.tahun, args.ulang)
        setiap = ", ".join(f"{w * 1000:.0f}" for w in h["waktu"])
        r = h["rekap"]
        print(
            f"{nama}: {h['satker']} satker, median {h['median'] * 1000:.0f} ms "
            f"(putaran: {setiap} ms), CPU median Python {h['cpu'] * 1000:.0f} ms + "
            f"PostgreSQL {h['cpu_pg'] * 1000:.0f} ms, "
            f"{h['kueri']} kueri; capaian kinerja saja "
            f"{h['kinerja'] * 1000:.0f} ms"
        )
        print(
            f"  rekap: status {r.per_status}, kategori {r.per_kategori}, "
            f"serapan rata-rata {r.rata_serapan:.2f}, tertimbang {r.serapan_tertimbang:.2f}"
        )


if __name__ == "__main__":
    main()
