"""The first pages after login: beranda and the year at a glance, through their URLs."""

import pytest

from kinerja.services import build_ringkasan_kinerja
from satker.models import Pengguna

RINGKASAN = "/6210/2024/"


@pytest.mark.parametrize("url", ["/", RINGKASAN])
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/masuk/?next={url}"


def test_login_page_is_indonesian(client, db):
    response = client.get("/masuk/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="id"' in html
    assert "Kata sandi" in html


def test_login_with_password_leads_to_latest_year(client, operator):
    response = client.post(
        "/masuk/", {"username": "uji-operator", "password": "rahasia-uji-123"}, follow=True
    )
    assert response.redirect_chain[-1] == (RINGKASAN, 302)
    assert response.status_code == 200


def test_beranda_redirects_operator_to_latest_year(client, operator):
    client.force_login(operator)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == RINGKASAN


def test_beranda_lets_superuser_choose_a_satker(client, db, satker_lain):
    su = Pengguna.objects.create_superuser(username="super", password="rahasia-uji-123")
    client.force_login(su)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/6210/2024/"' in html
    assert "KPU Kabupaten Kotawaringin Barat" in html
    assert client.get(RINGKASAN).status_code == 200


def test_ringkasan_shows_the_year_at_a_glance(client, operator):
    client.force_login(operator)
    response = client.get(RINGKASAN)
    assert response.status_code == 200
    html = response.content.decode()
    # Budget absorption: programmes and total (the seed report's figures).
    assert "95,06%" in html
    assert "94,87%" in html
    assert "98,31%" in html
    assert "Rp41.469.966.000" in html
    assert "Rp39.420.682.212" in html
    # The capaian kinerja, labelled apart from the serapan (rule 10).
    kinerja = build_ringkasan_kinerja(satker=operator.satker, tahun=2024)
    assert kinerja.kategori == "Sangat Baik"
    assert "Capaian kinerja (rata-rata capaian indikator terukur)" in html
    assert "Realisasi (serapan) anggaran" in html
    bagian_kinerja = html.split('id="judul-capaian"')[1].split("</section>")[0]
    assert "100,00%" in bagian_kinerja
    assert "Sangat Baik" in bagian_kinerja
    assert "95,06%" not in bagian_kinerja
    # Header: the user's role and satker; the operator gets no Admin link.
    assert "KPU Kabupaten Gunung Mas" in html
    assert "(Operator)" in html
    assert 'href="/admin/"' not in html
    assert 'action="/keluar/"' in html
    # What is still missing is listed, not counted as zero (rule 3).
    assert "Yang belum lengkap" in html
    assert "Realisasi belum diisi" in html


def test_ringkasan_lists_every_measured_indicator(client, operator):
    client.force_login(operator)
    response = client.get(RINGKASAN)
    html = response.content.decode()
    kinerja = build_ringkasan_kinerja(satker=operator.satker, tahun=2024)
    assert kinerja.terukur
    for baris in kinerja.terukur:
        assert baris.nama in html


def test_admin_role_gets_admin_link(client, admin_satker):
    client.force_login(admin_satker)
    html = client.get(RINGKASAN).content.decode()
    assert 'href="/admin/"' in html
    assert "(Admin)" in html


def test_ringkasan_of_another_satker_is_404(client, operator_lain):
    client.force_login(operator_lain)
    assert client.get(RINGKASAN).status_code == 404


def test_year_without_data_is_404(client, operator):
    client.force_login(operator)
    assert client.get("/6210/1999/").status_code == 404


def test_unknown_satker_is_404(client, operator):
    client.force_login(operator)
    assert client.get("/9999/2024/").status_code == 404


def test_beranda_for_satker_without_data(client, operator_lain):
    client.force_login(operator_lain)
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada data." in response.content.decode()


def test_logout_is_post(client, operator):
    client.force_login(operator)
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response.url == "/masuk/"
    assert client.get("/").status_code == 302


def test_password_change_page(client, operator):
    client.force_login(operator)
    response = client.get("/akun/sandi/")
    assert response.status_code == 200
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Sandi-Baru-2024!",
            "new_password2": "Sandi-Baru-2024!",
        },
    )
    assert response.status_code == 302
    assert response.url == "/akun/sandi/selesai/"
    operator.refresh_from_db()
    assert operator.check_password("Sandi-Baru-2024!")
