"""Comments: every role of the satker may comment, Sekretaris and Komisioner
included; on a narrative section, an indicator or the report; nobody else sees them."""

import pytest

from kinerja.models import IndikatorKinerja, PerjanjianKinerja, ProgramPK, SasaranPK
from laporan.models import Komentar
from satker.models import Pengguna

URL = "/6210/2024/komentar/"
URL_PENUTUP = "/6210/2024/narasi/penutup/"
URL_WA = "/6210/2024/narasi/analisis_sasaran/076.01.WA/"


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris")


@pytest.fixture
def komisioner(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(
        gunung_mas, Pengguna.Peran.KOMISIONER, username="uji-komisioner", first_name="Rina"
    )


@pytest.fixture
def indikator(gunung_mas) -> IndikatorKinerja:
    return IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas, sasaran__program__perjanjian__tahun=2024
    ).first()


@pytest.mark.parametrize("peran", ["operator", "sekretaris", "komisioner", "admin_satker"])
def test_every_role_comments_on_a_section_from_the_editor(request, client, gunung_mas, peran):
    pengguna = request.getfixturevalue(peran)
    client.force_login(pengguna)
    r = client.post(
        URL,
        {
            "teks": f"Mohon tambahkan angka serapan ({peran}).",
            "bagian": "analisis_sasaran",
            "kunci": "076.01.WA",
            "next": f"{URL_WA}#komentar",
        },
    )
    assert r.status_code == 302 and r.url == f"{URL_WA}#komentar"
    k = Komentar.objects.get(satker=gunung_mas, tahun=2024)
    assert (k.bagian, k.kunci, k.penulis) == ("analisis_sasaran", "076.01.WA", pengguna)
    html = client.get(URL_WA).content.decode()
    assert f"Mohon tambahkan angka serapan ({peran})." in html
    assert "Komentar ditambahkan." in html
    # Only that section's editor shows it; the satker-wide page lists it with a link.
    assert f"({peran})." not in client.get(URL_PENUTUP).content.decode()
    html = client.get(URL).content.decode()
    assert f"({peran})." in html and f'href="{URL_WA}"' in html


def test_komisioner_comment_shows_name_role_and_time(client, komisioner, gunung_mas):
    client.force_login(komisioner)
    client.post(URL, {"teks": "Baris satu\nbaris <b>dua</b>", "bagian": "penutup"})
    html = client.get(URL_PENUTUP).content.decode()
    assert '<strong>Rina</strong> <span class="peran">(Komisioner)</span>' in html
    assert "Baris satu<br>baris &lt;b&gt;dua&lt;/b&gt;" in html
    assert "<time datetime=" in html


def test_comment_on_an_indicator(client, sekretaris, gunung_mas, indikator):
    client.force_login(sekretaris)
    r = client.post(URL, {"teks": "Target ini terlalu rendah.", "indikator": indikator.pk})
    assert r.status_code == 302 and r.url == f"{URL}?indikator={indikator.pk}"
    client.post(URL, {"teks": "Komentar umum laporan."})
    k = Komentar.objects.get(indikator=indikator)
    assert k.teks == "Target ini terlalu rendah." and k.bagian == ""
    r = client.get(f"{URL}?indikator={indikator.pk}")
    html = r.content.decode()
    assert "Target ini terlalu rendah." in html
    assert "Komentar umum laporan." not in html
    assert 'name="indikator" value="' in html
    html = client.get(URL).content.decode()
    assert "Target ini terlalu rendah." in html and "Komentar umum laporan." in html


def test_indicator_of_another_satker_or_year_is_404(client, sekretaris, satker_lain, indikator):
    pk = PerjanjianKinerja.objects.create(satker=satker_lain, tahun=2024, versi=1)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="P")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, uraian="S"
    )
    lain = IndikatorKinerja.objects.create(sasaran=sasaran, urutan=1, nama="I")
    client.force_login(sekretaris)
    assert client.get(f"{URL}?indikator={lain.pk}").status_code == 404
    assert client.post(URL, {"teks": "x", "indikator": lain.pk}).status_code == 404
    assert client.get(f"/6210/2023/komentar/?indikator={indikator.pk}").status_code == 404
    assert client.get(f"{URL}?indikator=abc").status_code == 404
    assert not Komentar.objects.exists()


def test_empty_comment_or_unknown_section_is_refused(client, komisioner):
    client.force_login(komisioner)
    r = client.post(URL, {"teks": "   ", "bagian": "penutup", "next": URL_PENUTUP}, follow=True)
    assert "Komentar tidak boleh kosong." in r.content.decode()
    r = client.post(URL, {"teks": "x", "bagian": "analisis_sasaran", "kunci": "999"}, follow=True)
    assert "Bagian narasi ini tidak ada di laporan." in r.content.decode()
    assert not Komentar.objects.exists()


def test_unsafe_next_is_ignored(client, komisioner):
    client.force_login(komisioner)
    r = client.post(URL, {"teks": "Baik.", "next": "https://contoh.invalid/"})
    assert r.status_code == 302 and r.url == URL


def test_another_satker_gets_404_and_anonymous_the_login(client, operator_lain, gunung_mas):
    r = client.get(URL)
    assert r.status_code == 302 and r.url.startswith("/masuk/")
    r = client.post(URL, {"teks": "anonim"})
    assert r.status_code == 302 and r.url.startswith("/masuk/")
    client.force_login(operator_lain)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"teks": "dari satker lain"}).status_code == 404
    assert not Komentar.objects.exists()


def test_comments_of_another_satker_are_not_listed(client, sekretaris, satker_lain, admin_lain):
    Komentar.objects.create(satker=satker_lain, tahun=2024, teks="Rahasia satker lain.")
    client.force_login(sekretaris)
    assert "Rahasia satker lain." not in client.get(URL).content.decode()


def test_admin_is_scoped_to_the_own_satker(client, admin_satker, admin_lain, gunung_mas):
    Komentar.objects.create(satker=gunung_mas, tahun=2024, teks="Komentar Gunung Mas.")
    client.force_login(admin_lain)
    r = client.get("/admin/laporan/komentar/")
    assert r.status_code == 200
    assert "Komentar Gunung Mas." not in r.content.decode()
    client.force_login(admin_satker)
    assert "Komentar Gunung Mas." in client.get("/admin/laporan/komentar/").content.decode()
