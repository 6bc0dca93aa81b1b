"""The analyses BAB III makes (PermenPAN-RB 53/2014, docs/analisis.md): realisation against the
Renstra's target for the year and the end of the period (Tabel 3.9), against earlier years
(Tabel 3.10) and a national standard (Tabel 3.11); causes and solution of an indicator below Baik,
required before submission."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from kinerja.models import IndikatorKinerja, PerjanjianKinerja, ProgramPK, Realisasi, SasaranPK
from kinerja.services import DEFAULT_SKALA, Kategori, SkalaKategori
from laporan.dokumen import build_dokumen
from laporan.ekspor import ekspor_tabel
from laporan.pemeriksaan import GALAT, periksa
from pengesahan import services as pengesahan
from pengesahan.models import Pengesahan
from renstra.models import IndikatorSasaran, Renstra, TargetRenstra

TAHUN = 2024
RENSTRA_URL = "/6210/2024/renstra/"
GAJI = "Persentase ketepatan waktu dalam pembayaran honorarium"
SARPRAS = "Persentase pemenuhan sarana dan fasilitas perkantoran"


def _terukur(satker, awal: str) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=satker,
        sasaran__program__perjanjian__tahun=TAHUN,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        nama__startswith=awal,
    )


def _renstra_indikator(satker, awal: str) -> IndikatorSasaran:
    return IndikatorSasaran.objects.get(sasaran__renstra__satker=satker, nama__startswith=awal)


def _html(client, user) -> str:
    client.force_login(user)
    respons = client.get("/6210/2024/laporan/")
    assert respons.status_code == 200
    return respons.content.decode()


# --- "below Baik" on the satker's scale ------------------------------------------------------


def test_below_baik_follows_the_scale():
    assert DEFAULT_SKALA.di_bawah_baik("Cukup Baik")
    assert DEFAULT_SKALA.di_bawah_baik("Gagal")
    assert not DEFAULT_SKALA.di_bawah_baik("Baik")
    assert not DEFAULT_SKALA.di_bawah_baik("Sangat Baik")
    assert not DEFAULT_SKALA.di_bawah_baik(None)  # not measured: not below
    # A scale without a band named "Baik": the second-highest band is the reference.
    skala = SkalaKategori((Kategori("Kurang", None, True), Kategori("Memadai", Decimal(60), True),
                           Kategori("Memuaskan", Decimal(80), True)))  # fmt: skip
    assert skala.di_bawah_baik("Kurang")
    assert not skala.di_bawah_baik("Memadai")


# --- The Renstra target page ------------------------------------------------------------------


def test_every_role_reads_the_renstra_targets(client, gunung_mas, buat_pengguna):
    ind = _renstra_indikator(gunung_mas, "Persentase partisipasi pemilih dalam")
    TargetRenstra.objects.create(indikator=ind, tahun=2022, nilai=Decimal("77.5"))
    client.force_login(buat_pengguna(gunung_mas, "sekretaris"))
    html = client.get(RENSTRA_URL).content.decode()
    assert "Target Renstra 2020–2024" in html
    assert "77,5%" in html and "makin rendah makin baik" in html  # the negative indicators
    assert 'name="target-' not in html  # read only
    assert "pengisian dilakukan oleh Operator atau Admin" in html


def test_operator_writes_targets_all_at_once(client, gunung_mas, operator):
    ind = _renstra_indikator(gunung_mas, "Persentase partisipasi pemilih dalam")
    client.force_login(operator)
    html = client.get(RENSTRA_URL).content.decode()
    assert f'name="target-{ind.pk}-2024"' in html
    respons = client.post(
        RENSTRA_URL, {f"target-{ind.pk}-2023": "75", f"target-{ind.pk}-2024": "77,5"}
    )
    assert respons.status_code == 302
    assert dict(TargetRenstra.objects.filter(indikator=ind).values_list("tahun", "nilai")) == {
        2023: Decimal("75"),
        2024: Decimal("77.5"),
    }
    # One value refused: nothing of the form is written, the typed values are shown again.
    respons = client.post(
        RENSTRA_URL, {f"target-{ind.pk}-2023": "", f"target-{ind.pk}-2024": "1,250"}
    )
    assert respons.status_code == 422
    assert "tidak jelas" in respons.content.decode() and 'value="1,250"' in respons.content.decode()
    assert TargetRenstra.objects.filter(indikator=ind).count() == 2
    # An empty field deletes the target.
    assert client.post(RENSTRA_URL, {f"target-{ind.pk}-2023": ""}).status_code == 302
    assert list(TargetRenstra.objects.filter(indikator=ind).values_list("tahun", flat=True)) == [
        2024
    ]


def test_wrong_role_403_and_other_satker_404(client, gunung_mas, buat_pengguna, operator_lain):
    ind = _renstra_indikator(gunung_mas, "Persentase partisipasi pemilih dalam")
    data = {f"target-{ind.pk}-2024": "80"}
    client.force_login(buat_pengguna(gunung_mas, "komisioner"))
    assert client.post(RENSTRA_URL, data).status_code == 403
    client.force_login(operator_lain)
    assert client.get(RENSTRA_URL).status_code == 404
    assert client.post(RENSTRA_URL, data).status_code == 404
    assert not TargetRenstra.objects.exists()


def test_targets_of_a_submitted_period_are_locked(client, gunung_mas, operator):
    ind = _renstra_indikator(gunung_mas, "Persentase partisipasi pemilih dalam")
    Pengesahan.objects.create(satker=gunung_mas, tahun=2022, status=Pengesahan.Status.DIAJUKAN)
    client.force_login(operator)
    html = client.get(RENSTRA_URL).content.decode()
    assert "Laporan tahun 2022" in html and 'name="target-' not in html
    respons = client.post(RENSTRA_URL, {f"target-{ind.pk}-2024": "80"})
    assert "Laporan tahun 2022" in respons.content.decode()
    assert not TargetRenstra.objects.exists()


# --- Tabel 3.9: the Renstra's targets -------------------------------------------------------


@pytest.fixture
def tertaut(gunung_mas):
    """PK 1.1 (realisation 100%) measures a positive Renstra indicator, PK 1.2 (100%) a
    negative one; the Renstra is extended to 2025 so that the end of the period is not 2024."""
    Renstra.objects.filter(satker=gunung_mas).update(tahun_selesai=2025)
    pos = _renstra_indikator(gunung_mas, "Persentase ketepatan waktu penyelesaian")
    neg = _renstra_indikator(gunung_mas, "Persentase pelanggaran kode etik")
    for awal, ind in ((GAJI, pos), (SARPRAS, neg)):
        pk = _terukur(gunung_mas, awal)
        pk.indikator_renstra = ind
        pk.save()
    TargetRenstra.objects.bulk_create(
        [
            TargetRenstra(indikator=pos, tahun=2024, nilai=Decimal(80)),
            TargetRenstra(indikator=pos, tahun=2025, nilai=Decimal(120)),
            TargetRenstra(indikator=neg, tahun=2024, nilai=Decimal(90)),
        ]
    )
    return pos, neg


def test_realisation_against_the_renstra_targets(gunung_mas, tertaut):
    r = build_dokumen(satker=gunung_mas, tahun=TAHUN).tabel_renstra
    assert (r.periode, r.tahun_akhir) == ("2020–2025", 2025)
    pos = next(b for b in r.baris if b.indikator.startswith("Persentase ketepatan waktu peny"))
    assert pos.indikator_pk.startswith(GAJI) and pos.realisasi == Decimal(100)
    assert (pos.target_tahun, pos.target_akhir) == (Decimal(80), Decimal(120))
    assert pos.capaian_tahun == Decimal(125)  # 100 ÷ 80 × 100
    assert pos.capaian_akhir == Decimal(100) * 100 / Decimal(120)
    neg = next(b for b in r.baris if b.indikator.startswith("Persentase pelanggaran"))
    # Negative polarity: (2 × 90 − 100) ÷ 90 × 100; no end-of-period target: not computed.
    assert neg.capaian_tahun == (2 * Decimal(90) - 100) * 100 / Decimal(90)
    assert neg.target_akhir is None and neg.capaian_akhir is None
    lain = next(b for b in r.baris if b.indikator.startswith("Opini BPK"))
    assert lain.indikator_pk == "" and lain.realisasi is None and lain.capaian_tahun is None


def test_renstra_table_is_printed_with_polarity_and_indonesian_numbers(
    client, gunung_mas, operator, tertaut
):
    html = _html(client, operator)
    tabel = html.split('id="tabel-3-9"')[1].split("</table>")[0]
    assert "Tabel 3.9 Realisasi Tahun 2024 terhadap Target Renstra 2020–2025" in tabel
    assert "Target Akhir (2025)" in tabel
    baris = tabel.split("Persentase ketepatan waktu penyelesaian")[1].split("</tr>")[0]
    assert "(makin tinggi makin baik)" in baris
    for teks in ("80%", "120%", "100%", "125,00%", "83,33%"):
        assert f">{teks}<" in baris, teks
    baris = tabel.split("Persentase pelanggaran kode etik")[1].split("</tr>")[0]
    assert "(makin rendah makin baik)" in baris and ">88,89%<" in baris
    assert "Tidak terkait dengan indikator Perjanjian Kinerja 2024." in tabel  # the unlinked ones
    assert 'href="#tabel-3-9"' in html  # Daftar Tabel


def test_renstra_table_exports_as_xlsx(gunung_mas, tertaut):
    ws = load_workbook(
        io.BytesIO(ekspor_tabel(build_dokumen(satker=gunung_mas, tahun=TAHUN), "3.9"))
    ).active
    assert "Tabel 3.9" in ws["A1"].value
    baris = next(
        r
        for r in ws.iter_rows(min_row=4, values_only=True)
        if str(r[1]).startswith("Persentase ketepatan waktu peny")
    )
    assert baris[3:5] == (80, 120) and baris[8] == 125 and baris[9] == 83.33  # half-up at this edge


# --- Tabel 3.10: earlier years ----------------------------------------------------------------


def _pk_2023(satker, nama: str, realisasi: str, indikator_renstra=None) -> IndikatorKinerja:
    pk = PerjanjianKinerja.objects.create(satker=satker, tahun=2023)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Program")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, nomor="1", uraian="Sasaran"
    )
    ind = IndikatorKinerja.objects.create(
        sasaran=sasaran,
        urutan=1,
        nama=nama,
        target=Decimal(100),
        indikator_renstra=indikator_renstra,
    )
    Realisasi.objects.create(indikator=ind, triwulan=4, nilai=Decimal(realisasi))
    return ind


def test_earlier_year_matched_by_name(client, gunung_mas, operator):
    nama = _terukur(gunung_mas, GAJI).nama
    _pk_2023(gunung_mas, "  " + nama.upper() + " ", "50")  # case and spacing do not matter
    d = build_dokumen(satker=gunung_mas, tahun=TAHUN)
    baris = next(b for b in d.perbandingan_tahunan if b.nama == nama)
    assert [(n.tahun, n.ada, n.realisasi_teks, n.capaian) for n in baris.per_tahun] == [
        (2022, False, "—", None),
        (2023, True, "50%", Decimal(50)),
        (2024, True, "100%", Decimal(100)),
    ]
    tabel = _html(client, operator).split('id="tabel-3-10"')[1].split("</table>")[0]
    assert "Tabel 3.10 Capaian per Indikator Tahun 2022–2024" in tabel
    baris_html = tabel.split(nama)[1].split("</tr>")[0]
    assert "(makin tinggi makin baik)" in baris_html
    assert '<td class="angka target">50%</td><td class="angka">50,00%</td>' in baris_html


def test_earlier_year_matched_by_renstra_link(gunung_mas, tertaut):
    pos, _ = tertaut
    _pk_2023(gunung_mas, "Nama lain tahun lalu", "60", indikator_renstra=pos)
    d = build_dokumen(satker=gunung_mas, tahun=TAHUN)
    baris = next(b for b in d.perbandingan_tahunan if b.nama.startswith(GAJI))
    assert baris.per_tahun[1].capaian == Decimal(60)


# --- Tabel 3.11: national standard ------------------------------------------------------------


def test_national_standard_printed_only_when_present(client, gunung_mas, operator):
    html = _html(client, operator)
    assert 'id="tabel-3-11"' not in html and "Tabel 3.11" not in html
    assert "Belum ada indikator kinerja yang memiliki standar nasional" in html
    assert client.get("/6210/2024/laporan/tabel/3.11.xlsx").status_code == 404

    ind = _terukur(gunung_mas, GAJI)
    ind.standar_nasional, ind.sumber_standar_nasional = Decimal(95), "PKPU Nomor 1 Tahun 2024"
    ind.save()
    html = _html(client, operator)
    tabel = html.split('id="tabel-3-11"')[1].split("</table>")[0]
    assert ">95%<" in tabel and "PKPU Nomor 1 Tahun 2024" in tabel
    assert ">105,26%<" in tabel  # 100 ÷ 95 × 100
    assert 'href="#tabel-3-11"' in html
    assert client.get("/6210/2024/laporan/tabel/3.11.xlsx").status_code == 200


# --- Causes and solution below Baik ------------------------------------------------------------


def test_below_baik_without_causes_is_a_galat_that_blocks_submission(client, gunung_mas, operator):
    ind = _terukur(gunung_mas, GAJI)
    Realisasi.objects.filter(indikator=ind, triwulan=4).update(nilai=Decimal(60))  # Cukup Baik
    temuan = [
        t
        for t in periksa(build_dokumen(satker=gunung_mas, tahun=TAHUN))
        if t.jenis == "analisis_kosong"
    ]
    assert len(temuan) == 1 and temuan[0].tingkat == GALAT
    assert "penyebab dan solusi wajib diisi" in temuan[0].pesan
    assert temuan[0].tautan == f"/6210/2024/realisasi/#analisis-{ind.pk}"
    with pytest.raises(ValidationError, match="galat"):
        pengesahan.ajukan(satker=gunung_mas, tahun=TAHUN, user=operator, alasan={})

    # The realisation page shows the block open and marked; the operator fills it in.
    client.force_login(operator)
    html = client.get("/6210/2024/realisasi/").content.decode()
    assert f'id="analisis-{ind.pk}" open' in html and "wajib diisi" in html
    respons = client.post(
        f"/6210/2024/realisasi/{ind.pk}/analisis/",
        {
            "penyebab": "Pembayaran terlambat karena revisi DIPA.",
            "solusi": "Ajukan revisi lebih awal.",
            "penyebab_lama": "",
            "solusi_lama": "",
        },
    )
    assert respons.status_code == 302
    ind.refresh_from_db()
    assert ind.penyebab == "Pembayaran terlambat karena revisi DIPA."
    temuan = periksa(build_dokumen(satker=gunung_mas, tahun=TAHUN))
    assert not [t for t in temuan if t.jenis == "analisis_kosong"]
    html = _html(client, operator)
    bagian = html.split('id="bab_3_e"')[1]
    assert (
        "Pembayaran terlambat karena revisi DIPA." in bagian
        and "Ajukan revisi lebih awal." in bagian
    )
    assert "60,00% (Cukup Baik)" in bagian


def test_a_stale_form_does_not_overwrite_causes(client, gunung_mas, operator):
    ind = _terukur(gunung_mas, GAJI)
    ind.penyebab = "Tulisan orang lain"
    ind.save()
    client.force_login(operator)
    respons = client.post(
        f"/6210/2024/realisasi/{ind.pk}/analisis/",
        {"penyebab": "Punya saya", "solusi": "x", "penyebab_lama": "", "solusi_lama": ""},
    )
    assert respons.status_code == 409 and "Tulisan orang lain" in respons.content.decode()
    ind.refresh_from_db()
    assert ind.penyebab == "Tulisan orang lain"
