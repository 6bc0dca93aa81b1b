"""import_anggaran command and the preview/commit services, on the database."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from anggaran.impor import ImporGagal, apply_impor, build_pratinjau, create_impor, read_anggaran
from anggaran.impor.templat import write_pok, write_templat_dari
from anggaran.models import BarisAnggaran, ImporAnggaran
from anggaran.services import build_pohon_anggaran
from lkjip.angka import bulatkan
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas
from riwayat.models import Unggahan

D = Decimal


def isi_anggaran(satker, tahun=2024) -> list[tuple]:
    return list(
        BarisAnggaran.objects.filter(satker=satker, tahun=tahun)
        .order_by("kode")
        .values_list(
            "kode", "induk__kode", "tingkat", "uraian", "pagu", "realisasi", "catatan", "urutan"
        )
    )


@pytest.fixture
def pok(tmp_path):
    path = tmp_path / "pok-gunung-mas-2024.xlsx"
    path.write_bytes(write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK))
    return path


def impor(path, *args) -> None:
    call_command(
        "import_anggaran", str(path), "--satker", "6210", "--tahun", "2024", *args, verbosity=0
    )


def test_pok_import_reproduces_gunung_mas_2024(gunung_mas, pok):
    impor(pok)
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert pohon.total_pagu == D("41469966000")
    assert pohon.total_realisasi == D("39420682212")
    assert bulatkan(pohon.serapan) == D("95.06")
    assert bulatkan(pohon.cari("076.01.WA").serapan) == D("98.31")
    assert bulatkan(pohon.cari("3355").serapan) == D("98.22")
    akun = BarisAnggaran.objects.get(
        satker=gunung_mas, tahun=2024, kode__endswith="6709.QAH.001.051.A.521211"
    )
    assert akun.induk.kode == "076.01.CQ.6709.QAH.001.051.A"
    assert akun.anak.count() == 2
    riwayat = ImporAnggaran.objects.get(satker=gunung_mas)
    assert riwayat.status == ImporAnggaran.Status.DITERAPKAN
    assert riwayat.nama_berkas == "pok-gunung-mas-2024.xlsx"
    assert len(riwayat.sha256) == 64 and riwayat.baris is None
    assert D(riwayat.ringkasan["total_pagu"]) == D("41469966000")


def test_same_file_twice_changes_nothing_the_second_time(gunung_mas, pok):
    impor(pok)
    sesudah_pertama = isi_anggaran(gunung_mas)
    impor(pok)
    assert isi_anggaran(gunung_mas) == sesudah_pertama
    kedua = ImporAnggaran.objects.filter(satker=gunung_mas).first()
    assert (kedua.ringkasan["ditambah"], kedua.ringkasan["diubah"], kedua.ringkasan["dihapus"]) == (
        0,
        0,
        0,
    )


def test_dry_run_writes_nothing(gunung_mas, pok, capsys):
    sebelum = isi_anggaran(gunung_mas)
    call_command("import_anggaran", str(pok), "--satker", "6210", "--tahun", "2024", "--dry-run")
    keluar = capsys.readouterr().out
    assert "Jumlah: pagu Rp41.469.966.000, realisasi Rp39.420.682.212, serapan 95,06%" in keluar
    assert "tidak ada yang disimpan" in keluar
    assert isi_anggaran(gunung_mas) == sebelum
    assert not ImporAnggaran.objects.exists()


def test_lines_missing_from_the_file_are_removed_and_said_so(gunung_mas, tmp_path):
    path = tmp_path / "wa.xlsx"
    path.write_bytes(
        write_pok([("076.01.WA", "Program Dukungan Manajemen", None, None), ("3355", "DMI", 10, 5)])
    )
    pratinjau = build_pratinjau(
        satker=gunung_mas,
        tahun=2024,
        baris=read_anggaran(path.read_bytes(), nama_berkas="wa.xlsx").baris,
    )
    assert pratinjau.jumlah_hapus == 10  # 076.01.CQ and its 8 kegiatan, 076.01.WA.3360
    assert "076.01.CQ.6709" in {p.kode for p in pratinjau.hapus}
    ubah = {p.kode: p for p in pratinjau.ubah}["076.01.WA.3355"]
    assert ubah.lama["pagu"] == D("2160190000") and ubah.baru["pagu"] == D("10")
    impor(path)
    assert [k[0] for k in isi_anggaran(gunung_mas)] == ["076.01.WA", "076.01.WA.3355"]
    assert isi_anggaran(gunung_mas, 2023)  # other years untouched


def test_errors_in_file_write_nothing(gunung_mas, tmp_path):
    path = tmp_path / "salah.xlsx"
    path.write_bytes(write_pok([("076.01.WA", "Program", -1, None)]))
    sebelum = isi_anggaran(gunung_mas)
    with pytest.raises(CommandError, match="1 galat"):
        impor(path)
    assert isi_anggaran(gunung_mas) == sebelum
    assert not ImporAnggaran.objects.exists()


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["--satker", "9999", "--tahun", "2024"], "Satker dengan kode 9999 tidak ditemukan"),
        (["--satker", "6210", "--tahun", "1990"], "Tahun 1990 tidak dikenal"),
    ],
)
def test_unknown_satker_or_year_is_a_clear_error(gunung_mas, pok, args, pesan):
    with pytest.raises(CommandError, match=pesan):
        call_command("import_anggaran", str(pok), *args)


def test_flat_template_round_trip(gunung_mas, pok):
    impor(pok)
    baris = sorted(
        BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024),
        key=lambda b: (b.urutan, b.kode),
    )
    data = write_templat_dari(baris, judul="Anggaran 2024")
    sebelum = isi_anggaran(gunung_mas)
    hasil = read_anggaran(data, nama_berkas="templat.xlsx")
    pratinjau = build_pratinjau(satker=gunung_mas, tahun=2024, baris=hasil.baris)
    assert not pratinjau.ada_perubahan
    # into another year: the same tree, the same totals
    impor_lain, _ = create_impor(
        satker=gunung_mas, tahun=2025, data=data, nama_berkas="templat.xlsx"
    )
    apply_impor(impor=impor_lain)
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2025)
    assert (pohon.total_pagu, pohon.total_realisasi) == (D("41469966000"), D("39420682212"))
    assert [k[:3] + k[4:] for k in isi_anggaran(gunung_mas, 2025)] == [
        k[:3] + k[4:] for k in sebelum
    ]
    assert isi_anggaran(gunung_mas) == sebelum


def test_commit_refused_when_data_changed_after_preview(gunung_mas, pok):
    impor_, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=pok.read_bytes(), nama_berkas="pok.xlsx"
    )
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, kode="076.01.WA.3360").update(
        uraian="diubah"
    )
    with pytest.raises(ImporGagal, match="berubah sejak pratinjau"):
        apply_impor(impor=impor_)
    impor_.refresh_from_db()
    assert impor_.status == ImporAnggaran.Status.PRATINJAU


def test_of_two_previews_of_one_year_only_the_first_applied_is_written(gunung_mas):
    berkas_a = write_pok([("076.01.WA", "Program", None, None), ("3355", "DMI A", 10, 5)])
    berkas_b = write_pok([("076.01.WA", "Program", None, None), ("3355", "DMI B", 20, 7)])
    impor_a, _ = create_impor(satker=gunung_mas, tahun=2024, data=berkas_a, nama_berkas="a.xlsx")
    impor_b, _ = create_impor(satker=gunung_mas, tahun=2024, data=berkas_b, nama_berkas="b.xlsx")
    apply_impor(impor=impor_b)
    sesudah_b = isi_anggaran(gunung_mas)

    with pytest.raises(ImporGagal) as galat:
        apply_impor(impor=impor_a)

    assert str(galat.value) == (
        "Anggaran tahun 2024 telah berubah sejak pratinjau dibuat; unggah berkasnya lagi untuk "
        "membuat pratinjau baru."
    )
    assert isi_anggaran(gunung_mas) == sesudah_b
    assert [k[3:6] for k in sesudah_b] == [("Program", None, None), ("DMI B", D(20), D(7))]
    impor_a.refresh_from_db()
    assert impor_a.status == ImporAnggaran.Status.PRATINJAU
    with pytest.raises(ImporGagal, match="Impor ini sudah diterapkan"):
        apply_impor(impor=impor_b)
    # another year's import is not held up by this one
    impor_2025, _ = create_impor(satker=gunung_mas, tahun=2025, data=berkas_a, nama_berkas="a")
    assert apply_impor(impor=impor_2025)["ditambah"] == 2
    # each is one recorded upload of the satker, beside those of the other uploads
    assert list(
        Unggahan.objects.filter(satker=gunung_mas).values_list("pk", "jenis", "status")
    ) == [
        (impor_2025.pk, "anggaran", "diterapkan"),
        (impor_b.pk, "anggaran", "diterapkan"),
        (impor_a.pk, "anggaran", "pratinjau"),
    ]


def test_commit_refused_for_a_signed_year(gunung_mas, pok):
    from pengesahan.models import Pengesahan

    impor_, _ = create_impor(
        satker=gunung_mas, tahun=2024, data=pok.read_bytes(), nama_berkas="pok.xlsx"
    )
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    sebelum = isi_anggaran(gunung_mas)
    with pytest.raises(ImporGagal, match="sudah ditandatangani"):
        apply_impor(impor=impor_)
    assert isi_anggaran(gunung_mas) == sebelum


def test_libreoffice_workbook_with_saved_formula_values(gunung_mas, settings):
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "pok_gunung_mas_2024_libreoffice.xlsx"
    impor(path)
    pohon = build_pohon_anggaran(satker=gunung_mas, tahun=2024)
    assert bulatkan(pohon.serapan) == D("95.06")
    akun = pohon.cari("076.01.CQ.6709.QAH.001.051.A.521213")
    assert akun.pagu_tercatat == D("400000000")  # a formula in the file, read by its saved value
