"""Pages served from their drawn parts (laporan.halaman, kinerja.tables): a page read twice is the
same page, and a change of any data it shows is on the next read, whoever made it and however
(web, ORM update without signals, another satker)."""

import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from anggaran.models import BarisAnggaran
from kinerja.models import BuktiDukung, IndikatorKinerja, Realisasi
from laporan.dokumen import sidik_data, sumber_laporan
from laporan.models import Narasi
from lkjip.ingatan import clear_semua
from lkjip.sidik import _bernomor, _kueri_sidik, _sidik_server
from satker.models import Satker
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
    clear_semua()
    pertama, dingin = _jumlah_query(client, alamat)
    kedua, hangat = _jumlah_query(client, alamat)
    assert _tanpa_token(kedua) == _tanpa_token(pertama)
    if alamat != REALISASI:  # the table keeps drawn rows, not queries
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


def test_report_check_sees_a_satker_added_after_the_page_was_drawn(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").update(
        teks="Disalin dari laporan KPU Provinsi Jawa Barat."
    )
    client.force_login(operator)

    def pemeriksaan() -> str:
        html = client.get(LAPORAN).content.decode()
        return html.split('id="judul-pemeriksaan"')[1].split("</section>")[0]

    assert "Jawa Barat" not in pemeriksaan()
    Satker.objects.create(
        kode="32",
        jenis=Satker.Jenis.PROVINSI,
        nama="KPU Provinsi Jawa Barat",
        nama_lengkap="Komisi Pemilihan Umum Provinsi Jawa Barat",
        wilayah="Provinsi Jawa Barat",
        provinsi="Jawa Barat",
        kedudukan="Bandung",
    )
    assert "KPU Provinsi Jawa Barat" in pemeriksaan()


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


def test_realisation_rows_drawn_once_serve_every_session_with_its_own_token(
    gunung_mas, operator, admin_satker, ind
):
    """The kept rows carry a stand-in for the CSRF token: each session's forms post with its own,
    and a save by one is on the other's next page."""
    satu = Client(enforce_csrf_checks=True)
    dua = Client(enforce_csrf_checks=True)
    satu.force_login(operator)
    dua.force_login(admin_satker)
    for klien in (satu, dua):
        html = klien.get(REALISASI).content.decode()
        assert "csrf-tanda" not in html
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


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fingerprint query is PostgreSQL's (CI runs it)"
)
@pytest.mark.parametrize("tahun", [2022, 2023, 2024])
def test_fingerprint_query_compiled_once_equals_one_compiled_for_the_satker_and_year(
    gunung_mas, satker_lain, tahun
):
    for satker in (gunung_mas, satker_lain):
        segar = _kueri_sidik(sumber_laporan(satker.pk, tahun))
        awal = f"{satker.pk}:{tahun}"
        assert sidik_data(satker=satker, tahun=tahun) == _sidik_server(*segar, awal=awal)
    assert sidik_data(satker=gunung_mas, tahun=tahun) != sidik_data(satker=satker_lain, tahun=tahun)


def test_fingerprint_survives_a_rolled_back_transaction(gunung_mas):
    """The query is a prepared statement per connection (laporan.dokumen._sidik_server)."""
    sebelum = sidik_data(satker=gunung_mas, tahun=2024)
    try:
        with transaction.atomic():
            assert sidik_data(satker=gunung_mas, tahun=2023) != sebelum
            raise RuntimeError("batal")
    except RuntimeError:
        pass
    assert sidik_data(satker=gunung_mas, tahun=2024) == sebelum


def test_placeholders_numbered_for_prepare():
    assert _bernomor("SELECT %s, '5%%', %s") == "SELECT $1, '5%', $2"


def test_budget_tree_shows_a_line_changed_without_signals(client, operator, gunung_mas):
    client.force_login(operator)
    alamat = "/6210/2024/anggaran/"
    assert "Rp41.469.966.000" in client.get(alamat).content.decode()
    baris = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA.3360")
    BarisAnggaran.objects.filter(pk=baris.pk).update(pagu=baris.pagu + 1000)
    html = client.get(alamat).content.decode()
    assert "Rp41.469.967.000" in html and "Rp41.469.966.000" not in html


def test_a_page_drawn_while_its_data_changed_is_not_kept_under_the_older_state(
    client, operator, gunung_mas, monkeypatch
):
    """The fingerprint is taken, then the report is built: a change in between must not leave the
    newer report kept under the older fingerprint, to be served when the data returns to it."""
    from laporan import halaman

    narasi = Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup")
    narasi.update(teks="Teks lama.")
    asli = halaman.build_dokumen

    def berubah_di_tengah(**kwargs):
        narasi.update(teks="Teks sela.")  # committed by another user meanwhile
        return asli(**kwargs)

    client.force_login(operator)
    monkeypatch.setattr(halaman, "build_dokumen", berubah_di_tengah)
    assert "Teks sela." in client.get(LAPORAN).content.decode()
    monkeypatch.setattr(halaman, "build_dokumen", asli)
    narasi.update(teks="Teks lama.")  # back to exactly the first state
    html = client.get(LAPORAN).content.decode()
    assert "Teks lama." in html and "Teks sela." not in html


def test_an_edited_template_under_runserver_draws_pages_anew(client, operator):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    from lkjip.ingatan import _SEMUA

    client.force_login(operator)
    client.get(DASHBOARD)
    assert any(i._isi for i in _SEMUA)
    file_changed.send(sender=None, file_path=Path("templates/laporan/_tabel_kinerja.html"))
    assert not any(i._isi for i in _SEMUA)
