"""The budget tree page /<kode>/<tahun>/anggaran/ (anggaran_pohon): figures, tree, history links,
read-only for every role of the satker, 404 for others, constant queries."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anggaran.models import BarisAnggaran, Tingkat
from satker.models import Pengguna

URL = "/6210/2024/anggaran/"


def _isi(html: str) -> str:
    return html.split('<main id="isi"')[1].split("</main>")[0]


def _cabang(html: str, kode: str) -> str:
    """The <li> of one budget line up to its first nested list."""
    return html.split(f'id="anggaran-{kode}"')[1].split("pohon__daftar")[0]


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"/masuk/?next={URL}"


def test_another_satker_gets_404(client, operator_lain, admin_lain):
    for user in (operator_lain, admin_lain):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_year_without_data_is_404(client, operator):
    client.force_login(operator)
    assert client.get("/6210/2019/anggaran/").status_code == 404


@pytest.mark.parametrize("peran", [p.value for p in Pengguna.Peran])
def test_every_role_of_the_satker_reads_it_and_only_the_admin_types_the_plan(
    client, gunung_mas, buat_pengguna, peran
):
    client.force_login(buat_pengguna(gunung_mas, peran))
    response = client.get(URL)
    assert response.status_code == 200
    isi = _isi(response.content.decode())
    # The only form: the Admin's rencana penarikan dana (test_rencana_penarikan.py).
    formulir = isi.count("<form")
    assert formulir == (1 if peran == "admin" else 0)
    if formulir:
        assert isi.count("<form") == isi.count('action="/6210/2024/anggaran/rencana/"')
    assert isi.count("<input") == 13 * formulir  # csrf + 12 months
    # Nothing to post here (405); a Pemantau is refused any write first (docs/pemantauan.md).
    assert client.post(URL).status_code == (403 if peran == "pemantau" else 405)


def test_figures_of_gunung_mas_2024(client, operator):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    total = html.split('id="judul-total-anggaran"')[1].split("</section>")[0]
    assert "95,06%" in total
    assert 'value="95.06"' in total
    assert "Rp41.469.966.000" in total
    assert "Rp39.420.682.212" in total
    assert "Rp2.049.283.788" in total
    cq = _cabang(html, "076.01.CQ")
    assert "Rp39.196.465.000" in cq
    assert "Rp37.185.527.317" in cq
    assert "94,87%" in cq
    assert 'value="94.87"' in cq
    assert "<details open>" in cq
    kegiatan = _cabang(html, "076.01.WA.3355")
    assert "Rp2.160.190.000" in kegiatan
    assert "98,22%" in kegiatan
    assert "Rp38.345.605" in kegiatan  # sisa
    assert _cabang(html, "076.01.WA.3360").count("100,00%") == 1


def test_kro_and_ro_are_collapsible_under_their_kegiatan(client, operator, gunung_mas):
    kegiatan = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA.3360")
    kro = BarisAnggaran.objects.create(
        satker=gunung_mas,
        tahun=2024,
        kode="076.01.WA.3360.EBA",
        induk=kegiatan,
        tingkat=Tingkat.KRO,
        uraian="Layanan Dukungan Manajemen Internal",
    )
    ro = BarisAnggaran.objects.create(
        satker=gunung_mas,
        tahun=2024,
        kode="076.01.WA.3360.EBA.962",
        induk=kro,
        tingkat=Tingkat.RO,
        uraian="Layanan Umum",
        pagu=Decimal("113311000"),
        realisasi=Decimal("113310500"),
    )
    client.force_login(operator)
    html = client.get(URL).content.decode()
    # The kegiatan now has children: a closed <details> with the children's sums.
    baris_kegiatan = _cabang(html, "076.01.WA.3360")
    assert "<details>" in baris_kegiatan
    assert '<span class="pohon__tingkat">Kegiatan</span>' in baris_kegiatan
    baris_kro = _cabang(html, "076.01.WA.3360.EBA")
    assert "<details>" in baris_kro
    assert "Rp113.311.000" in baris_kro
    baris_ro = html.split('id="anggaran-076.01.WA.3360.EBA.962"')[1].split("</li>")[0]
    assert "<details" not in baris_ro
    assert '<span class="pohon__tingkat">RO</span>' in baris_ro
    assert "Rp500" in baris_ro
    assert f'href="/6210/riwayat/barisanggaran/{ro.pk}/"' in baris_ro
    assert f'href="/6210/riwayat/barisanggaran/{kro.pk}/"' in baris_kro


def test_every_line_links_to_its_history(client, operator, gunung_mas):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024)
    tautan = set(re.findall(r'href="(/6210/riwayat/barisanggaran/\d+/)"', html))
    assert tautan == {f"/6210/riwayat/barisanggaran/{b.pk}/" for b in baris}
    assert client.get(sorted(tautan)[0]).status_code == 200


def test_stored_total_that_disagrees_is_flagged_on_its_line(client, operator, gunung_mas):
    BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, kode="076.01.WA").update(
        pagu=Decimal("1")
    )
    client.force_login(operator)
    html = client.get(URL).content.decode()
    wa = html.split('id="anggaran-076.01.WA"')[1].split('id="anggaran-076.01.WA.3355"')[0]
    assert "perlu diperiksa" in wa
    assert "berbeda dengan jumlah rinciannya" in wa
    # The sum of the children is shown, not the typed figure.
    assert "Rp2.273.501.000" in wa
    assert 'href="#anggaran-076.01.WA"' in html


def test_xlsx_exports_of_the_budget_tables(client, operator):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    for nomor in ("anggaran", "3.7", "3.8"):
        href = f"/6210/2024/laporan/tabel/{nomor}.xlsx"
        assert f'href="{href}"' in html
    response = client.get("/6210/2024/laporan/tabel/anggaran.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_import_link_only_for_admin(client, operator, admin_satker):
    client.force_login(operator)
    assert 'href="/anggaran/6210/impor/"' not in _isi(client.get(URL).content.decode())
    client.force_login(admin_satker)
    assert 'href="/anggaran/6210/impor/"' in _isi(client.get(URL).content.decode())


def test_no_inline_style_or_script(client, operator):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    assert "style=" not in html
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+=", html)


def _jumlah_query(client) -> int:
    cache.clear()  # built from the data, not served from the pages' cache (satker.revisi)
    with CaptureQueriesContext(connection) as q:
        assert client.get(URL).status_code == 200
    return len(q)


def test_query_count_constant_when_budget_lines_grow(
    client, operator, gunung_mas, django_assert_num_queries
):
    client.force_login(operator)
    _jumlah_query(client)
    sebelum = _jumlah_query(client)
    kegiatan = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA.3355")
    for i in range(10):
        kro = BarisAnggaran.objects.create(
            satker=gunung_mas,
            tahun=2024,
            kode=f"076.01.WA.3355.K{i:02d}",
            induk=kegiatan,
            tingkat=Tingkat.KRO,
            uraian=f"KRO uji {i}",
        )
        for j in range(5):
            BarisAnggaran.objects.create(
                satker=gunung_mas,
                tahun=2024,
                kode=f"076.01.WA.3355.K{i:02d}.{j:03d}",
                induk=kro,
                tingkat=Tingkat.RO,
                uraian=f"RO uji {i}.{j}",
                pagu=Decimal(1000),
                realisasi=Decimal(900),
            )
    with django_assert_num_queries(sebelum):
        html = client.get(URL).content.decode()
    assert "RO uji 9.4" in html
