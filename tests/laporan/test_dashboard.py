"""The dashboard of a satker-year (/<kode>/<tahun>/): figures, indicators by triwulan, what the
report still lacks with links to where it is fixed, the signing status, and constant queries."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anggaran.models import BarisAnggaran, Tingkat
from kinerja.models import BuktiDukung, IndikatorKinerja, Realisasi, SasaranPK
from kinerja.services import build_ringkasan_kinerja, get_pk_berlaku
from laporan.models import Narasi

URL = "/6210/2024/"


def _bagian(html: str, judul_id: str) -> str:
    """The <section> whose heading has id ``judul_id``."""
    return html.split(f'id="{judul_id}"')[1].split("</section>")[0]


def _baris_indikator(html: str, pk: int) -> str:
    return html.split(f'<tr id="dashboard-indikator-{pk}">')[1].split("</tr>")[0]


def _indikator_terukur(gunung_mas) -> list[IndikatorKinerja]:
    pk = get_pk_berlaku(satker=gunung_mas, tahun=2024)
    return list(
        IndikatorKinerja.objects.filter(
            sasaran__program__perjanjian=pk, sasaran__bagian=SasaranPK.Bagian.KINERJA
        ).order_by("sasaran__program__urutan", "sasaran__urutan", "urutan")
    )


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"/masuk/?next={URL}"


def test_another_satker_gets_404(client, operator_lain, admin_lain):
    for user in (operator_lain, admin_lain):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_dashboard_is_read_only(client, operator):
    client.force_login(operator)
    assert client.post(URL).status_code == 405


def test_year_without_data_is_404(client, operator):
    client.force_login(operator)
    assert client.get("/6210/2019/").status_code == 404


def test_figures_of_gunung_mas_2024(client, operator):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    kinerja = _bagian(html, "judul-capaian")
    assert "100,00%" in kinerja
    assert '<span class="kategori kategori--sangat-baik">Sangat Baik</span>' in kinerja
    serapan = _bagian(html, "judul-serapan")
    assert "95,06%" in serapan
    assert '<meter class="batang batang--besar"' in serapan
    assert 'value="95.06"' in serapan
    tabel = html.split('id="judul-tabel-anggaran"')[1].split("</table>")[0]
    cq = tabel.split("<td>076.01.CQ</td>")[1].split("</tr>")[0]
    assert "Rp39.196.465.000" in cq
    assert "94,87%" in cq
    assert 'value="94.87"' in cq
    wa = tabel.split("<td>076.01.WA</td>")[1].split("</tr>")[0]
    assert "98,31%" in wa
    kegiatan = tabel.split("<td>3355</td>")[1].split("</tr>")[0]
    assert "98,22%" in kegiatan
    assert 'value="98.22"' in kegiatan
    assert "Rp41.469.966.000" in tabel


def test_every_indicator_of_the_pk_with_triwulan_columns(client, operator, gunung_mas):
    client.force_login(operator)
    response = client.get(URL)
    html = response.content.decode()
    kinerja = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024)
    assert len(kinerja.indikator) > len(kinerja.terukur) > 0
    for c in kinerja.indikator:
        assert f'<tr id="dashboard-indikator-{c.indikator_id}">' in html
    kepala = html.split('id="tabel-indikator-kinerja"')[1].split("</thead>")[0]
    for kolom in ("Target", "TW I<", "TW II<", "TW III<", "TW IV<", "Realisasi tahunan", "Capaian"):
        assert kolom in kepala
    # The demo has only TW IV for the measured indicators.
    baris = _baris_indikator(html, kinerja.terukur[0].indikator_id)
    sel = re.findall(r'<td class="angka[^"]*">([^<]*)</td>', baris)
    assert sel == ["100%", "—", "—", "—", "100%", "100%", "100,00%"]
    assert '<span class="kategori kategori--sangat-baik">Sangat Baik</span>' in baris


def test_triwulan_values_and_a_lower_category_show_in_the_row(client, operator, gunung_mas):
    ind = _indikator_terukur(gunung_mas)[0]
    ind.agregasi = "rata_rata"
    ind.save()
    Realisasi.objects.filter(indikator=ind).delete()
    for tw, nilai in ((1, "60"), (2, "70,5"), (3, "80")):
        Realisasi.objects.create(indikator=ind, triwulan=tw, nilai=Decimal(nilai.replace(",", ".")))
    client.force_login(operator)
    html = client.get(URL).content.decode()
    baris = _baris_indikator(html, ind.pk)
    sel = re.findall(r'<td class="angka[^"]*">([^<]*)</td>', baris)
    # Mean of the triwulan entered: (60 + 70,5 + 80) / 3 = 70,1666…
    assert sel[:5] == ["100%", "60%", "70,5%", "80%", "—"]
    assert sel[6] == "70,17%"
    assert '<span class="kategori kategori--cukup-baik">Cukup Baik</span>' in baris


def test_missing_realisation_links_to_its_row_on_the_realisasi_page(client, operator, gunung_mas):
    ind = _indikator_terukur(gunung_mas)[1]
    Realisasi.objects.filter(indikator=ind).delete()
    client.force_login(operator)
    html = client.get(URL).content.decode()
    daftar = _bagian(html, "judul-belum-lengkap")
    terukur = daftar.split("Realisasi indikator terukur")[1].split("</ul>")[0]
    assert f'href="/6210/2024/realisasi/#indikator-{ind.pk}"' in terukur
    assert "Realisasi belum diisi" in terukur
    # The indicator row on the realisasi page carries that anchor.
    halaman = client.get("/6210/2024/realisasi/").content.decode()
    assert f'id="indikator-{ind.pk}"' in halaman
    # The row itself shows the gap as missing, not zero.
    baris = _baris_indikator(html, ind.pk)
    assert '<td class="angka capaian">—</td>' in baris
    assert "belum terukur" in baris


def test_narrative_not_written_links_to_its_editor(client, operator, gunung_mas):
    Narasi.objects.filter(satker=gunung_mas, tahun=2024, bagian="penutup", kunci="").update(teks="")
    Narasi.objects.filter(
        satker=gunung_mas, tahun=2024, bagian="analisis_sasaran", kunci="076.01.CQ"
    ).delete()
    client.force_login(operator)
    html = client.get(URL).content.decode()
    narasi = _bagian(html, "judul-belum-lengkap").split("Narasi yang belum ditulis")[1]
    narasi = narasi.split("</ul>")[0]
    url_penutup = reverse(
        "narasi_ubah", kwargs={"kode": "6210", "tahun": 2024, "bagian": "penutup"}
    )
    url_analisis = reverse(
        "narasi_ubah_kunci",
        kwargs={"kode": "6210", "tahun": 2024, "bagian": "analisis_sasaran", "kunci": "076.01.CQ"},
    )
    assert f'<a href="{url_penutup}">BAB IV Penutup</a>' in narasi
    assert f'href="{url_analisis}"' in narasi
    assert narasi.count("<li>") == 2
    assert client.get(url_penutup).status_code == 200
    assert client.get(url_analisis).status_code == 200


def test_evidence_missing_until_a_file_is_uploaded(client, operator, gunung_mas):
    terukur = _indikator_terukur(gunung_mas)
    client.force_login(operator)
    html = client.get(URL).content.decode()
    bukti = _bagian(html, "judul-belum-lengkap").split("Bukti dukung belum diunggah")[1]
    bukti = bukti.split("</ul>")[0]
    assert bukti.count("<li>") == len(terukur)
    assert f'href="/6210/2024/realisasi/#indikator-{terukur[0].pk}"' in bukti

    BuktiDukung.objects.create(
        indikator=terukur[0],
        triwulan=4,
        berkas="bukti/contoh.pdf",
        nama_asli="contoh.pdf",
        ukuran=10,
        jenis="application/pdf",
    )
    html = client.get(URL).content.decode()
    bukti = _bagian(html, "judul-belum-lengkap").split("Bukti dukung belum diunggah")[1]
    bukti = bukti.split("</ul>")[0]
    assert bukti.count("<li>") == len(terukur) - 1
    assert f"#indikator-{terukur[0].pk}" not in bukti


def test_signing_status_and_next_step(client, operator):
    client.force_login(operator)
    html = client.get(URL).content.decode()
    status = _bagian(html, "judul-status-pengesahan")
    assert "Draf" in status
    assert "Langkah berikutnya: Operator mengajukan laporan" in status
    assert 'href="/6210/2024/laporan/#pengesahan"' in status
    assert "Ajukan laporan" in status
    # The demo lacks evidence files, so the dashboard says what to do before submitting.
    assert 'href="#judul-belum-lengkap"' in status


def test_komisioner_is_not_offered_to_submit(client, gunung_mas, buat_pengguna):
    client.force_login(buat_pengguna(gunung_mas, "komisioner"))
    html = client.get(URL).content.decode()
    status = _bagian(html, "judul-status-pengesahan")
    assert "Ajukan laporan" not in status
    assert "Lihat pengesahan" in status


def test_pdf_link_is_not_a_download_attribute(client, operator):
    """Without a cached PDF the link leads back to the report page (background rendering); a
    download attribute would save that HTML page as the PDF."""
    client.force_login(operator)
    html = client.get(URL).content.decode()
    assert '<a href="/6210/2024/laporan.pdf">Unduh PDF</a>' in html


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


def test_query_count_constant_when_indicators_and_budget_lines_grow(
    client, operator, gunung_mas, django_assert_num_queries
):
    client.force_login(operator)
    _jumlah_query(client)  # warm the session and the content types
    sebelum = _jumlah_query(client)

    sasaran = SasaranPK.objects.filter(
        program__perjanjian=get_pk_berlaku(satker=gunung_mas, tahun=2024),
        bagian=SasaranPK.Bagian.KINERJA,
    ).first()
    for i in range(30):
        ind = IndikatorKinerja.objects.create(
            sasaran=sasaran, urutan=100 + i, nama=f"Indikator uji {i}", target=Decimal(100)
        )
        for tw in (1, 2):
            Realisasi.objects.create(indikator=ind, triwulan=tw, nilai=Decimal(40 + i))
    program = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.CQ")
    for i in range(30):
        BarisAnggaran.objects.create(
            satker=gunung_mas,
            tahun=2024,
            kode=f"076.01.CQ.{9000 + i}",
            induk=program,
            tingkat=Tingkat.KEGIATAN,
            uraian=f"Kegiatan uji {i}",
            pagu=Decimal(1000),
            realisasi=Decimal(500),
            urutan=9000 + i,
        )

    with django_assert_num_queries(sebelum):
        response = client.get(URL)
    html = response.content.decode()
    assert "Indikator uji 29" in html
    assert "Kegiatan uji 29" in html
