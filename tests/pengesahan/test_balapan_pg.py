"""An edit racing a transition, on PostgreSQL with real sessions: it either lands before the
approval (and is in the approved PDF) or waits for it and is refused; never saved but missing
from what is approved and signed. Writers and transitions share the satker lock
(lkjip.kunci.kunci_satker). SQLite lets one writing transaction in at a time, so there the
interleavings below cannot happen.

``transaction=True`` lets the threads see each other's commits; it empties the database afterwards,
so the module reloads the Gunung Mas data for the tests that follow.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from kinerja.models import Realisasi
from laporan.cetak import get_pdf
from pengesahan import services
from pengesahan.models import Pengesahan
from pengesahan.signing import PenandatanganPKCS12
from satker.models import Pengguna, Satker

from .conftest import PASSPHRASE

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent PostgreSQL sessions (CI runs it)",
    ),
    pytest.mark.usefixtures("data_demo_dimuat_lagi", "data_demo_ada"),
]
TAHUN = 2024


@pytest.fixture(autouse=True)
def _render_sekali() -> None:
    """Here the PDF must be rendered from the data of the moment: this replaces the package's
    fixture that hands every test the session's one render of the demo data."""


def _satker() -> Satker:
    return Satker.objects.get(kode="6210")


def _pengguna(nama: str, peran: str, **extra) -> Pengguna:
    return Pengguna.objects.create_user(
        username=f"balapan-{nama}", first_name=nama, satker=_satker(), peran=peran, **extra
    )


def _realisasi_id() -> int:
    return (
        Realisasi.objects.filter(
            indikator__sasaran__program__perjanjian__satker__kode="6210",
            indikator__sasaran__program__perjanjian__tahun=TAHUN,
            nilai__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _utas(fungsi) -> tuple[threading.Thread, dict]:
    hasil: dict = {}

    def kerja():
        try:
            hasil["nilai"] = fungsi()
        except Exception as exc:  # surfaced by the assertions
            hasil["galat"] = exc
        finally:
            hasil["selesai"] = time.monotonic()
            connections.close_all()

    utas = threading.Thread(target=kerja)
    utas.start()
    return utas, hasil


def _siapkan(status: str) -> Pengguna:
    sekretaris = _pengguna("sekretaris", Pengguna.Peran.SEKRETARIS)
    Pengesahan.objects.update_or_create(satker=_satker(), tahun=TAHUN, defaults={"status": status})
    return sekretaris


@pytest.mark.django_db(transaction=True)
def test_an_edit_begun_before_the_approval_is_in_the_approved_pdf():
    sekretaris = _siapkan(Pengesahan.Status.DRAF)
    r_id = _realisasi_id()
    tersimpan, lanjut = threading.Event(), threading.Event()

    def ubah():
        with transaction.atomic():
            r = Realisasi.objects.get(pk=r_id)
            r.nilai += Decimal("1")
            r.save()
            tersimpan.set()
            lanjut.wait(timeout=30)  # the transaction stays open while the approval starts
        return time.monotonic()

    penulis, hasil_tulis = _utas(ubah)
    assert tersimpan.wait(timeout=30)
    Pengesahan.objects.filter(satker=_satker(), tahun=TAHUN).update(
        status=Pengesahan.Status.DIAJUKAN
    )
    penyetuju, hasil_setuju = _utas(
        lambda: services.setujui(satker=_satker(), tahun=TAHUN, user=sekretaris)
    )
    time.sleep(1)
    assert "selesai" not in hasil_setuju, "the approval did not wait for the open edit"
    lanjut.set()
    penulis.join(60)
    penyetuju.join(120)
    assert "galat" not in hasil_tulis and "galat" not in hasil_setuju, (hasil_tulis, hasil_setuju)
    assert hasil_setuju["selesai"] >= hasil_tulis["nilai"]

    p = Pengesahan.objects.get(satker=_satker(), tahun=TAHUN)
    # The stored PDF is the render of the data with the edit (the cache is keyed on the data).
    assert bytes(p.pdf_disetujui) == get_pdf(satker=_satker(), tahun=TAHUN)


@pytest.mark.django_db(transaction=True)
def test_an_edit_during_the_approval_waits_and_is_refused(monkeypatch):
    sekretaris = _siapkan(Pengesahan.Status.DIAJUKAN)
    r_id = _realisasi_id()
    nilai_awal = Realisasi.objects.get(pk=r_id).nilai
    merender, lanjut = threading.Event(), threading.Event()
    asli = services.get_pdf

    def render_lambat(**kwargs):
        merender.set()
        lanjut.wait(timeout=30)
        return asli(**kwargs)

    monkeypatch.setattr(services, "get_pdf", render_lambat)
    penyetuju, hasil_setuju = _utas(
        lambda: services.setujui(satker=_satker(), tahun=TAHUN, user=sekretaris)
    )
    assert merender.wait(timeout=30)

    def ubah():
        with transaction.atomic():
            r = Realisasi.objects.get(pk=r_id)
            r.nilai += Decimal("1")
            r.save()

    penulis, hasil_tulis = _utas(ubah)
    time.sleep(1)
    assert "selesai" not in hasil_tulis, "the edit did not wait for the approval"
    lanjut.set()
    penyetuju.join(120)
    penulis.join(60)
    assert "galat" not in hasil_setuju, hasil_setuju
    assert isinstance(hasil_tulis.get("galat"), ValidationError), hasil_tulis
    assert "sudah disetujui" in " ".join(hasil_tulis["galat"].messages)
    assert Realisasi.objects.get(pk=r_id).nilai == nilai_awal
    p = Pengesahan.objects.get(satker=_satker(), tahun=TAHUN)
    assert p.status == "disetujui"
    # The approved PDF is the render of the data as it stayed.
    assert bytes(p.pdf_disetujui) == get_pdf(satker=_satker(), tahun=TAHUN)


@pytest.mark.django_db(transaction=True)
def test_an_edit_during_signing_is_refused_and_the_signed_pdf_is_the_approved_one(
    monkeypatch, settings, kunci_uji
):
    settings.PENGESAHAN_PKCS12_PATH = str(kunci_uji.p12)
    ketua = _pengguna("ketua", Pengguna.Peran.KOMISIONER, is_ketua=True)
    sekretaris = _siapkan(Pengesahan.Status.DIAJUKAN)
    services.setujui(satker=_satker(), tahun=TAHUN, user=sekretaris)
    disetujui = bytes(Pengesahan.objects.get(satker=_satker(), tahun=TAHUN).pdf_disetujui)
    r_id = _realisasi_id()
    menandatangani, lanjut = threading.Event(), threading.Event()

    class Lambat(PenandatanganPKCS12):
        def sign(self, pdf, *, info):
            menandatangani.set()
            lanjut.wait(timeout=30)
            return super().sign(pdf, info=info)

    penanda, hasil_tanda = _utas(
        lambda: services.tandatangani(
            satker=_satker(),
            tahun=TAHUN,
            user=ketua,
            penandatangan=Lambat(passphrase=PASSPHRASE),
            url_verifikasi="https://x/{id}/",
        )
    )
    assert menandatangani.wait(timeout=30)

    def ubah():
        with transaction.atomic():
            r = Realisasi.objects.get(pk=r_id)
            r.nilai += Decimal("1")
            r.save()

    penulis, hasil_tulis = _utas(ubah)
    time.sleep(1)
    lanjut.set()
    penanda.join(120)
    penulis.join(60)
    assert "galat" not in hasil_tanda, hasil_tanda
    assert isinstance(hasil_tulis.get("galat"), ValidationError), hasil_tulis
    assert bytes(hasil_tanda["nilai"].pdf)[: len(disetujui)] == disetujui
