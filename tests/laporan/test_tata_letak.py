"""The printed report is readable by construction: WeasyPrint's laid-out boxes of the demo report
and of the stress satker (pertukaran/demo/stres.py: the longest names, 15-digit amounts, 80
indicators) are walked, and no line or text may leave its table cell or the page, and a table's
Jumlah row is only at the table's real end. Each report is rendered once per module."""

from dataclasses import dataclass

import pytest
from django.db import transaction
from weasyprint.formatting_structure import boxes

from kinerja.models import IndikatorKinerja
from laporan.cetak import render_html_cetak
from laporan.dokumen import build_dokumen
from lkjip.pdf import KELAS_PUTUS_KATA, render_halaman, tabel_melebar
from pertukaran.demo.stres import KODE as KODE_STRES
from pertukaran.demo.stres import TAHUN as TAHUN_STRES
from pertukaran.demo.stres import buat_satker_stres
from satker.models import Satker
from tests.conftest import KODE_GUNUNG_MAS

TOLERANSI = 0.5  # CSS px

# Also makes pytest-django create the test database when only these tests are selected.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Luber:
    halaman: int
    teks: str
    wadah: str  # "sel" or "halaman"
    lebih: float  # px beyond the box, the largest side


def _teks(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.ReplacedBox):
        return f"<{box.element_tag.rsplit('}', 1)[-1]}>"
    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))


def _lebih(box, x0: float, y0: float, x1: float, y1: float) -> float:
    """How far ``box`` (its margin-less extent) lies outside the rectangle, 0 when inside."""
    kiri, atas = box.position_x, box.position_y
    kanan, bawah = kiri + box.width, atas + box.height
    return max(x0 - kiri, kanan - x1, y0 - atas, bawah - y1, 0)


def _isi(box) -> tuple[float, float, float, float]:
    x, y = box.content_box_x(), box.content_box_y()
    return x, y, x + box.width, y + box.height


def find_luber(halaman: list) -> list[Luber]:
    """Every line box, text box and image (a chart) that crosses its table cell's content box or
    the page's."""
    hasil = []
    for nomor, page in enumerate(halaman, 1):
        area = _isi(page._page_box)
        # (box, its nearest table cell), depth first.
        tumpukan = [(page._page_box, None)]
        while tumpukan:
            box, sel = tumpukan.pop()
            if isinstance(box, boxes.MarginBox):
                continue  # the running header and the page number live outside the content box
            if isinstance(box, boxes.TableCellBox):
                sel = box
            if isinstance(box, (boxes.LineBox, boxes.TextBox, boxes.ReplacedBox)):
                luber = [
                    Luber(nomor, _teks(box)[:60], wadah, round(lebih, 1))
                    for wadah, batas in (("halaman", area), ("sel", sel and _isi(sel)))
                    if batas and (lebih := _lebih(box, *batas)) > TOLERANSI
                ]
                if luber:
                    hasil.append(luber[0])
                    continue  # one finding per line, not again for each of its texts
            if isinstance(box, boxes.ParentBox):
                tumpukan.extend((anak, sel) for anak in reversed(box.children))
    hasil.sort(key=lambda x: x.halaman)
    return hasil


def _kelas(box) -> set[str]:
    return set((box.element.get("class") or "").split()) if box.element is not None else set()


def _baris(tabel) -> list:
    """The body rows of one page's part of a table (not its repeated header)."""
    return [
        baris
        for grup in tabel.children
        if isinstance(grup, boxes.TableRowGroupBox) and not grup.is_header
        for baris in grup.children
    ]


def find_jumlah_salah(halaman: list) -> tuple[list[str], int]:
    """Jumlah rows not at their table's real end (a page the table continues after, a row after
    them) or alone on their page; and how many Jumlah rows were seen at all."""
    per_halaman = []
    for page in halaman:
        tabel = {}
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableBox):
                tabel[box.element] = box
        per_halaman.append(tabel)
    salah, jumlah = [], 0
    for i, tabel in enumerate(per_halaman):
        berikut = per_halaman[i + 1] if i + 1 < len(per_halaman) else {}
        for elemen, box in tabel.items():
            nama = elemen.get("id") or "tabel"
            baris = _baris(box)
            for j, b in enumerate(baris):
                if "baris-jumlah" not in _kelas(b):
                    continue
                jumlah += 1
                if elemen in berikut:
                    salah.append(f"hlm {i + 1}, {nama}: Jumlah, lalu tabel berlanjut")
                if j != len(baris) - 1:
                    salah.append(f"hlm {i + 1}, {nama}: Jumlah bukan baris terakhir")
                if j == 0:
                    salah.append(f"hlm {i + 1}, {nama}: Jumlah sendirian di awal halaman")
    return salah, jumlah


def _render(satker: Satker, tahun: int) -> list:
    """The pages as the PDF has them (lkjip.pdf.render_halaman)."""
    return render_halaman(render_html_cetak(build_dokumen(satker=satker, tahun=tahun))).pages


@pytest.fixture(scope="module")
def halaman_demo(django_db_setup, django_db_blocker) -> list:
    with django_db_blocker.unblock():
        return _render(Satker.objects.get(kode=KODE_GUNUNG_MAS), 2024)


@pytest.fixture(scope="module")
def halaman_kata_panjang(django_db_setup, django_db_blocker) -> list:
    """The demo with an indicator holding a word no column can hold (a pasted address)."""
    with django_db_blocker.unblock(), transaction.atomic():
        indikator = IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian__satker__kode=KODE_GUNUNG_MAS,
            sasaran__bagian="kinerja",
        ).first()
        indikator.nama += " https://jdih.kpu.go.id/data/data_kepkpu/" + "x" * 120 + ".pdf"
        indikator.save()
        halaman = _render(Satker.objects.get(kode=KODE_GUNUNG_MAS), 2024)
        transaction.set_rollback(True)
    return halaman


@pytest.fixture(scope="module")
def halaman_stres(django_db_setup, django_db_blocker) -> list:
    # The stress satker lives only while its report is built: other tests never see it.
    with django_db_blocker.unblock(), transaction.atomic():
        halaman = _render(buat_satker_stres(), TAHUN_STRES)
        transaction.set_rollback(True)
    with django_db_blocker.unblock():
        assert not Satker.objects.filter(kode=KODE_STRES).exists()
    return halaman


def _pesan(luber: list[Luber]) -> str:
    return "\n".join(
        f"hlm {x.halaman}: “{x.teks}” keluar dari {x.wadah} {x.lebih} px" for x in luber[:25]
    )


@pytest.mark.parametrize("laporan", ["halaman_demo", "halaman_stres", "halaman_kata_panjang"])
def test_tidak_ada_teks_keluar_dari_sel_atau_halaman(laporan, request):
    luber = find_luber(request.getfixturevalue(laporan))
    assert not luber, f"{len(luber)} baris/teks keluar:\n{_pesan(luber)}"


@pytest.mark.parametrize("laporan", ["halaman_demo", "halaman_stres"])
def test_baris_jumlah_hanya_di_akhir_tabel(laporan, request):
    salah, jumlah = find_jumlah_salah(request.getfixturevalue(laporan))
    assert jumlah >= 2  # Tabel 3.7 and 3.8 each have one
    assert not salah, "\n".join(salah)


def _kelas_body(halaman: list) -> set[str]:
    html = next(b for b in halaman[0]._page_box.children if b.element_tag == "html")
    body = next(b for b in html.descendants() if b.element_tag == "body")
    return _kelas(body)


@pytest.mark.parametrize("laporan", ["halaman_demo", "halaman_stres"])
def test_nama_panjang_cukup_dipatah_antarkata(laporan, request):
    """Realistic names, the longest too, fit by wrapping between words: the slower layout that
    breaks words anywhere is not needed."""
    halaman = request.getfixturevalue(laporan)
    assert KELAS_PUTUS_KATA not in _kelas_body(halaman)
    assert not tabel_melebar(halaman)


def test_kata_terlalu_panjang_dipatah_di_mana_saja(halaman_kata_panjang):
    assert KELAS_PUTUS_KATA in _kelas_body(halaman_kata_panjang)
    assert not tabel_melebar(halaman_kata_panjang)
