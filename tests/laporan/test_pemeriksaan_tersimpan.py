"""The consistency check's counts kept per satker-year (laporan.pemeriksaan_tersimpan): stored
where the check runs, stale after a change of the data, refreshed by the job and the command,
read in bulk in a constant number of queries, and no change of the report's data (no lock, no
revision, no history)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kinerja.models import PerjanjianKinerja, Realisasi
from laporan import pemeriksaan_tersimpan
from laporan.models import HasilPemeriksaan
from laporan.pemeriksaan_tersimpan import (
    HasilTersimpan,
    antrikan_perbaruan,
    baca_banyak,
    list_perlu_diperiksa,
    perbarui_pemeriksaan,
    periksa_dan_simpan,
    simpan,
)
from lkjip import berkala
from pengesahan.models import Pengesahan
from riwayat.models import Perubahan
from riwayat.services import PELACAKAN, konteks
from satker import revisi
from satker.models import Pengguna, Satker

TAHUN = 2024
# Gunung Mas 2024 as the demo loads it: no galat, two indicators without a target
# (tests/laporan/test_pemeriksaan.py).
GALAT, PERINGATAN = 0, 2


def _tersimpan(satker: Satker, tahun: int = TAHUN) -> HasilTersimpan | None:
    return baca_banyak(pasangan=[(satker.pk, tahun)]).get((satker.pk, tahun))


def _ubah_realisasi(satker: Satker, operator, nilai: str = "12.5") -> None:
    r = Realisasi.objects.milik(satker=satker, tahun=TAHUN).order_by("pk").first()
    r.nilai = Decimal(nilai)
    with konteks(sumber="web", pengguna=operator):
        r.save()


@pytest.mark.parametrize(
    "url", ["/6210/2024/", "/6210/2024/laporan/", "/pengesahan/6210/2024/ajukan/"], ids=lambda u: u
)
def test_a_page_that_runs_the_check_stores_its_counts_at_the_current_revision(
    client, operator, gunung_mas, url
):
    assert not HasilPemeriksaan.objects.exists()
    client.force_login(operator)
    assert client.get(url).status_code == 200
    baris = HasilPemeriksaan.objects.get()
    assert (baris.satker, baris.tahun, baris.galat, baris.peringatan) == (
        gunung_mas,
        TAHUN,
        GALAT,
        PERINGATAN,
    )
    assert baris.revisi == revisi.baca(satker_id=gunung_mas.pk, tahun=TAHUN).halaman
    hasil = _tersimpan(gunung_mas)
    assert (hasil.galat, hasil.peringatan, hasil.kini) == (GALAT, PERINGATAN, True)


def test_a_province_user_reading_a_kabupaten_stores_its_counts_too(
    client, kpu_provinsi, gunung_mas, buat_pengguna
):
    client.force_login(buat_pengguna(kpu_provinsi, Pengguna.Peran.PEMANTAU))
    assert client.get("/6210/2024/laporan/").status_code == 200
    assert _tersimpan(gunung_mas).kini


def test_storing_writes_only_when_the_revision_or_a_count_changed(
    gunung_mas, django_assert_num_queries
):
    temuan = periksa_dan_simpan(satker=gunung_mas, tahun=TAHUN)
    pertama = HasilPemeriksaan.objects.get().diperiksa_pada
    rev = HasilPemeriksaan.objects.get().revisi
    with django_assert_num_queries(1):
        simpan(satker_id=gunung_mas.pk, tahun=TAHUN, revisi=rev, temuan=temuan)
    assert HasilPemeriksaan.objects.get().diperiksa_pada == pertama
    simpan(satker_id=gunung_mas.pk, tahun=TAHUN, revisi=rev, temuan=temuan[:1])
    baris = HasilPemeriksaan.objects.get()
    assert (baris.peringatan, baris.revisi) == (1, rev)
    assert baris.diperiksa_pada >= pertama


def test_a_realisation_change_leaves_the_stored_result_stale(client, operator, gunung_mas):
    client.force_login(operator)
    client.get("/6210/2024/laporan/")
    assert _tersimpan(gunung_mas).kini
    _ubah_realisasi(gunung_mas, operator)
    hasil = _tersimpan(gunung_mas)
    assert (hasil.galat, hasil.peringatan, hasil.kini) == (GALAT, PERINGATAN, False)
    assert list_perlu_diperiksa(tahun=TAHUN) == [(gunung_mas.pk, TAHUN)]
    # The page checks the changed data and stores it.
    client.get("/6210/2024/laporan/")
    assert _tersimpan(gunung_mas).kini
    assert list_perlu_diperiksa(tahun=TAHUN) == []


def test_the_job_checks_the_missing_and_stale_ones_the_latest_changed_first(
    gunung_mas, satker_lain, operator
):
    # Satker lain gets a year of its own (a Perjanjian Kinerja 2024), checked before Gunung Mas,
    # whose realisation then changes: it comes first.
    PerjanjianKinerja.objects.create(satker=satker_lain, tahun=TAHUN)
    assert set(list_perlu_diperiksa(tahun=TAHUN)) == {
        (gunung_mas.pk, TAHUN),
        (satker_lain.pk, TAHUN),
    }
    assert perbarui_pemeriksaan(batas=10, tahun=TAHUN) != []
    assert all(h.kini for h in baca_banyak(pasangan=list_perlu_diperiksa(semua=True)).values())
    assert perbarui_pemeriksaan(batas=10, tahun=TAHUN) == []

    periksa_dan_simpan(satker=satker_lain, tahun=TAHUN)
    with konteks(sumber="web", pengguna=operator):
        PerjanjianKinerja.objects.filter(satker=satker_lain, tahun=TAHUN).get().save()
    _ubah_realisasi(gunung_mas, operator)
    assert list_perlu_diperiksa(tahun=TAHUN) == [(gunung_mas.pk, TAHUN), (satker_lain.pk, TAHUN)]
    assert perbarui_pemeriksaan(batas=1, tahun=TAHUN) == [(gunung_mas.pk, TAHUN)]
    assert _tersimpan(gunung_mas).kini
    assert not _tersimpan(satker_lain).kini
    assert perbarui_pemeriksaan(batas=1, tahun=TAHUN) == [(satker_lain.pk, TAHUN)]


def test_reading_many_stored_results_takes_two_queries_whatever_their_number(
    gunung_mas, django_assert_num_queries
):
    satker = Satker.objects.bulk_create(
        Satker(
            kode=f"9{i:03d}",
            jenis=Satker.Jenis.KABUPATEN,
            nama=f"KPU Kabupaten Uji {i}",
            nama_lengkap=f"Komisi Pemilihan Umum Kabupaten Uji {i}",
            wilayah=f"Kabupaten Uji {i}",
            provinsi="Kalimantan Tengah",
            kedudukan="Uji",
        )
        for i in range(30)
    )
    for i, s in enumerate(satker):
        rev = revisi.baca(satker_id=s.pk, tahun=TAHUN).halaman
        simpan(satker_id=s.pk, tahun=TAHUN, revisi=rev if i % 2 else "usang", temuan=())
    for n in (3, 30):
        pasangan = [(s.pk, TAHUN) for s in satker[:n]] + [(gunung_mas.pk, TAHUN)]
        with django_assert_num_queries(2):
            hasil = baca_banyak(pasangan=pasangan)
        assert len(hasil) == n  # Gunung Mas has none stored
        assert [hasil[(s.pk, TAHUN)].kini for s in satker[:n]] == [i % 2 == 1 for i in range(n)]
        assert {(h.galat, h.peringatan) for h in hasil.values()} == {(0, 0)}


def test_storing_a_signed_years_result_touches_neither_the_lock_nor_the_revision(
    gunung_mas, operator
):
    p = Pengesahan.objects.create(
        satker=gunung_mas, tahun=TAHUN, status=Pengesahan.Status.DITANDATANGANI
    )
    sebelum = revisi.baca(satker_id=gunung_mas.pk, tahun=TAHUN)
    assert perbarui_pemeriksaan(batas=5, tahun=TAHUN) == [(gunung_mas.pk, TAHUN)]
    assert revisi.baca(satker_id=gunung_mas.pk, tahun=TAHUN) == sebelum
    assert _tersimpan(gunung_mas).kini
    # Written through the ORM as well (the admin, a fix by hand): no lock refuses it.
    baris = HasilPemeriksaan.objects.get()
    baris.galat = 3
    baris.save()
    HasilPemeriksaan.objects.filter(pk=baris.pk).update(peringatan=7)
    assert revisi.baca(satker_id=gunung_mas.pk, tahun=TAHUN) == sebelum
    p.refresh_from_db()
    assert p.status == Pengesahan.Status.DITANDATANGANI
    assert (_tersimpan(gunung_mas).galat, _tersimpan(gunung_mas).peringatan) == (3, 7)


def test_the_history_does_not_list_stored_results(client, operator, gunung_mas):
    assert HasilPemeriksaan not in PELACAKAN
    sebelum = Perubahan.objects.count()
    client.force_login(operator)
    client.get("/6210/2024/laporan/")
    perbarui_pemeriksaan(batas=5)
    assert HasilPemeriksaan.objects.exists()
    assert Perubahan.objects.count() == sebelum
    assert "hasilpemeriksaan" not in client.get("/6210/riwayat/").content.decode().lower()


def test_the_worker_queues_the_job_now_and_then_and_it_refreshes(gunung_mas):
    assert antrikan_perbaruan in berkala._TUGAS
    # The report tests run tasks at once (tests/laporan/conftest.py): queued, it has run.
    assert antrikan_perbaruan(paksa=True)
    assert _tersimpan(gunung_mas).kini
    # Asked again within the interval: nothing, not even a query.
    assert not antrikan_perbaruan()


def test_the_job_is_queued_once_while_it_waits(gunung_mas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert antrikan_perbaruan(paksa=True)
    assert not antrikan_perbaruan(paksa=True)
    tugas = DBTaskResult.objects.get()
    assert tugas.task_path == pemeriksaan_tersimpan.perbarui_pemeriksaan_tugas.module_path
    assert tugas.args_kwargs["kwargs"] == {"batas": pemeriksaan_tersimpan.BATAS_PER_JALAN}


def test_without_an_interval_the_worker_never_queues_it(gunung_mas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PEMERIKSAAN_SELA_DETIK = None
    pemeriksaan_tersimpan._berikut = 0.0
    assert not antrikan_perbaruan()
    assert not DBTaskResult.objects.exists()


def test_the_command_checks_what_is_missing_or_stale_or_everything(gunung_mas, operator, capsys):
    call_command("periksa_laporan", tahun=TAHUN)
    keluaran = capsys.readouterr().out.splitlines()
    assert keluaran == [
        f"6210 KPU Kabupaten Gunung Mas 2024: {GALAT} galat, {PERINGATAN} peringatan",
        "1 laporan diperiksa.",
    ]
    assert _tersimpan(gunung_mas).kini
    # The demo's years before: no change in the history, the later year first.
    call_command("periksa_laporan", satker="6210")
    keluaran = capsys.readouterr().out.splitlines()
    assert [baris.split(":")[0] for baris in keluaran] == [
        "6210 KPU Kabupaten Gunung Mas 2023",
        "6210 KPU Kabupaten Gunung Mas 2022",
        "2 laporan diperiksa.",
    ]
    call_command("periksa_laporan", satker="6210")
    assert capsys.readouterr().out.splitlines() == ["0 laporan diperiksa."]
    call_command("periksa_laporan", satker="6210", tahun=TAHUN)  # one report, always checked
    assert capsys.readouterr().out.splitlines()[-1] == f"{GALAT} galat, {PERINGATAN} peringatan"
    call_command("periksa_laporan", semua=True, tahun=TAHUN)
    assert capsys.readouterr().out.splitlines()[-1] == "1 laporan diperiksa."
    _ubah_realisasi(gunung_mas, operator)
    call_command("periksa_laporan")
    assert capsys.readouterr().out.splitlines()[-1] == "1 laporan diperiksa."
