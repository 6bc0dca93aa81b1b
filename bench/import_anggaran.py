"""Benchmark of the budget import on PostgreSQL against its floor, in one run (bench/README.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lkjip_bench \
        .venv/bin/python bench/import_anggaran.py

Options: ``--baris 100000`` (size of the large workbook), ``--ulang 3`` (rounds of the large
workbook; the figures printed are the median of the rounds, with their range), ``--satker 3000``
and ``--ulang-satker 5`` (the satker-sized file from upload to preview: median of that many runs),
``--profil`` (one more full import under cProfile: the functions that take the time).

Measured, each step in a fresh child process that reports its own peak RSS (``VmHWM`` of
/proc/self/status; ``ru_maxrss`` of a child also counts the parent's RSS at fork time), so the
steps do not pollute each other:

(a) raw read: python-calamine reads every cell of every sheet, nothing interpreted;
(b) floor: the raw read + a bare ``COPY`` of the same budget lines into the lines' table (and
    of the rows of any other table pointing at them, should an import write such rows) and of the
    same history rows into the history table, committed (so the deferred foreign-key checks run,
    as they do for the import). The rows are those the full import wrote, taken from the tables
    with ``COPY … TO`` after an import, then deleted;
(c) full import as the web flow does it, three requests' work with the service functions the
    views call: upload (``create_impor``: file check, read, preview kept), preview page
    (``list_baris`` + ``build_pratinjau``), confirm (``apply_impor``); the ratio full / floor is
    computed per round (both in the same round, so a busy machine hits both);
(d) peak RSS of the full import's child;
(e) the satker-sized file from upload to preview (create_impor + list_baris + build_pratinjau),
    median of several runs in one warm child (a web worker has Django loaded): against an empty
    year, and again after its lines were applied (every line compared).

The web flow is called in three functions only (``alur_unggah``, ``alur_pratinjau``,
``alur_terapkan``): when the views call other service functions, change those three.
The benchmark satker (kode 9990) is created for the run and deleted afterwards with plain SQL;
after every delete the two tables are vacuumed and a checkpoint taken, so each step starts from
the same state. The machine's load (``uptime``) is printed with every round.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
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
TARGET_RASIO = 1.5
TARGET_RSS_MB = 300
TARGET_SATKER_DETIK = 0.5


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


# --- the tables and how the benchmark clears them -------------------------------------------------


def tabel() -> tuple[str, str]:
    from anggaran.models import BarisAnggaran
    from riwayat.models import Perubahan

    return BarisAnggaran._meta.db_table, Perubahan._meta.db_table


def kolom_riwayat() -> list[str]:
    """The history columns a write fills (all but the id, which its sequence gives)."""
    from riwayat.models import Perubahan

    return [f.column for f in Perubahan._meta.concrete_fields if not f.primary_key]


def satker_id() -> int:
    from satker.models import Satker

    return Satker.objects.get(kode=KODE_SATKER).pk


def perujuk(model) -> list[tuple[str, str]]:
    """(table, column) of every other model's foreign key to ``model`` (e.g. rows the import
    writes per budget line at apply, the DIPA revision recorded by an import), hidden reverse
    relations (``related_name="+"``) included."""
    return [
        (r.related_model._meta.db_table, r.field.column)
        for r in model._meta.get_fields(include_hidden=True)
        if r.auto_created
        and not r.concrete
        and (r.one_to_many or r.one_to_one)
        and r.related_model is not model
        and not issubclass(model, r.related_model)  # not the parent link of an extension
    ]


def kosongkan(*, satker: bool = False) -> None:
    """Delete the benchmark satker's lines (and rows pointing at them), history and imports (and
    the satker), then vacuum."""
    from django.db import connection, transaction

    from anggaran.models import BarisAnggaran, ImporAnggaran
    from riwayat.models import Unggahan
    from satker.models import Satker

    t_baris, t_riwayat = tabel()
    t_impor = ImporAnggaran._meta.db_table
    # An import extends its upload record (riwayat.Unggahan): same id, satker on the parent.
    t_unggahan = Unggahan._meta.db_table
    milik = f"satker_id IN (SELECT id FROM {Satker._meta.db_table} WHERE kode = %s)"
    with connection.cursor() as cursor:
        punya_satker = {
            t
            for induk, model in ((t_baris, BarisAnggaran), (t_unggahan, ImporAnggaran))
            for t, _ in perujuk(model)
            if "satker_id"
            in {k.name for k in connection.introspection.get_table_description(cursor, t)}
        }
    # rows pointing at the lines or the imports; those of the satker as well (the floor copies
    # the DIPA revision without its import)
    lain = [
        (
            t,
            f"{c} IN (SELECT id FROM {induk} WHERE {milik})"
            + (f" OR {milik}" if t in punya_satker else ""),
        )
        for induk, model in ((t_baris, BarisAnggaran), (t_unggahan, ImporAnggaran))
        for t, c in perujuk(model)
    ]
    impor = f"unggahan_ptr_id IN (SELECT id FROM {t_unggahan} WHERE {milik})"
    with transaction.atomic(), connection.cursor() as cursor:
        for t, where in [
            *lain,
            (t_riwayat, milik),
            (t_impor, impor),
            (t_unggahan, milik),
            (t_baris, milik),
        ]:
            cursor.execute(f"DELETE FROM {t} WHERE {where}", [KODE_SATKER] * where.count("%s"))
        if satker:
            Satker.objects.filter(kode=KODE_SATKER).delete()
    with connection.cursor() as cursor:
        for t in (t_baris, t_riwayat, t_impor, t_unggahan, *(t for t, _ in lain)):
            cursor.execute(f"VACUUM {t}")
        cursor.execute("CHECKPOINT")


def siapkan_satker() -> None:
    from django.core.management import call_command

    from satker.models import Satker

    call_command("migrate", verbosity=0)
    kosongkan(satker=True)
    Satker.objects.create(
        kode=KODE_SATKER,
        jenis=Satker.Jenis.KABUPATEN,
        nama="KPU Kabupaten Bangku Uji",
        nama_lengkap="Komisi Pemilihan Umum Kabupaten Bangku Uji",
        wilayah="Kabupaten Bangku Uji",
        provinsi="Kalimantan Tengah",
        kedudukan="Bangku",
    )


def salin_keluar(folder: Path) -> dict:
    """The rows the import wrote, as COPY text files for the floor (``lantai.json`` lists them in
    the order to copy): the lines, rows of other tables pointing at them, the history."""
    from django.db import connection

    from anggaran.models import BarisAnggaran, ImporAnggaran
    from riwayat.models import Unggahan

    t_baris, t_riwayat = tabel()
    sid = satker_id()
    baris = f"SELECT id FROM {t_baris} WHERE satker_id = {sid} AND tahun = {TAHUN}"
    impor = f"SELECT id FROM {Unggahan._meta.db_table} WHERE satker_id = {sid}"
    # (name, table, query, column given as NULL): rows pointing at the lines; rows the import
    # wrote pointing at the import itself (the DIPA revision of the year's first import), copied
    # without that link since the floor has no import record; the history.
    bagian = [
        ("baris", t_baris, f"SELECT * FROM {t_baris} WHERE id IN ({baris})", None),
        *(
            (f"lain_{t}", t, f"SELECT * FROM {t} WHERE {c} IN ({baris})", None)
            for t, c in perujuk(BarisAnggaran)
        ),
        *(
            (f"impor_{t}", t, f"SELECT * FROM {t} WHERE {c} IN ({impor})", c)
            for t, c in perujuk(ImporAnggaran)
        ),
        ("riwayat", t_riwayat, f"SELECT * FROM {t_riwayat} WHERE satker_id = {sid}", None),
    ]
    daftar, jumlah = [], {}
    with connection.cursor() as cursor:
        for nama, t, sql, tanpa in bagian:
            # every column but the history's id (its sequence gives it, as in the import)
            cursor.execute(
                "SELECT array_agg(quote_ident(attname) ORDER BY attnum) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [t],
            )
            (kolom,) = cursor.fetchone()
            if t == t_riwayat:
                kolom = kolom_riwayat()
            pilih = [f"NULL AS {k}" if k == tanpa else k for k in kolom]
            sql = sql.replace("SELECT *", f"SELECT {', '.join(pilih)}", 1)
            with open(folder / f"{nama}.copy", "w") as f:
                cursor.copy_expert(f"COPY ({sql} ORDER BY id) TO STDOUT", f)
            with open(folder / f"{nama}.copy") as f:
                jumlah[nama] = sum(1 for _ in f)
            if jumlah[nama]:
                daftar.append({"nama": nama, "tabel": t, "kolom": kolom})
    (folder / "lantai.json").write_text(json.dumps(daftar))
    return jumlah


# --- the steps, each run in its own child process ------------------------------------------------


def baca_mentah(path: str) -> tuple[float, int]:
    """(a): python-calamine reads every cell of every sheet; seconds and cells."""
    from python_calamine import CalamineWorkbook

    awal = time.perf_counter()
    wb = CalamineWorkbook.from_path(path)
    sel = 0
    for nama in wb.sheet_names:
        for row in wb.get_sheet_by_name(nama).to_python():
            sel += len(row)
    return time.perf_counter() - awal, sel


def cpu_server() -> float:
    """CPU seconds (user + system) of this connection's PostgreSQL backend so far (Linux, same
    machine; 0 when its /proc entry cannot be read)."""
    from django.db import connection

    pid = getattr(connection, "_pid_bangku", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        connection._pid_bangku = pid
    try:
        medan = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(medan[11]) + int(medan[12])) / os.sysconf("SC_CLK_TCK")


def cpu_sendiri() -> float:
    t = os.times()
    return t.user + t.system


def langkah_lantai(path: str) -> dict:
    """(b): raw read + bare COPY of the same lines and history rows, committed."""
    setup_django()
    from django.db import connection, transaction

    cpu_awal = cpu_sendiri()
    baca_detik, sel = baca_mentah(path)
    cpu_baca = cpu_sendiri() - cpu_awal
    folder = Path(path).parent
    daftar = json.loads((folder / "lantai.json").read_text())
    # The texts are in memory before the clock starts, as the import has its lines in memory.
    teks = {d["nama"]: io.StringIO((folder / f"{d['nama']}.copy").read_text()) for d in daftar}
    connection.ensure_connection()
    server_awal, cpu_awal = cpu_server(), cpu_sendiri()
    waktu = {}
    awal = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for d in daftar:
            t = time.perf_counter()
            cursor.copy_expert(
                f"COPY {d['tabel']} ({', '.join(d['kolom'])}) FROM STDIN", teks[d["nama"]]
            )
            waktu[d["nama"]] = time.perf_counter() - t
        t_commit = time.perf_counter()
    selesai = time.perf_counter()
    return {
        "cpu": cpu_baca + cpu_sendiri() - cpu_awal,
        "cpu_server": cpu_server() - server_awal,
        "baca_detik": baca_detik,
        "sel": sel,
        # the lines and the rows of other tables (per line, the DIPA revision)
        "copy_baris_detik": sum(v for k, v in waktu.items() if k != "riwayat"),
        "copy_riwayat_detik": waktu.get("riwayat", 0.0),
        "commit_detik": selesai - t_commit,
        "detik": baca_detik + selesai - awal,
    }


# Inner steps timed inside the import (module, function); those a version lacks are skipped.
TAHAP = (
    ("lkjip.unggah.berkas", "check_berkas"),
    ("anggaran.impor.baca", "check_berkas"),
    ("anggaran.impor.baca", "_siapkan_calamine"),
    ("anggaran.impor.layanan", "read_anggaran"),
    ("anggaran.impor.layanan", "_simpan_baris"),
    ("anggaran.impor.layanan", "_load_lama"),
    ("anggaran.impor.layanan", "compute_sidik"),
    ("anggaran.impor.layanan", "_pohon_ringkas"),
    ("anggaran.impor.layanan", "_rekaman"),
    ("anggaran.impor.layanan", "_create_baru"),
    ("anggaran.impor.layanan", "_update_lama"),
    ("anggaran.impor.layanan", "_hapus"),
    ("anggaran.impor.layanan", "tulis_massal"),
    ("anggaran.impor.layanan", "salin_sql"),
    ("anggaran.impor.layanan", "_total_rekaman"),
)


def pasang_pengukur() -> dict[str, float]:
    """Wrap the inner steps of the import, and the commit, with timers (seconds by name)."""
    import functools
    import importlib

    from django.db import connections

    waktu: dict[str, float] = {}

    def ukur(asli, nama):
        def bungkus(*args, **kwargs):
            awal = time.perf_counter()
            try:
                return asli(*args, **kwargs)
            finally:
                waktu[nama] = waktu.get(nama, 0.0) + time.perf_counter() - awal

        return functools.wraps(asli)(bungkus)

    for modul, nama in TAHAP:
        try:
            m = importlib.import_module(modul)
        except ModuleNotFoundError:  # a version without that module
            continue
        asli = getattr(m, nama, None)
        if asli is not None:
            setattr(m, nama, ukur(asli, nama))
    db = connections["default"]
    db.commit = ukur(db.commit, "commit")
    return waktu


def alur_unggah(satker, data: bytes, nama_berkas: str):
    """The upload request's work: file check, read, the preview kept. Returns the import's pk."""
    from anggaran.impor import create_impor

    impor, hasil = create_impor(satker=satker, tahun=TAHUN, data=data, nama_berkas=nama_berkas)
    return impor.pk, len(hasil.baris), len(hasil.galat)


def alur_pratinjau(satker, pk: int):
    """The preview page's work (the view loads the import, then builds the preview)."""
    from anggaran.impor import read_pratinjau
    from anggaran.models import ImporAnggaran

    return read_pratinjau(ImporAnggaran.objects.get(pk=pk, satker=satker))


def alur_terapkan(satker, pk: int) -> dict:
    """The confirm request's work."""
    from anggaran.impor import apply_impor
    from anggaran.models import ImporAnggaran

    return apply_impor(impor=ImporAnggaran.objects.get(pk=pk, satker=satker))


def langkah_impor(path: str, profil: str | None = None) -> dict:
    """(c), (d): the full import, three requests' work in one process."""
    setup_django()
    from django.db import connection

    from satker.models import Satker

    waktu = pasang_pengukur()
    satker = Satker.objects.get(kode=KODE_SATKER)
    data = Path(path).read_bytes()
    connection.ensure_connection()
    profiler = cProfile.Profile() if profil else None
    if profiler:
        profiler.enable()
    server_awal, cpu_awal = cpu_server(), cpu_sendiri()
    puncak = {}
    awal = time.perf_counter()
    pk, jumlah_baris, galat = alur_unggah(satker, data, Path(path).name)
    t_unggah = time.perf_counter()
    puncak["unggah"] = puncak_rss_mb(setel_ulang=True)
    cpu_tahap = {"unggah": (cpu_sendiri() - cpu_awal, cpu_server() - server_awal)}
    pratinjau = alur_pratinjau(satker, pk)
    total_pagu, tambah = str(pratinjau.baru.total_pagu), pratinjau.jumlah_tambah
    del pratinjau
    t_pratinjau = time.perf_counter()
    puncak["pratinjau"] = puncak_rss_mb(setel_ulang=True)
    cpu_tahap["pratinjau"] = (cpu_sendiri() - cpu_awal, cpu_server() - server_awal)
    hitung = alur_terapkan(satker, pk)
    selesai = time.perf_counter()
    puncak["terapkan"] = puncak_rss_mb()
    cpu, server = cpu_sendiri() - cpu_awal, cpu_server() - server_awal
    cpu_tahap["terapkan"] = (cpu, server)
    # from running totals to each request's own (client, server) CPU
    sebelum = (0.0, 0.0)
    for nama, nilai in cpu_tahap.items():
        cpu_tahap[nama], sebelum = (nilai[0] - sebelum[0], nilai[1] - sebelum[1]), nilai
    if profiler:
        profiler.disable()
        profiler.dump_stats(profil)
    return {
        "cpu": cpu,
        "cpu_server": server,
        "tahap": waktu,
        "puncak_mb": puncak,
        "cpu_tahap": cpu_tahap,
        "detik": selesai - awal,
        "unggah_detik": t_unggah - awal,
        "pratinjau_detik": t_pratinjau - t_unggah,
        "terapkan_detik": selesai - t_pratinjau,
        "baris": jumlah_baris,
        "galat": galat,
        "tambah_pratinjau": tambah,
        "ditambah": hitung["ditambah"],
        "total_pagu": total_pagu,
    }


def langkah_profil(path: str) -> dict:
    return langkah_impor(path, profil=str(Path(path).parent / "impor.prof"))


def langkah_satker(path: str, ulang: str) -> dict:
    """(e): upload → preview of the satker-sized file, median of ``ulang`` runs in a warm process,
    first against an empty year, then against the same lines stored."""
    setup_django()
    from django.db import connection

    from satker.models import Satker

    n = int(ulang)
    satker = Satker.objects.get(kode=KODE_SATKER)
    data = Path(path).read_bytes()
    nama = Path(path).name
    connection.ensure_connection()

    def sekali() -> tuple[float, int]:
        awal = time.perf_counter()
        pk, _, _ = alur_unggah(satker, data, nama)
        alur_pratinjau(satker, pk)
        return time.perf_counter() - awal, pk

    sekali()  # warm-up: the first request of a worker imports the reader's modules
    kosong = [sekali()[0] for _ in range(n)]
    _, pk = sekali()
    hitung = alur_terapkan(satker, pk)
    tersimpan = [sekali()[0] for _ in range(n)]
    return {"kosong": kosong, "tersimpan": tersimpan, "ditambah": hitung["ditambah"]}


def langkah_dasar() -> dict:
    setup_django()
    import anggaran.impor  # noqa: F401

    return {}


LANGKAH = {
    "lantai": langkah_lantai,
    "impor": langkah_impor,
    "profil": langkah_profil,
    "satker": langkah_satker,
    "dasar": langkah_dasar,
}


def puncak_rss_mb(*, setel_ulang: bool = False) -> float:
    """Peak RSS of this process alone (Linux: VmHWM), else ru_maxrss. ``setel_ulang``: then
    start the peak again from the current RSS (Linux: "5" to /proc/self/clear_refs), so the next
    reading is the peak of the next request's work alone."""
    puncak = _puncak_rss_mb()
    if setel_ulang:
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
    return puncak


def _puncak_rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for baris in f:
                if baris.startswith("VmHWM:"):
                    return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def jalankan(langkah: str, *args: str) -> dict:
    keluar = subprocess.run(
        [sys.executable, __file__, "--langkah", langkah, *args],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if keluar.returncode:
        sys.stderr.write(keluar.stderr)
        raise SystemExit(f"langkah {langkah} gagal")
    return json.loads(keluar.stdout.strip().splitlines()[-1])


# --- the run --------------------------------------------------------------------------------------


def beban() -> str:
    return " ".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())


def ribu(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def rentang(nilai: list[float], f: str = "{:.2f}") -> str:
    med = f.format(statistics.median(nilai))
    if len(nilai) == 1:
        return med
    return f"{med} ({f.format(min(nilai))}–{f.format(max(nilai))})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langkah", choices=LANGKAH)
    parser.add_argument("arg", nargs="*")
    parser.add_argument("--baris", type=int, default=100_000)
    parser.add_argument("--ulang", type=int, default=3, help="putaran berkas besar")
    parser.add_argument("--satker", type=int, default=3_000)
    parser.add_argument("--ulang-satker", type=int, default=5)
    parser.add_argument("--profil", action="store_true", help="satu impor lagi di bawah cProfile")
    args = parser.parse_args()
    if args.langkah:
        hasil = LANGKAH[args.langkah](*args.arg)
        # the import resets the peak between its requests: its peak is the highest of them
        hasil["maxrss_mb"] = max([puncak_rss_mb(), *hasil.get("puncak_mb", {}).values()])
        print(json.dumps(hasil))
        return

    setup_django()
    from django.db import connection

    from anggaran.impor.templat import write_pok

    if connection.vendor != "postgresql":
        raise SystemExit("Tolok ukur ini untuk PostgreSQL: setel DATABASE_URL=postgres://…")
    kode = subprocess.run(
        ["git", "-C", str(AKAR), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"Basis data: {connection.settings_dict['NAME']} (PostgreSQL "
        f"{connection.cursor().connection.server_version}), kode {kode}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPU"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dasar = jalankan("dasar")
        print(f"Proses dasar (Django + proyek dimuat): {dasar['maxrss_mb']:.0f} MB RSS")
        path = folder / f"pok_{args.baris}.xlsx"
        path.write_bytes(write_pok(baris_pok(args.baris)))
        print(f"\nBerkas {ribu(args.baris)} baris: {path.stat().st_size / 1e6:.1f} MB")
        siapkan_satker()
        putaran = []
        try:
            for i in range(args.ulang):
                beban_awal = beban()
                # The floor needs the rows an import wrote: the first round imports first, the
                # next ones alternate the order so that neither always runs on a warmer server.
                urutan = ("impor", "lantai") if i % 2 == 0 else ("lantai", "impor")
                hasil = {}
                for langkah in urutan:
                    hasil[langkah] = jalankan(langkah, str(path))
                    if langkah == "impor" and i == 0:
                        jumlah = salin_keluar(folder)
                        print(
                            "  baris ditulis impor, disalin lantai: "
                            + ", ".join(f"{k} {v}" for k, v in jumlah.items())
                        )
                    kosongkan()
                hasil["beban"] = f"{beban_awal} → {beban()}"
                putaran.append(hasil)
                cetak_putaran(i + 1, hasil)
            profil = None
            if args.profil:
                jalankan("profil", str(path))
                kosongkan()
                profil = folder / "impor.prof"
                cetak_profil(profil)
            path_satker = folder / f"pok_{args.satker}.xlsx"
            path_satker.write_bytes(write_pok(baris_pok(args.satker)))
            satker = jalankan("satker", str(path_satker), str(args.ulang_satker))
            kosongkan()
        finally:
            kosongkan(satker=True)
    cetak_ringkas(args, putaran, satker)


def cetak_putaran(nomor: int, h: dict) -> None:
    imp, lan = h["impor"], h["lantai"]
    print(f"  putaran {nomor} (beban {h['beban']}):")
    print(
        f"    baca mentah {lan['baca_detik']:.2f} s ({lan['sel']} sel); "
        f"lantai {lan['detik']:.2f} s "
        f"(COPY baris {lan['copy_baris_detik']:.2f}, COPY riwayat "
        f"{lan['copy_riwayat_detik']:.2f}, commit {lan['commit_detik']:.2f})"
    )
    print(
        f"    impor penuh {imp['detik']:.2f} s (unggah {imp['unggah_detik']:.2f}, pratinjau "
        f"{imp['pratinjau_detik']:.2f}, terapkan {imp['terapkan_detik']:.2f}), puncak RSS "
        f"{imp['maxrss_mb']:.0f} MB ("
        + ", ".join(f"{k} {v:.0f}" for k, v in imp["puncak_mb"].items())
        + f"); {imp['baris']} baris, {imp['galat']} galat, "
        f"{imp['ditambah']} ditambah, total pagu {imp['total_pagu']}"
    )
    print(
        "    CPU klien + server: "
        + ", ".join(f"{k} {a:.2f} + {b:.2f}" for k, (a, b) in imp["cpu_tahap"].items())
    )
    print("    di dalamnya: " + ", ".join(f"{k} {v:.2f}" for k, v in imp["tahap"].items()))
    print(
        f"    rasio impor penuh / lantai: {imp['detik'] / lan['detik']:.2f}× (waktu), "
        f"{cpu(imp) / cpu(lan):.2f}× (CPU klien + server: {cpu(imp):.2f} / {cpu(lan):.2f} s)"
    )


def cpu(h: dict) -> float:
    return h["cpu"] + h["cpu_server"]


def cetak_profil(path: Path) -> None:
    keluar = io.StringIO()
    st = pstats.Stats(str(path), stream=keluar)
    st.sort_stats("tottime").print_stats(25)
    st.sort_stats("cumulative").print_stats(40)
    print("\nProfil impor penuh (cProfile, satu putaran tambahan):")
    print(keluar.getvalue())


def cetak_ringkas(args, putaran: list[dict], satker: dict) -> None:
    med = statistics.median
    imp = [p["impor"] for p in putaran]
    lan = [p["lantai"] for p in putaran]
    rasio = [i["detik"] / lo["detik"] for i, lo in zip(imp, lan, strict=True)]
    rasio_cpu = [cpu(i) / cpu(lo) for i, lo in zip(imp, lan, strict=True)]
    rss = [i["maxrss_mb"] for i in imp]
    kosong, tersimpan = satker["kosong"], satker["tersimpan"]
    n = len(putaran)
    print(
        f"\nRingkasan: median dari {n} putaran (min–maks) untuk {ribu(args.baris)} baris; "
        f"{ribu(args.satker)} baris: median dari {args.ulang_satker} kali dalam satu proses "
        "hangat\n"
    )
    print("| ukuran | nilai | sasaran |")
    print("|---|---|---|")
    baris = [
        ("(a) baca mentah calamine", rentang([x["baca_detik"] for x in lan]) + " s", ""),
        (
            "(b) lantai: baca mentah + COPY baris + COPY riwayat + commit",
            rentang([x["detik"] for x in lan]) + " s",
            "",
        ),
        ("    COPY baris anggaran", rentang([x["copy_baris_detik"] for x in lan]) + " s", ""),
        ("    COPY riwayat", rentang([x["copy_riwayat_detik"] for x in lan]) + " s", ""),
        ("    commit (kunci asing)", rentang([x["commit_detik"] for x in lan]) + " s", ""),
        (
            "(c) impor penuh: unggah → pratinjau → terapkan",
            rentang([x["detik"] for x in imp]) + " s",
            "",
        ),
        (
            "    unggah (periksa, baca, simpan pratinjau)",
            rentang([x["unggah_detik"] for x in imp]) + " s",
            "",
        ),
        ("    halaman pratinjau", rentang([x["pratinjau_detik"] for x in imp]) + " s", ""),
        ("    terapkan", rentang([x["terapkan_detik"] for x in imp]) + " s", ""),
        (
            "CPU lantai: klien (baca mentah, kirim COPY) + server (COPY, commit)",
            rentang([x["cpu"] for x in lan])
            + " + "
            + rentang([x["cpu_server"] for x in lan])
            + " s",
            "",
        ),
        *(
            (
                f"CPU {tahap} (klien + server)",
                rentang([x["cpu_tahap"][tahap][0] for x in imp])
                + " + "
                + rentang([x["cpu_tahap"][tahap][1] for x in imp])
                + " s",
                "",
            )
            for tahap in ("unggah", "pratinjau", "terapkan")
        ),
        (
            "rasio impor penuh / lantai, waktu (per putaran)",
            rentang(rasio) + "×",
            f"≤ {TARGET_RASIO}× " + ("ya" if med(rasio) <= TARGET_RASIO else "**tidak**"),
        ),
        (
            "rasio waktu terbaik impor penuh / terbaik lantai",
            f"{min(x['detik'] for x in imp) / min(x['detik'] for x in lan):.2f}×",
            "",
        ),
        (
            "CPU (klien + server PostgreSQL) lantai / impor penuh",
            rentang([cpu(x) for x in lan]) + " / " + rentang([cpu(x) for x in imp]) + " s",
            "",
        ),
        (
            "rasio CPU impor penuh / lantai (per putaran)",
            rentang(rasio_cpu) + "×",
            f"≤ {TARGET_RASIO}× " + ("ya" if med(rasio_cpu) <= TARGET_RASIO else "**tidak**"),
        ),
        (
            "(d) puncak RSS impor penuh",
            rentang(rss, "{:.0f}") + " MB",
            f"≤ {TARGET_RSS_MB} MB " + ("ya" if max(rss) <= TARGET_RSS_MB else "**tidak**"),
        ),
        (
            f"(e) {ribu(args.satker)} baris unggah → pratinjau, tahun kosong",
            rentang(kosong, "{:.3f}") + " s",
            f"≤ {TARGET_SATKER_DETIK} s "
            + ("ya" if med(kosong) <= TARGET_SATKER_DETIK else "**tidak**"),
        ),
        (
            f"    {ribu(args.satker)} baris, baris yang sama sudah tersimpan",
            rentang(tersimpan, "{:.3f}") + " s",
            f"≤ {TARGET_SATKER_DETIK} s "
            + ("ya" if med(tersimpan) <= TARGET_SATKER_DETIK else "**tidak**"),
        ),
    ]
    for nama, nilai, sasaran in baris:
        print(f"| {nama} | {nilai.replace('.', ',')} | {sasaran.replace('.', ',')} |")
    tahap: dict[str, list[float]] = {}
    for i in imp:
        for k, v in i["tahap"].items():
            tahap.setdefault(k, []).append(v)
    print(
        "\nDi dalam impor penuh (median): "
        + ", ".join(f"{k} {med(v):.2f}" for k, v in tahap.items()).replace(".", ",")
    )
    print("Beban mesin per putaran: " + "; ".join(p["beban"] for p in putaran))


if __name__ == "__main__":
    main()
