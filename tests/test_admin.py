"""The admin, used by a satker Admin: only their satker's rows, choices and users."""

from decimal import Decimal

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, ProgramPK, SasaranPK
from laporan.models import Narasi
from satker.models import Pengguna, Satker

INLINE_KOSONG = {
    f"{prefix}-{name}": value
    for prefix in ("dokumen_wajib", "realisasi")
    for name, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


@pytest.fixture
def data_lain(satker_lain) -> dict:
    """A little of everything in the other satker, which a Gunung Mas Admin must never see."""
    pk = PerjanjianKinerja.objects.create(satker=satker_lain, tahun=2024)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Program")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, uraian="Sasaran lain"
    )
    return {
        "sasaran": sasaran,
        "indikator": IndikatorKinerja.objects.create(
            sasaran=sasaran, urutan=1, nama="Indikator lain", target=Decimal(100)
        ),
        "anggaran": BarisAnggaran.objects.create(
            satker=satker_lain, tahun=2024, kode="076.01.WA", tingkat="program", uraian="Lain"
        ),
        "narasi": Narasi.objects.create(
            satker=satker_lain, tahun=2099, bagian=Narasi.Bagian.PENUTUP, teks="Narasi lain"
        ),
    }


@pytest.fixture
def narasi_gunung_mas(gunung_mas) -> Narasi:
    return Narasi.objects.create(
        satker=gunung_mas, tahun=2099, bagian=Narasi.Bagian.PENUTUP, teks="Narasi sendiri"
    )


def satker_of(obj) -> Satker:
    if isinstance(obj, IndikatorKinerja):
        return obj.sasaran.program.perjanjian.satker
    return obj.satker


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/anggaran/barisanggaran/", BarisAnggaran),
        ("/admin/kinerja/indikatorkinerja/", IndikatorKinerja),
        ("/admin/laporan/narasi/", Narasi),
        ("/admin/satker/pengguna/", Pengguna),
    ],
)
def test_changelist_shows_only_own_satker(
    client, admin_satker, operator, operator_lain, data_lain, narasi_gunung_mas, url, model
):
    client.force_login(admin_satker)
    response = client.get(url, {"all": ""})
    assert response.status_code == 200
    cl = response.context["cl"]
    rows = list(cl.queryset)
    assert rows, "the Admin sees their own satker's rows"
    assert {satker_of(obj).kode for obj in rows} == {"6210"}
    total = model.objects.count()
    assert cl.full_result_count < total  # the other satker's rows exist but are not listed


def test_changelist_does_not_name_other_satker(client, admin_satker, data_lain, narasi_gunung_mas):
    client.force_login(admin_satker)
    response = client.get("/admin/laporan/narasi/")
    assert "Kotawaringin" not in response.content.decode()


@pytest.mark.parametrize("key", ["anggaran", "indikator", "narasi"])
def test_other_satker_object_is_not_found(client, admin_satker, data_lain, key):
    obj = data_lain[key]
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    client.force_login(admin_satker)
    response = client.get(url)
    # Django answers a missing object with a redirect to the admin index and a message.
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_other_satker_user_is_not_found(client, admin_satker, operator_lain):
    client.force_login(admin_satker)
    response = client.get(f"/admin/satker/pengguna/{operator_lain.pk}/change/")
    assert response.status_code == 302
    response = client.get(f"/admin/satker/pengguna/{operator_lain.pk}/password/")
    assert response.status_code in (302, 404)


def test_foreign_key_choices_are_own_satker_only(client, admin_satker, data_lain):
    client.force_login(admin_satker)
    response = client.get("/admin/kinerja/indikatorkinerja/add/")
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["sasaran"].queryset
    assert choices.exists()
    assert data_lain["sasaran"] not in choices
    assert "Sasaran lain" not in response.content.decode()


def test_posting_another_satker_object_as_foreign_key_is_refused(client, admin_satker, data_lain):
    client.force_login(admin_satker)
    before = IndikatorKinerja.objects.count()
    response = client.post(
        "/admin/kinerja/indikatorkinerja/add/",
        {
            "sasaran": data_lain["sasaran"].pk,
            "urutan": "9",
            "nama": "Disusupkan",
            "polaritas": "positif",
            "agregasi": "nilai_akhir",
            "jenis_target": "angka",
            "target": "100",
            "satuan": "%",
            **INLINE_KOSONG,
        },
    )
    assert response.status_code == 200
    assert "sasaran" in response.context["adminform"].form.errors
    assert IndikatorKinerja.objects.count() == before


def test_target_zero_with_positive_polarity_is_refused_in_indonesian(
    client, admin_satker, gunung_mas
):
    sasaran = SasaranPK.objects.filter(program__perjanjian__satker=gunung_mas).first()
    client.force_login(admin_satker)
    before = IndikatorKinerja.objects.count()
    response = client.post(
        "/admin/kinerja/indikatorkinerja/add/",
        {
            "sasaran": sasaran.pk,
            "urutan": "99",
            "nama": "Indikator uji",
            "polaritas": "positif",
            "agregasi": "nilai_akhir",
            "jenis_target": "angka",
            "target": "0",
            "satuan": "%",
            **INLINE_KOSONG,
        },
    )
    assert response.status_code == 200
    assert "Target 0 tidak dapat diukur untuk indikator berpolaritas positif." in (
        response.content.decode()
    )
    assert IndikatorKinerja.objects.count() == before


def test_satker_is_set_automatically_and_constraints_still_checked(
    client, admin_satker, gunung_mas, satker_lain
):
    client.force_login(admin_satker)
    data = {
        "satker": satker_lain.pk,  # ignored: the field is fixed to the Admin's satker
        "tahun": "2099",
        "kode": "076.01.ZZ",
        "tingkat": "program",
        "uraian": "Program uji",
        "pagu": "1000",
        "realisasi": "500",
        "urutan": "0",
    }
    response = client.post("/admin/anggaran/barisanggaran/add/", data)
    assert response.status_code == 302
    baris = BarisAnggaran.objects.get(kode="076.01.ZZ", tahun=2099)
    assert baris.satker == gunung_mas

    # The unique (satker, tahun, kode) constraint is validated although satker is not shown.
    response = client.post("/admin/anggaran/barisanggaran/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert BarisAnggaran.objects.filter(kode="076.01.ZZ", tahun=2099).count() == 1


def test_negative_pagu_shows_constraint_message(client, admin_satker):
    client.force_login(admin_satker)
    response = client.post(
        "/admin/anggaran/barisanggaran/add/",
        {"tahun": "2099", "kode": "X", "tingkat": "program", "uraian": "X", "pagu": "-1"},
    )
    assert response.status_code == 200
    assert "Pagu tidak boleh negatif." in response.content.decode()
    assert not BarisAnggaran.objects.filter(kode="X").exists()


def test_operator_cannot_use_admin(client, operator):
    client.force_login(operator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_without_admin_role_sees_nothing(client, operator):
    Pengguna.objects.filter(pk=operator.pk).update(is_staff=True)
    client.force_login(operator)
    assert client.get("/admin/anggaran/barisanggaran/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_satker_admin_edits_only_own_satker(client, admin_satker, gunung_mas, satker_lain):
    client.force_login(admin_satker)
    response = client.get("/admin/satker/satker/")
    assert [s.kode for s in response.context["cl"].queryset] == ["6210"]
    assert client.get("/admin/satker/satker/add/").status_code == 403
    assert client.get(f"/admin/satker/satker/{gunung_mas.pk}/delete/").status_code == 403
    assert client.get(f"/admin/satker/satker/{satker_lain.pk}/change/").status_code == 302
    assert client.get(f"/admin/satker/satker/{gunung_mas.pk}/change/").status_code == 200


def test_satker_admin_creates_user_in_own_satker(client, admin_satker, gunung_mas, satker_lain):
    client.force_login(admin_satker)
    response = client.post(
        "/admin/satker/pengguna/add/",
        {
            "username": "operator-baru",
            "usable_password": "true",
            "password1": "Sandi-Kuat-2024!",
            "password2": "Sandi-Kuat-2024!",
            "first_name": "Operator",
            "last_name": "Baru",
            "satker": satker_lain.pk,  # ignored
            "peran": "operator",
            "is_superuser": "on",  # not a field for a satker Admin
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    baru = Pengguna.objects.get(username="operator-baru")
    assert baru.satker == gunung_mas
    assert baru.peran == Pengguna.Peran.OPERATOR
    assert not baru.is_superuser
    assert not baru.is_staff
    assert baru.check_password("Sandi-Kuat-2024!")


def test_user_without_peran_is_refused(client, admin_satker):
    client.force_login(admin_satker)
    response = client.post(
        "/admin/satker/pengguna/add/",
        {
            "username": "tanpa-peran",
            "usable_password": "true",
            "password1": "Sandi-Kuat-2024!",
            "password2": "Sandi-Kuat-2024!",
            "peran": "",
        },
    )
    assert response.status_code == 200
    assert "Pengguna wajib memiliki satker dan peran." in response.content.decode()
    assert not Pengguna.objects.filter(username="tanpa-peran").exists()


def test_satker_admin_cannot_move_user_to_another_satker(
    client, admin_satker, operator, gunung_mas, satker_lain
):
    client.force_login(admin_satker)
    url = f"/admin/satker/pengguna/{operator.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    response = client.post(
        url,
        {
            "username": operator.username,
            "first_name": "Nama",
            "last_name": "Diubah",
            "email": "",
            "satker": satker_lain.pk,
            "peran": "komisioner",
            "jabatan": "",
            "nip": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    operator.refresh_from_db()
    assert operator.satker == gunung_mas
    assert operator.peran == Pengguna.Peran.KOMISIONER
    assert operator.last_name == "Diubah"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/satker/satker/",
        "/admin/satker/pengguna/",
        "/admin/renstra/renstra/",
        "/admin/renstra/indikatorsasaran/",
        "/admin/kinerja/kategoricapaian/",
        "/admin/kinerja/perjanjiankinerja/",
        "/admin/kinerja/sasaranpk/",
        "/admin/kinerja/indikatorkinerja/",
        "/admin/kinerja/realisasi/",
        "/admin/kinerja/barisrkt/",
        "/admin/anggaran/barisanggaran/",
        "/admin/laporan/laporan/",
        "/admin/laporan/narasi/",
        "/admin/laporan/gambarorganisasi/",
    ],
)
def test_every_changelist_and_first_change_page_render(client, admin_satker, url):
    client.force_login(admin_satker)
    response = client.get(url)
    assert response.status_code == 200
    first = response.context["cl"].result_list[:1]
    if first:
        assert client.get(f"{url}{first[0].pk}/change/").status_code == 200
    assert client.get(f"{url}add/").status_code in (200, 403)


def test_superuser_sees_every_satker_and_chooses_it(client, db, data_lain, gunung_mas):
    su = Pengguna.objects.create_superuser(username="super", password="rahasia-uji-123")
    client.force_login(su)
    response = client.get("/admin/anggaran/barisanggaran/", {"all": ""})
    kode_satker = {b.satker.kode for b in response.context["cl"].queryset}
    assert kode_satker == {"6210", "6201"}
    form = client.get("/admin/anggaran/barisanggaran/add/").context["adminform"].form
    assert not form.fields["satker"].disabled
    assert set(form.fields["satker"].queryset) == set(Satker.objects.all())


def test_negative_pagu_is_refused_naming_the_field_and_realisasi_above_pagu_warns(
    client, admin_satker, gunung_mas
):
    from anggaran.models import BarisAnggaran

    induk = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA")
    client.force_login(admin_satker)
    data = {
        "tahun": "2024",
        "kode": "076.01.WA.9999",
        "induk": str(induk.pk),
        "tingkat": "kegiatan",
        "uraian": "Kegiatan uji",
        "pagu": "-5",
        "realisasi": "1",
        "catatan": "",
        "urutan": "99",
    }
    response = client.post("/admin/anggaran/barisanggaran/add/", data)
    assert response.status_code == 200
    assert "Pagu tidak boleh negatif." in response.content.decode()
    assert not BarisAnggaran.objects.filter(kode="076.01.WA.9999").exists()

    data["pagu"] = "100"
    data["realisasi"] = "150"
    response = client.post("/admin/anggaran/barisanggaran/add/", data, follow=True)
    baris = BarisAnggaran.objects.get(kode="076.01.WA.9999")
    assert baris.satker == gunung_mas and baris.realisasi == 150
    assert "melebihi pagu" in response.content.decode()


def test_budget_line_code_must_extend_its_parent_code(client, admin_satker, gunung_mas):
    from anggaran.models import BarisAnggaran

    induk = BarisAnggaran.objects.get(satker=gunung_mas, tahun=2024, kode="076.01.WA")
    client.force_login(admin_satker)
    response = client.post(
        "/admin/anggaran/barisanggaran/add/",
        {
            "tahun": "2024",
            "kode": "076.01.CQ.9999",
            "induk": str(induk.pk),
            "tingkat": "kegiatan",
            "uraian": "Salah induk",
            "pagu": "1",
            "realisasi": "",
            "catatan": "",
            "urutan": "99",
        },
    )
    assert "Kode harus diawali kode induknya (076.01.WA.)." in response.content.decode()
    assert not BarisAnggaran.objects.filter(kode="076.01.CQ.9999").exists()


def test_narrative_with_an_unknown_placeholder_is_refused_and_a_known_one_saved(
    client, admin_satker, gunung_mas
):
    from laporan.models import Narasi

    client.force_login(admin_satker)
    narasi = Narasi.objects.get(satker=gunung_mas, tahun=2024, bagian="penutup")
    url = f"/admin/laporan/narasi/{narasi.pk}/change/"
    data = {"tahun": "2024", "bagian": "penutup", "kunci": "", "teks": "Serapan {serapan_totl}."}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Placeholder tidak dikenal: {serapan_totl}" in response.content.decode()
    narasi.refresh_from_db()
    assert "{serapan_totl}" not in narasi.teks

    data["teks"] = "Serapan {serapan_total}, kegiatan {serapan:6709} dan {pagu:076.01.CQ}."
    assert client.post(url, data).status_code == 302
    narasi.refresh_from_db()
    assert narasi.teks == data["teks"]


# --- the Ketua's and the Sekretaris' accounts: a superuser's (satker.services) -------------------


@pytest.fixture
def ketua(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, is_ketua=True, username="uji-ketua")


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris")


@pytest.fixture
def superuser(db) -> Pengguna:
    return Pengguna.objects.create_superuser(username="uji-super", password="rahasia-uji-123")


SANDI_BARU = "Sandi-Baru-Panjang-2024"


def _data_ubah(pengguna: Pengguna, **beda) -> dict:
    data = {
        "username": pengguna.username,
        "first_name": pengguna.first_name,
        "last_name": pengguna.last_name,
        "email": pengguna.email,
        "satker": pengguna.satker_id,
        "peran": pengguna.peran,
        "jabatan": pengguna.jabatan,
        "nip": pengguna.nip,
        "is_active": "on",
    }
    if pengguna.is_ketua:
        data["is_ketua"] = "on"
    data.update(beda)
    return {k: v for k, v in data.items() if v is not None}


def _ganti_sandi(client, pengguna: Pengguna):
    return client.post(
        f"/admin/satker/pengguna/{pengguna.pk}/password/",
        {"password1": SANDI_BARU, "password2": SANDI_BARU, "usable_password": "true"},
    )


@pytest.mark.parametrize("akun", ["ketua", "sekretaris"])
def test_satker_admin_cannot_change_the_password_of_ketua_or_sekretaris(
    client, admin_satker, request, akun
):
    pengguna = request.getfixturevalue(akun)
    hash_lama = pengguna.password
    client.force_login(admin_satker)
    assert client.get(f"/admin/satker/pengguna/{pengguna.pk}/password/").status_code == 403
    assert _ganti_sandi(client, pengguna).status_code == 403
    pengguna.refresh_from_db()
    assert pengguna.password == hash_lama
    # The change page shows no way to the password page.
    html = client.get(f"/admin/satker/pengguna/{pengguna.pk}/change/").content.decode()
    assert f"/admin/satker/pengguna/{pengguna.pk}/password/" not in html
    assert "../password/" not in html
    assert "Hanya superuser yang dapat mengubah kata sandi" in html


def test_satker_admin_cannot_change_the_ketuas_role_by_posting_the_form(
    client, admin_satker, ketua
):
    client.force_login(admin_satker)
    url = f"/admin/satker/pengguna/{ketua.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert {"username", "peran", "is_ketua", "is_active"}.isdisjoint(form.fields)
    response = client.post(
        url,
        _data_ubah(
            ketua,
            username="ketua-diambil",
            peran="admin",
            is_ketua=None,  # unticked
            is_active=None,
            jabatan="Ketua KPU",
        ),
    )
    assert response.status_code == 302
    ketua.refresh_from_db()
    assert ketua.username == "uji-ketua"
    assert ketua.peran == Pengguna.Peran.KOMISIONER
    assert ketua.is_ketua
    assert ketua.is_active
    assert ketua.jabatan == "Ketua KPU"  # what the Admin may change is still saved


def test_satker_admin_cannot_make_anyone_ketua_or_sekretaris(client, admin_satker, operator):
    client.force_login(admin_satker)
    for pengguna in (operator, admin_satker):  # someone else, and themselves
        response = client.post(
            f"/admin/satker/pengguna/{pengguna.pk}/change/",
            _data_ubah(pengguna, peran="sekretaris"),
        )
        assert response.status_code == 200
        assert "Hanya superuser yang dapat menjadikan pengguna Ketua atau Sekretaris." in (
            response.content.decode()
        )
        pengguna.refresh_from_db()
        assert pengguna.peran != Pengguna.Peran.SEKRETARIS
    # Ketua: the field is not the Admin's, a ticked box is ignored.
    response = client.post(
        f"/admin/satker/pengguna/{operator.pk}/change/",
        _data_ubah(operator, peran="komisioner", is_ketua="on"),
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.peran == Pengguna.Peran.KOMISIONER and not operator.is_ketua
    response = client.post(
        "/admin/satker/pengguna/add/",
        {
            "username": "sekretaris-palsu",
            "usable_password": "true",
            "password1": SANDI_BARU,
            "password2": SANDI_BARU,
            "peran": "sekretaris",
        },
    )
    assert response.status_code == 200
    assert not Pengguna.objects.filter(username="sekretaris-palsu").exists()


def test_satker_admin_cannot_delete_the_ketua(client, admin_satker, ketua):
    client.force_login(admin_satker)
    assert client.get(f"/admin/satker/pengguna/{ketua.pk}/delete/").status_code == 403
    response = client.post(
        "/admin/satker/pengguna/",
        {"action": "delete_selected", "_selected_action": [ketua.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Pengguna.objects.filter(pk=ketua.pk).exists()


def test_the_rule_holds_outside_the_admin_too(admin_satker, ketua, operator):
    """Every save of an account in a request (or an import's context) meets the same rule."""
    from django.core.exceptions import PermissionDenied

    from riwayat.services import konteks

    with pytest.raises(PermissionDenied):
        with konteks(sumber="web", pengguna=admin_satker):
            ketua.set_password(SANDI_BARU)
            ketua.save()
    with pytest.raises(PermissionDenied):
        with konteks(sumber="web", pengguna=admin_satker):
            operator.peran = Pengguna.Peran.SEKRETARIS
            operator.save()
    ketua.refresh_from_db()
    operator.refresh_from_db()
    assert not ketua.check_password(SANDI_BARU)
    assert operator.peran == Pengguna.Peran.OPERATOR
    # The Ketua's own password change is theirs.
    with konteks(sumber="web", pengguna=ketua):
        ketua.set_password(SANDI_BARU)
        ketua.save()
    ketua.refresh_from_db()
    assert ketua.check_password(SANDI_BARU)


def test_the_satker_admin_still_manages_other_accounts(client, admin_satker, operator):
    client.force_login(admin_satker)
    assert _ganti_sandi(client, operator).status_code == 302
    operator.refresh_from_db()
    assert operator.check_password(SANDI_BARU)
    response = client.post(
        f"/admin/satker/pengguna/{operator.pk}/change/",
        _data_ubah(operator, is_active=None),
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert not operator.is_active


def test_superuser_changes_the_ketuas_password_and_role_and_history_records_it(
    client, superuser, admin_satker, ketua, sekretaris, operator, gunung_mas
):
    from riwayat.models import Perubahan

    client.force_login(superuser)
    assert client.get(f"/admin/satker/pengguna/{ketua.pk}/password/").status_code == 200
    assert _ganti_sandi(client, ketua).status_code == 302
    ketua.refresh_from_db()
    assert ketua.check_password(SANDI_BARU)
    # The Ketua steps down; the Sekretaris' account is deactivated; an operator becomes Ketua.
    data_superuser = {"is_staff": None, "is_superuser": None}
    response = client.post(
        f"/admin/satker/pengguna/{ketua.pk}/change/",
        _data_ubah(ketua, is_ketua=None, **data_superuser),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    response = client.post(
        f"/admin/satker/pengguna/{sekretaris.pk}/change/",
        _data_ubah(sekretaris, is_active=None, **data_superuser),
    )
    assert response.status_code == 302
    response = client.post(
        f"/admin/satker/pengguna/{operator.pk}/change/",
        _data_ubah(operator, peran="komisioner", is_ketua="on", **data_superuser),
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.is_ketua and operator.peran == Pengguna.Peran.KOMISIONER

    riwayat = Perubahan.objects.filter(model="satker.pengguna", satker=gunung_mas, aksi="ubah")
    sandi, turun = riwayat.filter(objek_id=ketua.pk).order_by("pk")
    assert sandi.data == {"password": [None, "diubah"]}
    assert sandi.pengguna == superuser and sandi.sumber == "admin"
    assert turun.data == {"is_ketua": ["true", "false"]}
    assert riwayat.get(objek_id=sekretaris.pk).data == {"is_active": ["true", "false"]}
    assert riwayat.get(objek_id=operator.pk).data == {
        "peran": ["operator", "komisioner"],
        "is_ketua": ["false", "true"],
    }
    # The hash itself is written nowhere in the history.
    for baris in Perubahan.objects.filter(model="satker.pengguna"):
        assert ketua.password not in str(baris.data)
        assert "md5$" not in str(baris.data)
    # The history page shows it in Indonesian.
    html = client.get(f"/6210/riwayat/pengguna/{ketua.pk}/").content.decode()
    assert "Sandi" in html and "diubah" in html


def test_a_users_own_password_change_is_recorded_without_the_password(client, ketua):
    from riwayat.models import Perubahan

    client.force_login(ketua)
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": SANDI_BARU,
            "new_password2": SANDI_BARU,
        },
    )
    assert response.status_code == 302
    baris = Perubahan.objects.get(model="satker.pengguna", objek_id=ketua.pk, aksi="ubah")
    assert baris.data == {"password": [None, "diubah"]}
    assert baris.pengguna_id == ketua.pk


class HasherBaru(MD5PasswordHasher):
    algorithm = "md5-baru"


def test_a_rehash_at_login_is_not_a_password_change(client, ketua, settings):
    from riwayat.models import Perubahan

    # A newer hasher first in the list: the login re-hashes the same password.
    settings.PASSWORD_HASHERS = [
        "tests.test_admin.HasherBaru",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    hash_lama = Pengguna.objects.get(pk=ketua.pk).password
    response = client.post("/masuk/", {"username": "uji-ketua", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert Pengguna.objects.get(pk=ketua.pk).password != hash_lama
    assert not Perubahan.objects.filter(model="satker.pengguna", aksi="ubah").exists()


def test_only_the_superuser_resets_a_lost_authenticator(client, superuser, admin_satker, ketua):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    perangkat = TOTPDevice.objects.create(user=ketua, name="Ponsel", confirmed=True)
    daftar = "/admin/otp_totp/totpdevice/"
    client.force_login(admin_satker)
    assert client.get(daftar).status_code == 403
    assert client.post(f"{daftar}{perangkat.pk}/delete/", {"post": "yes"}).status_code == 403
    client.force_login(superuser)
    response = client.get(f"{daftar}{perangkat.pk}/change/")
    assert response.status_code == 200
    assert perangkat.key not in response.content.decode()  # the secret is never shown
    assert client.post(f"{daftar}{perangkat.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=ketua).exists()
