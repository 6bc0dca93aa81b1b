"""The budget over the year: realisation per month or per TW, cumulative serapan per TW, the
period the figures cover, DIPA revisions and pengembalian (docs/aturan.md rules 13 and 14)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from anggaran.impor import ImporGagal, apply_impor, create_impor, list_baris, read_anggaran
from anggaran.impor.layanan import DataRevisi
from anggaran.models import BarisAnggaran, RealisasiBulanan, RevisiDipa, Tingkat
from anggaran.services import (
    build_pohon_anggaran,
    build_realisasi_tahun,
    compute_realisasi_tahun,
    format_periode,
    list_revisi_dipa,
)
from lkjip.angka import bulatkan
from riwayat.models import Perubahan

D = Decimal
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September"]


# --- pure rules --------------------------------------------------------------------------------


def test_cumulative_serapan_per_tw_from_months():
    catatan = [(1, None, D(10)), (2, None, D(20)), (3, None, D(30)), (4, None, D(40))]
    hasil = compute_realisasi_tahun(tahun=2024, pagu=D(1000), catatan=catatan, bulan_akhir=4)
    tw1, tw2, tw3, _ = hasil.triwulan
    assert (tw1.realisasi, tw1.kumulatif, tw1.serapan) == (D(60), D(60), D(6))
    # TW II is not complete (data up to April): its serapan is not stated.
    assert tw2.kumulatif == D(100) and tw2.serapan is None and not tw2.diketahui
    assert tw3.realisasi is None
    assert hasil.periode == "s.d. April 2024"


def test_a_tw_known_only_as_a_whole_counts_in_its_cumulative():
    catatan = [(None, 1, D(100)), (None, 2, D(200)), (7, None, D(50)), (9, None, D(25))]
    hasil = compute_realisasi_tahun(tahun=2024, pagu=D(1000), catatan=catatan, bulan_akhir=9)
    assert [t.kumulatif for t in hasil.triwulan[:3]] == [D(100), D(300), D(375)]
    assert bulatkan(hasil.triwulan[2].serapan) == D("37.50")
    assert hasil.per_bulan[7] is None  # August: missing, not 0
    assert hasil.periode == "s.d. TW III 2024"
    assert [b.nama for b in hasil.bulan()][-1] == "September"
    assert [b.kumulatif for b in hasil.bulan()] == [
        None, None, D(100), D(100), D(100), D(300), D(350), D(350), D(375)
    ]  # fmt: skip


def test_missing_months_are_not_zero():
    hasil = compute_realisasi_tahun(tahun=2024, pagu=D(1000), catatan=[], bulan_akhir=None)
    assert all(t.kumulatif is None and t.serapan is None for t in hasil.triwulan)
    assert hasil.periode == "Tahun 2024" and not hasil.ada_data


@pytest.mark.parametrize(
    "bulan_akhir, teks",
    [(None, "Tahun 2024"), (12, "Tahun 2024"), (9, "s.d. TW III 2024"), (3, "s.d. TW I 2024"),
     (8, "s.d. Agustus 2024")],
)  # fmt: skip
def test_period_text(bulan_akhir, teks):
    assert format_periode(tahun=2024, bulan_akhir=bulan_akhir) == teks


# --- on the database ---------------------------------------------------------------------------


@pytest.fixture
def dua_baris(gunung_mas):
    """A small year of its own (2023 is free in the demo): a programme with two kegiatan."""
    program = BarisAnggaran.objects.create(
        satker=gunung_mas, tahun=2030, kode="076.01.WA", tingkat=Tingkat.PROGRAM, uraian="WA"
    )
    a = BarisAnggaran.objects.create(
        satker=gunung_mas, tahun=2030, kode="076.01.WA.3355", induk=program,
        tingkat=Tingkat.KEGIATAN, uraian="A", pagu=D(1200), realisasi=D(900),
    )  # fmt: skip
    b = BarisAnggaran.objects.create(
        satker=gunung_mas, tahun=2030, kode="076.01.WA.3360", induk=program,
        tingkat=Tingkat.KEGIATAN, uraian="B", pagu=D(800), realisasi=D(300),
    )  # fmt: skip
    return program, a, b


def test_satker_year_per_tw_sums_lines_and_tw_only_rows(gunung_mas, dua_baris):
    program, a, b = dua_baris
    for bulan in range(1, 10):
        RealisasiBulanan.objects.create(baris=a, bulan=bulan, nilai=D(100))
    RealisasiBulanan.objects.create(baris=b, triwulan=1, nilai=D(150))
    RealisasiBulanan.objects.create(baris=b, triwulan=3, nilai=D(150))
    # A month booked on the programme itself is not counted twice (rule 12: its children count).
    RealisasiBulanan.objects.create(baris=program, bulan=1, nilai=D(999))
    tahun, per_kegiatan = build_realisasi_tahun(satker=gunung_mas, tahun=2030)
    assert tahun.pagu == D(2000)
    assert [t.kumulatif for t in tahun.triwulan[:3]] == [D(450), D(750), D(1200)]
    assert [bulatkan(t.serapan) for t in tahun.triwulan[:3]] == [D("22.50"), D("37.50"), D(60)]
    assert tahun.triwulan[3].serapan is None
    assert tahun.periode == "s.d. TW III 2030"
    # Line a's yearly 900 equals its months; b's 300 equals its TWs; the programme does not count.
    assert tahun.selisih == ()
    a.realisasi = D(950)
    a.save()
    assert build_realisasi_tahun(satker=gunung_mas, tahun=2030)[0].selisih == (
        ("076.01.WA.3355", D(950), D(900)),
    )
    kb = per_kegiatan["076.01.WA.3360"]
    assert [t.kumulatif for t in kb.triwulan[:3]] == [D(150), D(150), D(300)]
    assert bulatkan(kb.triwulan[2].serapan) == D("37.50")


def test_month_and_its_tw_cannot_both_be_entered(dua_baris):
    _, a, _ = dua_baris
    RealisasiBulanan.objects.create(baris=a, bulan=2, nilai=D(1))
    with pytest.raises(ValidationError, match="salah satu"):
        RealisasiBulanan(baris=a, triwulan=1, nilai=D(5)).full_clean()
    RealisasiBulanan(baris=a, triwulan=2, nilai=D(5)).full_clean()
    with pytest.raises(ValidationError):
        RealisasiBulanan(baris=a, bulan=1, triwulan=1, nilai=D(5)).full_clean()


def test_pengembalian_is_beside_realisasi_and_not_subtracted(gunung_mas, dua_baris):
    _, a, b = dua_baris
    a.pengembalian = D(250)
    a.save()
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2030)
    assert pohon.total_realisasi == D(1200)
    assert pohon.serapan == D(60)  # 1200 / 2000, the pengembalian not subtracted (rule 13)
    assert pohon.program[0].pengembalian == D(250)
    assert pohon.total_pengembalian == D(250)
    assert Perubahan.objects.filter(objek_id=a.pk, data__has_key="pengembalian").exists()


# --- import --------------------------------------------------------------------------------------


def _berkas_bulanan(nilai_bulan: dict[str, list], pagu: dict[str, int]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["REALISASI ANGGARAN PER BULAN"])
    ws.append(["Kode", "Uraian", "Pagu", *BULAN])
    ws.append(["076.01.WA", "Program Dukungan Manajemen", None])
    for kode, nilai in nilai_bulan.items():
        ws.append([kode, f"Kegiatan {kode}", pagu[kode], *nilai])
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


BERKAS = {
    "3355": [100, 100, 100, 200, None, 200, 300, 300, 300],
    "3360": [None, None, 50, None, None, 50, None, None, 50],
}


def test_reader_keeps_the_months_and_sums_them():
    hasil = read_anggaran(_berkas_bulanan(BERKAS, {"3355": 3000, "3360": 500}), nama_berkas="b")
    assert not hasil.galat
    b = next(x for x in hasil.baris if x.kode.endswith("3355"))
    assert b.realisasi == D(1600)
    assert b.bulan[:9] == tuple(None if v is None else D(v) for v in BERKAS["3355"])
    assert b.bulan[9:] == (None, None, None)
    assert type(b).from_json(b.to_json()) == b


def _impor(satker, data, tahun=2031, **revisi):
    impor, _ = create_impor(satker=satker, tahun=tahun, data=data, nama_berkas="bulanan.xlsx")
    apply_impor(impor=impor, revisi=DataRevisi(**revisi) if revisi else None)
    return impor


def test_import_writes_months_atomically_with_history_and_the_year_says_tw_iii(gunung_mas):
    impor, _ = create_impor(
        satker=gunung_mas, tahun=2031, data=_berkas_bulanan(BERKAS, {"3355": 3000, "3360": 500}),
        nama_berkas="bulanan.xlsx",
    )  # fmt: skip
    assert [b.bulan is not None for b in list_baris(impor)] == [False, True, True]
    apply_impor(impor=impor)
    a = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2031, kode="076.01.WA.3355")
    assert a.realisasi == D(1600)
    assert sorted(a.realisasi_bulanan.values_list("bulan", "nilai")) == [
        (1, D(100)), (2, D(100)), (3, D(100)), (4, D(200)), (6, D(200)), (7, D(300)),
        (8, D(300)), (9, D(300)),
    ]  # fmt: skip
    assert Perubahan.objects.filter(model="anggaran.realisasibulanan", aksi="tambah").count() == 11
    tahun, _ = build_realisasi_tahun(satker=gunung_mas, tahun=2031)
    assert tahun.periode == "s.d. TW III 2031"
    assert [t.kumulatif for t in tahun.triwulan[:3]] == [D(350), D(800), D(1750)]
    # The first import of the year is the pagu awal.
    (awal,) = list_revisi_dipa(satker=gunung_mas, tahun=2031)
    assert (awal.ke, awal.label, awal.total) == (0, "Pagu awal", D(3500))

    # Again with other months: the file is the whole truth for the year's months.
    lain = {"3355": [100, 100, 100, 200, None, 200, 300, 300, 350], "3360": [None] * 9}
    _impor(gunung_mas, _berkas_bulanan(lain, {"3355": 3000, "3360": 500}))
    assert a.realisasi_bulanan.get(bulan=9).nilai == D(350)
    assert not RealisasiBulanan.objects.filter(baris__kode="076.01.WA.3360", baris__tahun=2031)
    assert Perubahan.objects.filter(model="anggaran.realisasibulanan", aksi="hapus").count() == 3
    assert Perubahan.objects.filter(model="anggaran.realisasibulanan", aksi="ubah").count() == 1


def test_a_removed_line_takes_its_months_along(gunung_mas):
    _impor(gunung_mas, _berkas_bulanan(BERKAS, {"3355": 3000, "3360": 500}))
    _impor(gunung_mas, _berkas_bulanan({"3355": BERKAS["3355"]}, {"3355": 3000}))
    assert not BarisAnggaran.objects.filter(tahun=2031, kode="076.01.WA.3360").exists()
    assert RealisasiBulanan.objects.filter(baris__tahun=2031).count() == 8


def test_dipa_revisions_history_and_pagu_in_force(gunung_mas):
    _impor(gunung_mas, _berkas_bulanan(BERKAS, {"3355": 3000, "3360": 500}))
    _impor(
        gunung_mas, _berkas_bulanan(BERKAS, {"3355": 2500, "3360": 500}),
        ke=3, tanggal=datetime.date(2031, 6, 2), nomor="SP DIPA-076.01.2.690123/2031",
    )  # fmt: skip
    # A realisation update without revision details records no revision.
    _impor(gunung_mas, _berkas_bulanan(BERKAS, {"3355": 2500, "3360": 500}))
    awal, revisi = list_revisi_dipa(satker=gunung_mas, tahun=2031)
    assert (revisi.ke, revisi.label, revisi.total) == (3, "Revisi ke-3", D(3000))
    assert revisi.tanggal == datetime.date(2031, 6, 2)
    assert revisi.selisih == D(-500) and revisi.selisih_teks == "−Rp500"
    (ubah,) = revisi.perubahan
    assert (ubah.kode, ubah.lama, ubah.baru) == ("076.01.WA.3355", D(3000), D(2500))
    # The pagu in force is the latest revision's.
    assert build_pohon_anggaran(satker=gunung_mas, tahun=2031).total_pagu == revisi.total
    # A revision number not after the latest one is refused before anything is written.
    sebelum = RealisasiBulanan.objects.count()
    impor, _ = create_impor(
        satker=gunung_mas, tahun=2031, nama_berkas="x.xlsx",
        data=_berkas_bulanan({"3355": [1] * 9}, {"3355": 1}),
    )  # fmt: skip
    with pytest.raises(ImporGagal, match="revisi ke-3 sudah tercatat"):
        apply_impor(impor=impor, revisi=DataRevisi(ke=2))
    assert RealisasiBulanan.objects.count() == sebelum
    assert RevisiDipa.objects.filter(satker=gunung_mas, tahun=2031).count() == 2


# --- through the pages -------------------------------------------------------------------------


def _unggah(client, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    respons = client.post(
        "/anggaran/6210/impor/",
        {"berkas": SimpleUploadedFile("bulanan.xlsx", data), "tahun": 2025},
    )
    assert respons.status_code == 302
    return respons["Location"]


def test_revision_given_on_the_preview_form_is_recorded(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    alamat = _unggah(client, _berkas_bulanan(BERKAS, {"3355": 3000, "3360": 500}))
    pratinjau = client.get(alamat).content.decode()
    assert 'name="revisi_ke"' in pratinjau and "2 baris memuat realisasi per bulan" in pratinjau
    salah = client.post(alamat, {"aksi": "terapkan", "revisi_ke": "-1"}, follow=True)
    assert "Keterangan revisi DIPA tidak sah" in salah.content.decode()
    assert not BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2025).exists()
    data = {
        "aksi": "terapkan",
        "revisi_ke": "2",
        "revisi_tanggal": "2025-03-10",
        "revisi_nomor": "SP DIPA-076.01.2.690123/2025",
    }
    selesai = client.post(alamat, data, follow=True).content.decode()
    assert "Dicatat sebagai revisi DIPA ke-2." in selesai
    (revisi,) = RevisiDipa.objects.filter(satker=gunung_mas, tahun=2025)
    assert (revisi.ke, revisi.tanggal, revisi.nomor) == (
        2, datetime.date(2025, 3, 10), "SP DIPA-076.01.2.690123/2025"
    )  # fmt: skip
    # A later file with another pagu: the preview suggests recording it as a revision.
    alamat = _unggah(client, _berkas_bulanan(BERKAS, {"3355": 2900, "3360": 500}))
    assert "Total pagu berubah dari Rp3.500 menjadi Rp3.400" in client.get(alamat).content.decode()
    pohon = client.get("/6210/2025/anggaran/").content.decode()
    riwayat = pohon.split('id="judul-revisi-dipa"')[1].split("</section>")[0]
    assert "Revisi ke-2 (berlaku)" in riwayat and "10 Maret 2025" in riwayat
    assert "Rp3.500" in riwayat


def test_monthly_realisation_typed_in_the_admin_is_kept_and_recorded(
    client, admin_satker, gunung_mas, dua_baris
):
    _, a, _ = dua_baris
    client.force_login(admin_satker)
    alamat = f"/admin/anggaran/barisanggaran/{a.pk}/change/"
    form = client.get(alamat).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "induk"}
    data.update(
        {
            "induk": a.induk_id,
            "realisasi_bulanan-TOTAL_FORMS": "2",
            "realisasi_bulanan-INITIAL_FORMS": "0",
            "realisasi_bulanan-0-bulan": "1",
            "realisasi_bulanan-0-nilai": "100",
            "realisasi_bulanan-1-triwulan": "2",
            "realisasi_bulanan-1-nilai": "250",
        }
    )
    respons = client.post(alamat, data)
    assert respons.status_code == 302, respons.content.decode()[:3000]
    assert set(a.realisasi_bulanan.values_list("bulan", "triwulan", "nilai")) == {
        (None, 2, D(250)), (1, None, D(100))
    }  # fmt: skip
    assert Perubahan.objects.filter(model="anggaran.realisasibulanan", aksi="tambah").count() == 2
