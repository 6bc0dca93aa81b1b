"""The narrative editor of the workspace: saving with placeholders, the live
preview, the report showing the new text, history, no lost updates, signed years and roles."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laporan.models import Komentar, Narasi
from pengesahan.models import Pengesahan
from riwayat.models import Perubahan
from satker.models import Pengguna

URL_PENUTUP = "/6210/2024/narasi/penutup/"
URL_ANALISIS_WA = "/6210/2024/narasi/analisis_sasaran/076.01.WA/"
PARAGRAF = (
    "Serapan anggaran tahun {tahun} mencapai {serapan_total} dari pagu {pagu_total}.\n\n"
    "- Pagu program dukungan manajemen: {pagu:076.01.CQ}"
)


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris")


@pytest.fixture
def komisioner(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username="uji-komisioner")


def _versi(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200
    return r.context["versi"]


def _penutup(satker) -> Narasi:
    return Narasi.objects.get(satker=satker, tahun=2024, bagian="penutup", kunci="")


def test_url_names():
    assert reverse("narasi", kwargs={"kode": "6210", "tahun": 2024}) == "/6210/2024/narasi/"
    assert (
        reverse("narasi_ubah", kwargs={"kode": "6210", "tahun": 2024, "bagian": "penutup"})
        == URL_PENUTUP
    )
    assert (
        reverse(
            "narasi_ubah_kunci",
            kwargs={
                "kode": "6210",
                "tahun": 2024,
                "bagian": "analisis_sasaran",
                "kunci": "076.01.WA",
            },
        )
        == URL_ANALISIS_WA
    )
    assert reverse("narasi_pratinjau", kwargs={"kode": "6210", "tahun": 2024}).endswith(
        "/narasi/pratinjau/"
    )


def test_list_page_shows_state_editor_and_links(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").delete()
    n = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="ikhtisar")
    n.diperbarui_oleh = operator
    n.save()
    client.force_login(operator)
    r = client.get("/6210/2024/narasi/")
    assert r.status_code == 200
    html = r.content.decode()
    baris_penutup = re.search(r"<tr>\s*<th scope=\"row\">BAB IV Penutup</th>.*?</tr>", html, re.S)
    assert "Belum diisi" in baris_penutup.group(0)
    assert 'href="/6210/2024/narasi/penutup/"' in baris_penutup.group(0)
    baris_ikhtisar = re.search(r"<th scope=\"row\">Ikhtisar Eksekutif</th>.*?</tr>", html, re.S)
    assert "Terisi" in baris_ikhtisar.group(0)
    assert "uji-operator" in baris_ikhtisar.group(0)
    assert 'href="/6210/2024/narasi/analisis_sasaran/076.01.CQ/"' in html
    assert r.context["satker"] == gunung_mas and 2024 in r.context["semua_tahun"]


def test_operator_saves_a_paragraph_with_placeholders(client, operator, gunung_mas):
    client.force_login(operator)
    versi = _versi(client, URL_PENUTUP)
    r = client.post(URL_PENUTUP, {"teks": PARAGRAF, "versi": versi})
    assert r.status_code == 302 and r.url == URL_PENUTUP
    n = _penutup(gunung_mas)
    assert n.teks == PARAGRAF  # stored as written, the figures stay live
    assert n.diperbarui_oleh == operator
    # The editor shows the saved text and the message.
    r = client.get(URL_PENUTUP)
    assert "Narasi “BAB IV Penutup” disimpan." in r.content.decode()
    assert r.context["teks"] == PARAGRAF
    # The report page prints the paragraph with the real figures.
    html = client.get("/6210/2024/laporan/").content.decode()
    assert "<p>Serapan anggaran tahun 2024 mencapai 95,06% dari pagu Rp" in html
    assert "<ul><li>Pagu program dukungan manajemen: Rp" in html
    assert "{serapan_total}" not in html and "{pagu:" not in html
    assert "BAB IV Penutup, paragraf" not in html  # no finding of the consistency check
    # The history records who changed what.
    p = Perubahan.objects.filter(model="laporan.narasi", objek_id=n.pk).latest("waktu")
    assert p.pengguna == operator
    assert p.sumber == Perubahan.Sumber.WEB
    assert p.data["teks"][1] == PARAGRAF


def test_preview_substitutes_the_real_figures(client, operator):
    client.force_login(operator)
    r = client.post(
        "/6210/2024/narasi/pratinjau/",
        {"teks": "Serapan {serapan_total}.\n\n- **satu**\n- *dua*", "bagian": "penutup"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "<p>Serapan 95,06%.</p>" in html
    assert "<ul><li><strong>satu</strong></li><li><em>dua</em></li></ul>" in html


def test_preview_names_unknown_placeholders_and_escapes_html(client, operator):
    client.force_login(operator)
    r = client.post(
        "/6210/2024/narasi/pratinjau/",
        {"teks": "<script>x</script> {serapan_totl}", "bagian": "penutup"},
    )
    html = r.content.decode()
    assert "Placeholder tidak dikenal: {serapan_totl}" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_editor_lists_placeholders_with_current_values(client, operator):
    client.force_login(operator)
    r = client.get(URL_PENUTUP)
    html = r.content.decode()
    assert 'data-sisip="{serapan_total}"' in html
    assert 'data-sisip="{serapan:076.01.CQ}"' in html
    pilihan = {p.teks: p for p in r.context["placeholder"]}
    assert pilihan["{serapan_total}"].nilai == "95,06%"
    assert pilihan["{tahun}"].nilai == "2024"
    assert "Serapan anggaran total" in pilihan["{serapan_total}"].keterangan
    anggaran = {b.kode: b for b in r.context["placeholder_anggaran"]}
    assert [p.teks for p in anggaran["076.01.CQ"].pilihan] == [
        "{pagu:076.01.CQ}",
        "{realisasi:076.01.CQ}",
        "{sisa:076.01.CQ}",
        "{serapan:076.01.CQ}",
    ]
    assert anggaran["076.01.CQ"].tingkat == "Program"
    assert 'src="/static/js/narasi.js"' in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_unknown_placeholder_is_refused_with_the_admin_message(client, operator, gunung_mas):
    lama = _penutup(gunung_mas).teks
    client.force_login(operator)
    versi = _versi(client, URL_PENUTUP)
    r = client.post(URL_PENUTUP, {"teks": "Serapan {serapan_totl}.", "versi": versi})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Placeholder tidak dikenal: {serapan_totl}. Periksa ejaannya" in html
    assert "Serapan {serapan_totl}." in html  # the writer's text is kept in the textarea
    assert _penutup(gunung_mas).teks == lama


def test_second_save_with_an_old_version_is_refused(client, operator, admin_satker, gunung_mas):
    client.force_login(operator)
    versi_operator = _versi(client, URL_PENUTUP)
    lain = client.__class__()
    lain.force_login(admin_satker)
    r = lain.post(URL_PENUTUP, {"teks": "Teks dari admin.", "versi": _versi(lain, URL_PENUTUP)})
    assert r.status_code == 302
    r = client.post(URL_PENUTUP, {"teks": "Teks dari operator.", "versi": versi_operator})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'class="pesan-konflik" role="alert"' in html
    assert "sudah diubah oleh uji-admin" in html
    assert "Teks dari admin." in html  # their text is shown
    assert "Teks dari operator." in html  # ours is kept for merging
    assert _penutup(gunung_mas).teks == "Teks dari admin."
    # Having seen their text, saving again (with their version) is a deliberate overwrite.
    r = client.post(URL_PENUTUP, {"teks": "Teks gabungan.", "versi": r.context["versi"]})
    assert r.status_code == 302
    assert _penutup(gunung_mas).teks == "Teks gabungan."


def test_a_new_section_written_meanwhile_is_not_overwritten(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").delete()
    client.force_login(operator)
    versi = _versi(client, URL_PENUTUP)
    assert versi == ""
    Narasi.objects.create(satker=gunung_mas, tahun=2024, bagian="penutup", teks="Lebih dulu.")
    r = client.post(URL_PENUTUP, {"teks": "Belakangan.", "versi": versi})
    assert r.status_code == 200
    assert "Lebih dulu." in r.content.decode()
    assert _penutup(gunung_mas).teks == "Lebih dulu."


def test_programme_analysis_is_saved_under_its_code(client, operator, gunung_mas):
    client.force_login(operator)
    versi = _versi(client, URL_ANALISIS_WA)
    r = client.post(URL_ANALISIS_WA, {"teks": "Analisis baru {serapan:076.01.WA}.", "versi": versi})
    assert r.status_code == 302
    n = Narasi.objects.get(
        satker=gunung_mas, tahun=2024, bagian="analisis_sasaran", kunci="076.01.WA"
    )
    assert n.teks == "Analisis baru {serapan:076.01.WA}."
    assert "Analisis baru " in client.get("/6210/2024/laporan/").content.decode()


def test_empty_text_asks_before_deleting(client, operator, gunung_mas):
    client.force_login(operator)
    versi = _versi(client, URL_PENUTUP)
    r = client.post(URL_PENUTUP, {"teks": "  \n", "versi": versi})
    assert r.status_code == 200
    assert "Ya, hapus bagian ini" in r.content.decode()
    assert _penutup(gunung_mas).teks.strip()
    r = client.post(URL_PENUTUP, {"teks": "", "versi": versi, "konfirmasi_hapus": "1"})
    assert r.status_code == 302 and r.url == "/6210/2024/narasi/"
    assert not Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").exists()
    assert Perubahan.objects.filter(model="laporan.narasi", aksi=Perubahan.Aksi.HAPUS).exists()
    html = client.get("/6210/2024/laporan/").content.decode()
    assert "[Narasi “BAB IV Penutup” belum diisi.]" in html


def test_signed_year_is_refused_with_a_message(client, operator, gunung_mas):
    lama = _penutup(gunung_mas).teks
    client.force_login(operator)
    versi = _versi(client, URL_PENUTUP)
    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    r = client.get(URL_PENUTUP)
    assert "sudah ditandatangani" in r.content.decode()
    r = client.post(URL_PENUTUP, {"teks": "Perubahan setelah tanda tangan.", "versi": versi})
    assert r.status_code == 200
    assert "Laporan tahun 2024 sudah ditandatangani sehingga datanya dikunci" in r.content.decode()
    assert _penutup(gunung_mas).teks == lama


@pytest.mark.parametrize("peran", ["sekretaris", "komisioner"])
def test_readers_see_the_editor_read_only_and_cannot_save(request, client, gunung_mas, peran):
    pengguna = request.getfixturevalue(peran)
    lama = _penutup(gunung_mas).teks
    client.force_login(pengguna)
    r = client.get(URL_PENUTUP)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="teks"' in html  # the comment box only
    assert 'id="teks-narasi"' not in html
    assert ">Simpan<" not in html
    assert "Kirim komentar" in html
    assert 'class="narasi"' in html  # the text as printed
    r = client.post(URL_PENUTUP, {"teks": "Diubah pembaca.", "versi": r.context["versi"]})
    assert r.status_code == 403
    r = client.post("/6210/2024/narasi/pratinjau/", {"teks": "x", "bagian": "penutup"})
    assert r.status_code == 403
    assert _penutup(gunung_mas).teks == lama
    assert client.get("/6210/2024/narasi/").status_code == 200


def test_admin_and_superuser_may_write(client, admin_satker, gunung_mas):
    for pengguna in (
        admin_satker,
        Pengguna.objects.create_superuser(username="uji-super", password="rahasia-uji-123"),
    ):
        client.force_login(pengguna)
        teks = f"Ditulis oleh {pengguna.username}."
        r = client.post(URL_PENUTUP, {"teks": teks, "versi": _versi(client, URL_PENUTUP)})
        assert r.status_code == 302
        assert _penutup(gunung_mas).teks == teks


@pytest.mark.parametrize(
    "url",
    [
        "/6210/2024/narasi/",
        URL_PENUTUP,
        URL_ANALISIS_WA,
        "/6210/2024/narasi/pratinjau/",
    ],
)
def test_another_satker_gets_404_and_anonymous_the_login(client, operator_lain, url):
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith("/masuk/")
    r = client.post(url, {"teks": "x"})
    assert r.status_code == 302 and r.url.startswith("/masuk/")
    client.force_login(operator_lain)
    assert client.get(url).status_code == 404
    assert client.post(url, {"teks": "x", "bagian": "penutup"}).status_code == 404


def test_unknown_section_year_or_programme_is_404(client, operator):
    client.force_login(operator)
    assert client.get("/6210/2024/narasi/bukan_bagian/").status_code == 404
    assert client.get("/6210/2024/narasi/analisis_sasaran/076.99.XX/").status_code == 404
    assert client.get("/6210/2024/narasi/penutup/apa/").status_code == 404
    assert client.get("/6210/1999/narasi/").status_code == 404
    assert client.get("/6210/2024/narasi/pratinjau/").status_code == 405


def test_empty_text_for_an_unwritten_section_saves_nothing(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").delete()
    client.force_login(operator)
    r = client.post(URL_PENUTUP, {"teks": "", "versi": ""}, follow=True)
    assert "Teks kosong; tidak ada yang disimpan." in r.content.decode()
    assert not Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup").exists()


def test_queries_do_not_grow_with_comments(client, operator, gunung_mas, buat_pengguna):
    client.force_login(operator)

    def hitung(url: str) -> int:
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return len(q.captured_queries)

    def tambah(n: int) -> None:
        for i in range(n):
            penulis = buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username=f"k{i}-{n}")
            Komentar.objects.create(
                satker=gunung_mas, tahun=2024, bagian="penutup", teks=f"K{i}", penulis=penulis
            )

    tambah(1)
    hitung(URL_PENUTUP)  # the session's first refresh (lkjip.sesi) is a write
    awal = (hitung(URL_PENUTUP), hitung("/6210/2024/komentar/"), hitung("/6210/2024/narasi/"))
    tambah(10)
    akhir = (hitung(URL_PENUTUP), hitung("/6210/2024/komentar/"), hitung("/6210/2024/narasi/"))
    assert akhir == awal
