"""Benchmark of the report for one satker and year (issue: the LKjIP report).

Run against a database holding the data (the demo is enough):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lkjip_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py muat_gunung_mas
    DATABASE_URL=... .venv/bin/python bench/laporan.py [--satker 6210] [--tahun 2024] [--ulang 3]

Measures wall and CPU time and peak Python memory (tracemalloc) of: building the report object,
rendering the print HTML, WeasyPrint's layout and PDF writing; the number of pages; and a cached
download through the real view compared with reading a static file of the same size.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from laporan.cetak import lampiran_buku_data, render_html_cetak  # noqa: E402
from laporan.dokumen import build_dokumen  # noqa: E402
from lkjip.pdf import FetcherLokal, render_halaman, tulis_pdf  # noqa: E402
from satker.models import Pengguna, Satker  # noqa: E402


def ukur(fungsi, ulang: int, memori: bool = True):
    """(result, median wall s, median CPU s, peak traced MB) over `ulang` timed runs; memory is
    traced in one extra run, since tracemalloc slows the code it watches several times over."""
    dinding, cpu = [], []
    hasil = None
    for _ in range(ulang):
        t0, c0 = time.perf_counter(), time.process_time()
        hasil = fungsi()
        dinding.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    puncak = 0.0
    if memori:
        tracemalloc.start()
        fungsi()
        puncak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return hasil, statistics.median(dinding), statistics.median(cpu), puncak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--satker", default="6210")
    parser.add_argument("--tahun", type=int, default=2024)
    parser.add_argument("--ulang", type=int, default=3)
    args = parser.parse_args()
    satker = Satker.objects.get(kode=args.satker)

    dokumen, d_obj, c_obj, m_obj = ukur(
        lambda: build_dokumen(satker=satker, tahun=args.tahun), args.ulang
    )
    html, d_html, c_html, m_html = ukur(lambda: render_html_cetak(dokumen), args.ulang)

    buku, d_buku, c_buku, m_buku = ukur(
        lambda: lampiran_buku_data(satker=satker, tahun=args.tahun), args.ulang
    )
    halaman, d_lay, c_lay, m_lay = ukur(lambda: render_halaman(html), args.ulang)
    pdf, d_tulis, c_tulis, m_tulis = ukur(lambda: tulis_pdf(halaman, lampiran=[buku]), args.ulang)
    jumlah = len(halaman.pages)

    # The same document as before it became PDF/A-3b with the workbook: a plain tagged PDF.
    def tata_letak_polos():
        return weasyprint.HTML(string=html, base_url="file:///", url_fetcher=FetcherLokal()).render(
            pdf_tags=True
        )

    polos, d_lay0, c_lay0, _ = ukur(tata_letak_polos, args.ulang, False)
    pdf0, d_tulis0, c_tulis0, _ = ukur(lambda: polos.write_pdf(pdf_tags=True), args.ulang, False)

    # A cached download through the real view (login, checks, object, cache hit) …
    # The first request renders inside it (immediate task backend), the others hit the cache.
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (
        tempfile.TemporaryDirectory() as cache,
        override_settings(LAPORAN_CACHE_DIR=cache, TASKS=tasks),
    ):
        pengguna, _ = Pengguna.objects.get_or_create(
            username="bench-komisioner",
            defaults={"satker": satker, "peran": Pengguna.Peran.KOMISIONER},
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(pengguna)
        url = f"/{satker.kode}/{args.tahun}/laporan.pdf"
        pertama = client.get(url)
        assert pertama.status_code == 200
        _, d_cache, c_cache, _ = ukur(lambda: client.get(url).content, max(args.ulang, 5), False)
        # … against reading a file of the same size (the floor a static file server starts from).
        berkas = Path(cache) / "statis.pdf"
        berkas.write_bytes(pertama.content)
        _, d_statis, _, _ = ukur(berkas.read_bytes, max(args.ulang, 5), False)

    ours_cpu = c_obj + c_html + c_buku
    weasy_cpu = c_lay + c_tulis
    print(f"Satker {satker.nama} {args.tahun}: {jumlah} halaman, PDF {len(pdf) / 1024:.0f} KiB")
    print(f"{'tahap':<28}{'dinding s':>10}{'CPU s':>10}{'puncak MB':>11}")
    for nama, d, c, m in (
        ("objek laporan", d_obj, c_obj, m_obj),
        ("HTML cetak", d_html, c_html, m_html),
        ("buku data (lampiran)", d_buku, c_buku, m_buku),
        ("WeasyPrint tata letak", d_lay, c_lay, m_lay),
        ("WeasyPrint tulis PDF", d_tulis, c_tulis, m_tulis),
    ):
        print(f"{nama:<28}{d:>10.3f}{c:>10.3f}{m:>11.1f}")
    print(
        f"CPU PDF/A-3b + buku data: tata letak {c_lay:.3f} s, tulis {c_tulis:.3f} s, "
        f"{len(pdf) / 1024:.0f} KiB; PDF polos: tata letak {c_lay0:.3f} s, "
        f"tulis {c_tulis0:.3f} s, {len(pdf0) / 1024:.0f} KiB"
    )
    print(f"bagian kita / WeasyPrint (CPU): {ours_cpu / weasy_cpu * 100:.1f}%  (target ≤ 5%)")
    print(f"CPU per halaman (semua): {(ours_cpu + weasy_cpu) / jumlah:.3f} s")
    print(
        f"unduhan dari cache: {d_cache * 1000:.1f} ms; baca berkas statis: {d_statis * 1000:.2f} ms"
    )
    print(
        f"RSS maksimum proses: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
