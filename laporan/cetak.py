"""Rendering the report object: HTML for print and the PDF (WeasyPrint), with a cache keyed on the
data so an unchanged report is never rendered twice. The PDF is PDF/A-3b and carries the data
workbook of its satker-year (docs/laporan_latar.md, *The archival PDF*)."""

import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher, URLFetcherResponse

from laporan import buku_data
from laporan.dokumen import DokumenLaporan, build_dokumen, nama_berkas, sidik_data
from satker.models import Satker

logger = logging.getLogger(__name__)

TEMPLATE_CETAK = "laporan/dokumen/cetak.html"
# An archival PDF (ISO 19005-3, level B: what is printed is preserved) that may carry other
# files, each marked in the catalogue's /AF with its relationship to the document.
VARIAN_PDF = "pdf/a-3b"
OPSI_PDF = {"pdf_variant": VARIAN_PDF, "pdf_tags": True, "uncompressed_pdf": False}
# On <body>: table cells break words anywhere (dokumen.css), for a word no column can hold.
KELAS_PUTUS_KATA = "putus-kata"
# A cached PDF's name: kunci_cache + ".pdf".
POLA_PDF = re.compile(r"(?P<laporan>\d+-\d+)-[0-9a-f]{64}\.pdf")


class FetcherLokal(URLFetcher):
    """Lets WeasyPrint read only our static files and uploaded media: never the network, never
    another file on the server."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        bagian = urlsplit(url)
        if bagian.scheme != "file":
            raise ValueError(f"Alamat tidak diizinkan dalam PDF: {url}")
        path = Path(unquote(bagian.path))
        berkas = _static(path) or _media(path)
        if berkas is None:
            raise ValueError(f"Berkas tidak diizinkan dalam PDF: {url}")
        jenis = mimetypes.guess_type(berkas.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, berkas.read_bytes(), {"Content-Type": jenis})


def _static(path: Path) -> Path | None:
    awalan = "/" + settings.STATIC_URL.strip("/") + "/"
    if not str(path).startswith(awalan):
        return None
    nama = str(path)[len(awalan) :]
    try:
        ditemukan = finders.find(nama)
    except SuspiciousFileOperation:  # "../" out of the static folders
        return None
    if ditemukan:
        return Path(ditemukan)
    # In production the templates name the collected, hashed copies (css/cetak.3f2a….css and the
    # fonts it cites), which exist only under STATIC_ROOT.
    akar = Path(settings.STATIC_ROOT).resolve()
    berkas = (akar / nama).resolve()
    return berkas if berkas.is_relative_to(akar) and berkas.is_file() else None


def _media(path: Path) -> Path | None:
    akar = Path(settings.MEDIA_ROOT).resolve()
    asli = path.resolve()
    return asli if asli.is_relative_to(akar) and asli.is_file() else None


def render_html_cetak(dokumen: DokumenLaporan) -> str:
    return render_to_string(TEMPLATE_CETAK, {"dokumen": dokumen, "cetak": True})


@dataclass(frozen=True)
class Lampiran:
    """A file carried inside the PDF (an associated file of PDF/A-3)."""

    nama: str
    isi: bytes
    keterangan: str
    hubungan: str = "Data"  # /AFRelationship: the data the document is made from


def html_weasyprint(html: str) -> weasyprint.HTML:
    """A printable HTML document (static files referenced by their STATIC_URL) for WeasyPrint,
    which reads only our files; ``.render()`` gives the laid-out pages."""
    return weasyprint.HTML(string=html, base_url="file:///", url_fetcher=FetcherLokal())


def tabel_melebar(halaman: list[weasyprint.Page]) -> bool:
    """Whether a table reaches past its page's content box: one of its words (a pasted address,
    a long code) is wider than the page leaves its column."""
    for page in halaman:
        kotak = page._page_box
        kiri, kanan = kotak.content_box_x(), kotak.content_box_x() + kotak.width
        tumpukan = list(kotak.children)
        while tumpukan:
            box = tumpukan.pop()
            if isinstance(box, boxes.TableBox):
                x = box.border_box_x()
                if x < kiri - 0.5 or x + box.border_width() > kanan + 0.5:
                    return True
            elif isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.MarginBox):
                tumpukan.extend(box.children)
    return False


def render_halaman(html: str, **opsi) -> weasyprint.Document:
    """The laid-out pages (options: ``OPSI_PDF`` unless given; the PDF variant is needed at layout
    already: it chooses the output intent, sRGB). Tables take their column widths from their
    content and wrap names between words (docs/tata_letak.md); if a word is too long for that,
    the document is laid out again with the table cells' words broken anywhere, which is slower
    but always fits."""
    opsi = opsi or OPSI_PDF
    dokumen = html_weasyprint(html).render(**opsi)
    if tabel_melebar(dokumen.pages):
        putus = html.replace('<body class="', f'<body class="{KELAS_PUTUS_KATA} ', 1)
        dokumen = html_weasyprint(putus).render(**opsi)
    return dokumen


def _af_sekali(dokumen: weasyprint.Document, pdf: pydyf.PDF) -> None:
    # WeasyPrint lists each attachment twice in /AF (from the name tree and from its file
    # specification); once is what the standard means.
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))


def tulis_pdf(halaman: weasyprint.Document, *, lampiran: Sequence[Lampiran] = ()) -> bytes:
    """The PDF/A-3b of a layout: tagged, embedded subset fonts, sRGB output intent, XMP
    identification, ``lampiran`` embedded and listed in /AF."""
    waktu = timezone.now()  # WeasyPrint writes the files' dates as UTC
    berkas = [
        weasyprint.Attachment(
            string=lam.isi,
            name=lam.nama,
            description=lam.keterangan,
            relationship=lam.hubungan,
            created=waktu,
            modified=waktu,
        )
        for lam in lampiran
    ]
    return halaman.write_pdf(**OPSI_PDF, attachments=berkas, finisher=_af_sekali)


def html_ke_pdf(html: str, *, lampiran: Sequence[Lampiran] = ()) -> bytes:
    """A printable HTML document as a PDF/A-3b; shared by the report and the Perjanjian
    Kinerja."""
    return tulis_pdf(render_halaman(html), lampiran=lampiran)


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


def kunci_cache(*, satker: Satker, tahun: int) -> str:
    """``<satker pk>-<tahun>-<hash of the data and the layout>``: the prefix lets prune_cache
    tell the PDFs of one report apart without asking the database."""
    sidik = hashlib.sha256(
        f"{sidik_data(satker=satker, tahun=tahun)}:{_versi_tata_letak()}".encode()
    ).hexdigest()
    return f"{satker.pk}-{tahun}-{sidik}"


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
