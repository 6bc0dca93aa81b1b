"""Hostile and broken files: each refused (or read safely) with a clear message, in bounded
memory, and with the database unchanged. Every file is generated here."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from anggaran.impor import BerkasDitolak, read_anggaran
from anggaran.impor.templat import write_pok
from anggaran.models import BarisAnggaran, ImporAnggaran
from pertukaran.demo.gunung_mas.pok import PENUTUP_POK, build_baris_pok_gunung_mas

BATAS_MEMORI = 300 * 1024 * 1024


def pok() -> bytes:
    return write_pok(build_baris_pok_gunung_mas(), penutup=PENUTUP_POK)


def ganti_bagian(
    data: bytes, ganti: dict[str, bytes], tambah: dict[str, bytes] | None = None
) -> bytes:
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as asal,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for info in asal.infolist():
            zf.writestr(info.filename, ganti.get(info.filename, asal.read(info.filename)))
        baru = {n: i for n, i in ganti.items() if n not in asal.namelist()}
        for nama, isi in {**baru, **(tambah or {})}.items():
            zf.writestr(nama, isi)
    return keluar.getvalue()


def lembar(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def bukan_lembar_kerja() -> bytes:
    return b"%PDF-1.4\n" + b"x" * 1000


def zip_rusak() -> bytes:
    data = pok()
    return data[: len(data) // 2]


def terenkripsi() -> bytes:
    # An encrypted Office file is an OLE compound file holding an "EncryptedPackage" stream.
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    )


def xls_lama() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048 + "Workbook".encode("utf-16-le")


def bom_zip() -> bytes:
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(pok())) as asal,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for info in asal.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, asal.read(info.filename))
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            nol = b" " * (1024 * 1024)
            for _ in range(64):
                f.write(nol)
            f.write(b"</worksheet>")
    return keluar.getvalue()


def entitas_berlipat() -> bytes:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    return ganti_bagian(pok(), {"xl/sharedStrings.xml": lol})


def entitas_luar() -> bytes:
    xxe = lembar(pok()).replace(
        b"<worksheet",
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet',
        1,
    )
    return ganti_bagian(pok(), {"xl/worksheets/sheet1.xml": xxe})


def gabungan_raksasa() -> bytes:
    xml = lembar(pok()).replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A40:Z1000000"/></mergeCells>',
    )
    return ganti_bagian(pok(), {"xl/worksheets/sheet1.xml": xml})


def tanpa_judul() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(60):
        wb.active.append([f"baris {i}", i, i * 2])
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


BERKAS = {
    "bukan lembar kerja": (bukan_lembar_kerja, "bukan lembar kerja Excel"),
    "zip rusak": (zip_rusak, "arsip zip tidak utuh"),
    "terenkripsi": (terenkripsi, "terkunci kata sandi"),
    ".xls lama": (xls_lama, "simpan sebagai .xlsx|Simpan Sebagai"),
    "bom zip": (bom_zip, "bom zip"),
    "entitas berlipat": (entitas_berlipat, "DOCTYPE/ENTITY"),
    "entitas luar": (entitas_luar, "DOCTYPE/ENTITY"),
    "sel gabungan raksasa": (gabungan_raksasa, "Sel gabungan A40:Z1000000"),
    "tanpa judul tabel": (tanpa_judul, "Baris judul tabel tidak ditemukan"),
}


def keadaan_db() -> tuple:
    return (
        list(
            BarisAnggaran.objects.order_by("pk").values_list(
                "pk", "kode", "pagu", "realisasi", "uraian"
            )
        ),
        ImporAnggaran.objects.count(),
    )


@pytest.mark.parametrize("jenis", list(BERKAS))
def test_hostile_file_refused_in_bounded_memory(jenis):
    buat, pesan = BERKAS[jenis]
    data = buat()
    tracemalloc.start()
    try:
        with pytest.raises(BerkasDitolak) as info:
            read_anggaran(data, nama_berkas=f"{jenis}.xlsx")
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert re.search(pesan, info.value.pesan), info.value.pesan
    assert puncak < BATAS_MEMORI


@pytest.mark.parametrize("jenis", [j for j in BERKAS if j != "tanpa judul tabel"])
def test_hostile_upload_leaves_database_unchanged(client, admin_satker, jenis):
    buat, pesan = BERKAS[jenis]
    client.force_login(admin_satker)
    sebelum = keadaan_db()
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile(f"{jenis}.xlsx", buat()), "tahun": 2024},
    )
    assert respons.status_code == 200
    assert 'class="galat"' in respons.content.decode()
    assert keadaan_db() == sebelum


def test_upload_without_header_waits_for_a_mapping_and_writes_no_line(client, admin_satker):
    """No header recognised: the budget is untouched; the preview offers to map the columns."""
    client.force_login(admin_satker)
    baris_sebelum = keadaan_db()[0]
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile("x.xlsx", tanpa_judul()), "tahun": 2024},
    )
    assert respons.status_code == 302
    assert keadaan_db()[0] == baris_sebelum
    impor = ImporAnggaran.objects.get()
    assert impor.status == ImporAnggaran.Status.PEMETAAN and impor.baris is None
    halaman = client.get(respons["Location"]).content.decode()
    assert "Baris judul tabel tidak ditemukan" in halaman and 'class="galat"' in halaman


def test_hostile_file_through_the_command(gunung_mas, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bom_zip())
    sebelum = keadaan_db()
    with pytest.raises(CommandError, match="bom zip"):
        call_command("import_anggaran", str(path), "--satker", "6210", "--tahun", "2024")
    assert keadaan_db() == sebelum


def sejuta_baris_kosong() -> bytes:
    """Real data, then a million empty rows and a dimension claiming the whole sheet."""
    xml = lembar(pok())
    xml = xml.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1)
    kepala, _, ekor = xml.partition(b"</sheetData>")
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(pok())) as asal,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for info in asal.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, asal.read(info.filename))
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(kepala)
            for awal in range(100, 1_000_100, 10_000):
                f.write(b"".join(b'<row r="%d"/>' % n for n in range(awal, awal + 10_000)))
            f.write(b"</sheetData>" + ekor)
    return keluar.getvalue()


def test_million_empty_trailing_rows_stop_the_sheet_early():
    data = sejuta_baris_kosong()
    tracemalloc.start()
    try:
        hasil = read_anggaran(data, nama_berkas="kosong.xlsx")
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(hasil.baris) == 28 and not hasil.galat
    assert puncak < BATAS_MEMORI


def test_macro_enabled_workbook_is_read_for_values_only(client, admin_satker, gunung_mas):
    xlsm = ganti_bagian(pok(), {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro Auto_Open"})
    client.force_login(admin_satker)
    respons = client.post(
        reverse("impor_anggaran", kwargs={"kode": "6210"}),
        {"berkas": SimpleUploadedFile("pok.xlsm", xlsm), "tahun": 2024},
    )
    impor = ImporAnggaran.objects.get()
    assert impor.ringkasan["makro"] is True
    # only the lines read are kept: no field holds the file or its macro
    assert "macro" not in str(impor.baris) and "vbaProject" not in str(impor.ringkasan)
    halaman = client.get(respons["Location"]).content.decode()
    assert "makro tidak dijalankan dan tidak disimpan" in halaman
    assert "Setujui dan simpan" in halaman
