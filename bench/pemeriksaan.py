"""The stored consistency checks over the national dataset (docs/pemantauan.md, Pemeriksaan
tersimpan): the check of one satker-year, the refresh of every satker-year of a year, the
refresh job's run when nothing is stale, and the bulk read the monitoring page does.

Works on a copy of the national database (it writes the stored results, nothing else):

    U=postgres://postgres@127.0.0.1:5432
    createdb -h 127.0.0.1 -U postgres -T lkjip_nasional lkjip_bench_pemeriksaan
    DATABASE_URL=$U/lkjip_bench_pemeriksaan .venv/bin/python manage.py migrate
    DATABASE_URL=$U/lkjip_bench_pemeriksaan .venv/bin/python bench/pemeriksaan.py [--tahun 2024]

Empties the stored results first. Prints wall and CPU time (this process) and queries of each
step.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


class Hitung:
    def __init__(self) -> None:
        self.kueri = 0

    def __call__(self, execute, sql, params, many, context):
        self.kueri += 1
        return execute(sql, params, many, context)


@contextmanager
def ukur(nama: str, hasil: dict):
    from django.db import connection

    hitung = Hitung()
    mulai, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(hitung):
        yield
    hasil[nama] = (time.perf_counter() - mulai, time.process_time() - cpu, hitung.kueri)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tahun", type=int, default=2024)
    parser.add_argument("--sampel", type=int, default=20, help="satker-tahun untuk (a)")
    args = parser.parse_args()

    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from laporan.dokumen import build_dokumen
    from laporan.models import HasilPemeriksaan
    from laporan.pemeriksaan import nama_satker_lain, periksa
    from laporan.pemeriksaan_tersimpan import (
        baca_banyak,
        list_perlu_diperiksa,
        perbarui_pemeriksaan,
        simpan,
    )
    from satker import revisi
    from satker.models import Satker
    from satker.services import list_satker_tahun

    print(f"Basis data: {connection.settings_dict['NAME']}, load {os.getloadavg()[0]:.1f}")
    HasilPemeriksaan.objects.all().delete()
    pasangan = sorted(list_satker_tahun(tahun=args.tahun))
    print(f"{len(pasangan)} satker-tahun {args.tahun}")

    # (a) one check, its parts, over a sample spread across the satker.
    langkah = max(1, len(pasangan) // args.sampel)
    sampel = pasangan[::langkah][: args.sampel]
    satker = Satker.objects.in_bulk({s for s, _ in pasangan})
    bagian: dict[str, list[float]] = {"build_dokumen": [], "periksa": [], "simpan": []}
    for s, t in sampel:
        with transaction.atomic():
            mulai = time.perf_counter()
            rev = revisi.baca(satker_id=s, tahun=t)
            dokumen = build_dokumen(satker=satker[s], tahun=t)
            b = time.perf_counter()
            temuan = periksa(dokumen, nama_satker_lain=nama_satker_lain(satker[s]))
            p = time.perf_counter()
            simpan(satker_id=s, tahun=t, revisi=rev.halaman, temuan=temuan)
            akhir = time.perf_counter()
        bagian["build_dokumen"].append(b - mulai)
        bagian["periksa"].append(p - b)
        bagian["simpan"].append(akhir - p)
    for nama, nilai in bagian.items():
        print(
            f"(a) {nama}: median {statistics.median(nilai) * 1000:.1f} ms "
            f"(min {min(nilai) * 1000:.1f}, maks {max(nilai) * 1000:.1f}) atas {len(nilai)}"
        )
    HasilPemeriksaan.objects.all().delete()

    hasil: dict = {}
    with ukur("(b) perbarui semua (tidak ada yang tersimpan)", hasil):
        diperiksa = perbarui_pemeriksaan(batas=len(pasangan) + 1, tahun=args.tahun)
    assert len(diperiksa) == len(pasangan), (len(diperiksa), len(pasangan))
    with ukur("(c) perbarui lagi (semua kini: tidak ada yang diperiksa)", hasil):
        assert perbarui_pemeriksaan(batas=50, tahun=args.tahun) == []
    with ukur("(d) baca_banyak semua pasangan", hasil):
        tersimpan = baca_banyak(pasangan=pasangan)
    assert len(tersimpan) == len(pasangan) and all(h.kini for h in tersimpan.values())
    # Every satker's name changed at once (the installation's mark): every result stale.
    with transaction.atomic():
        revisi.perbarui_halaman([(revisi.SEMUA, revisi.SEMUA)])
    with ukur("(e) list_perlu_diperiksa (semua usang)", hasil):
        usang = list_perlu_diperiksa(tahun=args.tahun)
    assert len(usang) == len(pasangan)
    with ukur("(f) satu jalan tugas: 50 yang usang", hasil):
        assert len(perbarui_pemeriksaan(batas=50, tahun=args.tahun)) == min(50, len(pasangan))
    for nama, (dinding, cpu, kueri) in hasil.items():
        per = ""
        if nama.startswith("(b)"):
            per = f"; per satker-tahun {dinding / len(pasangan) * 1000:.0f} ms"
        print(f"{nama}: {dinding:.2f} s dinding, {cpu:.2f} s CPU, {kueri} kueri{per}")
    print(f"load akhir {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
