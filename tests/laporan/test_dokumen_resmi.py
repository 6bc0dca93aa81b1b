"""The report reads as an official document: the cover, the kop surat, the Ikhtisar's lists and
signature, list markers as typed, amounts in words, figures numbered in page order with a note on
what the compared years cover."""

import re
from contextlib import contextmanager
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw
from pypdf import PdfReader

from laporan.cetak import render_html_cetak, render_pdf
from laporan.dokumen import build_dokumen
from lkjip.angka import format_terbilang
from satker.models import Satker

pytestmark = pytest.mark.django_db

TELEPON, EMAIL = "(0537) 3030303", "kpu@contoh.go.id"


def lambang_uji() -> bytes:
    """A neutral test emblem (no real institution's)."""
    gambar = Image.new("RGB", (300, 360), "white")
    ImageDraw.Draw(gambar).polygon([(150, 5), (295, 90), (265, 355), (35, 355), (5, 90)], "grey")
    isi = BytesIO()
    gambar.save(isi, "PNG")
    return isi.getvalue()


@contextmanager
def lambang_sementara(satker: Satker):
    """The satker with a test emblem, telephone and email; the file is removed afterwards (the
    rows are rolled back by the caller)."""
    satker.logo.save("lambang-uji.png", ContentFile(lambang_uji()), save=False)
    satker.telepon, satker.email = TELEPON, EMAIL
    satker.save()
    try:
        yield satker
    finally:
        satker.logo.delete(save=False)


@pytest.fixture(scope="module")
def pdf_resmi(django_db_setup, django_db_blocker) -> bytes:
    """Rendered once with a test emblem, telephone and email (rolled back afterwards)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with lambang_sementara(Satker.objects.get(kode="6210")) as satker:
            pdf = render_pdf(build_dokumen(satker=satker, tahun=2024))
        transaction.set_rollback(True)
    return pdf


@pytest.fixture(scope="module")
def halaman(pdf_resmi) -> list[str]:
    return [p.extract_text() for p in PdfReader(BytesIO(pdf_resmi)).pages]


def _rapat(teks: str) -> str:
    return re.sub(r"\s+", " ", teks)


def _html(satker: Satker) -> str:
    return render_html_cetak(build_dokumen(satker=satker, tahun=2024))


def _bagian(html: str, id_: str) -> str:
    """The <section id=…> of the HTML, up to the next section."""
    awal = html.index(f'id="{id_}"')
    return html[awal : html.find("<section", awal)]


# --- Cover ---------------------------------------------------------------------------------------


def test_cover_has_the_emblem_title_year_satker_and_address_on_one_page(pdf_resmi, halaman):
    sampul = _rapat(halaman[0])
    # The emblem is drawn on the cover (one image painted on the page).
    assert PdfReader(BytesIO(pdf_resmi)).pages[0].get_contents().get_data().count(b" Do") == 1
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)" in sampul
    assert "TAHUN 2024" in sampul
    assert "KOMISI PEMILIHAN UMUM KABUPATEN GUNUNG MAS" in sampul
    assert "Kuala Kurun, Kalimantan Tengah" in sampul
    # The cover is one page: the Kata Pengantar begins on the next.
    assert "KATA PENGANTAR" in halaman[1]


def test_cover_without_an_emblem_prints_no_image_and_no_placeholder(gunung_mas):
    gunung_mas.logo = ""
    gunung_mas.save()
    sampul = _bagian(_html(gunung_mas), "sampul")
    assert "<img" not in sampul
    assert "[" not in sampul and "belum" not in sampul
    assert "sampul__garis" in sampul


def test_cover_and_kop_show_the_uploaded_emblem_from_the_media_files(gunung_mas):
    with lambang_sementara(gunung_mas):
        html = _html(gunung_mas)
        berkas = gunung_mas.logo.path
    assert f'class="sampul__logo" src="file://{berkas}"' in html
    assert html.count(f'class="kop-surat__lambang" src="file://{berkas}"') == 2  # KP, Lampiran


# --- Kop surat -----------------------------------------------------------------------------------


def test_kata_pengantar_and_lampiran_pk_carry_the_kop_surat(halaman):
    kop = (
        "KOMISI PEMILIHAN UMUM KABUPATEN GUNUNG MAS Kuala Kurun, Kalimantan Tengah "
        f"Telepon {TELEPON} · Email {EMAIL}"
    )
    assert _rapat(halaman[1]).startswith(kop + " KATA PENGANTAR")
    (lampiran,) = [h for h in halaman if "Lampiran Perjanjian Kinerja Tahun 2024" in h][:1]
    assert kop in _rapat(lampiran)


def test_kop_without_telephone_or_email_prints_no_empty_label(gunung_mas):
    kop = _html(gunung_mas).split('<header class="kop-surat', 1)[1].split("</header>")[0]
    assert "Telepon" not in kop and "Email" not in kop
    assert "KOMISI PEMILIHAN UMUM" in kop and "KABUPATEN GUNUNG MAS" in kop


# --- Ikhtisar ------------------------------------------------------------------------------------


def test_ikhtisar_prints_the_lists_it_refers_to_and_the_ketua_signature(gunung_mas):
    dokumen = build_dokumen(satker=gunung_mas, tahun=2024)
    ikhtisar = _bagian(_html(gunung_mas), "ikhtisar")
    teks = re.sub(r"<[^>]+>", " ", ikhtisar)
    for tujuan in dokumen.renstra.tujuan:
        assert tujuan in ikhtisar
    for sasaran in dokumen.renstra.sasaran:
        assert sasaran.uraian in ikhtisar
    for program in dokumen.tabel_3_1:
        for c in program.sasaran[0].indikator:
            assert c.nama in ikhtisar
    # The lists come before the sentence that refers to them, the signature after everything.
    assert ikhtisar.index(dokumen.renstra.tujuan[0]) < ikhtisar.index("menetapkan pula")
    assert ikhtisar.index("menetapkan pula") < ikhtisar.index('class="tanda-tangan"')
    assert "ELFRINIS G. TUMON" in teks and "Ketua," in teks
    assert "{daftar_" not in ikhtisar


def test_ikhtisar_lists_and_signature_are_in_the_pdf(halaman):
    awal = next(
        i for i, h in enumerate(halaman) if "IKHTISAR EKSEKUTIF" in h and "DAFTAR ISI" not in h
    )
    akhir = next(i for i, h in enumerate(halaman) if "DAFTAR ISI" in h and "KATA PENGANTAR" in h)
    teks = _rapat(" ".join(halaman[awal:akhir]))
    assert "1. Terwujudnya lembaga KPU Kabupaten Gunung Mas" in teks
    assert "3. Meningkatnya kualitas regulasi kepemiluan" in teks
    assert teks.rstrip(" ivx").endswith("ELFRINIS G. TUMON")


# --- Lists -------------------------------------------------------------------------------------


def test_pdf_prints_the_list_markers_of_the_source(halaman):
    (teks,) = [_rapat(h) for h in halaman if "Tugas dan Fungsi Berdasarkan UU" in _rapat(h)]
    assert "a. Pemilu Anggota DPR, DPD dan DPRD 1) Menjabarkan program" in teks
    assert "2) Melaksanakan semua tahapan" in teks
    # The Renstra lists: 1) with a. below.
    renstra = _rapat(" ".join(h for h in halaman if "BAB II" in h))
    assert "1) Meningkatnya kualitas penyelenggaraan Pemilu, dengan indikator: a. " in renstra


# --- Amounts in words ----------------------------------------------------------------------------


def test_total_budget_is_repeated_in_words():
    assert format_terbilang(41469966000) == (
        "empat puluh satu miliar empat ratus enam puluh sembilan juta sembilan ratus enam puluh "
        "enam ribu rupiah"
    )


def test_bab_3_d_states_the_totals_in_words(halaman):
    teks = _rapat(" ".join(halaman))
    assert (
        "pagu sebesar Rp41.469.966.000 (empat puluh satu miliar empat ratus enam puluh sembilan "
        "juta sembilan ratus enam puluh enam ribu rupiah)"
    ) in teks
    assert "Rp39.420.682.212 (tiga puluh sembilan miliar empat ratus dua puluh juta" in teks


# --- Figures -------------------------------------------------------------------------------------


def test_figures_are_numbered_in_the_order_they_are_printed(gunung_mas, halaman):
    html = _html(gunung_mas)
    isi = html[html.index('class="isi-laporan"') :]
    nomor = [int(n) for n in re.findall(r"<figcaption>Gambar (\d+)\.", isi)]
    assert nomor == list(range(1, len(nomor) + 1)) and len(nomor) == 5
    daftar = [e.label for e in build_dokumen(satker=gunung_mas, tahun=2024).daftar_gambar]
    assert daftar == [f"Gambar {n}" for n in nomor]
    # And in the PDF, page by page.
    dicetak = [
        int(n) for h in halaman[6:] for n in re.findall(r"^Gambar (\d+)\. ", h, re.MULTILINE)
    ]
    assert dicetak == nomor


def test_yearly_budget_chart_says_what_each_year_covers(gunung_mas):
    grafik = build_dokumen(satker=gunung_mas, tahun=2024).grafik["serapan_tahunan"]
    assert "2022: 5 (lima) kegiatan pada program 076.01.CQ (6709, 6710, 6887, 6889, 6890)" in (
        grafik.catatan
    )
    assert "2024: 10 (sepuluh) kegiatan pada program 076.01.CQ dan 076.01.WA" in grafik.catatan
    assert "tidak sebanding langsung" in grafik.catatan
    assert grafik.catatan in _bagian(_html(gunung_mas), "bab_3")
