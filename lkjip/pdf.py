"""Printable HTML to PDF with WeasyPrint: an archival PDF/A-3b, laid out so that every table fits
its page, reading only our static files and uploaded media. Shared by the report (laporan.cetak)
and the Perjanjian Kinerja (kinerja.views_perjanjian)."""

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher, URLFetcherResponse

# An archival PDF (ISO 19005-3, level B: what is printed is preserved) that may carry other
# files, each marked in the catalogue's /AF with its relationship to the document.
VARIAN_PDF = "pdf/a-3b"
OPSI_PDF = {"pdf_variant": VARIAN_PDF, "pdf_tags": True, "uncompressed_pdf": False}
# On <body>: table cells break words anywhere (dokumen.css), for a word no column can hold.
KELAS_PUTUS_KATA = "putus-kata"


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
