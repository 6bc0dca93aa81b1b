"""Rendering the report object: HTML for print and the PDF (WeasyPrint, through lkjip.pdf), with a
cache keyed on the data's revision so an unchanged report is never rendered twice. The PDF is
PDF/A-3b and carries the data workbook of its satker-year (docs/laporan_latar.md, *The archival
PDF*)."""

import hashlib
import logging
import os
import re
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string

from laporan import buku_data
from laporan.dokumen import DokumenLaporan, build_dokumen, nama_berkas
from lkjip.pdf import VARIAN_PDF, Lampiran, html_ke_pdf
from satker import revisi as revisi_data
from satker.models import Satker

logger = logging.getLogger(__name__)

TEMPLATE_CETAK = "laporan/dokumen/cetak.html"
# A cached PDF's name: kunci_cache + ".pdf".
POLA_PDF = re.compile(r"(?P<laporan>\d+-\d+)-[0-9a-f]{64}\.pdf")


def render_html_cetak(dokumen: DokumenLaporan) -> str:
    return render_to_string(TEMPLATE_CETAK, {"dokumen": dokumen, "cetak": True})


def lampiran_buku_data(*, satker: Satker, tahun: int) -> Lampiran:
    """The full data workbook of the satker-year (docs/buku_data.md), to travel with its report:
    the archived PDF carries the figures it prints, readable and importable again."""
    return Lampiran(
        nama=f"buku-data-{satker.kode}-{tahun}.xlsx",
        isi=buku_data.ekspor_data(satker=satker, tahun=tahun),
        keterangan=f"Buku data {satker.nama} tahun {tahun}: seluruh data laporan ini",
    )


def render_pdf(dokumen: DokumenLaporan) -> bytes:
    """The PDF of the report: A4, PDF/A-3b, tagged, bookmarks, metadata, with the data
    workbook of its satker-year attached."""
    satker = Satker.objects.get(kode=dokumen.satker.kode)
    return html_ke_pdf(
        render_html_cetak(dokumen),
        lampiran=[lampiran_buku_data(satker=satker, tahun=dokumen.tahun)],
    )


@lru_cache(maxsize=1)
def _versi_tata_letak() -> str:
    """Changes whenever the templates, styles, fonts, WeasyPrint, the PDF variant or the data
    workbook's format change."""
    h = hashlib.sha256(f"{weasyprint.__version__}:{VARIAN_PDF}:{buku_data.VERSI_FORMAT}".encode())
    akar = Path(settings.BASE_DIR)
    for folder in ("templates/laporan/dokumen", "static/css", "static/fonts"):
        for berkas in sorted((akar / folder).glob("*")):
            h.update(berkas.name.encode())
            h.update(berkas.read_bytes())
    return h.hexdigest()


def kunci_cache(*, satker: Satker, tahun: int, revisi: revisi_data.Revisi | None = None) -> str:
    """``<satker pk>-<tahun>-<hash of the report data's revision and the layout>``: every write of
    a row the report reads gives a new name (satker.revisi). The prefix lets prune_cache tell the
    PDFs of one report apart without asking the database. ``revisi``: when the caller has read
    it already."""
    revisi = revisi or revisi_data.baca(satker_id=satker.pk, tahun=tahun)
    tanda = hashlib.sha256(f"{revisi.laporan}:{_versi_tata_letak()}".encode()).hexdigest()
    return f"{satker.pk}-{tahun}-{tanda}"


def path_pdf(*, kunci: str) -> Path:
    return Path(settings.LAPORAN_CACHE_DIR) / f"{kunci}.pdf"


def get_cached_pdf(*, satker: Satker, tahun: int) -> Path | None:
    """The cached PDF of the report's current data, or None: a few queries, no rendering."""
    berkas = path_pdf(kunci=kunci_cache(satker=satker, tahun=tahun))
    return berkas if berkas.is_file() else None


def store_pdf(*, satker: Satker, tahun: int) -> Path:
    """Render the report into the cache unless its current data is there already."""
    berkas = path_pdf(kunci=kunci_cache(satker=satker, tahun=tahun))
    if berkas.is_file():
        return berkas
    dokumen = build_dokumen(satker=satker, tahun=tahun)
    pdf = render_pdf(dokumen)
    berkas.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    with tempfile.NamedTemporaryFile(dir=berkas.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(pdf)
    # Readable by the web server's user too when the worker runs under another one.
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, berkas)
    logger.info("PDF %s dirender (%d byte)", nama_berkas(satker=satker, tahun=tahun), len(pdf))
    return berkas


def prune_cache(*, umur: timedelta) -> int:
    """Delete the cache files not needed any more; returns how many. Of each report (satker and
    year) the newest PDF stays, whatever its age: usually the current one. Every other file goes
    once it is older than ``umur``: PDFs of data changed since, task markers (``.tugas``) and
    half-written renders (``.tmp``). The age spares a PDF being written or just replaced, and a
    current PDF deleted by mistake is only rendered again."""
    folder = Path(settings.LAPORAN_CACHE_DIR)
    if not folder.is_dir():
        return 0
    batas = time.time() - umur.total_seconds()
    terbaru: dict[str, tuple[float, Path]] = {}
    calon = []
    for berkas in folder.iterdir():
        if not berkas.is_file():
            continue
        waktu = berkas.stat().st_mtime
        laporan = POLA_PDF.fullmatch(berkas.name)
        if laporan:
            lama = terbaru.get(laporan["laporan"])
            if lama is None or lama[0] < waktu:
                terbaru[laporan["laporan"]] = (waktu, berkas)
        if waktu < batas:
            calon.append(berkas)
    tetap = {berkas for _, berkas in terbaru.values()}
    dihapus = 0
    for berkas in calon:
        if berkas not in tetap:
            berkas.unlink(missing_ok=True)
            dihapus += 1
    return dihapus


def render_pdf_bertanggal(*, satker: Satker, tahun: int, tanggal: date) -> bytes:
    """The report's PDF with ``tanggal`` printed as its date, for a report whose date was left
    empty: approval prints the approval date (docs/pengesahan.md, "The letter's date"). Not
    cached: the cache holds the report of the data alone."""
    dokumen = build_dokumen(satker=satker, tahun=tahun)
    return render_pdf(replace(dokumen, tanggal=tanggal))


def get_pdf(*, satker: Satker, tahun: int) -> bytes:
    """The report's PDF, rendered here and now if needed (the signing flow and the
    render_laporan command; pages go through the background task in laporan.tasks)."""
    return store_pdf(satker=satker, tahun=tahun).read_bytes()
