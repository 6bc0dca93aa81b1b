"""How fast a crafted workbook is refused: 7 sheets of 1,000,000 rows whose cells carry no address
(about 3 MB on disk, ~240 MB of XML), read as the budget import reads an upload, with the
configured limits (IMPOR_BATAS_SEL, IMPOR_BATAS_DETIK; docs/impor_anggaran.md).

    .venv/bin/python bench/impor_berkas_jahat.py [--lembar 7] [--baris 1000000] [--ulang 3]

No database is used. Also prints the cells of the 100,000-line budget file of
bench/import_anggaran.py, which must stay far below the limit.
"""

import argparse
import os
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")


def puncak_rss_mb() -> float:
    for baris in Path("/proc/self/status").read_text().splitlines():
        if baris.startswith("VmHWM:"):
            return int(baris.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lembar", type=int, default=7)
    parser.add_argument("--baris", type=int, default=1_000_000)
    parser.add_argument("--ulang", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from anggaran.impor import BerkasDitolak, read_anggaran
    from anggaran.impor.templat import write_pok
    from bench.import_anggaran import baris_pok
    from tests.anggaran.berkas_jahat import buat_berkas_jahat

    mulai = time.monotonic()
    data = buat_berkas_jahat(lembar=args.lembar, baris=args.baris)
    print(
        f"berkas: {args.lembar} lembar × {args.baris:,} baris, {len(data) / 2**20:.1f} MB "
        f"(dibuat dalam {time.monotonic() - mulai:.1f} s); batas {settings.IMPOR_BATAS_SEL:,} "
        f"sel, {settings.IMPOR_BATAS_DETIK:g} s"
    )
    for i in range(args.ulang):
        mulai = time.monotonic()
        try:
            read_anggaran(data, nama_berkas="jahat.xlsx")
            hasil = "DIBACA (tidak ditolak)"
        except BerkasDitolak as exc:
            hasil = f"ditolak: {exc.pesan}"
        print(f"  putaran {i + 1}: {time.monotonic() - mulai:.2f} s, {hasil}")
    print(f"puncak RSS proses: {puncak_rss_mb():.0f} MB")

    import io
    import zipfile

    pok = write_pok(baris_pok(100_000))
    with zipfile.ZipFile(io.BytesIO(pok)) as zf:
        sel = sum(zf.read(n).count(b"<c ") for n in zf.namelist() if "worksheets/" in n)
    print(f"berkas anggaran 100.000 baris (bench/import_anggaran.py): {sel:,} sel")


if __name__ == "__main__":
    main()
