import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from anggaran.models import BarisAnggaran
from kinerja.models import IndikatorKinerja, PerjanjianKinerja, ProgramPK, SasaranPK
from satker.access import filter_for_user, get_satker_or_404, require_peran
from satker.models import Pengguna


@pytest.fixture
def superuser(db) -> Pengguna:
    return Pengguna.objects.create_superuser(username="super", password="rahasia-uji-123")


@pytest.fixture
def indikator_lain(satker_lain) -> IndikatorKinerja:
    pk = PerjanjianKinerja.objects.create(satker=satker_lain, tahun=2024)
    program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="Program")
    sasaran = SasaranPK.objects.create(
        program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, uraian="Sasaran lain"
    )
    return IndikatorKinerja.objects.create(sasaran=sasaran, urutan=1, nama="Indikator lain")


def test_user_gets_own_satker(operator, gunung_mas):
    assert get_satker_or_404(user=operator, kode="6210") == gunung_mas


def test_user_of_another_satker_gets_404(operator_lain, gunung_mas):
    with pytest.raises(Http404):
        get_satker_or_404(user=operator_lain, kode="6210")


def test_unknown_satker_is_404(operator):
    with pytest.raises(Http404):
        get_satker_or_404(user=operator, kode="9999")


def test_superuser_sees_every_satker(superuser, gunung_mas, satker_lain):
    assert get_satker_or_404(user=superuser, kode="6210") == gunung_mas
    assert get_satker_or_404(user=superuser, kode="6201") == satker_lain


def test_filter_for_user_scopes_by_path(operator, operator_lain, superuser, indikator_lain):
    semua = IndikatorKinerja.objects.all()
    path = "sasaran__program__perjanjian__satker"

    milik_operator = filter_for_user(semua, operator, path)
    assert milik_operator.exists()
    assert indikator_lain not in milik_operator
    assert {i.sasaran.program.perjanjian.satker.kode for i in milik_operator} == {"6210"}

    assert list(filter_for_user(semua, operator_lain, path)) == [indikator_lain]
    assert filter_for_user(semua, superuser, path).count() == semua.count()


def test_filter_for_user_direct_satker_path(operator, satker_lain):
    BarisAnggaran.objects.create(
        satker=satker_lain, tahun=2024, kode="076.01.WA", tingkat="program", uraian="Lain"
    )
    qs = filter_for_user(BarisAnggaran.objects.all(), operator, "satker")
    assert qs.exists()
    assert not qs.filter(satker=satker_lain).exists()


def test_filter_for_user_gives_anonymous_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not filter_for_user(BarisAnggaran.objects.all(), AnonymousUser(), "satker").exists()


@require_peran(Pengguna.Peran.ADMIN, Pengguna.Peran.SEKRETARIS)
def hanya_admin(request) -> HttpResponse:
    return HttpResponse("ok")


def test_require_peran_refuses_other_roles(operator):
    request = RequestFactory().get("/")
    request.user = operator
    with pytest.raises(PermissionDenied):
        hanya_admin(request)


def test_require_peran_lets_role_and_superuser_through(admin_satker, superuser):
    for user in (admin_satker, superuser):
        request = RequestFactory().get("/")
        request.user = user
        assert hanya_admin(request).status_code == 200
