"""Benchmark of the budget import: python-calamine's raw read of a POK-style sheet
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


# Inner steps timed inside the import (module, function); those a version lacks are skipped.
TAHAP = (
    ("anggaran.impor.baca", "check_berkas"),
    ("anggaran.impor.baca", "_siapkan_calamine"),
    ("anggaran.impor.layanan", "read_anggaran"),
    ("anggaran.impor.layanan", "_simpan_baris"),
    ("anggaran.impor.layanan", "_load_lama"),
    ("anggaran.impor.layanan", "_pohon_ringkas"),
    ("anggaran.impor.layanan", "_rekaman"),
    ("anggaran.impor.layanan", "_create_baru"),
    ("anggaran.impor.layanan", "_update_lama"),
    ("anggaran.impor.layanan", "_hapus"),
    ("anggaran.impor.layanan", "tulis_massal"),
    ("anggaran.impor.layanan", "salin_sql"),
)


def pasang_pengukur() -> dict[str, float]:
    """Wrap the inner steps of the import with timers (accumulated seconds by name)."""
    import functools
    import importlib

    waktu: dict[str, float] = {}
    for modul, nama in TAHAP:
        m = importlib.import_module(modul)
        asli = getattr(m, nama, None)
        if asli is None:
            continue

        def bungkus(*args, _asli=asli, _nama=nama, **kwargs):
            awal = time.perf_counter()
            try:
                return _asli(*args, **kwargs)
            finally:
                waktu[_nama] = waktu.get(_nama, 0.0) + time.perf_counter() - awal

        setattr(m, nama, functools.wraps(asli)(bungkus))
    return waktu


def langkah_impor(path: str) -> dict:
    setup_django()
    from django.db import connection

    from anggaran.impor import apply_impor, build_pratinjau, create_impor
    from satker.models import Satker

    waktu = pasang_pengukur()
    satker = Satker.objects.get(kode=KODE_SATKER)
    data = Path(path).read_bytes()
    connection.ensure_connection()
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
        "tahap": waktu,
        "detik": selesai - awal,
        "baca_detik": t_baca - awal,
        "pratinjau_detik": t_pratinjau - t_baca,
        "simpan_detik": selesai - t_pratinjau,
        "baris": jumlah_baris,
        "galat": galat,
        "ditambah": hitung["ditambah"],
        "total_pagu": total_pagu,
    }


def langkah_impor_ulang(path: str) -> dict:
    """The same file once more, after ``langkah_impor``: every line compared, nothing written."""
    setup_django()
    from django.db import connection

    from anggaran.impor import apply_impor, create_impor
    from riwayat.models import Perubahan
    from satker.models import Satker

    waktu = pasang_pengukur()
    satker = Satker.objects.get(kode=KODE_SATKER)
    data = Path(path).read_bytes()
    riwayat = Perubahan.objects.filter(satker=satker).count()
    connection.ensure_connection()
    awal = time.perf_counter()
    impor, hasil = create_impor(satker=satker, tahun=TAHUN, data=data, nama_berkas=Path(path).name)
    del hasil  # as in the browser: the confirmation is another request
    hitung = apply_impor(impor=impor)
    return {
        "tahap": waktu,
        "detik": time.perf_counter() - awal,
        "ditulis": hitung["ditambah"] + hitung["diubah"] + hitung["dihapus"],
        "riwayat_baru": Perubahan.objects.filter(satker=satker).count() - riwayat,
        "riwayat": riwayat,
    }


def langkah_dasar(_path: str) -> dict:
    setup_django()
    import anggaran.impor  # noqa: F401

    return {"detik": 0.0}


LANGKAH = {
    "calamine": langkah_calamine,
    "impor": langkah_impor,
    "impor_ulang": langkah_impor_ulang,
    "dasar": langkah_dasar,
}


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


def hapus_satker_uji() -> None:
    """Delete the benchmark satker with plain SQL: through Django's collector, 100,000 budget
    lines take many minutes (a signal, and queries, per line)."""
    from django.db import connection, transaction

    from anggaran.models import BarisAnggaran, ImporAnggaran
    from riwayat.models import Perubahan
    from satker.models import Satker

    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Perubahan, ImporAnggaran, BarisAnggaran):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE satker_id IN "
                f"(SELECT id FROM {Satker._meta.db_table} WHERE kode = %s)",
                [KODE_SATKER],
            )
        Satker.objects.filter(kode=KODE_SATKER).delete()


def siapkan_satker(hapus: bool = False) -> None:
    setup_django()
    from django.core.management import call_command

    from satker.models import Satker

    hapus_satker_uji()
    if hapus:
        return
    call_command("migrate", verbosity=0)
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
    parser.add_argument("--ulang", type=int, default=3, help="putaran per ukuran lembar")
    parser.add_argument(
        "--impor-ulang", action="store_true", help="ukur juga impor kedua berkas yang sama"
    )
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
            rasio = []
            for putaran in range(1, args.ulang + 1):
                siapkan_satker()
                try:
                    cal = jalankan("calamine", str(path))
                    imp = jalankan("impor", str(path))
                    if args.impor_ulang:
                        imp["ulang"] = jalankan("impor_ulang", str(path))
                finally:
                    siapkan_satker(hapus=True)
                rasio.append(imp["detik"] / cal["detik"])
                cetak(putaran, cal, imp)
            if len(rasio) > 1:
                print(f"  rasio {len(rasio)} putaran: {min(rasio):.1f}–{max(rasio):.1f}×")


def cetak(putaran: int, cal: dict, imp: dict) -> None:
    print(f"  putaran {putaran}")
    print(
        f"    python-calamine, baca mentah : {cal['detik']:6.2f} s, "
        f"puncak RSS {cal['maxrss_mb']:5.0f} MB"
    )
    print(
        f"    impor penuh                  : {imp['detik']:6.2f} s, "
        f"puncak RSS {imp['maxrss_mb']:5.0f} MB "
        f"(baca+periksa {imp['baca_detik']:.2f} s, "
        f"pratinjau {imp['pratinjau_detik']:.2f} s, "
        f"simpan {imp['simpan_detik']:.2f} s; {imp['baris']} baris, {imp['galat']} galat)"
    )
    tahap = ", ".join(f"{k} {v:.2f}" for k, v in imp["tahap"].items())
    print(f"    di dalamnya                  : {tahap}")
    print(f"    rasio impor / baca mentah    : {imp['detik'] / cal['detik']:.1f}×")
    if "ulang" in imp:
        u = imp["ulang"]
        print(
            f"    berkas yang sama sekali lagi : {u['detik']:6.2f} s, puncak RSS "
            f"{u['maxrss_mb']:5.0f} MB; {u['ditulis']} baris ditulis, {u['riwayat_baru']} "
            f"riwayat baru (sesudah impor pertama: {u['riwayat']})"
        )


if __name__ == "__main__":
    main()
