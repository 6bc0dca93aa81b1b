"""Pages built once per revision of the data (laporan.halaman, satker.revisi): a page read twice is
the same page, and a change of any data it shows is on the next read, whoever made it and however
(web, ORM update without signals, another satker)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.autoreload import file_changed

from anggaran.models import BarisAnggaran, RealisasiBulanan, RencanaPenarikan, RevisiDipa
from kinerja.models import BuktiDukung, IndikatorKinerja, Realisasi
from laporan.cetak import kunci_cache
from laporan.dokumen import SUMBER_LAPORAN, Sumber
from laporan.models import Narasi
from pengesahan.models import Pengesahan
from renstra.models import IndikatorSasaran, TargetRenstra
from satker.models import Pengguna, Satker
from satker.revisi import baca, kunci, perbarui_semua
from tests.conftest import buat_baris_triwulan
from tests.kinerja.test_realisasi_web import indikator_kinerja

DASHBOARD = "/6210/2024/"
LAPORAN = "/6210/2024/laporan/"
REALISASI = "/6210/2024/realisasi/"


def _jumlah_query(client: Client, alamat: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as q:
        response = client.get(alamat)
    assert response.status_code == 200
    return response.content.decode(), len(q)


def _tanpa_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    return indikator_kinerja(gunung_mas, "1.1")


@pytest.mark.parametrize("alamat", [DASHBOARD, LAPORAN, REALISASI])
def test_a_page_read_again_is_the_same_page_with_fewer_queries(client, operator, alamat):
    client.force_login(operator)
    client.get(alamat)  # the session's first request
    cache.clear()
    pertama, dingin = _jumlah_query(client, alamat)
    kedua, hangat = _jumlah_query(client, alamat)
    assert _tanpa_token(kedua) == _tanpa_token(pertama)
    assert hangat < dingin


def test_dashboard_and_report_show_a_realisation_changed_without_signals(
    client, operator, gunung_mas, ind
):
    client.force_login(operator)
    assert "Sangat Baik" in client.get(DASHBOARD).content.decode()
    client.get(LAPORAN)
    Realisasi.objects.filter(indikator=ind).update(nilai=Decimal("12.5"))
    dashboard = client.get(DASHBOARD).content.decode()
    assert "12,50%" in dashboard
    assert "12,5" in client.get(LAPORAN).content.decode()


def test_report_page_shows_changed_narrative_at_once(client, operator, gunung_mas):
    client.force_login(operator)
    assert "Kalimat baru penutup." not in client.get(LAPORAN).content.decode()
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").update(
        teks="Kalimat baru penutup."
    )
    assert "Kalimat baru penutup." in client.get(LAPORAN).content.decode()


def _pemeriksaan(client: Client) -> str:
    html = client.get(LAPORAN).content.decode()
    return html.split('id="judul-pemeriksaan"')[1].split("</section>")[0]


def test_report_check_sees_a_satker_added_after_the_page_was_drawn(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").update(
        teks="Disalin dari laporan KPU Provinsi Jawa Barat."
    )
    client.force_login(operator)
    assert "Jawa Barat" not in _pemeriksaan(client)
    Satker.objects.create(
        kode="32",
        jenis=Satker.Jenis.PROVINSI,
        nama="KPU Provinsi Jawa Barat",
        nama_lengkap="Komisi Pemilihan Umum Provinsi Jawa Barat",
        wilayah="Provinsi Jawa Barat",
        provinsi="Jawa Barat",
        kedudukan="Bandung",
    )
    assert "KPU Provinsi Jawa Barat" in _pemeriksaan(client)


def test_report_check_sees_another_satker_renamed_without_signals(
    client, operator, gunung_mas, satker_lain
):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").update(
        teks="Disalin dari laporan KPU Provinsi Bali."
    )
    client.force_login(operator)
    assert "Bali" not in _pemeriksaan(client)
    Satker.objects.filter(pk=satker_lain.pk).update(nama="KPU Provinsi Bali")
    assert "KPU Provinsi Bali" in _pemeriksaan(client)


def test_dashboard_counts_evidence_uploaded_after_it_was_drawn(client, operator, ind):
    client.force_login(operator)

    def tanpa_bukti() -> str:
        html = client.get(DASHBOARD).content.decode()
        bagian = html.split("Bukti dukung belum diunggah")
        return bagian[1].split("</ul>")[0] if len(bagian) > 1 else ""

    assert ind.nama in tanpa_bukti()
    BuktiDukung.objects.create(
        indikator=ind, nama_asli="bukti.pdf", berkas="x.pdf", ukuran=10, jenis="application/pdf"
    )
    assert ind.nama not in tanpa_bukti()


def test_realisation_table_shows_evidence_renamed_without_signals(client, operator, ind):
    bukti = BuktiDukung.objects.create(
        indikator=ind, nama_asli="lama.pdf", berkas="x.pdf", ukuran=10, jenis="application/pdf"
    )
    client.force_login(operator)
    assert "lama.pdf" in client.get(REALISASI).content.decode()
    BuktiDukung.objects.filter(pk=bukti.pk).update(nama_asli="baru.pdf")
    html = client.get(REALISASI).content.decode()
    assert "baru.pdf" in html and "lama.pdf" not in html


def test_realisation_table_shows_the_lock_of_a_year_submitted_without_signals(
    client, operator, gunung_mas
):
    """The signing state is not a row the report reads, but it locks the table (and the table of
    the two years before: their rows are in this year's three-year tables)."""
    Pengesahan.objects.create(satker=gunung_mas, tahun=2025)
    client.force_login(operator)
    assert "pesan-terkunci" not in client.get(REALISASI).content.decode()
    Pengesahan.objects.filter(satker=gunung_mas, tahun=2025).update(
        status=Pengesahan.Status.DIAJUKAN
    )
    assert "pesan-terkunci" in client.get(REALISASI).content.decode()


def test_realisation_rows_carry_each_sessions_own_token(gunung_mas, operator, admin_satker, ind):
    """The rows' data is built once for every session; each session's forms post with its own
    token (without JavaScript too), and a save by one is on the other's next page."""
    satu = Client(enforce_csrf_checks=True)
    dua = Client(enforce_csrf_checks=True)
    satu.force_login(operator)
    dua.force_login(admin_satker)
    for klien in (satu, dua):
        html = klien.get(REALISASI).content.decode()
        baris = html.split(f'id="indikator-{ind.pk}"')[1].split("</tr>")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', baris).group(1)
        versi = re.search(r'action="[^"]*/tw/4/".*?name="versi" value="(\d+)"', baris, re.S)
        r = klien.post(
            f"{REALISASI}{ind.pk}/tw/4/",
            {"nilai": "77" if klien is satu else "66", "versi": versi.group(1)},
            HTTP_X_CSRFTOKEN=token,
        )
        assert r.status_code == 302, r.content.decode()[:300]
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == Decimal("66")
    baris = satu.get(REALISASI).content.decode().split(f'id="indikator-{ind.pk}"')[1]
    assert 'value="66"' in baris.split("</tr>")[0]


def test_budget_tree_shows_a_line_changed_without_signals(client, operator, gunung_mas):
    client.force_login(operator)
    alamat = "/6210/2024/anggaran/"
    assert "Rp41.469.966.000" in client.get(alamat).content.decode()
    baris = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA.3360")
    BarisAnggaran.objects.filter(pk=baris.pk).update(pagu=baris.pagu + 1000)
    html = client.get(alamat).content.decode()
    assert "Rp41.469.967.000" in html and "Rp41.469.966.000" not in html


def _id(sumber: Sumber) -> str:
    return sumber.model._meta.label


@pytest.mark.parametrize("sumber", SUMBER_LAPORAN, ids=_id)
def test_every_write_of_a_row_the_report_reads_renews_the_revision(sumber, gunung_mas):
    """Through the signed-year guard, which every write of the report's rows meets: a save and a
    bulk update of a row the report of 2024 reads each give 2024 a new revision."""
    if sumber.model is Pengguna:
        Pengguna.objects.create_user(
            "ketua-uji", satker=gunung_mas, peran="komisioner", is_ketua=True
        )
    if sumber.model is TargetRenstra:  # the seed states none
        indikator = IndikatorSasaran.objects.filter(sasaran__renstra__satker=gunung_mas).first()
        TargetRenstra.objects.create(indikator=indikator, tahun=2024, nilai=Decimal(80))
    if sumber.model is RealisasiBulanan:  # the seed gives no month
        baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024).last()
        RealisasiBulanan.objects.create(baris=baris, bulan=1, nilai=Decimal(1))
    if sumber.model is RevisiDipa:  # nor a DIPA revision
        RevisiDipa.objects.create(satker=gunung_mas, tahun=2024, ke=0)
    if sumber.model is RencanaPenarikan:  # nor a withdrawal plan
        RencanaPenarikan.objects.create(satker=gunung_mas, tahun=2024, bulan=1, nilai=Decimal(1))
    buat_baris_triwulan(sumber.model, gunung_mas)  # nor a rencana aksi
    qs = sumber.queryset(gunung_mas.pk, 2024).values_list("pk", flat=True).order_by("pk")
    obj = sumber.model.objects.get(pk=qs.first())

    def revisi() -> str:
        return baca(satker_id=gunung_mas.pk, tahun=2024).laporan

    sebelum = revisi()
    if sumber.kolom:  # read by a few columns: only their change matters
        medan = sumber.kolom[1]
        setattr(obj, medan, getattr(obj, medan) + " baru")
    obj.save()
    assert revisi() != sebelum
    sebelum = revisi()
    medan = next(  # written with the value it has: the guard does not compare values
        f
        for f in sumber.model._meta.concrete_fields
        if not f.primary_key and not f.is_relation and (not sumber.kolom or f.name in sumber.kolom)
    )
    sumber.model.objects.filter(pk=obj.pk).update(**{medan.name: getattr(obj, medan.attname)})
    assert revisi() != sebelum


def test_a_rolled_back_change_never_leaves_its_page_behind(client, operator, ind):
    """A page built inside a transaction that wrote is kept under that transaction's revision,
    which no one sees again once it rolls back; the next change gets a revision of its own."""
    client.force_login(operator)
    assert "12,50%" not in client.get(DASHBOARD).content.decode()
    with pytest.raises(RuntimeError), transaction.atomic():
        Realisasi.objects.filter(indikator=ind).update(nilai=Decimal("12.5"))
        assert "12,50%" in client.get(DASHBOARD).content.decode()
        raise RuntimeError("batal")
    assert "12,50%" not in client.get(DASHBOARD).content.decode()
    Realisasi.objects.filter(indikator=ind).update(nilai=Decimal("13"))
    assert "13,00%" in client.get(DASHBOARD).content.decode()


def test_a_page_drawn_while_its_data_changed_is_not_kept_under_the_older_state(
    client, operator, gunung_mas, monkeypatch
):
    """The revision is read, then the report is built: a change in between must not leave the
    newer report kept under the older revision."""
    from laporan import halaman

    narasi = Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup")
    narasi.update(teks="Teks lama.")
    asli = halaman.build_dokumen
    dibangun = []

    def berubah_di_tengah(**kwargs):
        dibangun.append(1)
        if len(dibangun) == 1:
            narasi.update(teks="Teks sela.")  # committed by another user meanwhile
        return asli(**kwargs)

    client.force_login(operator)
    monkeypatch.setattr(halaman, "build_dokumen", berubah_di_tengah)
    assert "Teks sela." in client.get(LAPORAN).content.decode()
    assert "Teks sela." in client.get(LAPORAN).content.decode()
    assert len(dibangun) == 2  # not kept the first time; kept under the newer revision since
    client.get(LAPORAN)
    assert len(dibangun) == 2


def test_an_edited_template_under_runserver_draws_pages_anew(client, operator, gunung_mas):
    client.force_login(operator)
    client.get(DASHBOARD)
    k = kunci(
        "ringkasan",
        satker_id=gunung_mas.pk,
        tahun=2024,
        revisi=baca(satker_id=gunung_mas.pk, tahun=2024).halaman,
    )
    assert cache.get(k) is not None
    file_changed.send(sender=None, file_path=Path("templates/laporan/_tabel_kinerja.html"))
    assert cache.get(k) is None


def test_the_pdf_keeps_its_name_when_only_what_the_pages_show_changes(gunung_mas, ind):
    """The PDF prints the report's rows only: an evidence file or the signing state renews the
    pages' revision, not the PDF's name (the approval reuses the PDF rendered before it)."""
    pdf = kunci_cache(satker=gunung_mas, tahun=2024)
    halaman = baca(satker_id=gunung_mas.pk, tahun=2024).halaman
    BuktiDukung.objects.create(
        indikator=ind, nama_asli="bukti.pdf", berkas="x.pdf", ukuran=10, jenis="application/pdf"
    )
    Pengesahan.objects.create(satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DIAJUKAN)
    assert kunci_cache(satker=gunung_mas, tahun=2024) == pdf
    assert baca(satker_id=gunung_mas.pk, tahun=2024).halaman != halaman


def test_every_revision_renewed_at_once_for_what_bypasses_the_orm(gunung_mas, satker_lain):
    sebelum = [kunci_cache(satker=s, tahun=2024) for s in (gunung_mas, satker_lain)]
    perbarui_semua()
    sesudah = [kunci_cache(satker=s, tahun=2024) for s in (gunung_mas, satker_lain)]
    assert all(a != b for a, b in zip(sebelum, sesudah, strict=True))
