"""The electronic stamp sits in the space reserved above the Ketua's name, clear of the name and
of the lines above it; the letter's date is the report's date or, when it has none, the day of
approval; the stamp labels its own time as the time of signing (docs/pengesahan.md, "The letter's
date")."""

from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from laporan.models import Laporan
from lkjip.angka import format_tanggal
from pengesahan import services
from pengesahan.models import Pengesahan
from pengesahan.signing import LEBAR_STEMPEL, TINGGI_STEMPEL, InfoTandaTangan, teks_stempel

from .alur import TAHUN, tandatangani

JARAK_MINIMUM = 4  # points between the stamp and the text above and below it


def _stempel(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    reader = PdfReader(BytesIO(pdf))
    for i, page in enumerate(reader.pages):
        for a in page.get("/Annots", []):
            widget = a.get_object()
            if widget.get("/FT") == "/Sig":
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                return i, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    raise AssertionError("no signature widget")


def _baris_teks(pdf: bytes, halaman: int) -> list[tuple[str, float, float]]:
    """(text, baseline y, font size) of every text run of one page, in PDF points."""
    hasil = []

    def catat(teks, cm, tm, font, ukuran) -> None:
        if teks.strip():
            # y of the baseline in page space: the text matrix then the current matrix.
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            skala = (tm[3] * cm[3]) or 1
            hasil.append((teks.strip(), y, ukuran * abs(skala)))

    PdfReader(BytesIO(pdf)).pages[halaman].extract_text(visitor_text=catat)
    return hasil


@pytest.fixture
def signed(client, gunung_mas, operator, sekretaris, ketua):
    return tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)


def test_stamp_is_in_the_reserved_space_clear_of_the_name_and_the_jabatan(signed, ketua):
    pdf = bytes(signed.pdf)
    halaman, (x0, y0, x1, y1) = _stempel(pdf)
    teks = _baris_teks(pdf, halaman)
    nama = ketua.get_full_name()
    (_, garis_nama, ukuran_nama), *_ = [t for t in teks if nama in t[0]]
    (_, garis_jabatan, _), *_ = [t for t in teks if t[0] == "Ketua,"]

    assert (x1 - x0, y1 - y0) == (LEBAR_STEMPEL, TINGGI_STEMPEL)
    # The name's glyphs reach about one font size above its baseline.
    assert y0 - (garis_nama + ukuran_nama) >= JARAK_MINIMUM
    # The stamp's top stays below the jabatan line (its baseline; descenders are tiny).
    assert garis_jabatan - y1 >= JARAK_MINIMUM - 2
    # Inside the page's printable width (A4: 595 pt; margins 25 mm left, 20 mm right).
    assert x0 >= 70 and x1 <= 595 - 56


def test_stamp_labels_its_time_as_the_time_of_signing():
    info = InfoTandaTangan(
        nama="Ketua Uji",
        jabatan="Ketua KPU Kabupaten Gunung Mas",
        waktu=timezone.make_aware(timezone.datetime(2025, 1, 6, 9, 30)),
        lokasi="Kuala Kurun",
        url_verifikasi="https://contoh/",
    )
    teks = teks_stempel(info)
    assert "Waktu tanda tangan: 06-01-2025 09:30" in teks
    # Not "Kuala Kurun, 06-01-2025": that reads as a second letter date.
    assert "Kuala Kurun," not in teks


def test_the_report_date_is_printed_and_signed_as_it_is(signed, gunung_mas):
    tanggal = Laporan.objects.get(satker=gunung_mas, tahun=TAHUN).tanggal
    teks = PdfReader(BytesIO(bytes(signed.pdf))).pages[1].extract_text()
    assert f"Kuala Kurun, {format_tanggal(tanggal)}" in teks


@pytest.mark.django_db
def test_a_report_without_a_date_is_approved_with_the_approval_date(gunung_mas, sekretaris):
    Laporan.objects.filter(satker=gunung_mas, tahun=TAHUN).update(tanggal=None)
    Pengesahan.objects.update_or_create(
        satker=gunung_mas, tahun=TAHUN, defaults={"status": Pengesahan.Status.DIAJUKAN}
    )

    p = services.setujui(satker=gunung_mas, tahun=TAHUN, user=sekretaris)

    teks = PdfReader(BytesIO(bytes(p.pdf_disetujui))).pages[1].extract_text()
    assert f"Kuala Kurun, {format_tanggal(timezone.localdate())}" in teks
    assert "[tanggal diisi saat laporan disetujui]" not in teks
