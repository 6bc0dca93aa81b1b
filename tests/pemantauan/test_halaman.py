"""The monitoring page of a KPU Provinsi and KPU RI, its xlsx and the way in (docs/pemantauan.md,
"Halaman pemantauan"): real figures of Gunung Mas 2024 on the page and in the download, sorting
and filters, who may open it, and the read-only drill-down into a kabupaten."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from laporan.pemeriksaan_tersimpan import periksa_dan_simpan
from satker.models import Pengguna, Satker

PEMANTAU = Pengguna.Peran.PEMANTAU
HALAMAN = "/62/pemantauan/2024/"


@pytest.fixture
def katingan(kpu_provinsi, buat_kabkota) -> Satker:
    """A second kabupaten of the province, without any data."""
    return buat_kabkota(kpu_provinsi, "6206", nama="KPU Kabupaten Katingan")


@pytest.fixture
def pemantau(kpu_provinsi, buat_pengguna) -> Pengguna:
    return buat_pengguna(kpu_provinsi, PEMANTAU)


def _nama_baris(html: str) -> list[str]:
    """The satker names of the table's rows, in order."""
    tabel = html.split('id="tabel-pemantauan"')[1].split("</table>")[0]
    return re.findall(r"(KPU Kabupaten [A-Za-z ]+?)(?:</a>|\s*<span)", tabel)


def _baris_satker(html: str, nama: str) -> str:
    tabel = html.split('id="tabel-pemantauan"')[1].split("</table>")[0]
    return next(tr for tr in tabel.split("<tr") if nama in tr)


def test_province_page_shows_gunung_mas_with_its_figures(client, pemantau, katingan):
    client.force_login(pemantau)
    response = client.get(HALAMAN)
    assert response.status_code == 200
    html = response.content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Gunung Mas", "KPU Kabupaten Katingan"]
    baris = _baris_satker(html, "KPU Kabupaten Gunung Mas")
    # Σ realisasi ÷ Σ pagu of Gunung Mas 2024 (the report's Tabel 3.7: 39.420.682.212 of
    # 41.469.966.000), and the drill-down into its dashboard.
    assert "95,06%" in baris
    assert 'href="/6210/2024/"' in baris
    assert "Draf" in baris and "belum diperiksa" in baris
    # Katingan has no budget: missing is not zero.
    assert "95,06%" not in _baris_satker(html, "Katingan")
    # The roll-up: two satker, both drafts; the weighted serapan is Gunung Mas's alone.
    assert re.search(r'id="rekap-jumlah">2<', html)
    assert re.search(r'id="rekap-serapan">95,06%<', html)
    assert "Belum terukur" in html and "<svg" in html


def test_a_consistency_check_stored_after_the_page_was_kept_shows_at_once(
    client, pemantau, katingan, gunung_mas
):
    """The stored checks renew no revision (docs/pemantauan.md, "Pemeriksaan tersimpan"): the
    page's kept content must still follow them."""
    client.force_login(pemantau)
    assert "belum diperiksa" in _baris_satker(client.get(HALAMAN).content.decode(), "Gunung Mas")
    temuan = periksa_dan_simpan(satker=gunung_mas, tahun=2024)
    galat = sum(1 for t in temuan if t.tingkat == "galat")
    baris = _baris_satker(client.get(HALAMAN).content.decode(), "Gunung Mas")
    assert "belum diperiksa" not in baris
    assert f"{galat} galat" in baris


def test_index_goes_to_the_latest_year(client, pemantau, katingan):
    client.force_login(pemantau)
    response = client.get("/62/pemantauan/")
    assert response.status_code == 302 and response["Location"] == HALAMAN


def test_sort_by_name_descending_and_serapan_puts_missing_last(client, pemantau, katingan):
    client.force_login(pemantau)
    html = client.get(HALAMAN + "?urut=nama&arah=turun").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Katingan", "KPU Kabupaten Gunung Mas"]
    for arah in ("naik", "turun"):
        html = client.get(f"{HALAMAN}?urut=serapan&arah={arah}").content.decode()
        assert _nama_baris(html)[0] == "KPU Kabupaten Gunung Mas", arah
    assert 'aria-sort="descending"' in html


def test_filters_are_applied_and_kept_in_the_xlsx_link(client, pemantau, katingan):
    client.force_login(pemantau)
    html = client.get(HALAMAN + "?kategori=Belum+terukur").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Katingan"]
    assert 'href="/62/pemantauan/2024/pemantauan.xlsx?kategori=Belum+terukur"' in html
    html = client.get(HALAMAN + "?q=gunung").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Gunung Mas"]
    html = client.get(HALAMAN + "?status=ditandatangani").content.decode()
    assert _nama_baris(html) == [] and "Tidak ada satker yang sesuai saringan." in html
    assert re.search(r'id="rekap-jumlah">0<', html)


def test_xlsx_holds_the_sorted_rows_and_the_roll_up(client, pemantau, katingan):
    client.force_login(pemantau)
    response = client.get(HALAMAN + "pemantauan.xlsx?urut=nama&arah=turun")
    assert response.status_code == 200
    assert "Pemantauan-KPU-Provinsi-Kalimantan-Tengah-2024.xlsx" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    ws = wb["Satker"]
    kepala = [c.value for c in ws[3]]
    assert kepala[:3] == ["No.", "Kode", "Satker"] and "Provinsi" not in kepala
    assert [ws.cell(row=r, column=3).value for r in (4, 5)] == [
        "KPU Kabupaten Katingan",
        "KPU Kabupaten Gunung Mas",
    ]
    gm = {kepala[i]: c.value for i, c in enumerate(ws[5])}
    assert gm["Pagu"] == 41469966000 and gm["Realisasi"] == 39420682212
    assert Decimal(str(gm["Serapan"])) == Decimal("95.06")
    assert gm["Status laporan"] == "Draf" and gm["Pemeriksaan"] == "belum diperiksa"
    katingan_baris = {kepala[i]: c.value for i, c in enumerate(ws[4])}
    assert katingan_baris["Serapan"] == "—"  # missing, not zero
    rekap = {ws_row[0].value: ws_row[1].value for ws_row in wb["Rekap"].iter_rows(min_row=3)}
    assert rekap["Jumlah satker"] == 2
    assert Decimal(str(rekap["Serapan tertimbang (Σ realisasi ÷ Σ pagu)"])) == Decimal("95.06")
    assert rekap["Kategori: Belum terukur"] >= 1


def test_xlsx_follows_the_filter(client, pemantau, katingan):
    client.force_login(pemantau)
    wb = load_workbook(BytesIO(client.get(HALAMAN + "pemantauan.xlsx?q=katingan").content))
    ws = wb["Satker"]
    assert ws.cell(row=4, column=3).value == "KPU Kabupaten Katingan"
    assert ws.cell(row=5, column=3).value is None


def test_ri_page_has_provinces_summary_and_province_filter(
    client, kpu_ri, kpu_provinsi, katingan, buat_pengguna
):
    client.force_login(buat_pengguna(kpu_ri, PEMANTAU))
    html = client.get("/00/pemantauan/2024/").content.decode()
    assert 'id="tabel-provinsi"' in html and "Kalimantan Tengah" in html
    # The province itself is a row too, beside its two kabupaten.
    assert re.search(r'id="rekap-jumlah">3<', html)
    html = client.get(f"/00/pemantauan/2024/?provinsi={kpu_provinsi.pk}&q=gunung").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Gunung Mas"]
    wb = load_workbook(BytesIO(client.get("/00/pemantauan/2024/pemantauan.xlsx").content))
    assert "Provinsi" in [c.value for c in wb["Satker"][3]]


@pytest.mark.parametrize("alamat", [HALAMAN, HALAMAN + "pemantauan.xlsx", "/62/pemantauan/"])
def test_kabupaten_user_and_another_province_get_404(
    client, alamat, operator, provinsi_lain, kpu_provinsi, buat_pengguna
):
    for user in (operator, buat_pengguna(provinsi_lain, PEMANTAU)):
        client.force_login(user)
        assert client.get(alamat).status_code == 404, user


def test_satker_without_subordinates_has_no_monitoring_page(client, provinsi_lain, buat_pengguna):
    """A kabupaten has none: 404. A province with nothing below it yet (its navigation links
    here by its kind) says so; no year of it exists."""
    client.force_login(Pengguna.objects.create_superuser(username="uji-super", password="x"))
    assert client.get("/6210/pemantauan/").status_code == 404
    client.force_login(buat_pengguna(provinsi_lain, PEMANTAU))
    response = client.get("/63/pemantauan/")
    assert response.status_code == 200
    assert "Belum ada satker yang tercatat di bawah KPU Provinsi Kalimantan Selatan" in (
        response.content.decode()
    )
    assert client.get("/63/pemantauan/2024/").status_code == 404


def test_ri_reads_a_province_page_read_only(client, kpu_ri, kpu_provinsi, buat_pengguna):
    client.force_login(buat_pengguna(kpu_ri, Pengguna.Peran.ADMIN))
    html = client.get(HALAMAN).content.decode()
    assert "Anda melihat KPU Provinsi Kalimantan Tengah sebagai pemantau — hanya baca" in html
    assert 'href="/00/pemantauan/"' in html


@pytest.mark.parametrize("alamat", ["/6210/2024/", "/6210/2024/realisasi/", "/6210/2024/narasi/"])
def test_drill_down_is_read_only(client, pemantau, admin_satker, alamat):
    def kontrol_ubah(html: str) -> list[str]:
        """Forms that write (but the sign-out's), in-place saves, links to an editor."""
        formulir = re.findall(r"<form[^>]*>", html)
        menulis = [f for f in formulir if 'method="post"' in f and "form-keluar" not in f]
        menulis += re.findall(r"hx-post=\"[^\"]*\"", html)
        return menulis + re.findall(r'href="[^"]*/6210/[^"]*"[^>]*>\s*(?:Ubah|Unggah)[^<]*<', html)

    client.force_login(admin_satker)
    sendiri = client.get(alamat).content.decode()
    assert kontrol_ubah(sendiri), "the satker's own Admin edits here"
    assert "hanya baca" not in sendiri
    client.force_login(pemantau)
    html = client.get(alamat).content.decode()
    assert "Anda melihat KPU Kabupaten Gunung Mas sebagai pemantau — hanya baca" in html
    assert 'href="/62/pemantauan/"' in html
    assert kontrol_ubah(html) == []


def test_a_write_from_above_is_refused(client, pemantau, gunung_mas):
    from kinerja.models import IndikatorKinerja, Realisasi

    indikator = IndikatorKinerja.objects.filter(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
    ).first()
    sebelum = list(Realisasi.objects.filter(indikator=indikator).values_list("nilai", flat=True))
    client.force_login(pemantau)
    response = client.post(
        f"/6210/2024/realisasi/{indikator.pk}/tw/4/", {"nilai": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    sesudah = list(Realisasi.objects.filter(indikator=indikator).values_list("nilai", flat=True))
    assert sesudah == sebelum


def test_beranda_leads_each_user_of_a_province_or_ri_to_monitoring(
    client, pemantau, kpu_ri, kpu_provinsi, provinsi_lain, buat_pengguna
):
    client.force_login(pemantau)
    assert client.get("/")["Location"] == "/62/pemantauan/"
    # The Admin of the province: its own satker has no data years yet.
    client.force_login(buat_pengguna(kpu_provinsi, Pengguna.Peran.ADMIN))
    assert client.get("/")["Location"] == "/62/pemantauan/"
    client.force_login(buat_pengguna(kpu_ri, PEMANTAU))
    assert client.get("/")["Location"] == "/00/pemantauan/"
    # A province with nothing below it: the start page as before.
    client.force_login(buat_pengguna(provinsi_lain, PEMANTAU))
    assert client.get("/").status_code == 200


def test_workspace_navigation_of_a_province_links_its_monitoring(kpu_provinsi, rf):
    from satker.templatetags.navigasi import build_navigasi

    nav = build_navigasi(request=None, kode="62", tahun=2024, semua_tahun=(2024,), membawahi=True)
    assert nav.tautan[-1].label == "Pemantauan" and nav.tautan[-1].url == "/62/pemantauan/"
    nav = build_navigasi(request=None, kode="6210", tahun=2024, semua_tahun=(2024,))
    assert "Pemantauan" not in [t.label for t in nav.tautan]


def test_demo_accounts_follow_gunung_mas_from_its_province_and_ri(
    client, gunung_mas, settings, tmp_path
):
    from io import StringIO

    from django.core.management import call_command

    settings.PENGESAHAN_DEMO_DIR = tmp_path
    keluaran = StringIO()
    call_command("buat_akun_demo", stdout=keluaran)
    call_command("buat_akun_demo", verbosity=0)  # again: nothing new, nothing changed
    gunung_mas.refresh_from_db()
    provinsi = gunung_mas.induk
    assert (provinsi.kode, provinsi.nama, provinsi.induk.kode) == (
        "62",
        "KPU Provinsi Kalimantan Tengah",
        "00",
    )
    assert Satker.objects.filter(kode__in=["62", "00"]).count() == 2
    pemantau = Pengguna.objects.get(username="pemantau")
    assert (pemantau.satker.kode, pemantau.peran) == ("62", PEMANTAU)
    assert Pengguna.objects.get(username="pemantau-ri").satker.kode == "00"
    teks = keluaran.getvalue()
    assert "pemantau       demo12345       Pemantau KPU Provinsi Kalimantan Tengah" in teks
    assert "pemantau-ri    demo12345       Pemantau KPU RI" in teks
    masuk = client.post("/masuk/", {"username": "pemantau", "password": "demo12345"})
    assert masuk.status_code == 302
    assert client.get("/")["Location"] == "/62/pemantauan/"
    assert client.get("/62/pemantauan/2024/").status_code == 200


def test_demo_hierarchy_keeps_what_a_user_set(gunung_mas, provinsi_lain, settings, tmp_path):
    """A parent set by a user and a province renamed by a user stay as they are."""
    from django.core.management import call_command

    settings.PENGESAHAN_DEMO_DIR = tmp_path
    gunung_mas.induk = provinsi_lain
    gunung_mas.save(update_fields=["induk"])
    Satker.objects.create(
        kode="62",
        jenis=Satker.Jenis.PROVINSI,
        nama="KPU Provinsi Kalteng (nama pilihan pengguna)",
        nama_lengkap="x",
        wilayah="x",
        provinsi="Kalimantan Tengah",
        kedudukan="x",
    )
    call_command("buat_akun_demo", verbosity=0)
    gunung_mas.refresh_from_db()
    assert gunung_mas.induk_id == provinsi_lain.pk
    assert Satker.objects.get(kode="62").nama == "KPU Provinsi Kalteng (nama pilihan pengguna)"
    # The Pemantau follows the satker's actual province.
    assert Pengguna.objects.get(username="pemantau").satker == provinsi_lain


def test_page_shows_a_change_at_once_though_its_rows_are_kept(
    client, pemantau, gunung_mas, django_capture_on_commit_callbacks
):
    """The rows are kept in the cache under the province's revisions, which every write below
    renews once it commits (satker/revisi.py): the next reader sees the change."""
    from pengesahan.models import Pengesahan

    client.force_login(pemantau)
    assert "Diajukan" not in _baris_satker(client.get(HALAMAN).content.decode(), "Gunung Mas")
    with django_capture_on_commit_callbacks(execute=True):
        Pengesahan.objects.create(satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DIAJUKAN)
    assert "Diajukan" in _baris_satker(client.get(HALAMAN).content.decode(), "Gunung Mas")


def test_a_long_table_is_shown_in_parts_and_the_xlsx_holds_all(
    client, pemantau, katingan, monkeypatch
):
    monkeypatch.setattr("pemantauan.views.PER_HALAMAN", 1)
    client.force_login(pemantau)
    html = client.get(HALAMAN + "?urut=nama").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Gunung Mas"]
    assert "Baris 1–1 dari 2" in html and 'href="?halaman=2"' in html
    html = client.get(HALAMAN + "?halaman=2").content.decode()
    assert _nama_baris(html) == ["KPU Kabupaten Katingan"] and 'rel="prev"' in html
    wb = load_workbook(BytesIO(client.get(HALAMAN + "pemantauan.xlsx").content))
    assert wb["Satker"].cell(row=5, column=3).value == "KPU Kabupaten Katingan"
