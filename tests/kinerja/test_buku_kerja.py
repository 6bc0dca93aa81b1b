"""The indicator workbook: download, fill offline, upload, preview, confirm."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.buku_kerja import (
    KOLOM,
    BerkasDitolak,
    baca_buku_kerja,
    buat_buku_kerja,
    build_pratinjau,
)
from kinerja.models import (
    DokumenWajib,
    IndikatorKinerja,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
)
from kinerja.services import build_ringkasan_kinerja
from riwayat.models import Unggahan
from satker.models import Pengguna
from tests.anggaran.test_impor_berkas_rusak import bom_zip, entitas_berlipat

D = Decimal
UNDUH = "/kinerja/6210/2024/buku-kerja.xlsx"
UNGGAH = "/kinerja/6210/2024/buku-kerja/unggah/"
PRATINJAU = "/kinerja/6210/2024/buku-kerja/pratinjau/"
TW = {1: "I", 2: "J", 3: "K", 4: "L"}
TERSEDIA, KETERANGAN = "M", "N"


def keadaan_db() -> list:
    return [
        *Realisasi.objects.order_by("pk").values_list(
            "pk", "indikator_id", "triwulan", "nilai", "keterangan", "versi"
        ),
        *DokumenWajib.objects.order_by("pk").values_list("pk", "tersedia"),
    ]


def cari_baris(ws, id_baris: str) -> int:
    for row in ws.iter_rows(min_row=5):
        if row[0].value == id_baris:
            return row[0].row
    raise AssertionError(id_baris)


def indikator(gunung_mas, nomor: str) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor=nomor,
    )


def simpan(wb) -> bytes:
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def unggah(client, data: bytes, nama="buku-kerja.xlsx"):
    return client.post(UNGGAH, {"berkas": SimpleUploadedFile(nama, data)})


@pytest.fixture
def buku(gunung_mas) -> bytes:
    return buat_buku_kerja(satker=gunung_mas, tahun=2024)


def test_workbook_is_protected_except_the_input_cells(gunung_mas, buku):
    wb = load_workbook(io.BytesIO(buku))
    assert wb.sheetnames == ["Realisasi", "_lkjip"]
    assert wb["_lkjip"].sheet_state == "veryHidden"
    ws = wb["Realisasi"]
    assert ws.protection.sheet and [c.value for c in ws[4]] == list(KOLOM)
    r = cari_baris(ws, f"IND-{indikator(gunung_mas, '1.1').pk}")
    assert ws[f"L{r}"].value == 100 and ws[f"I{r}"].value is None  # TW IV entered, TW I not
    assert ws[f"H{r}"].value == 100
    assert all(not ws[f"{k}{r}"].protection.locked for k in "IJKLN")
    assert all(ws[f"{k}{r}"].protection.locked for k in "ABCDEFGHM")
    dokumen = DokumenWajib.objects.filter(
        indikator__sasaran__program__perjanjian__satker=gunung_mas
    ).first()
    rd = cari_baris(ws, f"DOK-{dokumen.pk}")
    assert ws[f"F{rd}"].value == f"Dokumen wajib: {dokumen.nama}"
    assert not ws[f"M{rd}"].protection.locked and ws[f"I{rd}"].protection.locked


def test_fill_upload_preview_and_confirm(client, operator, gunung_mas, buku):
    ind_11, ind_12 = indikator(gunung_mas, "1.1"), indikator(gunung_mas, "1.2")
    dokumen = list(
        DokumenWajib.objects.filter(indikator__sasaran__program__perjanjian__satker=gunung_mas)
    )
    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    r11, r12 = cari_baris(ws, f"IND-{ind_11.pk}"), cari_baris(ws, f"IND-{ind_12.pk}")
    ws[f"I{r11}"] = "95,06"  # Indonesian text
    ws[f"J{r11}"] = 97.5  # a numeric cell
    ws[f"L{r12}"] = "80"
    ws[f"N{r12}"] = "Pengadaan tertunda"
    for d in dokumen:
        ws[f"{TERSEDIA}{cari_baris(ws, f'DOK-{d.pk}')}"] = "Ya"
    data = simpan(wb)

    client.force_login(operator)
    sebelum = keadaan_db()
    respons = unggah(client, data)
    assert respons.status_code == 302 and respons["Location"] == PRATINJAU
    assert keadaan_db() == sebelum  # nothing written before the confirmation

    halaman = client.get(PRATINJAU).content.decode()
    assert "95,06%" in halaman and "97,5%" in halaman
    assert "100%" in halaman and "80%" in halaman  # TW IV of 1.2: 100 → 80
    assert "Keterangan TW IV" in halaman and "Pengadaan tertunda" in halaman
    assert "Tersedia" in halaman and "Setujui dan simpan" in halaman
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    assert len(pratinjau.perubahan) == 4 + len(dokumen) and not pratinjau.masalah

    selesai = client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik}, follow=True)
    assert selesai.redirect_chain[-1][0] == "/6210/2024/"
    assert "isian diubah" in selesai.content.decode()
    tw1 = Realisasi.objects.get(indikator=ind_11, triwulan=1)
    assert tw1.nilai == D("95.06") and tw1.diisi_oleh == operator and tw1.versi == 1
    assert Realisasi.objects.get(indikator=ind_11, triwulan=2).nilai == D("97.5")
    tw4 = Realisasi.objects.get(indikator=ind_12, triwulan=4)
    assert tw4.nilai == D("80") and tw4.versi == 2 and tw4.keterangan == "Pengadaan tertunda"
    assert all(d.tersedia for d in DokumenWajib.objects.filter(pk__in=[d.pk for d in dokumen]))

    kinerja = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    capaian = {c.indikator_id: c for c in kinerja.indikator}
    assert capaian[ind_12.pk].capaian == D("80")  # nilai akhir: the latest triwulan entered
    assert capaian[ind_11.pk].realisasi_tw[:2] == (D("95.06"), D("97.5"))
    dok = next(c for c in kinerja.indikator if c.dokumen)
    assert dok.capaian == D(100)

    # the same file again: no change, nothing written
    sesudah = keadaan_db()
    unggah(client, data)
    halaman = client.get(PRATINJAU).content.decode()
    assert "Tidak ada perubahan" in halaman and "Setujui dan simpan" not in halaman
    assert keadaan_db() == sesudah


def test_changed_target_is_refused_naming_row_and_column(client, operator, gunung_mas, buku):
    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    r = cari_baris(ws, f"IND-{indikator(gunung_mas, '2.1').pk}")
    ws[f"H{r}"] = 90
    ws[f"I{r}"] = 50
    client.force_login(operator)
    sebelum = keadaan_db()
    unggah(client, simpan(wb))
    respons = client.get(PRATINJAU)
    halaman = respons.content.decode()
    assert "kolom ini tidak boleh diubah" in halaman and "Setujui dan simpan" not in halaman
    galat = respons.context["pratinjau"].galat
    assert [(m.baris, m.kolom) for m in galat] == [(r, "H")]
    assert "berisi “90”, seharusnya “100”" in galat[0].pesan
    sidik = respons.context["pratinjau"].sidik
    client.post(PRATINJAU, {"aksi": "terapkan", "sidik": sidik})
    assert keadaan_db() == sebelum


def test_values_are_parsed_strictly(gunung_mas, buku):
    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    r = cari_baris(ws, f"IND-{indikator(gunung_mas, '2.2').pk}")
    ws[f"I{r}"] = "95.06"  # a dot is a thousands separator: ambiguous here
    ws[f"J{r}"] = "-5"
    ws[f"K{r}"] = "sembilan"
    ws[f"L{r}"] = "1.250"  # 1250, unambiguous
    hasil = baca_buku_kerja(berkas=simpan(wb), satker=gunung_mas, tahun=2024)
    galat = {m.kolom: m for m in hasil.galat}
    assert set(galat) == {"I", "J", "K"} and all(m.baris == r for m in galat.values())
    assert "tidak jelas" in galat["I"].pesan and "negatif" in galat["J"].pesan
    isian = next(i for i in hasil.isian if i.baris == r)
    assert isian.tw[3] == "1250"


def test_stale_workbook_keeps_newer_values_and_flags_conflicts(operator, gunung_mas, buku):
    ind = indikator(gunung_mas, "2.3")
    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    r = cari_baris(ws, f"IND-{ind.pk}")
    ws[f"K{r}"] = 40  # TW III: only in the file
    data = simpan(wb)
    # meanwhile a colleague enters TW II and changes TW IV in the application
    Realisasi.objects.create(indikator=ind, triwulan=2, nilai=D(60))
    Realisasi.objects.filter(indikator=ind, triwulan=4).update(nilai=D(99), versi=2)
    hasil = baca_buku_kerja(berkas=data, satker=gunung_mas, tahun=2024)
    pratinjau = build_pratinjau(satker=gunung_mas, tahun=2024, hasil=hasil)
    assert [(p.kolom, p.baru) for p in pratinjau.perubahan] == [("TW III", "40%")]
    assert pratinjau.dipertahankan == 2 and not pratinjau.galat

    ws[f"L{r}"] = 70  # now TW IV changed on both sides
    hasil = baca_buku_kerja(berkas=simpan(wb), satker=gunung_mas, tahun=2024)
    pratinjau = build_pratinjau(satker=gunung_mas, tahun=2024, hasil=hasil)
    assert [(m.baris, m.kolom) for m in pratinjau.galat] == [(r, "L")]


def buat_pk_lain(satker_lain) -> None:
    pk = PerjanjianKinerja.objects.create(satker=satker_lain, tahun=2024)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Program")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, nomor="1.1", uraian="Sasaran"
    )
    IndikatorKinerja.objects.create(sasaran=sasaran, urutan=1, nama="Indikator", target=100)


def test_workbook_of_another_satker_is_refused(client, operator, gunung_mas, satker_lain):
    buat_pk_lain(satker_lain)
    data = buat_buku_kerja(satker=satker_lain, tahun=2024)
    with pytest.raises(BerkasDitolak, match="milik KPU Kabupaten Kotawaringin Barat"):
        baca_buku_kerja(berkas=data, satker=gunung_mas, tahun=2024)
    client.force_login(operator)
    respons = unggah(client, data)
    assert respons.status_code == 200 and "bukan KPU Kabupaten Gunung Mas" in (
        respons.content.decode()
    )
    assert PRATINJAU not in respons.get("Location", "")


def test_workbook_of_an_older_pk_version_is_refused(gunung_mas, buku):
    lama = PerjanjianKinerja.objects.get(satker=gunung_mas, tahun=2024)
    PerjanjianKinerja.objects.create(
        satker=gunung_mas,
        tahun=2024,
        versi=lama.versi + 1,
        jenis=PerjanjianKinerja.Jenis.PERUBAHAN,
        tanggal="2024-07-01",
        alasan_perubahan="Pilkada",
    )
    with pytest.raises(BerkasDitolak, match="versi 1.*versi 2"):
        baca_buku_kerja(berkas=buku, satker=gunung_mas, tahun=2024)


def test_edited_pk_since_download_is_refused(gunung_mas, buku):
    ind = indikator(gunung_mas, "2.4")
    ind.target = 90
    ind.save()
    with pytest.raises(BerkasDitolak, match="sudah diubah sejak buku kerja ini diunduh"):
        baca_buku_kerja(berkas=buku, satker=gunung_mas, tahun=2024)


@pytest.mark.parametrize("buat", [bom_zip, entitas_berlipat])
def test_hostile_file_is_refused_with_database_unchanged(client, operator, buat):
    client.force_login(operator)
    sebelum = keadaan_db()
    respons = unggah(client, buat())
    html = respons.content.decode()
    assert respons.status_code == 200 and 'class="galat"' in html
    assert "bom zip" in html or "DOCTYPE/ENTITY" in html
    assert keadaan_db() == sebelum


def test_a_budget_workbook_is_not_an_indicator_workbook(gunung_mas):
    from anggaran.impor.templat import write_templat_contoh

    with pytest.raises(BerkasDitolak, match="bukan buku kerja indikator"):
        baca_buku_kerja(berkas=write_templat_contoh(), satker=gunung_mas, tahun=2024)


@pytest.mark.parametrize("peran", [Pengguna.Peran.SEKRETARIS, Pengguna.Peran.KOMISIONER])
def test_reviewers_may_download_but_not_upload(client, gunung_mas, buat_pengguna, peran, buku):
    client.force_login(buat_pengguna(gunung_mas, peran))
    unduh = client.get(UNDUH)
    assert unduh.status_code == 200 and unduh["Content-Disposition"].endswith(
        '-2024-Buku-Kerja-Indikator.xlsx"'
    )
    assert client.get(UNGGAH).status_code == 403
    assert unggah(client, buku).status_code == 403
    assert client.get(PRATINJAU).status_code == 403


def test_admin_may_upload(client, admin_satker, buku):
    client.force_login(admin_satker)
    assert unggah(client, buku)["Location"] == PRATINJAU


def test_other_satker_gets_404(client, operator_lain, buku):
    client.force_login(operator_lain)
    assert client.get(UNDUH).status_code == 404
    assert client.get(UNGGAH).status_code == 404
    assert unggah(client, buku).status_code == 404
    assert client.post(PRATINJAU, {"aksi": "terapkan"}).status_code == 404


def test_ringkasan_links_to_the_workbook(client, operator, gunung_mas, buat_pengguna):
    client.force_login(operator)
    html = client.get("/6210/2024/").content.decode()
    assert f'href="{UNDUH}"' in html and f'href="{UNGGAH}"' in html
    client.force_login(buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER))
    html = client.get("/6210/2024/").content.decode()
    assert f'href="{UNDUH}"' in html and f'href="{UNGGAH}"' not in html


def test_workbook_changes_are_in_the_history_as_an_import(client, operator, gunung_mas, buku):
    from riwayat.models import Perubahan

    ind = indikator(gunung_mas, "2.3")
    dokumen = DokumenWajib.objects.filter(
        indikator__sasaran__program__perjanjian__satker=gunung_mas
    ).first()
    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    ws[f"K{cari_baris(ws, f'IND-{ind.pk}')}"] = "95,06"
    ws[f"{TERSEDIA}{cari_baris(ws, f'DOK-{dokumen.pk}')}"] = "Ya"
    client.force_login(operator)
    unggah(client, simpan(wb))
    pratinjau = client.get(PRATINJAU).context["pratinjau"]
    client.post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau.sidik})

    catatan = Perubahan.objects.filter(satker=gunung_mas, sumber="impor", pengguna=operator)
    assert {c.model for c in catatan} == {"kinerja.realisasi", "kinerja.dokumenwajib"}
    assert catatan.get(model="kinerja.dokumenwajib").objek_id == dokumen.pk
    realisasi = catatan.get(model="kinerja.realisasi")
    assert realisasi.data["nilai"] == [None, "95.0600"]
    assert realisasi.keterangan == "Buku kerja indikator: buku-kerja.xlsx"


def test_of_two_previews_of_one_year_only_the_first_saved_is_written(
    client, operator, admin_satker, gunung_mas, buku
):
    """Two users preview their workbooks against the same values; the one saving second is
    refused (its preview was computed on values the first one has since changed)."""
    from django.test import Client

    ind = indikator(gunung_mas, "1.1")
    pratinjau = {}
    klien = {"ani": client, "budi": Client()}
    for (nama, k), (pengguna, nilai) in zip(
        klien.items(), ((operator, "10"), (admin_satker, "20")), strict=True
    ):
        wb = load_workbook(io.BytesIO(buku))
        wb["Realisasi"][f"I{cari_baris(wb['Realisasi'], f'IND-{ind.pk}')}"] = nilai
        k.force_login(pengguna)
        unggah(k, simpan(wb))
        pratinjau[nama] = k.get(PRATINJAU).context["pratinjau"]
    klien["budi"].post(PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau["budi"].sidik})
    sesudah_budi = keadaan_db()

    tolak = client.post(
        PRATINJAU, {"aksi": "terapkan", "sidik": pratinjau["ani"].sidik}, follow=True
    ).content.decode()

    assert (
        "Realisasi tahun 2024 telah berubah sejak pratinjau dibuat; periksa pratinjau yang baru "
        "di bawah sebelum menyimpan."
    ) in tolak
    assert keadaan_db() == sesudah_budi
    assert Realisasi.objects.get(indikator=ind, triwulan=1).nilai == D("20")


def test_each_upload_is_recorded_with_its_outcome(client, operator, gunung_mas, buku):
    client.force_login(operator)
    unggah(client, buku, nama="batal.xlsx")
    batal = Unggahan.objects.get(jenis=Unggahan.Jenis.BUKU_KERJA, nama_berkas="batal.xlsx")
    assert (batal.satker, batal.tahun, batal.diunggah_oleh) == (gunung_mas, 2024, operator)
    assert batal.status == Unggahan.Status.PRATINJAU and batal.hasil["isian"]
    assert batal.sha256 == hashlib.sha256(buku).hexdigest() and batal.ukuran == len(buku)
    client.post(PRATINJAU, {"aksi": "batal"})
    batal.refresh_from_db()
    assert batal.status == Unggahan.Status.DIBATALKAN and batal.hasil is None

    wb = load_workbook(io.BytesIO(buku))
    ws = wb["Realisasi"]
    id_baris = f"IND-{indikator(gunung_mas, '1.1').pk}"
    ws[f"I{cari_baris(ws, id_baris)}"] = "50"
    unggah(client, simpan(wb), nama="isi.xlsx")
    sidik = client.get(PRATINJAU).context["pratinjau"].sidik
    client.post(PRATINJAU, {"aksi": "terapkan", "sidik": sidik})
    isi = Unggahan.objects.get(nama_berkas="isi.xlsx")
    assert isi.status == Unggahan.Status.DITERAPKAN and isi.diterapkan_pada is not None
    assert isi.ringkasan["diubah"] == 1 and isi.hasil is None
    # a second confirmation of the same upload writes nothing
    respons = client.post(PRATINJAU, {"aksi": "terapkan", "sidik": sidik}, follow=True)
    assert "Belum ada buku kerja yang diunggah" in respons.content.decode()
