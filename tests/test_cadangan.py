"""Backup and restore (docs/deploy.md, "Cadangan dan pemulihan"): a pg_dump of a database holding
Gunung Mas 2024, restored into a fresh database, gives the same report: every figure of
angka_laporan and the text of the PDF.

The restored database is read by `manage.py` in a subprocess with DATABASE_URL pointing at it, as an
IT officer would check a restore; the test removes the database it creates."""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from glob import glob
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader

from laporan.cetak import render_pdf
from laporan.dokumen import build_dokumen
from laporan.services import build_angka_laporan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_dump/pg_restore: hanya PostgreSQL"
    ),
]

BASE_DIR = Path(__file__).resolve().parent.parent
TAHUN = 2024


def program_pg(nama: str) -> str:
    """A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql/*/bin."""
    ditemukan = shutil.which(nama)
    if ditemukan:
        return ditemukan
    kandidat = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{nama}"), key=lambda p: int(Path(p).parts[4])
    )
    if not kandidat:
        pytest.fail(f"{nama} tidak ditemukan (PATH atau /usr/lib/postgresql/*/bin)")
    return kandidat[-1]


def koneksi() -> tuple[list[str], dict[str, str]]:
    """Host, port and user as arguments and the password in the environment, as libpq wants."""
    s = connection.settings_dict
    argumen = ["-h", s["HOST"] or "localhost", "-p", str(s["PORT"] or 5432)]
    if s["USER"]:
        argumen += ["-U", s["USER"]]
    env = {**os.environ}
    if s["PASSWORD"]:
        env["PGPASSWORD"] = s["PASSWORD"]
    return argumen, env


def jalankan(perintah: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    hasil = subprocess.run(
        perintah, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert hasil.returncode == 0, f"{' '.join(perintah)}\n{hasil.stdout}\n{hasil.stderr}"
    return hasil


def database_url(nama: str) -> str:
    s = connection.settings_dict
    sandi = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{sandi}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{nama}"


@pytest.fixture
def database_pulihan(tmp_path) -> Iterator[str]:
    """The test database (Gunung Mas loaded by conftest) dumped with pg_dump -Fc and restored
    with pg_restore into a fresh database, exactly as docs/deploy.md says."""
    argumen, env = koneksi()
    sumber = connection.settings_dict["NAME"]
    tujuan = f"{sumber}_pulihan_{os.getpid()}"[:63]
    berkas = tmp_path / "lkjip.dump"
    jalankan([program_pg("pg_dump"), *argumen, "-Fc", "-f", str(berkas), sumber], env)
    jalankan([program_pg("dropdb"), *argumen, "--if-exists", tujuan], env)
    jalankan([program_pg("createdb"), *argumen, tujuan], env)
    try:
        jalankan(
            [program_pg("pg_restore"), *argumen, "--no-owner", "--exit-on-error", "-d", tujuan]
            + [str(berkas)],
            env,
        )
        yield tujuan
    finally:
        jalankan([program_pg("dropdb"), *argumen, "--if-exists", "--force", tujuan], env)


def manage(*argumen: str, database: str, cache: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        # An empty cache: the PDF is rendered from the restored rows, not read from a file.
        "LAPORAN_CACHE_DIR": str(cache),
    }
    return jalankan([sys.executable, "manage.py", *argumen], env).stdout


def teks_pdf(pdf: bytes) -> str:
    return "\n".join(halaman.extract_text() for halaman in PdfReader(BytesIO(pdf)).pages)


def test_restored_database_gives_the_same_figures_and_pdf_text(
    gunung_mas, database_pulihan, tmp_path
):
    cache = tmp_path / "cache"
    berkas_pdf = tmp_path / "pulihan.pdf"
    kode, tahun = gunung_mas.kode, str(TAHUN)

    angka_pulihan = json.loads(
        manage(
            "angka_laporan",
            "--satker",
            kode,
            "--tahun",
            tahun,
            database=database_pulihan,
            cache=cache,
        )
    )
    manage(
        "render_laporan", "--satker", kode, "--tahun", tahun, "--output", str(berkas_pdf),
        database=database_pulihan, cache=cache,
    )  # fmt: skip

    angka_asli = json.loads(
        json.dumps(build_angka_laporan(satker=gunung_mas, tahun=TAHUN), ensure_ascii=False)
    )
    assert angka_pulihan == angka_asli
    # Not vacuous: the figures and the report are the real ones.
    assert angka_asli and "Gunung Mas" in json.dumps(angka_asli, ensure_ascii=False)

    teks_asli = teks_pdf(render_pdf(build_dokumen(satker=gunung_mas, tahun=TAHUN)))
    teks_pulihan = teks_pdf(berkas_pdf.read_bytes())
    assert "KABUPATEN GUNUNG MAS" in teks_asli.upper()
    assert teks_pulihan == teks_asli
