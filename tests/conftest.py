"""Shared fixtures: the Gunung Mas 2024 data (loaded once per test session by the same command
that loads the demo) and users of each role, in Gunung Mas and in another satker."""

import datetime
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from anggaran.models import BarisAnggaran, Tingkat
from kinerja.models import PerjanjianKinerja
from satker.models import Pengguna, Satker

KODE_GUNUNG_MAS = "6210"


# What the seed report does not state and a satker fills in before submitting (the demo's check
# lists them as galat: pertukaran/demo/gunung_mas/CATATAN.md). Test values, no real person's.
SEKRETARIS_UJI = "SEKRETARIS PERCOBAAN, S.E."
NIP_UJI = "198001012005011001"
TANGGAL_PK_UJI = datetime.date(2024, 1, 2)


def lengkapi_isian_resmi(satker: Satker) -> None:
    """The Sekretaris' name and NIP and the PK date where empty, and a plain test emblem."""
    PerjanjianKinerja.objects.filter(satker=satker, tahun=2024, pihak_pertama_nama="").update(
        pihak_pertama_nama=SEKRETARIS_UJI
    )
    PerjanjianKinerja.objects.filter(satker=satker, tahun=2024, pihak_pertama_nip="").update(
        pihak_pertama_nip=NIP_UJI
    )
    PerjanjianKinerja.objects.filter(satker=satker, tahun=2024, tanggal__isnull=True).update(
        tanggal=TANGGAL_PK_UJI
    )
    if not satker.logo:
        gambar = io.BytesIO()
        Image.new("RGB", (120, 120), "#8a1c1c").save(gambar, "PNG")
        satker.logo.save(f"uji-{satker.kode}.png", ContentFile(gambar.getvalue()), save=True)


def buat_baris_triwulan(model, satker: Satker, tahun: int = 2024) -> None:
    """One row of a rencana aksi, a monthly target or a TW note of the satker's first indicator
    of the year, when ``model`` is one of them and the satker has none (the seed states none)."""
    from kinerja.models import CatatanTriwulan, IndikatorKinerja, RencanaAksi, TargetBulanan

    nilai = {
        RencanaAksi: {"triwulan": 1, "target": 1, "rencana": "Rapat koordinasi"},
        TargetBulanan: {"bulan": 1, "target": 1},
        CatatanTriwulan: {"triwulan": 1, "penyebab": "Sebab uji", "perbaikan": "Perbaikan uji"},
    }.get(model)
    if nilai is None or model.objects.milik(satker=satker, tahun=tahun).exists():
        return
    indikator = IndikatorKinerja.objects.milik(satker=satker, tahun=tahun).order_by("pk").first()
    model.objects.create(indikator=indikator, **nilai)


def muat_demo() -> None:
    """The session's data: the demo as its command loads it, with what the seed report does not
    state filled in. Also for modules whose transactional tests empty the database."""
    call_command("muat_gunung_mas", verbosity=0)
    lengkapi_isian_resmi(Satker.objects.get(kode=KODE_GUNUNG_MAS))


@pytest.fixture(scope="module")
def data_demo_dimuat_lagi(django_db_blocker):
    """For a module of transactional tests, whose every test ends with a flush: the session's data
    back after its last test, for the modules that follow."""
    yield
    with django_db_blocker.unblock():
        muat_demo()


@pytest.fixture
def data_demo_ada(request) -> None:
    """For a transactional test: the session's data again when the test before it emptied it."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif not request.node.get_closest_marker("django_db"):
        return
    if not Satker.objects.filter(kode=KODE_GUNUNG_MAS).exists():
        muat_demo()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        muat_demo()


@pytest.fixture(autouse=True)
def _halaman_tanpa_simpanan() -> None:
    """Each test starts with the pages' cache empty, like a freshly started process: a test that
    replaces a function or a setting must not be served what an earlier test built."""
    cache.clear()


@pytest.fixture
def gunung_mas(db) -> Satker:
    return Satker.objects.get(kode=KODE_GUNUNG_MAS)


@pytest.fixture
def satker_lain(db) -> Satker:
    """Another satker of the same installation, to prove data never crosses over."""
    return Satker.objects.create(
        kode="6201",
        jenis=Satker.Jenis.KABUPATEN,
        nama="KPU Kabupaten Kotawaringin Barat",
        nama_lengkap="Komisi Pemilihan Umum Kabupaten Kotawaringin Barat",
        wilayah="Kabupaten Kotawaringin Barat",
        provinsi="Kalimantan Tengah",
        kedudukan="Pangkalan Bun",
    )


def _satker_induk(kode: str, jenis: str, wilayah: str, induk: Satker | None) -> Satker:
    sebutan = "KPU RI" if jenis == Satker.Jenis.PUSAT else f"KPU Provinsi {wilayah}"
    satker, _ = Satker.objects.get_or_create(
        kode=kode,
        defaults={
            "jenis": jenis,
            "nama": sebutan,
            "nama_lengkap": sebutan.replace("KPU", "Komisi Pemilihan Umum"),
            "wilayah": wilayah,
            "provinsi": wilayah,
            "kedudukan": "Jakarta" if jenis == Satker.Jenis.PUSAT else wilayah,
            "induk": induk,
        },
    )
    return satker


@pytest.fixture
def kpu_ri(db) -> Satker:
    return _satker_induk("00", Satker.Jenis.PUSAT, "Indonesia", None)


@pytest.fixture
def kpu_provinsi(gunung_mas, kpu_ri) -> Satker:
    """KPU Provinsi Kalimantan Tengah, the parent of Gunung Mas (docs/pemantauan.md)."""
    provinsi = _satker_induk("62", Satker.Jenis.PROVINSI, "Kalimantan Tengah", kpu_ri)
    if gunung_mas.induk_id != provinsi.pk:
        gunung_mas.induk = provinsi
        gunung_mas.save(update_fields=["induk"])
    return provinsi


@pytest.fixture
def provinsi_lain(kpu_ri) -> Satker:
    """Another province: its users never see Gunung Mas."""
    return _satker_induk("63", Satker.Jenis.PROVINSI, "Kalimantan Selatan", kpu_ri)


@pytest.fixture
def buat_kabkota(db) -> Callable[..., Satker]:
    """``buat_kabkota(induk, kode, nama=…, jenis=…, pagu=…, realisasi=…)``: a KPU Kabupaten (or
    Kota) under ``induk``; with ``pagu``, one 2024 budget line, so that its monitoring row has a
    serapan."""

    def buat(
        induk: Satker,
        kode: str,
        *,
        nama: str = "",
        jenis: str = Satker.Jenis.KABUPATEN,
        pagu: int | None = None,
        realisasi: int = 0,
    ) -> Satker:
        sebutan = "Kota" if jenis == Satker.Jenis.KOTA else "Kabupaten"
        nama = nama or f"KPU {sebutan} Uji {kode}"
        satker = Satker.objects.create(
            kode=kode,
            jenis=jenis,
            nama=nama,
            nama_lengkap=nama.replace("KPU", "Komisi Pemilihan Umum", 1),
            wilayah=nama.removeprefix("KPU "),
            provinsi=induk.wilayah,
            kedudukan="Uji",
            induk=induk,
        )
        if pagu is not None:
            BarisAnggaran.objects.create(
                satker=satker,
                tahun=2024,
                kode="076.01",
                tingkat=Tingkat.PROGRAM,
                uraian="Program Dukungan Manajemen",
                pagu=Decimal(pagu),
                realisasi=Decimal(realisasi),
            )
        return satker

    return buat


@pytest.fixture
def buat_pengguna(db) -> Callable[..., Pengguna]:
    def buat(satker: Satker, peran: str, *, is_ketua: bool = False, **extra) -> Pengguna:
        username = extra.pop("username", f"{peran}{'-ketua' if is_ketua else ''}-{satker.kode}")
        return Pengguna.objects.create_user(
            username=username,
            password="rahasia-uji-123",
            satker=satker,
            peran=peran,
            is_ketua=is_ketua,
            **extra,
        )

    return buat


@pytest.fixture
def operator(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.OPERATOR, username="uji-operator")


@pytest.fixture
def admin_satker(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.ADMIN, username="uji-admin")


@pytest.fixture
def operator_lain(satker_lain, buat_pengguna) -> Pengguna:
    return buat_pengguna(satker_lain, Pengguna.Peran.OPERATOR, username="uji-operator-lain")


@pytest.fixture
def admin_lain(satker_lain, buat_pengguna) -> Pengguna:
    return buat_pengguna(satker_lain, Pengguna.Peran.ADMIN, username="uji-admin-lain")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    """Users are created in many tests; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
