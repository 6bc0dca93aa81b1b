"""The DIPA's rencana penarikan dana (RPD): typed by the satker's Admin on the budget tree page,
shown beside the realisation per month and per TW (docs/aturan.md rule 14)."""

from decimal import Decimal

import pytest

from anggaran.models import BarisAnggaran, RealisasiBulanan, RencanaPenarikan
from anggaran.services import (
    build_pohon_anggaran,
    build_realisasi_tahun,
    compute_realisasi_tahun,
    simpan_rencana_penarikan,
)
from lkjip.angka import bulatkan
from riwayat.models import Perubahan

D = Decimal
ALAMAT = "/6210/2024/anggaran/rencana/"
POHON = "/6210/2024/anggaran/"


def _isian(**bulan: str) -> dict[str, str]:
    data = {f"bulan_{i}": "" for i in range(1, 13)}
    data.update(bulan)
    return data


def test_planned_share_per_tw_beside_the_realised_one():
    rencana = [D(100)] * 3 + [None, D(200), D(200)] + [None] * 6
    hasil = compute_realisasi_tahun(
        tahun=2024,
        pagu=D(1000),
        catatan=[(1, None, D(50)), (None, 2, D(300))],
        bulan_akhir=6,
        rencana=rencana,
    )
    tw = hasil.triwulan
    assert [t.rencana_kumulatif for t in tw] == [D(300), D(700), D(700), D(700)]
    assert [bulatkan(t.rencana_serapan) for t in tw] == [D(30), D(70), D(70), D(70)]
    assert [t.serapan for t in tw[:2]] == [D(5), D(35)] and tw[2].serapan is None
    assert hasil.total_rencana == D(700) and hasil.ada_rencana
    # With a plan the table runs over the year; no realisation after the period.
    bulan = list(hasil.bulan())
    assert len(bulan) == 12
    assert (bulan[3].rencana, bulan[3].rencana_kumulatif) == (None, D(300))  # April: not planned
    assert (bulan[5].kumulatif, bulan[6].kumulatif, bulan[6].realisasi) == (D(350), None, None)


def test_without_a_plan_nothing_planned_is_stated():
    hasil = compute_realisasi_tahun(
        tahun=2024, pagu=D(1000), catatan=[(1, None, D(5))], bulan_akhir=1
    )
    assert not hasil.ada_rencana and hasil.total_rencana is None
    assert all(t.rencana_serapan is None for t in hasil.triwulan)
    assert len(list(hasil.bulan())) == 1


def test_saving_writes_the_twelve_months_with_history(gunung_mas):
    simpan_rencana_penarikan(
        satker=gunung_mas, tahun=2024, rencana=[D(10), None, D(5)] + [None] * 9
    )
    assert simpan_rencana_penarikan(
        satker=gunung_mas, tahun=2024, rencana=[D(10), D(7)] + [None] * 10
    ) == 2  # fmt: skip
    assert list(
        RencanaPenarikan.objects.filter(satker=gunung_mas, tahun=2024).values_list("bulan", "nilai")
    ) == [(1, D(10)), (2, D(7))]
    aksi = Perubahan.objects.filter(model="anggaran.rencanapenarikan").values_list("aksi", flat=1)
    assert sorted(aksi) == ["hapus", "tambah", "tambah", "tambah"]
    tahun, _ = build_realisasi_tahun(satker=gunung_mas, tahun=2024)
    pagu = build_pohon_anggaran(satker=gunung_mas, tahun=2024).total_pagu
    assert tahun.triwulan[0].rencana_kumulatif == D(17)
    assert tahun.triwulan[0].rencana_serapan == D(17) * 100 / pagu


def test_admin_types_the_plan_on_the_tree_page(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    halaman = client.get(POHON).content.decode()
    assert 'name="bulan_12"' in halaman and "Rencana penarikan dana (RPD) 2024" in halaman
    assert "rencana penarikan dana (RPD) DIPA diisi Admin satker" in halaman
    respons = client.post(
        ALAMAT, _isian(bulan_1="1.250.000", bulan_2="Rp 2.000.000,50", bulan_3="0")
    )
    assert respons.status_code == 302
    assert dict(
        RencanaPenarikan.objects.filter(satker=gunung_mas, tahun=2024).values_list("bulan", "nilai")
    ) == {1: D(1250000), 2: D("2000000.50"), 3: D(0)}
    halaman = client.get(POHON).content.decode()
    assert "Rencana penarikan dana 2024 disimpan (3 bulan berubah)." in halaman
    assert 'value="1.250.000"' in halaman  # shown back the way it is typed
    assert "Rencana adalah rencana penarikan dana (RPD) per bulan dari DIPA" in halaman.replace(
        "<strong>", ""
    ).replace("</strong>", "")
    assert "Rp3.250.000,50" in halaman  # the table's Rencana s.d. Maret
    assert "Renc." in halaman  # the chart's planned share per TW
    # The dashboard shows the same plan.
    assert "Rencana s.d. triwulan" in client.get("/6210/2024/").content.decode()


def test_bad_input_is_refused_and_nothing_is_written(client, admin_satker, gunung_mas):
    client.force_login(admin_satker)
    simpan_rencana_penarikan(satker=gunung_mas, tahun=2024, rencana=[D(1)] * 12)
    respons = client.post(ALAMAT, _isian(bulan_1="5.000", bulan_2="1.25", bulan_4="-3"))
    assert respons.status_code == 400
    halaman = respons.content.decode()
    assert "Februari: &#x27;1.25&#x27; tidak jelas" in halaman
    assert "April: Rencana penarikan tidak boleh negatif." in halaman
    assert 'value="5.000"' in halaman  # what was typed is kept
    assert set(
        RencanaPenarikan.objects.filter(satker=gunung_mas, tahun=2024).values_list("nilai", flat=1)
    ) == {D(1)}


def test_a_locked_year_refuses_the_plan(client, admin_satker, gunung_mas):
    from django.core.exceptions import ValidationError

    from pengesahan.models import Pengesahan

    Pengesahan.objects.create(
        satker=gunung_mas, tahun=2024, status=Pengesahan.Status.DITANDATANGANI
    )
    client.force_login(admin_satker)
    respons = client.post(ALAMAT, _isian(bulan_1="1.000"))
    assert respons.status_code == 400
    assert "ditandatangani" in respons.content.decode().lower()
    assert not RencanaPenarikan.objects.filter(satker=gunung_mas).exists()
    # The guard on save refuses too, whoever writes.
    with pytest.raises(ValidationError):
        RencanaPenarikan.objects.create(satker=gunung_mas, tahun=2024, bulan=1, nilai=D(1))


def test_wrong_role_gets_403_and_other_satker_404(client, operator, admin_lain, gunung_mas):
    client.force_login(operator)
    assert client.post(ALAMAT, _isian(bulan_1="1.000")).status_code == 403
    assert 'name="bulan_1"' not in client.get(POHON).content.decode()
    client.force_login(admin_lain)
    assert client.post(ALAMAT, _isian(bulan_1="1.000")).status_code == 404
    assert not RencanaPenarikan.objects.exists()


def test_monthly_realisation_and_plan_are_drawn_side_by_side(gunung_mas):
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, anak__isnull=True).first()
    RealisasiBulanan.objects.create(baris=baris, bulan=1, nilai=D(1000))
    simpan_rencana_penarikan(satker=gunung_mas, tahun=2024, rencana=[D(2000)] + [None] * 11)
    from anggaran.grafik import grafik_realisasi_bulanan

    tahun, _ = build_realisasi_tahun(satker=gunung_mas, tahun=2024)
    svg = grafik_realisasi_bulanan(data=tahun, judul="uji")
    assert "Rencana (RPD)" in svg and "Rencana penarikan dana (RPD) Rp2.000" in svg
    assert svg.count("<rect") > 2


def test_the_report_states_the_planned_serapan_beside_the_realised(client, operator, gunung_mas):
    import re

    pagu = build_pohon_anggaran(satker=gunung_mas, tahun=2024).total_pagu
    baris = BarisAnggaran.objects.filter(satker=gunung_mas, tahun=2024, anak__isnull=True).first()
    RealisasiBulanan.objects.create(baris=baris, bulan=3, nilai=pagu / 10)  # 10% s.d. TW I
    simpan_rencana_penarikan(
        satker=gunung_mas, tahun=2024, rencana=[pagu / 20] * 3 + [None] * 8 + [pagu / 4]
    )
    client.force_login(operator)
    html = re.sub(r"\s+", " ", client.get("/6210/2024/laporan/").content.decode())
    assert (
        "merencanakan serapan kumulatif terhadap pagu yang berlaku sebesar 15,00% s.d. TW I, "
        "15,00% s.d. TW II, 15,00% s.d. TW III dan 40,00% s.d. TW IV." in html
    )
    assert "Realisasinya 10,00% s.d. TW I (rencana 15,00%)." in html
