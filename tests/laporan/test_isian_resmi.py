"""Nothing unfinished or wrong reaches the printed report: a missing name, NIP, date, place or
emblem prints as a blank line and is a galat of the check (with a link, blocking submission);
counts come from the rows the table prints; a missing budget is not Rp0; Tabel 2.2 is numbered
as printed; negative polarity is marked; a line without a budget code prints none."""

import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, Realisasi, SasaranPK
from laporan.cetak import render_html_cetak
from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import FRASA_BELUM_SELESAI, GALAT, cari_teks_belum_selesai, periksa
from pengesahan.services import ajukan
from renstra.models import Polaritas

TAHUN = 2024
TITIK = "......................................"


def _html(satker) -> str:
    return render_html_cetak(build_dokumen(satker=satker, tahun=TAHUN))


def _teks(html: str) -> str:
    """What a reader of the PDF sees: the text without markup, styles and scripts."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _bagian(html: str, id_: str) -> str:
    """The element with this id up to the next table/section/figure (enough for one table)."""
    mulai = html.index(f'id="{id_}"')
    return html[mulai : mulai + 60000]


def _pk(satker) -> PerjanjianKinerja:
    return PerjanjianKinerja.objects.get(satker=satker, tahun=TAHUN, versi=1)


def _periksa(satker):
    return periksa(build_dokumen(satker=satker, tahun=TAHUN))


# --- Nothing reads as a placeholder -------------------------------------------------------------


def test_demo_report_prints_no_placeholder_or_software_phrase(gunung_mas):
    teks = _teks(_html(gunung_mas))
    assert cari_teks_belum_selesai(teks) == ()
    for frasa in (*FRASA_BELUM_SELESAI, "[nama", "None", TITIK):
        assert frasa.lower() not in teks.lower(), frasa
    # The signature blocks have their values: place and date, names, the Sekretaris' NIP.
    assert "Kuala Kurun, 05 Januari 2025" in teks
    assert "Kuala Kurun, 02 Januari 2024 Pihak Kedua, Pihak Pertama" in teks
    assert "NIP. 198001012005011001" in teks
    assert "Yang bertanda tangan di bawah ini, SEKRETARIS PERCOBAAN, S.E. selaku Sekretaris" in teks


def test_missing_pk_values_print_blank_lines_not_placeholders(gunung_mas):
    PerjanjianKinerja.objects.filter(pk=_pk(gunung_mas).pk).update(
        pihak_pertama_nama="", pihak_pertama_nip="", pihak_kedua_nama="", tanggal=None
    )
    teks = _teks(_bagian(_html(gunung_mas), "lampiran"))
    assert "[nama" not in teks and "belum diisi" not in teks
    assert f"Yang bertanda tangan di bawah ini, {TITIK} selaku Sekretaris" in teks
    assert f"Kuala Kurun, {TITIK} 2024 Pihak Kedua, Pihak Pertama" in teks
    assert f"NIP. {TITIK}" in teks


def test_tabel_3_4_says_why_a_year_is_not_measured(gunung_mas):
    tabel = _teks(_bagian(_html(gunung_mas), "tabel-3-4"))
    assert "belum diukur di aplikasi" not in tabel
    assert "2022 Tidak diukur: data Perjanjian Kinerja Tahun 2022 tidak tersedia." in tabel


def test_a_typed_placeholder_in_a_narrative_or_a_name_is_a_galat(gunung_mas):
    PerjanjianKinerja.objects.filter(pk=_pk(gunung_mas).pk).update(pihak_kedua_nama="[nama]")
    temuan = [t for t in _periksa(gunung_mas) if t.jenis == "teks_belum_selesai"]
    assert [(t.tingkat, t.lokasi) for t in temuan] == [
        (GALAT, "Lampiran Perjanjian Kinerja, pihak kedua")
    ]


# --- Missing values are galat, with a link, and block submission ---------------------------------


@pytest.mark.parametrize(
    ("kolom", "kosong", "jenis"),
    [
        ("pihak_pertama_nip", "", "pk_nip_kosong"),
        ("pihak_pertama_nama", "", "pk_pihak_pertama_kosong"),
        ("pihak_kedua_nama", "", "pk_pihak_kedua_kosong"),
        ("tanggal", None, "pk_tanggal_kosong"),
    ],
)
def test_a_missing_pk_value_is_a_galat_linked_to_the_pk_and_blocks_submission(
    gunung_mas, operator, kolom, kosong, jenis
):
    pk = _pk(gunung_mas)
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(**{kolom: kosong})
    (t,) = [t for t in _periksa(gunung_mas) if t.jenis == jenis]
    assert (t.tingkat, t.lokasi) == (GALAT, "Lampiran Perjanjian Kinerja, tanda tangan")
    assert t.tautan == reverse("admin:kinerja_perjanjiankinerja_change", args=[pk.pk])
    with pytest.raises(ValidationError, match="masih ada . galat"):
        ajukan(satker=gunung_mas, tahun=TAHUN, user=operator, alasan={})


def test_a_missing_emblem_is_a_galat_linked_to_the_satker(gunung_mas):
    gunung_mas.logo = ""
    gunung_mas.save()
    (t,) = [t for t in _periksa(gunung_mas) if t.tingkat == GALAT]
    assert (t.jenis, t.lokasi) == ("logo_kosong", "Sampul")
    assert t.tautan == reverse("admin:satker_satker_change", args=[gunung_mas.pk])


def test_a_report_without_a_date_waits_for_the_approval_date_and_a_missing_place_is_a_galat(
    gunung_mas,
):
    from laporan.models import Laporan

    laporan = Laporan.objects.get(satker=gunung_mas, tahun=TAHUN)
    laporan.tanggal = None
    laporan.save()
    # The approval prints its own date (the letter date is the approval date unless set).
    assert not [t for t in _periksa(gunung_mas) if t.tingkat == GALAT]
    assert f"Kuala Kurun, {TITIK}" in _teks(_bagian(_html(gunung_mas), "kata-pengantar"))
    laporan.tempat = ""
    laporan.save()
    gunung_mas.kedudukan = ""
    gunung_mas.save()
    (t,) = [t for t in _periksa(gunung_mas) if t.jenis == "tempat_kosong"]
    assert t.tingkat == GALAT
    assert t.tautan == reverse("admin:laporan_laporan_change", args=[laporan.pk])


def test_a_ketua_account_without_a_name_never_prints_the_login_name(gunung_mas, buat_pengguna):
    ketua = buat_pengguna(gunung_mas, "komisioner", is_ketua=True, username="ketua-tanpa-nama")
    dokumen = build_dokumen(satker=gunung_mas, tahun=TAHUN)
    # The PK's pihak kedua (the Ketua) is printed instead of "ketua-tanpa-nama".
    assert dokumen.penandatangan.nama == "ELFRINIS G. TUMON"
    PerjanjianKinerja.objects.filter(pk=_pk(gunung_mas).pk).update(pihak_kedua_nama="")
    galat = [t for t in _periksa(gunung_mas) if t.jenis == "penandatangan_kosong"]
    assert [t.tautan for t in galat] == [reverse("admin:satker_pengguna_change", args=[ketua.pk])]


def test_the_report_page_links_each_galat_to_where_it_is_filled(client, gunung_mas, operator):
    pk = _pk(gunung_mas)
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(pihak_pertama_nip="")
    client.force_login(operator)
    halaman = client.get(reverse("laporan", kwargs={"kode": gunung_mas.kode, "tahun": TAHUN}))
    isi = halaman.content.decode()
    tautan = reverse("admin:kinerja_perjanjiankinerja_change", args=[pk.pk])
    assert "NIP pihak pertama (Sekretaris; pegawai negeri sipil" in isi
    assert f'<a href="{tautan}">Isi di sini</a>' in isi


# --- Counts, budget, numbering, polarity, codes ---------------------------------------------


def _indikator_3_2(satker, nomor: str) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=satker,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor=nomor,
    )


def test_the_count_in_the_text_is_the_rows_averaged(gunung_mas):
    Realisasi.objects.filter(indikator=_indikator_3_2(gunung_mas, "2.3")).delete()
    html = _html(gunung_mas)
    teks = _teks(html)
    assert "yaitu rata-rata capaian 9 (sembilan) indikator kinerja pada Tabel 3.2" in teks
    assert "rata-rata capaian 9 (sembilan) indikator yang realisasinya tersedia" in teks
    assert "Sebanyak 1 (satu) indikator lainnya tidak ikut dirata-ratakan" in teks
    assert "rata-rata capaian 10" not in teks
    assert "2024 9 " in _teks(_bagian(html, "tabel-3-4"))


def test_no_budget_is_said_not_printed_as_rp0(gunung_mas):
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=TAHUN).delete()
    # The charts' axes start at Rp0; the text and tables never state it as an amount.
    teks = _teks(re.sub(r"<svg\b.*?</svg>", " ", _html(gunung_mas), flags=re.S))
    assert "Rp0" not in teks
    assert (
        "Tidak ada pagu maupun realisasi anggaran KPU Kabupaten Gunung Mas yang tercatat untuk "
        "Tahun Anggaran 2024" in teks
    )


def test_tabel_2_2_numbers_the_rows_printed_consecutively(gunung_mas):
    dokumen = build_dokumen(satker=gunung_mas, tahun=TAHUN)
    for program in dokumen.tabel_2_2:
        for kelompok in program.kelompok:
            nomor = [s.nomor for s in kelompok.sasaran]
            assert nomor == [str(i) for i in range(1, len(nomor) + 1)], kelompok.judul


def test_negative_polarity_is_marked_where_capaian_is_shown(gunung_mas):
    IndikatorKinerja.objects.filter(pk=_indikator_3_2(gunung_mas, "2.3").pk).update(
        polaritas=Polaritas.NEGATIF
    )
    html = _html(gunung_mas)
    tabel = _bagian(html, "tabel-3-2")
    assert tabel[: tabel.index("</table>")].count("(makin rendah makin baik)") == 1
    assert "indikator 2.3 (" in _teks(html) and "berpolaritas negatif (makin rendah" in html


def test_a_line_without_a_budget_code_prints_no_code(gunung_mas):
    html = _html(gunung_mas)
    assert "HIBAH" not in _teks(html)
    baris = '<tr><td class="utuh"></td><td>Teknis Penyelenggaraan Pemilu/Pemilihan (hibah Pilkada'
    assert baris in html
