import datetime
from collections.abc import Callable

import pytest

from kinerja.models import (
    IndikatorKinerja,
    JadwalTriwulan,
    PerjanjianKinerja,
    ProgramPK,
    SasaranPK,
)
from pengingat import tasks
from satker.models import Pengguna, Satker

TAHUN = 2024
BATAS_TW3 = datetime.date(2024, 10, 10)


@pytest.fixture(autouse=True)
def _tugas_langsung(settings, monkeypatch) -> None:
    """The reminders' tasks run at once (the worker is tested in tests/laporan), each test with
    a process that has queued no day's run yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PENGINGAT_BASE_URL = "https://lkjip.contoh.go.id"
    monkeypatch.setattr(tasks, "_sudah", set())


def indikator_terukur(satker: Satker, tahun: int = TAHUN) -> list[IndikatorKinerja]:
    """The measured indicators of the PK in force (the ones due a value each TW)."""
    return list(
        IndikatorKinerja.objects.milik(satker=satker, tahun=tahun)
        .filter(sasaran__bagian=SasaranPK.Bagian.KINERJA, jenis_target="angka")
        .order_by("pk")
    )


@pytest.fixture
def jadwal_tw3(gunung_mas) -> JadwalTriwulan:
    return JadwalTriwulan.objects.create(
        satker=gunung_mas, tahun=TAHUN, triwulan=3, batas=BATAS_TW3, tutup_setelah_batas=False
    )


@pytest.fixture
def buat_satker_kecil(db) -> Callable[[int], Satker]:
    """A satker with a PK of two measured indicators, TW III due on BATAS_TW3, an Operator and
    a Sekretaris with addresses: the unit of the query-count and leak tests."""

    def buat(i: int) -> Satker:
        s = Satker.objects.create(
            kode=f"9{i:03d}",
            jenis=Satker.Jenis.KABUPATEN,
            nama=f"KPU Kabupaten Uji Nomor {i}",
            nama_lengkap=f"Komisi Pemilihan Umum Kabupaten Uji Nomor {i}",
            wilayah=f"Kabupaten Uji Nomor {i}",
            provinsi="Provinsi Uji",
            kedudukan="Kota Uji",
        )
        pk = PerjanjianKinerja.objects.create(satker=s, tahun=TAHUN)
        program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01", nama="Program")
        sasaran = SasaranPK.objects.create(
            program=program, bagian=SasaranPK.Bagian.KINERJA, urutan=1, uraian=f"Sasaran {i}"
        )
        for u in (1, 2):
            IndikatorKinerja.objects.create(
                sasaran=sasaran, urutan=u, nama=f"Indikator rahasia satker {i} ke-{u}", target=100
            )
        JadwalTriwulan.objects.create(satker=s, tahun=TAHUN, triwulan=3, batas=BATAS_TW3)
        for peran in (Pengguna.Peran.OPERATOR, Pengguna.Peran.SEKRETARIS):
            Pengguna.objects.create_user(
                username=f"{peran}-{s.kode}",
                email=f"{peran}-{s.kode}@contoh.go.id",
                password="rahasia-uji-123",
                satker=s,
                peran=peran,
            )
        return s

    return buat
