"""The dashboard over the year (docs/triwulan.md, Dasbor): per indicator a chart of TW target vs
realisation with its table, what is due when on a given date, the current TW's completion, and
the date-dependent part drawn on every request while the rest is kept by the data's revision."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from kinerja.jadwal import status_triwulan
from kinerja.models import (
    BukaTriwulan,
    JadwalTriwulan,
    Realisasi,
    RencanaAksi,
    VerifikasiTriwulan,
)
from kinerja.services import build_ringkasan_kinerja
from laporan import halaman
from laporan.ringkasan import build_jatuh_tempo, list_isian_triwulan, triwulan_sekarang
from satker.revisi import baca

URL = "/6210/2024/"


def _pada(tanggal: datetime.date):
    """Today is ``tanggal`` for the view and for kinerja.jadwal."""
    return mock.patch("django.utils.timezone.localdate", return_value=tanggal)


def isi_tahun_berjalan(gunung_mas, buat_pengguna) -> tuple:
    """Gunung Mas 2024 run through the year: TW targets 25/50/75/100 % for the first eight
    measured indicators (the last two have none), TW I entered by all ten, TW II by seven, TW III
    by three (TW IV is in the demo); TW I due 10 April and verified by Maria Lunis on 15 April,
    TW II due 10 July without closing, TW III due 10 October, TW IV due 10 January 2025. Returns
    the ten measured indicators (before these values)."""
    terukur = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024).terukur
    assert len(terukur) == 10
    for n, c in enumerate(terukur):
        if n < 8:
            for tw, target in zip((1, 2, 3, 4), (25, 50, 75, 100), strict=True):
                RencanaAksi.objects.create(
                    indikator_id=c.indikator_id, triwulan=tw, target=Decimal(target)
                )
        nilai = {1: Decimal(20 + n), 2: Decimal(45 + n) if n < 7 else None}
        nilai[3] = Decimal(80) if n < 3 else None
        for tw, v in nilai.items():
            if v is not None:
                Realisasi.objects.create(indikator_id=c.indikator_id, triwulan=tw, nilai=v)
    for tw, batas, tutup in (
        (1, datetime.date(2024, 4, 10), True),
        (2, datetime.date(2024, 7, 10), False),
        (3, datetime.date(2024, 10, 10), True),
        (4, datetime.date(2025, 1, 10), True),
    ):
        JadwalTriwulan.objects.create(
            satker=gunung_mas, tahun=2024, triwulan=tw, batas=batas, tutup_setelah_batas=tutup
        )
    sekretaris = buat_pengguna(gunung_mas, "sekretaris", first_name="Maria", last_name="Lunis")
    VerifikasiTriwulan.objects.create(
        satker=gunung_mas,
        tahun=2024,
        triwulan=1,
        oleh=sekretaris,
        pada=timezone.make_aware(datetime.datetime(2024, 4, 15, 10, 0)),
    )
    return terukur


@pytest.fixture
def tahun_berjalan(gunung_mas, buat_pengguna):
    return isi_tahun_berjalan(gunung_mas, buat_pengguna)


def _figure(html: str, indikator_id: int) -> str:
    return html.split(f'id="grafik-tw-{indikator_id}"')[1].split("</figure>")[0]


def _baris_tabel(figure: str, judul: str) -> list[str]:
    baris = figure.split(f'<th scope="row">{judul}</th>')[1].split("</tr>")[0]
    return [
        re.sub(r"<[^>]+>", " ", sel).split()[0] for sel in re.findall(r"<td[^>]*>(.*?)</td>", baris)
    ]


def _jatuh_tempo(html: str) -> str:
    return html.split('id="jatuh-tempo"')[1].split("</section>")[0]


def test_each_indicator_has_a_chart_of_tw_target_and_realisation(
    client, operator, gunung_mas, tahun_berjalan
):
    c = tahun_berjalan[0]
    Realisasi.objects.filter(indikator_id=c.indikator_id, triwulan=2).update(nilai=Decimal("45.5"))
    client.force_login(operator)
    with _pada(datetime.date(2024, 8, 1)):
        html = client.get(URL).content.decode()
    figure = _figure(html, c.indikator_id)
    svg = figure.split("<svg")[1].split("</svg>")[0]
    # Bars and their figures in Indonesian format, a dashed target line for each TW.
    assert svg.count("<rect") == 4
    assert ">45,5</text>" in svg and ">20</text>" in svg
    assert svg.count('stroke-dasharray="5 2"') == 4
    assert "TW II: target 50%, realisasi 45,5%, capaian 91,00%" in svg  # its description
    # The same figures as a table, the TW capaian with its category under them.
    assert _baris_tabel(figure, "Target") == ["25%", "50%", "75%", "100%"]
    assert _baris_tabel(figure, "Realisasi") == ["20%", "45,5%", "80%", "100%"]
    assert _baris_tabel(figure, "Capaian") == ["80,00%", "91,00%", "106,67%", "100,00%"]
    kategori = build_ringkasan_kinerja(satker=gunung_mas, tahun=2024).terukur[0]
    for k in kategori.kategori_tw:
        assert f'kategori--{k.lower().replace(" ", "-")}">{k}</span>' in figure
    # The figure links to the indicator's row on the realisation page.
    assert f'href="/6210/2024/realisasi/#indikator-{c.indikator_id}"' in figure


def test_a_tw_not_entered_is_missing_not_zero(client, operator, tahun_berjalan):
    c = tahun_berjalan[5]  # TW I, II and IV entered; TW III not
    client.force_login(operator)
    html = client.get(URL).content.decode()
    figure = _figure(html, c.indikator_id)
    svg = figure.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<rect") == 3  # no bar of height 0 for TW III
    assert ">—</text>" in svg
    assert "TW III: target 75%, realisasi belum diisi" in svg
    assert _baris_tabel(figure, "Realisasi") == ["25%", "50%", "—", "100%"]
    assert _baris_tabel(figure, "Capaian")[2] == "—"


def test_an_indicator_without_tw_targets_still_shows_its_realisations(
    client, operator, tahun_berjalan
):
    c = tahun_berjalan[9]  # no rencana aksi; TW I and IV entered
    client.force_login(operator)
    html = client.get(URL).content.decode()
    figure = _figure(html, c.indikator_id)
    svg = figure.split("<svg")[1].split("</svg>")[0]
    assert "stroke-dasharray" not in svg
    assert svg.count("<rect") == 2
    assert _baris_tabel(figure, "Target") == ["—"] * 4
    assert _baris_tabel(figure, "Realisasi") == ["29%", "—", "—", "100%"]


def test_the_due_list_on_a_given_date(gunung_mas, tahun_berjalan):
    isian = list_isian_triwulan(build_ringkasan_kinerja(satker=gunung_mas, tahun=2024))
    jt = build_jatuh_tempo(
        satker_id=gunung_mas.pk, tahun=2024, isian=isian, hari_ini=datetime.date(2024, 8, 1)
    )
    keadaan = [(b.status.label, b.keadaan, b.terisi, b.jumlah) for b in jt.baris]
    assert keadaan == [
        ("TW I", "diverifikasi oleh Maria Lunis pada 15 April 2024", 10, 10),
        ("TW II", "terlambat 22 hari", 7, 10),
        ("TW III", "terbuka, 70 hari lagi", 3, 10),
        ("TW IV", "terbuka, 162 hari lagi", 10, 10),
    ]
    assert jt.sekarang.status.triwulan == 3
    assert jt.persen_terisi == Decimal(30)
    assert [i.indikator_id for i in jt.belum] == [c.indikator_id for c in tahun_berjalan[3:]]


def test_the_current_tw_completion_on_the_dashboard(client, operator, tahun_berjalan):
    client.force_login(operator)
    with _pada(datetime.date(2024, 7, 5)):  # TW II is due on 10 July
        html = client.get(URL).content.decode()
    jt = _jatuh_tempo(html)
    assert "TW II saat ini: batas 10 Juli 2024" in jt
    assert "7 dari 10 indikator terisi" in jt
    assert 'value="70.00"' in jt or 'value="70"' in jt
    belum = jt.split("Belum diisi untuk TW II (3)")[1].split("</ul>")[0]
    for c in tahun_berjalan[7:]:
        assert f'<a href="/6210/2024/realisasi/#indikator-{c.indikator_id}">{c.nama}</a>' in belum
    for c in tahun_berjalan[:7]:
        assert f'#indikator-{c.indikator_id}"' not in belum
    assert "terbuka, 5 hari lagi" in jt
    assert "(per 05 Juli 2024)" in jt


def test_the_date_dependent_part_changes_with_the_date_under_the_same_revision(
    client, operator, gunung_mas, tahun_berjalan
):
    client.force_login(operator)
    revisi = baca(satker_id=gunung_mas.pk, tahun=2024)
    with mock.patch.object(halaman, "build_dokumen", wraps=halaman.build_dokumen) as dibangun:
        with _pada(datetime.date(2024, 8, 1)):
            pertama = _jatuh_tempo(client.get(URL).content.decode())
        with _pada(datetime.date(2024, 8, 11)):
            kedua = _jatuh_tempo(client.get(URL).content.decode())
        with _pada(datetime.date(2024, 10, 11)):
            ketiga = _jatuh_tempo(client.get(URL).content.decode())
    assert dibangun.call_count == 1  # the kept part was built once, read three times
    assert baca(satker_id=gunung_mas.pk, tahun=2024) == revisi
    assert "terbuka, 70 hari lagi" in pertama and "terlambat 22 hari" in pertama
    assert "terbuka, 60 hari lagi" in kedua and "terlambat 32 hari" in kedua
    # After TW III's due date: it closed, TW IV is the current one.
    assert "ditutup (batas 10 Oktober 2024 sudah lewat)" in ketiga
    assert "TW IV saat ini: batas 10 Januari 2025" in ketiga


def test_reopened_closed_and_awaiting_verification(gunung_mas, tahun_berjalan):
    Realisasi.objects.bulk_create(
        Realisasi(indikator_id=c.indikator_id, triwulan=2, nilai=Decimal(1))
        for c in tahun_berjalan[7:]
    )
    BukaTriwulan.objects.create(
        satker=gunung_mas, tahun=2024, triwulan=1, alasan="Salah ketik realisasi"
    )
    isian = list_isian_triwulan(build_ringkasan_kinerja(satker=gunung_mas, tahun=2024))
    jt = build_jatuh_tempo(
        satker_id=gunung_mas.pk, tahun=2024, isian=isian, hari_ini=datetime.date(2024, 10, 20)
    )
    keadaan = [b.keadaan for b in jt.baris]
    assert keadaan[0] == "dibuka kembali oleh Admin: Salah ketik realisasi"
    assert keadaan[1] == "batas sudah lewat; semua terisi, menunggu verifikasi"
    assert keadaan[2] == "ditutup (batas 10 Oktober 2024 sudah lewat)"
    assert keadaan[3] == "terbuka, 82 hari lagi"


def test_a_past_year_is_history(client, operator, gunung_mas, tahun_berjalan):
    client.force_login(operator)
    with _pada(datetime.date(2026, 12, 4)):
        html = client.get(URL).content.decode()
    jt = _jatuh_tempo(html)
    assert "Tahun 2024 sudah lewat: daftar di bawah adalah riwayat." in jt
    assert "saat ini" not in jt
    teks = re.sub(r"<[^>]+>", " ", jt)
    assert "hari lagi" not in teks and "terlambat" not in teks
    assert "batas sudah lewat, belum diverifikasi" in jt  # TW II: open, never verified
    assert "diverifikasi oleh Maria Lunis pada 15 April 2024" in jt


def test_the_current_tw_rule(gunung_mas, tahun_berjalan):
    def sekarang(tanggal: datetime.date, tahun: int = 2024) -> int | None:
        status = status_triwulan(satker_id=gunung_mas.pk, tahun=tahun, hari_ini=tanggal)
        return triwulan_sekarang(status, tahun=tahun, hari_ini=tanggal)

    assert sekarang(datetime.date(2024, 2, 1)) == 2  # TW I is verified: TW II's date is next
    assert sekarang(datetime.date(2024, 7, 10)) == 2  # due today
    assert sekarang(datetime.date(2024, 7, 11)) == 3
    assert sekarang(datetime.date(2025, 1, 11), tahun=2024) is None  # a past year
    # No due date to come: the first TW not verified from today's quarter on (from TW I for a
    # year not yet begun).
    JadwalTriwulan.objects.filter(satker=gunung_mas, tahun=2024).delete()
    assert sekarang(datetime.date(2024, 8, 1)) == 3
    assert sekarang(datetime.date(2023, 8, 1)) == 2  # TW I is verified
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=3)
    assert sekarang(datetime.date(2024, 8, 1)) == 4
    VerifikasiTriwulan.objects.create(satker=gunung_mas, tahun=2024, triwulan=4)
    assert sekarang(datetime.date(2024, 8, 1)) is None


def test_every_tw_verified_says_so(client, operator, gunung_mas, tahun_berjalan):
    VerifikasiTriwulan.objects.bulk_create(
        VerifikasiTriwulan(satker=gunung_mas, tahun=2024, triwulan=tw) for tw in (2, 3, 4)
    )
    client.force_login(operator)
    with _pada(datetime.date(2024, 12, 1)):
        jt = _jatuh_tempo(client.get(URL).content.decode())
    assert "Tidak ada triwulan yang sedang berjalan: semua sudah diverifikasi." in jt
    assert jt.count("keadaan-tw--diverifikasi") == 4
