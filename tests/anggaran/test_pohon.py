"""Budget totals and serapan (docs/aturan.md rules 10 and 12) on unsaved rows: no database."""

from decimal import Decimal

from anggaran.models import BarisAnggaran, Tingkat
from anggaran.services import build_pohon, compute_serapan
from kinerja.services import mean
from lkjip.angka import bulatkan

D = Decimal


def baris(
    pk: int,
    kode: str,
    tingkat: str,
    *,
    induk: int | None = None,
    pagu: str | None = None,
    realisasi: str | None = None,
) -> BarisAnggaran:
    return BarisAnggaran(
        pk=pk,
        tahun=2024,
        kode=kode,
        induk_id=induk,
        tingkat=tingkat,
        uraian=f"Uraian {kode}",
        pagu=None if pagu is None else D(pagu),
        realisasi=None if realisasi is None else D(realisasi),
    )


def test_serapan_is_realisasi_over_pagu_unrounded():
    hasil = compute_serapan(pagu=D("41469966000"), realisasi=D("39420682212"))
    assert hasil == D("39420682212") * 100 / D("41469966000")
    assert bulatkan(hasil, 2) == D("95.06")


def test_serapan_without_pagu_is_not_measurable():
    assert compute_serapan(pagu=D("0"), realisasi=D("0")) is None
    assert compute_serapan(pagu=None, realisasi=D("5")) is None
    assert compute_serapan(pagu=D("5"), realisasi=None) is None


def test_serapan_zero_realisasi_is_zero():
    assert compute_serapan(pagu=D("2000"), realisasi=D("0")) == D("0")


def test_total_serapan_is_weighted_not_an_average_of_percentages():
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "076.01.CQ", Tingkat.PROGRAM, pagu="39196465000", realisasi="37185527317"),
            baris(2, "076.01.WA", Tingkat.PROGRAM, pagu="2273501000", realisasi="2235154895"),
        ],
    )
    assert pohon.total_pagu == D("41469966000")
    assert pohon.total_realisasi == D("39420682212")
    assert pohon.total_sisa == D("2049283788")
    assert bulatkan(pohon.serapan, 2) == D("95.06")
    rata_rata = mean(p.serapan for p in pohon.program)
    assert bulatkan(rata_rata, 2) == D("96.59")  # what averaging percentages would wrongly print


def test_weighted_serapan_small_example():
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "A", Tingkat.PROGRAM, pagu="1000", realisasi="1000"),  # 100 %
            baris(2, "B", Tingkat.PROGRAM, pagu="9000", realisasi="4500"),  # 50 %
        ],
    )
    assert pohon.serapan == D("55")
    assert mean(p.serapan for p in pohon.program) == D("75")


def test_parent_is_the_sum_of_its_children():
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "076.01.WA", Tingkat.PROGRAM),
            baris(2, "076.01.WA.3355", Tingkat.KEGIATAN, induk=1),
            baris(3, "076.01.WA.3355.EBA", Tingkat.KRO, induk=2, pagu="2000000000", realisasi="1"),
            baris(4, "076.01.WA.3355.EBB", Tingkat.KRO, induk=2, pagu="160190000", realisasi="2"),
            baris(5, "076.01.WA.3360", Tingkat.KEGIATAN, induk=1, pagu="113311000"),
        ],
    )
    (program,) = pohon.program
    kegiatan = pohon.cari("076.01.WA.3355")
    assert kegiatan.pagu == D("2160190000")
    assert kegiatan.realisasi == D("3")
    assert kegiatan.pagu_tercatat is None
    assert kegiatan.selisih is False
    assert kegiatan.kedalaman == 1
    assert [a.kode_singkat for a in kegiatan.anak] == ["EBA", "EBB"]
    # 3360 has no realisasi yet: its pagu is summed, its realisasi is not (and is reported).
    assert program.pagu == D("2273501000")
    assert program.realisasi == D("3")
    assert pohon.cari("3360").realisasi is None
    assert pohon.cari("3360").serapan is None
    assert [(p.kode, p.jenis) for p in pohon.peringatan] == [("076.01.WA.3360", "realisasi_kosong")]
    assert [k.kode_singkat for k in pohon.kegiatan()] == ["3355", "3360"]


def test_mismatching_stored_total_is_reported_not_used():
    # The source report: per-kegiatan rows sum to 39.196.463.000, the programme says 39.196.465.000.
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "076.01.CQ", Tingkat.PROGRAM, pagu="39196465000", realisasi="37185527317"),
            baris(2, "076.01.CQ.6709", Tingkat.KEGIATAN, induk=1, pagu="39196463000"),
            baris(3, "076.01.CQ.6709.QAH", Tingkat.KRO, induk=2, pagu="39196463000"),
        ],
    )
    program = pohon.cari("076.01.CQ")
    assert program.pagu == D("39196463000")
    assert program.pagu_tercatat == D("39196465000")
    assert program.selisih is True
    # Realisasi children all missing: the computed realisasi is missing, not 0, and differs too.
    assert program.realisasi is None
    assert program.realisasi_tercatat == D("37185527317")
    jenis = {(p.kode, p.jenis) for p in pohon.peringatan}
    assert ("076.01.CQ", "selisih_pagu") in jenis
    assert ("076.01.CQ", "selisih_realisasi") in jenis
    assert ("076.01.CQ.6709", "selisih_pagu") not in jenis
    pesan = next(p.pesan for p in pohon.peringatan if p.jenis == "selisih_pagu")
    assert "076.01.CQ" in pesan
    assert "Rp39.196.465.000" in pesan
    assert "Rp39.196.463.000" in pesan
    assert pohon.total_pagu == D("39196463000")


def test_matching_stored_total_is_no_warning():
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "P", Tingkat.PROGRAM, pagu="300", realisasi="150"),
            baris(2, "P.1", Tingkat.KEGIATAN, induk=1, pagu="100", realisasi="50"),
            baris(3, "P.2", Tingkat.KEGIATAN, induk=1, pagu="200.00", realisasi="100.00"),
        ],
    )
    assert pohon.program[0].selisih is False
    assert pohon.peringatan == ()


def test_realisasi_above_pagu_is_a_warning_not_an_error():
    pohon = build_pohon(
        tahun=2024,
        baris=[baris(1, "P", Tingkat.PROGRAM, pagu="100", realisasi="120")],
    )
    node = pohon.program[0]
    assert node.serapan == D("120")
    assert node.sisa == D("-20")
    assert [p.jenis for p in pohon.peringatan] == ["melebihi_pagu"]
    assert "P" in pohon.peringatan[0].pesan


def test_missing_leaf_pagu_is_excluded_and_reported():
    pohon = build_pohon(
        tahun=2024,
        baris=[
            baris(1, "P", Tingkat.PROGRAM),
            baris(2, "P.1", Tingkat.KEGIATAN, induk=1, pagu="100", realisasi="80"),
            baris(3, "P.2", Tingkat.KEGIATAN, induk=1, realisasi="0"),
        ],
    )
    assert pohon.program[0].pagu == D("100")
    assert pohon.program[0].realisasi == D("80")
    assert [(p.kode, p.jenis) for p in pohon.peringatan] == [("P.2", "pagu_kosong")]


def test_empty_year_has_zero_totals_and_no_serapan():
    pohon = build_pohon(tahun=2031, baris=[])
    assert pohon.total_pagu == D("0")
    assert pohon.serapan is None
    assert pohon.kegiatan() == ()
    assert pohon.cari("6709") is None
