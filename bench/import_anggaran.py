"""Benchmark of the budget import (issue 5): python-calamine's raw read of a POK-style sheet
against our full import (check, parse, validate, preview, commit), time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/import_anggaran.py

Each measurement runs in a fresh child process and reports its own peak RSS (``VmHWM`` of
/proc/self/status: ``ru_maxrss`` of a child also counts the parent's RSS at fork time, which
inflated the small measurements); the baseline of a process that has only imported Django and the
project is printed beside it.
The benchmark satker (kode 9990) is created for the run and deleted afterwards.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
KODE_SATKER = "9990"
TAHUN = 2024


def setup_django() -> None:
    import django

    django.setup()


def baris_pok(jumlah: int) -> list[tuple]:
    """About ``jumlah`` lines: 076.01.CQ, then kegiatan of ~2,000 lines each down to details."""
    baris: list[tuple] = [("076.01.CQ", "Program Penyelenggaraan Pemilu", None, None)]
    kegiatan = 0
    while len(baris) < jumlah:
        kegiatan += 1
        baris += [
            (str(6700 + kegiatan), f"Kegiatan {kegiatan}", None, None),
            ("QAH", "Layanan Fasilitasi", None, None),
            ("001", "Fasilitasi dan Pembinaan", None, None),
            ("051", "Persiapan", None, None),
        ]
        for s in range(20):
            baris.append((chr(65 + s), f"Sub komponen {chr(65 + s)}", None, None))
            for a in range(9):
                baris.append((str(521211 + a), f"Belanja {a}", None, None))
                for d in range(10):
                    pagu = 1_000_000 + d * 1000 + a
                    baris.append(
                        (
                            "",
                            f"- rincian {d + 1} akun {521211 + a}",
                            pagu,
                            f"{pagu - 500:,}".replace(",", "."),
                        )
                    )
                    if len(baris) >= jumlah:
                        return baris
    return baris


def langkah_calamine(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    awal = time.perf_counter()
    wb = CalamineWorkbook.from_path(path)
    rows = wb.get_sheet_by_index(0).to_python()
    return {"detik": time.perf_counter() - awal, "baris": len(rows)}


def langkah_impor(path: str) -> dict:
    setup_django()
    from anggaran.impor import apply_impor, build_pratinjau, create_impor
    from satker.models import Satker

    satker = Satker.objects.get(kode=KODE_SATKER)
    data = Path(path).read_bytes()
    awal = time.perf_counter()
    impor, hasil = create_impor(satker=satker, tahun=TAHUN, data=data, nama_berkas=Path(path).name)
    t_baca = time.perf_counter()
    pratinjau = build_pratinjau(satker=satker, tahun=TAHUN, baris=hasil.baris)
    total_pagu, jumlah_baris, galat = (
        str(pratinjau.baru.total_pagu),
        len(hasil.baris),
        len(hasil.galat),
    )
    # The browser shows the preview and commits in two requests: nothing is shared between them.
    del pratinjau, hasil
    t_pratinjau = time.perf_counter()
    hitung = apply_impor(impor=impor)
    selesai = time.perf_counter()
    return {
        "detik": selesai - awal,
        "baca_detik": t_baca - awal,
        "pratinjau_detik": t_pratinjau - t_baca,
        "simpan_detik": selesai - t_pratinjau,
        "baris": jumlah_baris,
        "galat": galat,
        "ditambah": hitung["ditambah"],
        "total_pagu": total_pagu,
    }


def langkah_dasar(_path: str) -> dict:
    setup_django()
    import anggaran.impor  # noqa: F401

    return {"detik": 0.0}


LANGKAH = {"calamine": langkah_calamine, "impor": langkah_impor, "dasar": langkah_dasar}


def puncak_rss_mb() -> float:
    """Peak RSS of this process alone (Linux: VmHWM), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for baris in f:
                if baris.startswith("VmHWM:"):
                    return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def jalankan(langkah: str, path: str) -> dict:
    keluar = subprocess.run(
        [sys.executable, __file__, "--langkah", langkah, path],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    return json.loads(keluar.stdout.strip().splitlines()[-1])


def siapkan_satker(hapus: bool = False) -> None:
    setup_django()
    from django.core.management import call_command

    from satker.models import Satker

    if hapus:
        Satker.objects.filter(kode=KODE_SATKER).delete()
        return
    call_command("migrate", verbosity=0)
    Satker.objects.filter(kode=KODE_SATKER).delete()
    Satker.objects.create(
        kode=KODE_SATKER,
        jenis=Satker.Jenis.KABUPATEN,
        nama="KPU Kabupaten Bangku Uji",
        nama_lengkap="Komisi Pemilihan Umum Kabupaten Bangku Uji",
        wilayah="Kabupaten Bangku Uji",
        provinsi="Kalimantan Tengah",
        kedudukan="Bangku",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langkah", choices=LANGKAH)
    parser.add_argument("path", nargs="?")
    parser.add_argument("--baris", type=int, nargs="*", default=[100_000, 3_000])
    args = parser.parse_args()
    if args.langkah:
        hasil = LANGKAH[args.langkah](args.path)
        hasil["maxrss_mb"] = puncak_rss_mb()
        print(json.dumps(hasil))
        return

    setup_django()
    from django.db import connection

    from anggaran.impor.templat import write_pok

    print(f"Basis data: {connection.vendor} ({connection.settings_dict['NAME']})")
    with tempfile.TemporaryDirectory() as tmp:
        dasar = jalankan("dasar", "")
        print(f"Proses dasar (Django + proyek dimuat): {dasar['maxrss_mb']:.0f} MB RSS")
        for jumlah in args.baris:
            path = Path(tmp) / f"pok_{jumlah}.xlsx"
            awal = time.perf_counter()
            path.write_bytes(write_pok(baris_pok(jumlah)))
            print(
                f"\n{jumlah:,} baris: berkas {path.stat().st_size / 1024 / 1024:.1f} MB "
                f"(dibuat dalam {time.perf_counter() - awal:.1f} s)".replace(",", ".")
            )
            siapkan_satker()
            try:
                cal = jalankan("calamine", str(path))
                imp = jalankan("impor", str(path))
            finally:
                siapkan_satker(hapus=True)
            print(
                f"  python-calamine, baca mentah : {cal['detik']:6.2f} s, "
                f"puncak RSS {cal['maxrss_mb']:5.0f} MB"
            )
            print(
                f"  impor penuh                  : {imp['detik']:6.2f} s, "
                f"puncak RSS {imp['maxrss_mb']:5.0f} MB "
                f"(baca+periksa {imp['baca_detik']:.2f} s, "
                f"pratinjau {imp['pratinjau_detik']:.2f} s, "
                f"simpan {imp['simpan_detik']:.2f} s; {imp['baris']} baris, {imp['galat']} galat)"
            )
            print(f"  rasio impor / baca mentah    : {imp['detik'] / cal['detik']:.1f}×")


if __name__ == "__main__":
    main()
