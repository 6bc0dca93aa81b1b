"""The layouts finance staff export and print (docs/impor_anggaran.md): each fixture, written by
openpyxl and by LibreOffice Calc (tests/anggaran/fixtures/buat_tata_letak.py), imports with the
totals per programme, per kegiatan and in all that the fixture's spec gives."""

import sys
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

from anggaran.impor import apply_impor, create_impor, read_anggaran
from anggaran.impor.tata_letak import JudulTidakDitemukan, cari_tata, is_penomoran
from anggaran.services import build_pohon_anggaran, build_realisasi_tahun

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

from spek_tata_letak import POHON, total_spek, with_totals  # noqa: E402

D = Decimal
PENULIS = ("openpyxl", "libreoffice")
# layout -> (has realisation, said in thousands where)
TATA = {
    "pok_cetak": (True, None),
    "rka_kl": (False, (8, "JUMLAH BIAYA (dalam ribuan)")),
    "dipa_petikan": (False, (6, "II. RINCIAN PAGU BELANJA (dalam ribuan rupiah)")),
    "sakti_bulanan": (True, None),
}


def berkas(nama: str, penulis: str) -> bytes:
    return (FIXTURES / f"{nama}_{penulis}.xlsx").read_bytes()


@pytest.mark.parametrize("penulis", PENULIS)
@pytest.mark.parametrize("nama", TATA)
def test_layout_imports_with_the_totals_of_its_spec(nama, penulis, gunung_mas):
    realisasi_ada, ribuan = TATA[nama]
    impor, hasil = create_impor(
        satker=gunung_mas, tahun=2024, data=berkas(nama, penulis), nama_berkas=f"{nama}.xlsx"
    )
    assert not hasil.galat
    if ribuan:
        assert hasil.ribuan == [{"lembar": hasil.lembar[0], "baris": ribuan[0], "teks": ribuan[1]}]
        assert impor.ribuan  # the preview says the amounts were multiplied by 1.000
    else:
        assert not hasil.ribuan and not impor.ribuan
    apply_impor(impor=impor)

    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    harus = total_spek(realisasi_ada=realisasi_ada)
    assert pohon.total_pagu == harus["total"][0]
    assert pohon.total_realisasi == (harus["total"][1] or D(0))
    for kode, (pagu, realisasi) in harus.items():
        if kode == "total":
            continue
        node = pohon.cari(kode)
        assert node is not None, kode
        assert (node.pagu, node.realisasi) == (pagu, realisasi), kode
    program = {n.kode for n in pohon.program}
    assert program == {b[1] for b in POHON if b[0] == "program"}


@pytest.mark.parametrize("penulis", PENULIS)
def test_printed_pok_skips_numbers_page_headers_and_subtotals_and_checks_derived(penulis):
    hasil = read_anggaran(berkas("pok_cetak", penulis), nama_berkas="pok.xlsx")
    uraian = [b.uraian for b in hasil.baris]
    assert not any(u.upper().startswith(("JUMLAH", "SUB TOTAL", "KODE")) for u in uraian)
    assert "PROGRAM/ KEGIATAN/ KRO/ RO/ KOMPONEN/ SUB KOMPONEN/ AKUN/ DETIL" not in uraian
    assert len(hasil.baris) == len(POHON)
    # The two derived figures that are wrong on purpose, located; nothing else is said.
    pesan = [(m.baris, m.kolom, m.galat, m.pesan) for m in hasil.masalah]
    assert pesan == [
        (
            18,
            "I",
            False,
            "Sisa Rp217.000 tidak sama dengan pagu − realisasi (Rp216.000); sisa dihitung, "
            "tidak dibaca dari berkas.",
        ),
        (
            42,
            "J",
            False,
            "Persentase 10,0% tidak sama dengan realisasi/pagu (100,00%); persentase dihitung, "
            "tidak dibaca dari berkas.",
        ),
    ]
    honor = next(b for b in hasil.baris if b.kode.endswith("6709.QAH.001.051.A.521213"))
    assert honor.catatan == "Diblokir (*)" and honor.uraian == "Belanja Honor Output Kegiatan"
    rincian = next(b for b in hasil.baris if b.induk == honor.kode)
    assert (rincian.pagu, rincian.catatan) == (D(90_000_000), "Diblokir (*)")
    # Realisasi is the cumulative column (s.d. Bulan Ini), not this month's.
    atk = next(b for b in hasil.baris if b.uraian == "- Alat tulis kantor")
    assert (atk.pagu, atk.realisasi) == (D(30_000_000), D(28_750_000))


def test_column_number_row_is_not_a_code():
    """The row printed under the header on RKA-K/L, POK and DIPA sheets."""
    assert is_penomoran([1, 2, 3, 4, 5, 6, 7, "8=6-7", "9=7/6"])
    assert is_penomoran(["(1)", "(2)", "(3)", "(4)", "(5)=(3)x(4)", "(6)"])
    assert is_penomoran([1.0, 2.0, 3.0, "6=3+4+5"])
    assert not is_penomoran([1, "Fasilitasi dan Pembinaan Badan Ad Hoc", None])
    assert not is_penomoran([521211, 2, 3])


def test_merged_group_over_two_rows_picks_the_cumulative_realisation_and_the_amount():
    rows = [
        ["KODE", "URAIAN", "PERHITUNGAN", None, None, "REALISASI", None, "SISA", "%"],
        [None, None, "VOLUME", "HARGA SATUAN", "JUMLAH BIAYA", "BULAN INI", "S.D. BULAN INI"],
        [1, 2, 3, 4, 5, 6, 7, "8=5-7", "9=7/5"],
    ]
    tata = cari_tata(rows)
    assert tata is not None and tata.judul == [0, 1]
    kolom = {k: v for k, v in tata.kolom.items() if k not in ("bulan", "nomor_bulan")}
    assert kolom == {"kode": 0, "uraian": 1, "pagu": 4, "realisasi": 6, "sisa": 7, "persen": 8}


@pytest.mark.parametrize(
    ("atas", "bawah", "pagu"),
    [
        # "Jumlah Biaya" over volume / satuan / harga satuan / jumlah: the sub-column "Jumlah".
        (
            ["KODE", "URAIAN", "JUMLAH BIAYA", None, None, None],
            [None, None, "VOLUME", "SATUAN", "HARGA SATUAN", "JUMLAH"],
            5,
        ),
        # "Jumlah Biaya" over volume / satuan / harga only: none of them is the amount; the
        # separate Pagu column is.
        (
            ["KODE", "URAIAN", "JUMLAH BIAYA", None, None, "PAGU"],
            [None, None, "VOL", "SAT", "HARGA SATUAN", None],
            5,
        ),
    ],
)
def test_volume_satuan_and_harga_are_never_the_amount(atas, bawah, pagu):
    tata = cari_tata([atas, bawah])
    assert tata is not None and tata.kolom["pagu"] == pagu


def test_column_number_row_under_a_one_row_header_and_mid_sheet():
    """The issue's file: '1 2 3 … 8=6-7 9=7/6' under the header used to be read as Kode '1'."""
    wb = Workbook()
    ws = wb.active
    ws.append(["KODE", "URAIAN", "VOL", "SAT", "HARGA", "PAGU", "REALISASI", "SISA", "%"])
    ws.append([1, 2, 3, 4, 5, 6, 7, "8=6-7", "9=7/6"])
    ws.append(["076.01.CQ", "Penyelenggaraan Pemilu", None, None, None, 1000, 900, 100, 90])
    ws.append(["6709", "Perencanaan", None, None, None, 1000, 900, 100, 90])
    ws.append(["QAH", "Layanan Fasilitasi", None, None, None, 1000, 900, 100, 90])
    ws.append([1, 2, 3, 4, 5, 6, 7, "8=6-7", "9=7/6"])  # printed again on page 2
    ws.append(["001", "Badan Ad Hoc", None, None, None, 1000, 900, 100, 90])
    keluar = BytesIO()
    wb.save(keluar)
    hasil = read_anggaran(keluar.getvalue(), nama_berkas="pok.xlsx")
    assert not hasil.masalah
    assert [b.kode for b in hasil.baris][-1] == "076.01.CQ.6709.QAH.001"


def test_thousands_said_in_the_file_are_not_multiplied_twice_when_also_ticked():
    data = berkas("dipa_petikan", "libreoffice")
    sendiri = read_anggaran(data, nama_berkas="dipa.xlsx")
    dicentang = read_anggaran(data, nama_berkas="dipa.xlsx", ribuan=True)
    assert [b.pagu for b in sendiri.baris] == [b.pagu for b in dicentang.baris]
    assert sendiri.baris[0].pagu == total_spek()["076.01.WA"][0]


def test_no_header_names_the_rows_looked_at_and_the_closest_one():
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(["Satker Gunung Mas"])
    ws.append(["No", "Uraian Kegiatan", "Nilai"])
    ws.append(["1", "Rapat", 1000])
    keluar = BytesIO()
    wb.save(keluar)
    with pytest.raises(JudulTidakDitemukan) as info:
        read_anggaran(keluar.getvalue(), nama_berkas="r.xlsx")
    assert info.value.pesan.startswith(
        "Baris judul tabel tidak ditemukan: di lembar “Rekap” baris 1–3 tidak ada kolom Kode, "
        "Uraian dan Pagu/Jumlah; ditemukan: baris 2 berisi Uraian (kolom B), tanpa Kode, "
        "Pagu/Jumlah."
    )
    contoh = info.value.contoh["Rekap"]
    assert contoh["baris"][1] == ["No", "Uraian Kegiatan", "Nilai"]
    assert contoh["tebakan"]["baris_judul"] == 2 and contoh["tebakan"]["uraian"] == 1


@pytest.mark.parametrize("penulis", PENULIS)
def test_sakti_export_keeps_each_month_as_the_spec_books_it(penulis, gunung_mas):
    """The SAKTI / OM-SPAN export's month columns become the realisation per month of each line
    (docs/aturan.md rule 14): the year's months and each kegiatan's are those of the spec."""
    impor, hasil = create_impor(
        satker=gunung_mas,
        tahun=2024,
        data=berkas("sakti_bulanan", penulis),
        nama_berkas="sakti.xlsx",
    )
    assert not hasil.galat
    apply_impor(impor=impor)
    tahun, per_kegiatan = build_realisasi_tahun(satker=gunung_mas, tahun=2024)
    baris = with_totals()
    harus = [sum(b["bulan"][i] for b in baris if b["tingkat"] == "detail") for i in range(12)]
    assert [v or 0 for v in tahun.per_bulan] == [D(v) for v in harus]
    assert tahun.periode == "Tahun 2024"
    program = ""
    for b in baris:
        if b["tingkat"] == "program":
            program = b["kode"]
        if b["tingkat"] == "kegiatan":
            data = per_kegiatan[f"{program}.{b['kode']}"]
            assert [v or 0 for v in data.per_bulan] == [D(v) for v in b["bulan"]], b["kode"]
