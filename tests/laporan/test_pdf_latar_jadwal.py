"""The PDF waits for nobody: once a satker-year's PDF has been made, every change of its data
queues one rendering a few seconds later (debounced across processes by a row per satker-year),
so the next download is served from the cache at once."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from kinerja.models import IndikatorKinerja, Realisasi, SasaranPK
from laporan import cetak, tasks
from laporan.models import JadwalPDF
from tests.laporan.test_pdf_latar import _keadaan, _worker, antrian_db  # noqa: F401
from tests.laporan.test_pdfa import isi_lampiran, lampiran_af

JEDA = 5
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def jeda(settings, antrian_db):  # noqa: F811
    settings.LAPORAN_JEDA_PDF_DETIK = JEDA


@pytest.fixture
def hitung_render(monkeypatch) -> list[int]:
    """How many times the report was rendered (laid out and written)."""
    asli = cetak.render_pdf
    jumlah: list[int] = []

    def render(dokumen):
        jumlah.append(dokumen.tahun)
        return asli(dokumen)

    monkeypatch.setattr(cetak, "render_pdf", render)
    return jumlah


@pytest.fixture
def ind(gunung_mas) -> IndikatorKinerja:
    return IndikatorKinerja.objects.get(
        sasaran__program__perjanjian__satker=gunung_mas,
        sasaran__program__perjanjian__tahun=2024,
        sasaran__bagian=SasaranPK.Bagian.KINERJA,
        sasaran__nomor="1.1",
    )


def _menunggu(gunung_mas) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=tasks.render_laporan.module_path,
            args_kwargs={"args": [gunung_mas.pk, 2024], "kwargs": {}},
        )
    )


def _simpan_tw4(client, ind, nilai: str, capture) -> None:
    versi = Realisasi.objects.get(indikator=ind, triwulan=4).versi
    with capture(execute=True):
        response = client.post(
            f"/6210/2024/realisasi/{ind.pk}/tw/4/", {"nilai": nilai, "versi": versi}, **HTMX
        )
    assert response.status_code == 200, response.content.decode()[:500]


def _pdf_pertama(client, operator, capture) -> None:
    """The PDF asked for once and made: from now on it is kept current."""
    client.force_login(operator)
    with capture(execute=True):
        assert client.get("/6210/2024/laporan.pdf").status_code == 302
    _worker()
    assert _keadaan(client) == "siap"


def test_five_quick_saves_queue_one_rendering_of_the_new_data_then_served_without_rendering(
    client, operator, gunung_mas, ind, jeda, hitung_render, django_capture_on_commit_callbacks
):
    _pdf_pertama(client, operator, django_capture_on_commit_callbacks)
    assert hitung_render == [2024]
    assert JadwalPDF.objects.filter(satker=gunung_mas, tahun=2024).exists()

    sebelum = timezone.now()
    for nilai in ("91", "92", "93", "94", "95,5"):
        _simpan_tw4(client, ind, nilai, django_capture_on_commit_callbacks)

    (tugas,) = _menunggu(gunung_mas)  # one rendering for the five saves
    assert tugas.run_after >= sebelum + timedelta(seconds=JEDA)
    assert _keadaan(client) == "dibuat"  # the page shows it coming
    _worker()  # not yet due: the worker leaves it
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.READY and hitung_render == [2024]

    DBTaskResult.objects.filter(pk=tugas.pk).update(run_after=timezone.now())  # the delay passed
    _worker()
    tugas.refresh_from_db()
    assert tugas.status == TaskResultStatus.SUCCESSFUL
    assert hitung_render == [2024, 2024]
    assert _keadaan(client) == "siap"

    antrian = DBTaskResult.objects.count()
    response = client.get("/6210/2024/laporan.pdf")
    assert response.status_code == 200
    assert hitung_render == [2024, 2024]  # from the cache, not rendered
    assert DBTaskResult.objects.count() == antrian  # nothing queued
    # The PDF is of the new data: its data workbook holds the last value saved.
    (spec,) = lampiran_af(response.content)
    lembar = load_workbook(BytesIO(isi_lampiran(spec)), read_only=True)["Realisasi"]
    judul, *baris = lembar.iter_rows(values_only=True)
    nilai = {
        Decimal(str(b[judul.index("nilai")]))
        for b in baris
        if b[judul.index("triwulan")] == 4 and b[judul.index("indikator")] == ind.urutan
    }
    assert Decimal("95.5") in nilai


def test_a_change_queues_nothing_for_a_year_whose_pdf_nobody_asked_for(
    client, operator, gunung_mas, ind, jeda, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    _simpan_tw4(client, ind, "90", django_capture_on_commit_callbacks)
    assert _menunggu(gunung_mas) == []


def test_changes_keep_moving_the_waiting_rendering_but_not_past_its_limit(
    gunung_mas, ind, jeda, django_capture_on_commit_callbacks
):
    JadwalPDF.objects.create(satker=gunung_mas, tahun=2024)
    r = Realisasi.objects.get(indikator=ind, triwulan=4)
    with django_capture_on_commit_callbacks(execute=True):
        r.save()
    (tugas,) = _menunggu(gunung_mas)
    pertama = tugas.run_after
    awal = tugas.enqueued_at - timedelta(seconds=JEDA * tasks.JEDA_MAKS_KALI)
    DBTaskResult.objects.filter(pk=tugas.pk).update(enqueued_at=awal)
    with django_capture_on_commit_callbacks(execute=True):
        Realisasi.objects.filter(pk=r.pk).update(keterangan="diperbarui")  # a bulk write too
    (tugas,) = _menunggu(gunung_mas)
    assert tugas.run_after == pertama  # queued long enough ago: it stays due


def test_asking_for_the_pdf_brings_the_waiting_rendering_forward(
    client, operator, gunung_mas, ind, jeda, django_capture_on_commit_callbacks
):
    JadwalPDF.objects.create(satker=gunung_mas, tahun=2024)
    with django_capture_on_commit_callbacks(execute=True):
        Realisasi.objects.get(indikator=ind, triwulan=4).save()
    (tugas,) = _menunggu(gunung_mas)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/6210/2024/laporan.pdf").status_code == 302
    (sama,) = _menunggu(gunung_mas)
    assert sama.pk == tugas.pk and sama.run_after <= timezone.now()
    _worker()
    assert _keadaan(client) == "siap"


def test_a_second_rendering_of_a_satker_year_waits_for_the_first(gunung_mas, jeda, hitung_render):
    pertama = tasks.antrikan_render(satker_id=gunung_mas.pk, tahun=2024, jeda=None)
    DBTaskResult.objects.filter(pk=pertama.id).update(status=TaskResultStatus.RUNNING)
    JadwalPDF.objects.filter(satker=gunung_mas, tahun=2024).update(berjalan_id=pertama.id)
    kedua = tasks.render_laporan.enqueue(gunung_mas.pk, 2024)

    _worker()

    hasil = tasks.render_laporan.get_result(kedua.id)
    assert hasil.status == TaskResultStatus.SUCCESSFUL and hasil.return_value == tasks.DITUNDA
    assert hitung_render == []  # not rendered beside the first
    (lagi,) = _menunggu(gunung_mas)  # queued again for later
    assert lagi.run_after > timezone.now()
    # The first finished: the next one renders.
    DBTaskResult.objects.filter(pk=pertama.id).update(status=TaskResultStatus.SUCCESSFUL)
    DBTaskResult.objects.filter(pk=lagi.pk).update(run_after=timezone.now())
    _worker()
    assert hitung_render == [2024]
    assert JadwalPDF.objects.get(satker=gunung_mas, tahun=2024).berjalan_id == ""


def test_a_row_left_by_the_immediate_backend_does_not_break_queueing(
    gunung_mas, jeda, django_capture_on_commit_callbacks
):
    JadwalPDF.objects.create(satker=gunung_mas, tahun=2024, tugas_id="2NYy1HEPCpJlAHzq1SAzV67N")
    hasil = tasks.antrikan_render(satker_id=gunung_mas.pk, tahun=2024, jeda=None)
    assert [str(t.pk) for t in _menunggu(gunung_mas)] == [str(hasil.id)]
