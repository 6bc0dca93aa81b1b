"""The report's PDF is an archival PDF/A-3b that carries the data workbook of its satker-year:
identified in its XMP, with an sRGB output intent, the workbook embedded as an associated file
(/AF) whose budget adds up to the figures the report prints; still tagged, with bookmarks."""

import re
from collections import defaultdict
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from laporan.cetak import render_pdf
from laporan.dokumen import build_dokumen
from satker.models import Satker

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def laporan_pdf(django_db_setup, django_db_blocker):
    """(report object, its PDF): rendering takes seconds, once for the module."""
    with django_db_blocker.unblock():
        dokumen = build_dokumen(satker=Satker.objects.get(kode="6210"), tahun=2024)
        return dokumen, render_pdf(dokumen)


def xmp_pdfa(pdf: bytes) -> dict[str, str]:
    """The PDF/A identification (pdfaid:part, pdfaid:conformance) of the catalogue's XMP."""
    xmp = PdfReader(BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    return dict(re.findall(r'pdfaid:(part|conformance)\s*=\s*"([^"]*)"', xmp))


def lampiran_af(pdf: bytes) -> list[dict]:
    """The file specifications of the catalogue's /AF, each also checked to be in the
    EmbeddedFiles name tree."""
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    af = [ref.get_object() for ref in root["/AF"]]
    nama = root["/Names"]["/EmbeddedFiles"].get_object()["/Names"]
    terdaftar = {id(nama[i + 1].get_object()) for i in range(0, len(nama), 2)}
    assert all(id(spec) in terdaftar for spec in af)
    return af


def isi_lampiran(spec: dict) -> bytes:
    return spec["/EF"]["/F"].get_object().get_data()


def total_anggaran(xlsx: bytes, *, tahun: int) -> tuple[Decimal, Decimal]:
    """Pagu and realisasi of the year from the workbook's BarisAnggaran sheet, totalled as the
    report does (a line with children: the sum of its children)."""
    lembar = load_workbook(BytesIO(xlsx), read_only=True)["BarisAnggaran"]
    judul, *baris = lembar.iter_rows(values_only=True)
    k = {nama: i for i, nama in enumerate(judul)}
    baris = [b for b in baris if b[k["tahun"]] == tahun]
    anak = defaultdict(list)
    for b in baris:
        anak[b[k["induk"]]].append(b)

    def jumlah(b, kolom: str) -> Decimal:
        if anak[b[k["kode"]]]:
            return sum((jumlah(a, kolom) for a in anak[b[k["kode"]]]), Decimal(0))
        return Decimal(str(b[k[kolom]] or 0))

    akar = anak[None]
    return (
        sum((jumlah(b, "pagu") for b in akar), Decimal(0)),
        sum((jumlah(b, "realisasi") for b in akar), Decimal(0)),
    )


def test_pdf_is_identified_as_pdfa_3b(laporan_pdf):
    _, pdf = laporan_pdf
    assert xmp_pdfa(pdf) == {"part": "3", "conformance": "B"}
    assert pdf.startswith(b"%PDF-1.7")
    trailer = PdfReader(BytesIO(pdf)).trailer
    assert len(trailer["/ID"]) == 2  # PDF/A requires the file identifier


def test_pdf_has_an_srgb_output_intent_with_its_icc_profile(laporan_pdf):
    _, pdf = laporan_pdf
    (intent,) = PdfReader(BytesIO(pdf)).trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in intent["/OutputConditionIdentifier"]
    profil = intent["/DestOutputProfile"].get_object()
    assert profil["/N"] == 3
    icc = profil.get_data()
    assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "  # an ICC profile of an RGB space


def test_pdf_carries_the_data_workbook_as_its_associated_file(laporan_pdf):
    dokumen, pdf = laporan_pdf
    (spec,) = lampiran_af(pdf)
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/F"] == spec["/UF"] == "buku-data-6210-2024.xlsx"
    assert "Buku data KPU Kabupaten Gunung Mas tahun 2024" in spec["/Desc"]
    berkas = spec["/EF"]["/F"].get_object()
    assert berkas["/Subtype"] == "/" + XLSX
    assert berkas["/Params"]["/Size"] == len(isi_lampiran(spec))
    assert "/ModDate" in berkas["/Params"]

    pagu, realisasi = total_anggaran(isi_lampiran(spec), tahun=2024)
    assert (pagu, realisasi) == (dokumen.anggaran.total_pagu, dokumen.anggaran.total_realisasi)
    assert (pagu, realisasi) == (Decimal("41469966000"), Decimal("39420682212"))


def test_attached_workbook_is_the_satker_years_data_workbook(laporan_pdf):
    _, pdf = laporan_pdf
    (spec,) = lampiran_af(pdf)
    buku = load_workbook(BytesIO(isi_lampiran(spec)), read_only=True)
    info = dict(buku["Info"].iter_rows(min_row=2, values_only=True))
    assert (info["format"], info["kode_satker"], info["tahun"]) == (
        "lkjip-buku-data",
        "6210",
        "2024",
    )
    realisasi = list(buku["Realisasi"].iter_rows(min_row=2, values_only=True))
    assert realisasi  # the quarterly realisations travel with the report


def test_pdf_is_still_tagged_with_bookmarks(laporan_pdf):
    _, pdf = laporan_pdf
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean object
    assert "/StructTreeRoot" in root
    assert root["/Lang"]
    judul = [o.title for o in reader.outline if not isinstance(o, list)]
    assert any(j.startswith("BAB I") for j in judul)
