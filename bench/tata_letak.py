"""Benchmark of the report's table layout: our share (building the report object, rendering the
print HTML) against WeasyPrint's (layout, PDF writing), per page, for the demo (Gunung Mas 2024)
and the stress satker (pertukaran/demo/stres.py), with this tree's templates and styles and, in
the same run, with those of an earlier commit (``--basis``, checked out in a temporary git
worktree).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lkjip_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python bench/tata_letak.py [--basis 1e8e8a4] [--ulang 3]

The demo data and the stress satker are loaded where missing. Each tree is measured in its own
process; CPU time (median of ``--ulang`` runs). Figures: bench/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
LAPORAN = [("demo", "6210", 2024), ("stres", "9801", 2024)]


def ukur(*, akar: Path, ulang: int) -> list[dict]:
    """Measure every report with the code, templates and styles of ``akar``."""
    sys.path.insert(0, str(akar))
    os.chdir(akar)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    import weasyprint

    from laporan import cetak
    from laporan.dokumen import build_dokumen
    from satker.models import Satker

    try:  # where the layout lives in this tree (lkjip.pdf; laporan.cetak before)
        from lkjip import pdf as alat_pdf
    except ImportError:
        alat_pdf = cetak

    def tata_letak(html: str):
        # This tree's way (a second layout when a word is too long), or the plain one of before.
        if hasattr(alat_pdf, "render_halaman"):
            return alat_pdf.render_halaman(html, pdf_tags=True)
        return weasyprint.HTML(
            string=html, base_url="file:///", url_fetcher=alat_pdf.FetcherLokal()
        ).render(pdf_tags=True)

    hasil = []
    for nama, kode, tahun in LAPORAN:
        satker = Satker.objects.get(kode=kode)
        waktu: dict[str, list[float]] = {"objek": [], "html": [], "tata_letak": [], "pdf": []}
        for _ in range(ulang):
            c = time.process_time()
            dokumen = build_dokumen(satker=satker, tahun=tahun)
            waktu["objek"].append(time.process_time() - c)
            c = time.process_time()
            html = cetak.render_html_cetak(dokumen)
            waktu["html"].append(time.process_time() - c)
            c = time.process_time()
            halaman = tata_letak(html)
            waktu["tata_letak"].append(time.process_time() - c)
            c = time.process_time()
            halaman.write_pdf(pdf_tags=True)
            waktu["pdf"].append(time.process_time() - c)
        baris = {k: statistics.median(v) for k, v in waktu.items()}
        baris.update(laporan=nama, halaman=len(halaman.pages))
        hasil.append(baris)
    return hasil


def siapkan_data() -> None:
    """The demo and the stress satker in the database, where missing."""
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from pertukaran.demo.stres import buat_satker_stres

    call_command("muat_gunung_mas", verbosity=0)
    buat_satker_stres()


def jalankan(akar: Path, ulang: int) -> list[dict]:
    # Both trees read the same database and the same uploaded files (the organisation charts).
    env = {**os.environ, "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(AKAR / "media"))}
    env.setdefault("DATABASE_URL", f"sqlite:///{AKAR / 'db.sqlite3'}")
    keluaran = subprocess.run(
        [sys.executable, __file__, "--anak", str(akar), "--ulang", str(ulang)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return json.loads(keluaran.strip().splitlines()[-1])


def cetak_tabel(judul: str, hasil: list[dict]) -> None:
    print(f"\n{judul}")
    print(
        "| laporan | halaman | objek + HTML | WeasyPrint tata letak + PDF | bagian kita "
        "| CPU per halaman |"
    )
    print("|---|---|---|---|---|---|")
    for b in hasil:
        kita, weasy = b["objek"] + b["html"], b["tata_letak"] + b["pdf"]
        print(
            f"| {b['laporan']} | {b['halaman']} | {kita:.3f} s | {b['tata_letak']:.2f} + "
            f"{b['pdf']:.2f} = {weasy:.2f} s | {kita / weasy * 100:.1f} % "
            f"| {(kita + weasy) / b['halaman']:.3f} s |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--basis", help="commit whose templates and styles are 'before'")
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--anak", help=argparse.SUPPRESS)  # internal: measure this tree
    args = parser.parse_args()
    if args.anak:
        print(json.dumps(ukur(akar=Path(args.anak), ulang=args.ulang)))
        return
    siapkan_data()
    if args.basis:
        with tempfile.TemporaryDirectory() as tmp:
            pohon = Path(tmp) / "basis"
            subprocess.run(
                ["git", "-C", str(AKAR), "worktree", "add", "--detach", str(pohon), args.basis],
                check=True,
                capture_output=True,
            )
            try:
                # The earlier tree uses this tree's virtualenv (same dependencies).
                sebelum = jalankan(pohon, args.ulang)
            finally:
                subprocess.run(
                    ["git", "-C", str(AKAR), "worktree", "remove", "--force", str(pohon)],
                    check=True,
                )
        cetak_tabel(f"Sebelum ({args.basis})", sebelum)
    cetak_tabel("Sesudah (pohon ini)", jalankan(AKAR, args.ulang))


if __name__ == "__main__":
    main()
