"""The PIC page: the Admin names a user of the satker per indicator, in one form and one
transaction, recorded in the history; another satker's user is refused."""

from django.urls import reverse

from kinerja.models import PenanggungJawab
from riwayat.models import Perubahan

from .conftest import TAHUN, indikator_terukur

URL = reverse("penanggung_jawab", kwargs={"kode": "6210", "tahun": TAHUN})


def test_admin_names_a_pic_and_it_is_in_the_history(client, gunung_mas, admin_satker, operator):
    operator.first_name = "Sinta"
    operator.save()
    a, b = indikator_terukur(gunung_mas)[:2]
    client.force_login(admin_satker)
    halaman = client.get(URL).content.decode()
    assert f'name="pic-{a.pk}"' in halaman and "Sinta (Operator)" in halaman

    response = client.post(URL, {f"pic-{a.pk}": str(operator.pk), f"pic-{b.pk}": ""})

    assert response.status_code == 302
    assert PenanggungJawab.objects.get(indikator=a).pengguna == operator
    assert not PenanggungJawab.objects.filter(indikator=b).exists()
    riwayat = Perubahan.objects.get(model="kinerja.penanggungjawab")
    assert riwayat.pengguna == admin_satker and riwayat.tahun == TAHUN
    assert riwayat.data["pengguna"] == [None, "Sinta"]
    halaman = client.get(URL).content.decode()
    assert "1 indikator berubah" in halaman
    assert f'value="{operator.pk}" selected' in halaman
    # The page's history names the new PIC.
    assert "→ <strong>Sinta</strong>" in halaman


def test_changing_and_clearing_a_pic(client, gunung_mas, admin_satker, operator, buat_pengguna):
    lain = buat_pengguna(gunung_mas, "operator", username="uji-operator-2")
    a = indikator_terukur(gunung_mas)[0]
    PenanggungJawab.objects.create(indikator=a, pengguna=operator)
    client.force_login(admin_satker)
    assert client.post(URL, {f"pic-{a.pk}": str(lain.pk)}).status_code == 302
    assert PenanggungJawab.objects.get(indikator=a).pengguna == lain
    assert client.post(URL, {f"pic-{a.pk}": ""}).status_code == 302
    assert not PenanggungJawab.objects.filter(indikator=a).exists()
    aksi = list(
        Perubahan.objects.filter(model="kinerja.penanggungjawab")
        .order_by("pk")
        .values_list("aksi", flat=True)
    )
    assert aksi == ["tambah", "ubah", "hapus"]


def test_user_of_another_satker_is_refused_and_nothing_is_written(
    client, gunung_mas, admin_satker, operator, operator_lain
):
    a, b = indikator_terukur(gunung_mas)[:2]
    client.force_login(admin_satker)
    response = client.post(
        URL, {f"pic-{a.pk}": str(operator.pk), f"pic-{b.pk}": str(operator_lain.pk)}
    )
    assert response.status_code == 400
    assert "harus pengguna aktif KPU Kabupaten Gunung Mas" in response.content.decode()
    # One form, one transaction: the valid choice of the same form is not kept either.
    assert not PenanggungJawab.objects.filter(indikator__in=[a, b]).exists()


def test_inactive_user_and_garbage_are_refused(client, gunung_mas, admin_satker, operator):
    a = indikator_terukur(gunung_mas)[0]
    operator.is_active = False
    operator.save()
    client.force_login(admin_satker)
    assert client.post(URL, {f"pic-{a.pk}": str(operator.pk)}).status_code == 400
    response = client.post(URL, {f"pic-{a.pk}": "satu"})
    assert response.status_code == 400
    assert "Pilihan penanggung jawab tidak sah." in response.content.decode()
    assert not PenanggungJawab.objects.exists()


def test_only_the_admin_of_the_satker(client, gunung_mas, operator, admin_lain):
    client.force_login(operator)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
    client.force_login(admin_lain)
    assert client.get(URL).status_code == 404


def test_admin_site_refuses_a_pic_of_another_satker(
    client, gunung_mas, operator_lain, buat_pengguna
):
    superuser = buat_pengguna(gunung_mas, "admin", username="uji-super", is_superuser=True)
    a = indikator_terukur(gunung_mas)[0]
    client.force_login(superuser)
    response = client.post(
        reverse("admin:kinerja_penanggungjawab_add"),
        {"indikator": a.pk, "pengguna": operator_lain.pk},
    )
    assert response.status_code == 200
    assert (
        "Penanggung jawab harus pengguna aktif satker indikator ini." in response.content.decode()
    )
    assert not PenanggungJawab.objects.exists()
