"""The realisation entry page: in-place saves, validation, lost-update conflicts, roles, history."""

import re
from decimal import Decimal
from html import unescape as html_unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kinerja.models import (
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    Realisasi,
    SasaranPK,
)
from lkjip.isian import IsianDitolak, format_isian, parse_nilai_realisasi
from pengesahan.models import Pengesahan
from riwayat.models import Perubahan
from satker.models import Pengguna

D = Decimal
HALAMAN = "/6210/2024/realisasi/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def indikator_kinerja(gunung_mas, nomor: str) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor=nomor,
    )


def url_tw(indikator: IndikatorKinerja, tw: int) -> str:
    return f"/6210/2024/realisasi/{indikator.pk}/tw/{tw}/"


def sel(html: str, kelas: str) -> str:
    """The text of the first <td> with ``kelas`` among its classes, tags stripped."""
    cocok = re.search(
        rf'<td[^>]*class="(?:[^"]*\s)?{kelas}(?:\s[^"]*)?"[^>]*>(.*?)</td>', html, re.S
    )
    assert cocok, f"no td.{kelas}"
    return " ".join(re.sub(r"<[^>]+>", " ", cocok.group(1)).split())


def versi(indikator: IndikatorKinerja, tw: int) -> int:
    r = Realisasi.objects.filter(indikator=indikator, triwulan=tw).first()
    return r.versi if r else 0


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    """1.1 ketepatan waktu pembayaran: target 100%, TW IV 100 in the demo, nilai akhir."""
    return indikator_kinerja(gunung_mas, "1.1")


@pytest.fixture
def klien_operator(client, operator):
    operator.first_name = "Ola"
    operator.last_name = "Operator"
    operator.save()
    client.force_login(operator)
    return client


# --- parsing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "teks, nilai",
    [
        ("95,06", D("95.06")),
        ("1.250", D("1250")),
        ("1.250,5", D("1250.5")),
        ("0", D("0")),
        ("0,125", D("0.125")),
        (" 87,5 % ", D("87.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_indonesian_numbers_are_read(teks, nilai):
    assert parse_nilai_realisasi(teks) == nilai


@pytest.mark.parametrize(
    "teks, pesan",
    [
        ("1,250", "tidak jelas"),
        ("12,500", "tidak jelas"),
        ("1.25", "tidak jelas"),
        ("1,250,000", "tidak jelas"),
        ("abc", "bukan angka"),
        ("-5", "tidak boleh negatif"),
        ("1,23456", "paling banyak 4 angka"),
        ("12345678901", "terlalu besar"),
    ],
)
def test_ambiguous_or_invalid_numbers_are_refused(teks, pesan):
    with pytest.raises(IsianDitolak) as info:
        parse_nilai_realisasi(teks)
    assert pesan in info.value.pesan


@pytest.mark.parametrize(
    "nilai, isian",
    [(D("1.234"), "1,2340"), (D("1250"), "1.250"), (D("95.0600"), "95,06"), (D("0.125"), "0,125")],
)
def test_a_stored_value_is_shown_so_that_saving_it_again_is_accepted(nilai, isian):
    assert format_isian(nilai) == isian
    assert parse_nilai_realisasi(isian) == nilai


def test_the_refusal_of_1_250_offers_both_readings():
    with pytest.raises(IsianDitolak) as info:
        parse_nilai_realisasi("1,250")
    assert "1.250" in info.value.pesan and "1,25" in info.value.pesan


# --- the page -------------------------------------------------------------------------------


def test_operator_sees_every_indicator_with_a_form_per_triwulan(klien_operator, gunung_mas, ind):
    r = klien_operator.get(HALAMAN)
    assert r.status_code == 200
    html = r.content.decode()
    assert '<table id="tabel-realisasi"' in html
    jumlah = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, sasaran__program__perjanjian__tahun=2024
    ).count()
    assert html.count('<tr id="indikator-') == jumlah
    assert f'aria-label="Realisasi TW IV {ind.nama}"' in html
    assert 'inputmode="decimal"' in html
    assert "Sasaran kinerja terukur (Tabel 3.2)" in html
    assert "django_htmx/htmx-2.min.js" in html and "<script>" not in html and "style=" not in html
    baris = html[html.index(f'<tr id="indikator-{ind.pk}"') :]
    assert sel(baris, "capaian") == "100,00%"
    assert sel(baris, "kategori") == "Sangat Baik"
    assert f"/6210/riwayat/indikatorkinerja/{ind.pk}/" in baris
    assert f"/6210/2024/komentar/?indikator={ind.pk}" in baris


@pytest.mark.parametrize("peran", [Pengguna.Peran.KOMISIONER, Pengguna.Peran.SEKRETARIS])
def test_komisioner_and_sekretaris_read_without_forms(client, gunung_mas, buat_pengguna, peran):
    client.force_login(buat_pengguna(gunung_mas, peran))
    r = client.get(HALAMAN)
    assert r.status_code == 200
    html = r.content.decode()
    tabel = html[html.index('<table id="tabel-realisasi"') : html.index("</table>")]
    assert "<input" not in tabel and "<form" not in tabel
    assert "Sangat Baik" in tabel


def test_anonymous_is_sent_to_login(client, gunung_mas, ind):
    for url in (HALAMAN, url_tw(ind, 4)):
        r = client.post(url) if "/tw/" in url else client.get(url)
        assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_another_satker_gets_404(client, operator_lain, gunung_mas, ind):
    client.force_login(operator_lain)
    assert client.get(HALAMAN).status_code == 404
    r = client.post(url_tw(ind, 4), {"nilai": "1", "versi": versi(ind, 4)}, **HTMX)
    assert r.status_code == 404
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("100")


@pytest.mark.parametrize("peran", [Pengguna.Peran.KOMISIONER, Pengguna.Peran.SEKRETARIS])
def test_readers_may_not_save(client, gunung_mas, buat_pengguna, ind, peran):
    client.force_login(buat_pengguna(gunung_mas, peran))
    r = client.post(url_tw(ind, 4), {"nilai": "50", "versi": versi(ind, 4)}, **HTMX)
    assert r.status_code == 403
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("100")


def test_get_on_a_save_endpoint_is_not_allowed(klien_operator, ind):
    assert klien_operator.get(url_tw(ind, 4)).status_code == 405


def test_an_indicator_of_another_year_or_unknown_triwulan_is_404(klien_operator, ind):
    assert klien_operator.post(url_tw(ind, 5), {"nilai": "1"}, **HTMX).status_code == 404
    assert (
        klien_operator.post("/6210/2024/realisasi/999999/tw/1/", {"nilai": "1"}).status_code == 404
    )


# --- saving ---------------------------------------------------------------------------------


def test_saving_tw_iv_updates_capaian_and_category_in_the_row(klien_operator, operator, ind):
    r = klien_operator.post(
        url_tw(ind, 4), {"nilai": "60", "versi": versi(ind, 4), "keterangan": "Terlambat"}, **HTMX
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith(f'<tr id="indikator-{ind.pk}"')
    assert sel(html, "capaian") == "60,00%"
    assert sel(html, "kategori") == "Cukup Baik"
    assert 'class="kategori kategori--cukup-baik"' in html
    assert sel(html, "realisasi") == "60%"
    assert "Terlambat" in sel(html, "keterangan")
    assert 'role="status"' in html and "Realisasi TW IV tersimpan." in html
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    assert (r4.nilai, r4.keterangan, r4.diisi_oleh, r4.versi) == (D("60"), "Terlambat", operator, 2)

    html = klien_operator.post(
        url_tw(ind, 4), {"nilai": "95,06", "versi": 2}, **HTMX
    ).content.decode()
    assert (sel(html, "capaian"), sel(html, "kategori")) == ("95,06%", "Sangat Baik")
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("95.06")


TANDA_CSRF = "csrf-tanda-baris-5d1b"  # the stand-in kept drawn rows carry (kinerja.tables)


@pytest.mark.parametrize(
    "keterangan",
    [TANDA_CSRF, f'<input type="hidden" name="csrfmiddlewaretoken" value="{TANDA_CSRF}">'],
)
def test_a_keterangan_reading_like_the_csrf_stand_in_is_shown_as_typed(
    klien_operator, gunung_mas, buat_pengguna, ind, keterangan
):
    """Kept rows carry a stand-in for the CSRF token, swapped for each reader's own on the way
    out: a user's text must never be swapped, or every reader would see their token in it."""
    r = klien_operator.post(
        url_tw(ind, 4), {"nilai": "60", "versi": versi(ind, 4), "keterangan": keterangan}, **HTMX
    )
    assert Realisasi.objects.get(indikator=ind, triwulan=4).keterangan == keterangan
    pembaca = Client()
    pembaca.force_login(buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER))
    for html, bisa_ubah in (
        (r.content.decode(), True),  # the row the save answers
        (klien_operator.get(HALAMAN).content.decode(), True),
        (pembaca.get(HALAMAN).content.decode(), False),
    ):
        baris = html[html.index(f'<tr id="indikator-{ind.pk}"') :]
        baris = baris[: baris.index("</tr>")]
        assert html_unescape(sel(baris, "keterangan")) == f"TW IV: {keterangan}"
        if bisa_ubah:
            isian = re.search(rf'id="keterangan-{ind.pk}-4"[^>]*value="([^"]*)"', baris)
            assert html_unescape(isian.group(1)) == keterangan
            token = re.findall(
                r'<input type="hidden" name="csrfmiddlewaretoken" value="(\w+)">', baris
            )
            assert len(token) == baris.count("<form") and TANDA_CSRF not in token


def test_a_web_save_is_recorded_in_the_history_as_old_to_new(klien_operator, operator, ind):
    klien_operator.post(url_tw(ind, 4), {"nilai": "87,5", "versi": versi(ind, 4)}, **HTMX)
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    perubahan = Perubahan.objects.filter(model="kinerja.realisasi", objek_id=r4.pk).latest("pk")
    assert (perubahan.sumber, perubahan.pengguna, perubahan.aksi) == ("web", operator, "ubah")
    assert perubahan.data["nilai"] == ["100.0000", "87.5000"]
    riwayat = klien_operator.get(f"/6210/riwayat/indikatorkinerja/{ind.pk}/?tahun=2024")
    assert "87,5" in riwayat.content.decode()


def test_a_first_entry_creates_the_realisation(klien_operator, ind):
    assert versi(ind, 1) == 0
    html = klien_operator.post(url_tw(ind, 1), {"nilai": "1.250", "versi": 0}, **HTMX)
    r1 = Realisasi.objects.get(indikator=ind, triwulan=1)
    assert (r1.nilai, r1.versi) == (D("1250"), 1)
    assert 'value="1.250"' in html.content.decode()


def test_an_empty_value_deletes_the_realisation(klien_operator, ind):
    html = klien_operator.post(url_tw(ind, 4), {"nilai": " ", "versi": versi(ind, 4)}, **HTMX)
    assert not Realisasi.objects.filter(indikator=ind, triwulan=4).exists()
    assert sel(html.content.decode(), "capaian") == "—"
    assert Perubahan.objects.filter(model="kinerja.realisasi", aksi="hapus").exists()


@pytest.mark.parametrize("teks", ["1,250", "1.25", "sembilan", "-3"])
def test_a_refused_value_shows_the_message_and_writes_nothing(klien_operator, ind, teks):
    sebelum = Perubahan.objects.count()
    r = klien_operator.post(url_tw(ind, 4), {"nilai": teks, "versi": versi(ind, 4)}, **HTMX)
    assert r.status_code == 200
    html = r.content.decode()
    assert '<p class="galat" role="alert"' in html
    assert f'value="{teks}"' in html and 'aria-invalid="true"' in html
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("100")
    assert Perubahan.objects.count() == sebelum


def test_without_javascript_a_save_redirects_back_to_the_row(klien_operator, ind):
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "70", "versi": versi(ind, 4)})
    assert r.status_code == 302 and r["Location"] == f"{HALAMAN}#indikator-{ind.pk}"
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "1,250", "versi": versi(ind, 4)})
    assert r.status_code == 422 and 'class="galat"' in r.content.decode()


# --- no lost updates (SQLite: sequential; PostgreSQL with two sessions: test_konflik_pg) ----


def test_a_save_based_on_a_stale_version_is_refused(
    klien_operator, client, admin_satker, ind, django_user_model
):
    awal = versi(ind, 4)
    admin_satker.first_name, admin_satker.last_name = "Ani", "Admin"
    admin_satker.save()
    from django.test import Client

    lain = Client()
    lain.force_login(admin_satker)
    assert lain.post(url_tw(ind, 4), {"nilai": "80", "versi": awal}, **HTMX).status_code == 200

    r = klien_operator.post(url_tw(ind, 4), {"nilai": "55", "versi": awal}, **HTMX)
    html = r.content.decode()
    assert r.status_code == 200
    konflik = re.search(r'<p class="pesan-konflik" role="alert">(.*?)</p>', html, re.S).group(1)
    assert "Nilai ini sudah diubah oleh Ani Admin pada" in konflik
    assert "menjadi 80%" in konflik and "(55) tidak disimpan" in konflik
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    assert (r4.nilai, r4.diisi_oleh, r4.versi) == (D("80"), admin_satker, awal + 1)
    # The row now carries the other person's value and version, ready for a deliberate save.
    assert 'value="80"' in html and f'name="versi" value="{awal + 1}"' in html
    assert sel(html, "capaian") == "80,00%"


def test_a_first_entry_conflicts_when_someone_created_it_meanwhile(
    klien_operator, admin_satker, ind
):
    Realisasi.objects.create(indikator=ind, triwulan=2, nilai=D("40"), diisi_oleh=admin_satker)
    r = klien_operator.post(url_tw(ind, 2), {"nilai": "45", "versi": 0}, **HTMX)
    assert "sudah diubah oleh uji-admin" in r.content.decode()
    assert "menjadi 40%" in r.content.decode()
    assert Realisasi.objects.get(indikator=ind, triwulan=2).nilai == D("40")


def test_a_save_conflicts_when_the_value_was_deleted_meanwhile(klien_operator, ind):
    awal = versi(ind, 4)
    Realisasi.objects.filter(indikator=ind, triwulan=4).get().delete()
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "45", "versi": awal}, **HTMX)
    assert "menjadi kosong (dihapus)" in r.content.decode()
    assert not Realisasi.objects.filter(indikator=ind, triwulan=4).exists()


def test_a_change_made_elsewhere_also_makes_a_new_version(klien_operator, admin_satker, ind):
    """E.g. in the admin, which saves through the same write path."""
    awal = versi(ind, 4)
    r4 = Realisasi.objects.get(indikator=ind, triwulan=4)
    admin = Client()
    admin.force_login(admin_satker)
    url = f"/admin/kinerja/realisasi/{r4.pk}/change/"
    data = {"nilai": "42", "keterangan": "", "versi_dibuka": awal, "_save": "Simpan"}
    assert admin.post(url, data).status_code == 302
    assert versi(ind, 4) == awal + 1
    data["versi_dibuka"] = awal + 1
    assert admin.post(url, data).status_code == 302  # nothing changed: same version
    assert versi(ind, 4) == awal + 1
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "45", "versi": awal}, **HTMX)
    assert "menjadi 42%" in r.content.decode()
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("42")


def test_without_javascript_a_conflict_is_409(klien_operator, ind):
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "45", "versi": versi(ind, 4) + 7})
    assert r.status_code == 409 and 'class="pesan-konflik"' in r.content.decode()


# --- document targets -----------------------------------------------------------------------


@pytest.fixture
def ind_dokumen(gunung_mas) -> IndikatorKinerja:
    return IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        jenis_target=JenisTarget.DOKUMEN,
    ).first()


def test_required_documents_are_a_checklist_saved_in_place(klien_operator, operator, ind_dokumen):
    dokumen = list(ind_dokumen.dokumen_wajib.order_by("urutan"))
    assert len(dokumen) >= 2
    url = f"/6210/2024/realisasi/{ind_dokumen.pk}/dokumen/{{}}/"
    html = klien_operator.get(HALAMAN).content.decode()
    baris = html[html.index(f'<tr id="indikator-{ind_dokumen.pk}"') :]
    assert 'type="radio" name="tersedia" value="ya"' in baris
    assert 'name="nilai"' not in baris[: baris.index("</tr>")]

    for d in dokumen:
        lama = {None: "", True: "ya", False: "tidak"}[d.tersedia]
        r = klien_operator.post(url.format(d.pk), {"tersedia": "ya", "tersedia_lama": lama}, **HTMX)
    html = r.content.decode()
    assert sel(html, "capaian") == "100,00%" and sel(html, "kategori") == "Sangat Baik"
    d0 = DokumenWajib.objects.get(pk=dokumen[0].pk)
    assert (d0.tersedia, d0.diisi_oleh) == (True, operator)

    html = klien_operator.post(
        url.format(dokumen[0].pk), {"tersedia": "tidak", "tersedia_lama": "ya"}, **HTMX
    ).content.decode()
    jumlah = len(dokumen)
    assert f"{jumlah - 1} dari {jumlah} dokumen" in sel(html, "realisasi")


def test_a_stale_document_tick_is_refused(klien_operator, admin_satker, ind_dokumen):
    d = ind_dokumen.dokumen_wajib.order_by("urutan").first()
    DokumenWajib.objects.filter(pk=d.pk).update(tersedia=True, diisi_oleh=admin_satker)
    lama = {None: "", True: "ya", False: "tidak"}[d.tersedia if d.tersedia is not True else None]
    r = klien_operator.post(
        f"/6210/2024/realisasi/{ind_dokumen.pk}/dokumen/{d.pk}/",
        {"tersedia": "tidak", "tersedia_lama": lama},
        **HTMX,
    )
    html = r.content.decode()
    assert '<p class="pesan-konflik" role="alert">' in html
    assert "sudah diubah oleh uji-admin" in html and "menjadi tersedia" in html
    assert DokumenWajib.objects.get(pk=d.pk).tersedia is True


def test_a_document_indicator_refuses_a_number(klien_operator, ind_dokumen):
    r = klien_operator.post(url_tw(ind_dokumen, 4), {"nilai": "1", "versi": 0}, **HTMX)
    assert "daftar dokumen" in r.content.decode()
    assert not Realisasi.objects.filter(indikator=ind_dokumen).exists()


# --- a signed year --------------------------------------------------------------------------


def test_a_signed_year_is_read_only_and_refuses_saves(klien_operator, gunung_mas, ind):
    assert "<form" in klien_operator.get(HALAMAN).content.decode()  # drawn and kept before
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    html = klien_operator.get(HALAMAN).content.decode()
    assert "sudah ditandatangani" in html
    tabel = html[html.index('<table id="tabel-realisasi"') : html.index("</table>")]
    assert "<form" not in tabel
    r = klien_operator.post(url_tw(ind, 4), {"nilai": "10", "versi": versi(ind, 4)}, **HTMX)
    assert r.status_code == 200 and "sudah ditandatangani" in r.content.decode()
    assert Realisasi.objects.get(indikator=ind, triwulan=4).nilai == D("100")


# --- queries --------------------------------------------------------------------------------


@pytest.fixture
def indikator_tambahan(gunung_mas, operator):
    """Thirty more indicators with realisations, documents and evidence rows."""
    from kinerja.models import BuktiDukung

    sasaran = SasaranPK.objects.filter(
        program__perjanjian__satker=gunung_mas,
        program__perjanjian__tahun=2024,
        bagian=SasaranPK.Bagian.KINERJA,
    ).first()
    for i in range(30):
        ind = IndikatorKinerja.objects.create(
            sasaran=sasaran,
            urutan=100 + i,
            nama=f"Indikator uji {i}",
            target=D("100"),
            jenis_target=JenisTarget.DOKUMEN if i % 5 == 0 else JenisTarget.ANGKA,
        )
        for tw in (1, 2, 3):
            Realisasi.objects.create(indikator=ind, triwulan=tw, nilai=D(50 + i), keterangan="k")
        DokumenWajib.objects.create(indikator=ind, urutan=1, nama="BA", tersedia=True)
        BuktiDukung.objects.create(
            indikator=ind,
            berkas="x/y.pdf",
            nama_asli="bukti.pdf",
            ukuran=10,
            jenis="application/pdf",
            diunggah_oleh=operator,
        )


def test_the_page_runs_the_same_number_of_queries_for_more_indicators(
    klien_operator, django_assert_num_queries, request
):
    klien_operator.get(HALAMAN)  # sessions, content types and other first-use caches
    cache.clear()  # built from the data, not served from the pages' cache (satker.revisi)
    with CaptureQueriesContext(connection) as awal:
        assert klien_operator.get(HALAMAN).status_code == 200
    request.getfixturevalue("indikator_tambahan")  # new data: a new key, so drawn again
    with django_assert_num_queries(len(awal.captured_queries)):
        r = klien_operator.get(HALAMAN)
    assert r.content.decode().count("Indikator uji") >= 30
