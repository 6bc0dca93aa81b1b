"""The workspace navigation of a satker and year (templates/_navigasi.html), through real pages."""

import re

import pytest
from django.http import Http404
from django.template.loader import render_to_string

from satker.access import get_satker_tahun_or_404
from satker.models import Pengguna

RINGKASAN = "/6210/2024/"
ANGGARAN = "/6210/2024/anggaran/"


def _nav(html: str) -> str:
    """The workspace navigation block of a page."""
    return html.split('<div class="navigasi">')[1].split("</main>")[0].split('<main id="isi"')[0]


def _tautan_bagian(html: str) -> list[tuple[str, str, str]]:
    """(href, aria-current or "", label) of the section links, in order."""
    bagian = _nav(html).split('aria-label="Pilih tahun"')[0]
    return re.findall(r'<a href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)</a>', bagian)


def test_dashboard_has_every_section_and_marks_itself(client, operator):
    client.force_login(operator)
    html = client.get(RINGKASAN).content.decode()
    tautan = _tautan_bagian(html)
    assert [label for _, _, label in tautan] == [
        "Dashboard",
        "Renstra",
        "Rencana Aksi",
        "Realisasi",
        "Triwulan",
        "Indikator saya",
        "Narasi",
        "Anggaran",
        "Laporan",
        "Riwayat",
    ]
    assert tautan == [
        ("/6210/2024/", "page", "Dashboard"),
        ("/6210/2024/renstra/", "", "Renstra"),
        ("/6210/2024/rencana-aksi/", "", "Rencana Aksi"),
        ("/6210/2024/realisasi/", "", "Realisasi"),
        ("/6210/2024/triwulan/", "", "Triwulan"),
        ("/6210/2024/indikator-saya/", "", "Indikator saya"),
        ("/6210/2024/narasi/", "", "Narasi"),
        ("/6210/2024/anggaran/", "", "Anggaran"),
        ("/6210/2024/laporan/", "", "Laporan"),
        ("/6210/riwayat/?tahun=2024", "", "Riwayat"),
    ]


def test_anggaran_page_is_the_current_one(client, operator):
    client.force_login(operator)
    tautan = _tautan_bagian(client.get(ANGGARAN).content.decode())
    aktif = [(href, label) for href, current, label in tautan if current]
    assert aktif == [("/6210/2024/anggaran/", "Anggaran")]


def test_every_linked_section_opens_for_the_user(client, operator):
    client.force_login(operator)
    for href, _, label in _tautan_bagian(client.get(RINGKASAN).content.decode()):
        assert client.get(href).status_code == 200, label


def test_year_switch_keeps_the_page(client, operator):
    client.force_login(operator)
    nav = _nav(client.get(ANGGARAN).content.decode())
    tahun = nav.split('aria-label="Pilih tahun"')[1]
    assert '<a href="/6210/2022/anggaran/">2022</a>' in tahun
    assert '<a href="/6210/2023/anggaran/">2023</a>' in tahun
    assert '<a href="/6210/2024/anggaran/" aria-current="page">2024</a>' in tahun
    nav = _nav(client.get("/6210/2023/").content.decode())
    assert '<a href="/6210/2024/">2024</a>' in nav
    assert '<a href="/6210/2023/" aria-current="page">2023</a>' in nav
    # The sections follow the year shown.
    assert 'href="/6210/2023/realisasi/"' in nav


def test_report_page_has_the_navigation(client, operator):
    client.force_login(operator)
    html = client.get("/6210/2024/laporan/").content.decode()
    assert ("/6210/2024/laporan/", "page", "Laporan") in _tautan_bagian(html)


def test_user_role_and_satker_are_visible_and_account_links_kept(client, admin_satker):
    admin_satker.first_name = "Rina"
    admin_satker.save()
    client.force_login(admin_satker)
    html = client.get(RINGKASAN).content.decode()
    akun = html.split('aria-label="Akun"')[1].split("</nav>")[0]
    assert "Rina" in akun
    assert "(Admin)" in akun
    assert 'href="/admin/"' in akun
    assert 'href="/anggaran/6210/impor/"' in akun
    assert 'href="/akun/sandi/"' in akun
    assert 'action="/keluar/"' in akun
    assert '<span class="bilah-atas__satker">KPU Kabupaten Gunung Mas</span>' in html


def test_ketua_sees_ketua_as_role(client, gunung_mas, buat_pengguna):
    ketua = buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, is_ketua=True)
    client.force_login(ketua)
    html = client.get(RINGKASAN).content.decode()
    assert "(Ketua)" in html
    assert 'href="/admin/"' not in html


def test_pages_outside_a_year_have_no_workspace_navigation(client, operator):
    client.force_login(operator)
    html = client.get("/akun/sandi/").content.decode()
    assert 'class="navigasi"' not in html
    # The way back to the workspace stays in the account area.
    akun = html.split('aria-label="Akun"')[1].split("</nav>")[0]
    assert 'href="/"' in akun


def test_skip_link_and_favicon_are_kept(client, operator):
    client.force_login(operator)
    html = client.get(RINGKASAN).content.decode()
    assert '<a class="lewati" href="#isi">Langsung ke isi</a>' in html
    assert html.index('class="lewati"') < html.index('class="navigasi"') < html.index('id="isi"')
    assert 'rel="icon"' in html


def test_no_inline_style_or_script_in_the_navigation(client, operator):
    client.force_login(operator)
    html = client.get(RINGKASAN).content.decode()
    assert "style=" not in html
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_get_satker_tahun_or_404(operator, operator_lain, gunung_mas):
    satker, semua_tahun = get_satker_tahun_or_404(user=operator, kode="6210", tahun=2024)
    assert satker == gunung_mas
    assert semua_tahun == (2022, 2023, 2024)
    with pytest.raises(Http404):
        get_satker_tahun_or_404(user=operator, kode="6210", tahun=1999)
    with pytest.raises(Http404):
        get_satker_tahun_or_404(user=operator_lain, kode="6210", tahun=2024)


def test_sub_pages_mark_their_section(client, operator):
    client.force_login(operator)
    html = client.get("/6210/2024/narasi/penutup/").content.decode()
    assert ("/6210/2024/narasi/", "true", "Narasi") in _tautan_bagian(html)
    html = client.get("/6210/2024/perjanjian-kinerja/").content.decode()
    assert ("/6210/2024/laporan/", "true", "Laporan") in _tautan_bagian(html)


def test_navigation_renders_nothing_without_a_year(gunung_mas):
    assert render_to_string("_navigasi.html", {"satker": gunung_mas, "tahun": ""}).strip() == ""
    html = render_to_string(
        "_navigasi.html", {"satker": gunung_mas, "tahun": 2024, "semua_tahun": (2023, 2024)}
    )
    # Without a request the year switch falls back to each year's dashboard.
    assert '<a href="/6210/2023/">2023</a>' in html
    assert '<a href="/6210/2024/realisasi/">Realisasi</a>' in html
