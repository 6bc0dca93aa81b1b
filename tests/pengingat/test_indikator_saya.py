"""Indikator saya: the user's own indicators with each TW's target, value, due date and state,
and what is due next or overdue."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kinerja.models import JadwalTriwulan, PenanggungJawab, Realisasi, RencanaAksi
from lkjip.angka import format_tanggal

from .conftest import TAHUN, indikator_terukur

URL = reverse("indikator_saya", kwargs={"kode": "6210", "tahun": TAHUN})


def _jadwal(satker, tw: int, selisih_hari: int) -> datetime.date:
    batas = timezone.localdate() + datetime.timedelta(days=selisih_hari)
    JadwalTriwulan.objects.create(
        satker=satker, tahun=TAHUN, triwulan=tw, batas=batas, tutup_setelah_batas=False
    )
    return batas


def test_pic_sees_own_indicators_due_in_n_days_and_overdue(client, gunung_mas, operator):
    a, b, c = indikator_terukur(gunung_mas)[:3]
    PenanggungJawab.objects.create(indikator=a, pengguna=operator)
    PenanggungJawab.objects.create(indikator=b, pengguna=operator)
    RencanaAksi.objects.create(indikator=a, triwulan=3, target=75)
    Realisasi.objects.create(indikator=a, triwulan=2, nilai=40)
    lewat = _jadwal(gunung_mas, 2, -3)
    berikut = _jadwal(gunung_mas, 3, 5)
    client.force_login(operator)

    html = client.get(URL).content.decode()

    assert a.nama in html and b.nama in html
    assert c.nama not in html  # not theirs
    # TW II: a has its value, b not: overdue for one indicator.
    assert (
        f"TW II jatuh tempo {format_tanggal(lewat)}, terlambat 3 hari</strong> — 1 indikator"
        in html
    )
    assert (
        f"TW III jatuh tempo {format_tanggal(berikut)}, 5 hari lagi</strong> — 2 indikator" in html
    )
    assert "40%" in html  # the value entered
    assert "75%" in html  # the TW target (rencana aksi)
    assert "belum diisi" in html
    assert "Lewat batas" in html and "Terbuka" in html
    assert f'href="/6210/{TAHUN}/realisasi/#indikator-{a.pk}"' in html
    assert "sudah ditutup" not in html  # late, but entry is still open

    # the schedule closes entry after the due date: overdue says only a reopening helps
    JadwalTriwulan.objects.filter(satker=gunung_mas, tahun=TAHUN, triwulan=2).update(
        tutup_setelah_batas=True
    )
    html = client.get(URL).content.decode()
    assert (
        "terlambat 3 hari</strong> — 1 indikator belum diisi. Isiannya sudah ditutup: minta "
        "Admin membukanya kembali." in html
    )


def test_operator_without_assignment_sees_unowned_indicators(
    client, gunung_mas, operator, admin_satker
):
    a, b = indikator_terukur(gunung_mas)[:2]
    PenanggungJawab.objects.create(indikator=a, pengguna=admin_satker)
    client.force_login(operator)
    html = client.get(URL).content.decode()
    assert "belum ada penanggung jawab" in html
    assert b.nama in html
    assert a.nama not in html  # owned by someone else


def test_user_with_nothing_sees_a_clear_empty_state(client, gunung_mas, buat_pengguna):
    sekretaris = buat_pengguna(gunung_mas, "sekretaris")
    client.force_login(sekretaris)
    html = client.get(URL).content.decode()
    assert "Anda belum ditunjuk sebagai penanggung jawab indikator mana pun" in html
    assert "jatuh tempo" not in html


def test_verified_tw_is_not_due(client, gunung_mas, operator):
    from kinerja.models import VerifikasiTriwulan

    a = indikator_terukur(gunung_mas)[0]
    PenanggungJawab.objects.create(indikator=a, pengguna=operator)
    _jadwal(gunung_mas, 1, -10)
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=TAHUN, triwulan=1)
    client.force_login(operator)
    html = client.get(URL).content.decode()
    assert "Terverifikasi" in html
    assert "TW I jatuh tempo" not in html


def test_link_in_the_workspace_navigation(client, gunung_mas, operator):
    client.force_login(operator)
    html = client.get(
        reverse("ringkasan", kwargs={"kode": "6210", "tahun": TAHUN})
    ).content.decode()
    assert f'<a href="{URL}">Indikator saya</a>' in html
