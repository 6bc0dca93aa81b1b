"""The workflow through its URLs: each role may take only its own step, in order."""

import pytest
from django.urls import reverse

from laporan.dokumen import build_dokumen
from laporan.pemeriksaan import nama_satker_lain, periksa
from pengesahan.models import Langkah, Pengesahan
from pengesahan.services import kunci_temuan

TAHUN = 2024


def _url(nama: str, satker) -> str:
    return reverse(nama, kwargs={"kode": satker.kode, "tahun": TAHUN})


def _alasan_semua(satker) -> dict[str, str]:
    temuan = periksa(
        build_dokumen(satker=satker, tahun=TAHUN), nama_satker_lain=nama_satker_lain(satker)
    )
    return {f"alasan_{kunci_temuan(t)}": "Target memang tidak ditetapkan di PK." for t in temuan}


def _status(satker) -> str:
    p = Pengesahan.objects.filter(satker=satker, tahun=TAHUN).first()
    return p.status if p else Pengesahan.Status.DRAF


def ajukan(client, operator, satker):
    client.force_login(operator)
    return client.post(_url("pengesahan_ajukan", satker), _alasan_semua(satker))


def test_operator_submits_with_every_warning_acknowledged(client, gunung_mas, operator, ketua):
    response = ajukan(client, operator, gunung_mas)

    assert response.status_code == 302
    assert _status(gunung_mas) == Pengesahan.Status.DIAJUKAN
    langkah = Langkah.objects.get(pengesahan__satker=gunung_mas, aksi=Langkah.Aksi.AJUKAN)
    assert langkah.oleh == operator
    assert len(langkah.peringatan_diakui) == 2
    assert all(p["alasan"] for p in langkah.peringatan_diakui)


def test_submit_refused_while_a_warning_has_no_reason(client, gunung_mas, operator, ketua):
    client.force_login(operator)
    alasan = _alasan_semua(gunung_mas)
    alasan[next(iter(alasan))] = "  "

    response = client.post(_url("pengesahan_ajukan", gunung_mas), alasan, follow=True)

    assert "1 peringatan belum diberi alasan" in response.content.decode()
    assert _status(gunung_mas) == Pengesahan.Status.DRAF


def test_submit_refused_while_the_check_has_a_galat(client, gunung_mas, operator, ketua):
    gunung_mas.perjanjian_kinerja.filter(tahun=TAHUN).update(pihak_pertama_nip="")
    client.force_login(operator)

    response = client.post(_url("pengesahan_ajukan", gunung_mas), _alasan_semua(gunung_mas))

    assert "galat" in response.content.decode()
    assert _status(gunung_mas) == Pengesahan.Status.DRAF


def test_the_submit_page_lists_each_warning_with_a_reason_field(
    client, gunung_mas, operator, ketua
):
    client.force_login(operator)

    response = client.get(_url("pengesahan_ajukan", gunung_mas))

    assert response.status_code == 200
    assert response.content.decode().count('name="alasan_') == 2


@pytest.mark.parametrize("peran", ["sekretaris", "komisioner", "ketua"])
def test_only_the_operator_submits(client, gunung_mas, peran, request):
    client.force_login(request.getfixturevalue(peran))

    response = client.post(_url("pengesahan_ajukan", gunung_mas), _alasan_semua(gunung_mas))

    assert response.status_code == 403
    assert not Pengesahan.objects.filter(status=Pengesahan.Status.DIAJUKAN).exists()


@pytest.mark.parametrize("peran", ["sekretaris", "komisioner"])
def test_sekretaris_or_komisioner_approves(client, gunung_mas, operator, ketua, peran, request):
    ajukan(client, operator, gunung_mas)
    penyetuju = request.getfixturevalue(peran)
    client.force_login(penyetuju)

    response = client.post(_url("pengesahan_setujui", gunung_mas), {"komentar": "Sudah sesuai."})

    assert response.status_code == 302
    assert _status(gunung_mas) == Pengesahan.Status.DISETUJUI
    langkah = Langkah.objects.get(aksi=Langkah.Aksi.SETUJUI)
    assert (langkah.oleh, langkah.komentar) == (penyetuju, "Sudah sesuai.")


def test_operator_cannot_approve(client, gunung_mas, operator, ketua):
    ajukan(client, operator, gunung_mas)

    response = client.post(_url("pengesahan_setujui", gunung_mas))

    assert response.status_code == 403
    assert _status(gunung_mas) == Pengesahan.Status.DIAJUKAN


def test_returned_with_a_comment_goes_back_to_draf(client, gunung_mas, operator, sekretaris, ketua):
    ajukan(client, operator, gunung_mas)
    client.force_login(sekretaris)

    tanpa = client.post(_url("pengesahan_kembalikan", gunung_mas), {"komentar": ""}, follow=True)
    assert "alasan pengembalian" in tanpa.content.decode()
    assert _status(gunung_mas) == Pengesahan.Status.DIAJUKAN

    client.post(_url("pengesahan_kembalikan", gunung_mas), {"komentar": "Lengkapi target."})

    assert _status(gunung_mas) == Pengesahan.Status.DRAF
    assert Langkah.objects.get(aksi=Langkah.Aksi.KEMBALIKAN).komentar == "Lengkapi target."


def test_approving_a_draf_is_a_skipped_step(client, gunung_mas, sekretaris):
    client.force_login(sekretaris)

    response = client.post(_url("pengesahan_setujui", gunung_mas), follow=True)

    assert "berstatus Draf: tidak dapat disetujui" in response.content.decode()
    assert _status(gunung_mas) == Pengesahan.Status.DRAF
    assert not Langkah.objects.exists()


def test_signing_before_approval_is_refused(client, gunung_mas, operator, ketua):
    ajukan(client, operator, gunung_mas)
    client.force_login(ketua)

    response = client.post(_url("pengesahan_tandatangani", gunung_mas), follow=True)

    assert "berstatus Diajukan: tidak dapat ditandatangani" in response.content.decode()
    assert _status(gunung_mas) == Pengesahan.Status.DIAJUKAN


@pytest.mark.parametrize("peran", ["operator", "sekretaris", "komisioner"])
def test_only_the_ketua_signs(client, gunung_mas, operator, sekretaris, ketua, peran, request):
    ajukan(client, operator, gunung_mas)
    client.force_login(sekretaris)
    client.post(_url("pengesahan_setujui", gunung_mas))
    client.force_login(request.getfixturevalue(peran))

    response = client.post(_url("pengesahan_tandatangani", gunung_mas))

    assert response.status_code == 403
    assert _status(gunung_mas) == Pengesahan.Status.DISETUJUI


def test_another_satkers_user_gets_404(client, gunung_mas, operator_lain):
    client.force_login(operator_lain)

    response = client.post(_url("pengesahan_ajukan", gunung_mas))

    assert response.status_code == 404


def test_report_page_shows_status_and_the_allowed_action(client, gunung_mas, operator, ketua):
    client.force_login(operator)

    html = client.get(_url("laporan", gunung_mas)).content.decode()

    assert "Status: <strong" in html and "Draf" in html
    assert _url("pengesahan_ajukan", gunung_mas) in html
    assert _url("pengesahan_setujui", gunung_mas) not in html


@pytest.mark.parametrize("tahun", ["0", "1999", "2030", "2101", "99999999999"])
@pytest.mark.parametrize("langkah", ["ajukan", "setujui", "kembalikan", "tandatangani", "revisi"])
def test_a_year_without_data_is_404_and_creates_nothing(
    client, gunung_mas, operator, sekretaris, ketua, langkah, tahun
):
    sebelum = Pengesahan.objects.count()
    for pengguna in (operator, sekretaris, ketua):
        client.force_login(pengguna)
        for kirim in (client.get, client.post):
            response = kirim(f"/pengesahan/{gunung_mas.kode}/{tahun}/{langkah}/")
            assert response.status_code in (404, 405), (pengguna.peran, kirim, response)
            if kirim is client.post:
                assert response.status_code == 404
    assert Pengesahan.objects.count() == sebelum
