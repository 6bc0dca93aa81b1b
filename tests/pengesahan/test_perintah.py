"""The tandatangani_laporan command: same service as the web form, clear refusals."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pengesahan.models import DokumenTertandatangani, Langkah, Pengesahan
from pengesahan.verifikasi import SAH, verifikasi_pdf

from .alur import TAHUN, sampai_disetujui
from .conftest import PASSPHRASE


def _jalankan(*args: str) -> str:
    keluar = StringIO()
    call_command("tandatangani_laporan", *args, stdout=keluar)
    return keluar.getvalue()


def _argumen(satker, pengguna) -> list[str]:
    return ["--satker", satker.kode, "--tahun", str(TAHUN), "--pengguna", pengguna.username]


@pytest.fixture(autouse=True)
def _tanpa_passphrase_lingkungan(monkeypatch):
    monkeypatch.delenv("PENGESAHAN_PKCS12_PASSPHRASE", raising=False)


def test_menandatangani_dengan_passphrase_dari_lingkungan(
    client, gunung_mas, operator, sekretaris, ketua, monkeypatch
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    monkeypatch.setenv("SANDI_KUNCI_KETUA", PASSPHRASE)

    def jangan_tanya(prompt=""):
        raise AssertionError("passphrase tidak boleh ditanyakan bila ada di lingkungan")

    monkeypatch.setattr("getpass.getpass", jangan_tanya)
    keluaran = _jalankan(*_argumen(gunung_mas, ketua), "--passphrase-env", "SANDI_KUNCI_KETUA")

    dokumen = DokumenTertandatangani.objects.get(pengesahan__satker=gunung_mas)
    assert dokumen.sha256 == hashlib.sha256(bytes(dokumen.pdf)).hexdigest()
    assert f"ID dokumen     : {dokumen.id}" in keluaran
    assert f"SHA-256        : {dokumen.sha256}" in keluaran
    assert f"https://lkjip.contoh.id/pengesahan/verifikasi/{dokumen.id}/" in keluaran
    assert PASSPHRASE not in keluaran
    p = Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN)
    assert p.status == Pengesahan.Status.DITANDATANGANI
    assert p.langkah.filter(aksi=Langkah.Aksi.TANDATANGANI, oleh=ketua).exists()
    assert verifikasi_pdf(bytes(dokumen.pdf)).status == SAH


def test_passphrase_ditanyakan_bila_tidak_di_lingkungan(
    client, gunung_mas, operator, sekretaris, ketua, monkeypatch
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    ditanya = []

    def getpass(prompt=""):
        ditanya.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr("getpass.getpass", getpass)
    keluaran = _jalankan(*_argumen(gunung_mas, ketua))
    assert ditanya == ["Passphrase kunci penandatangan: "]
    assert "SHA-256" in keluaran
    assert DokumenTertandatangani.objects.filter(pengesahan__satker=gunung_mas).count() == 1


def test_passphrase_salah_ditolak_tanpa_jejak(
    client, gunung_mas, operator, sekretaris, ketua, monkeypatch
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "bukan-sandinya")
    with pytest.raises(CommandError, match="passphrase"):
        _jalankan(*_argumen(gunung_mas, ketua))
    assert not DokumenTertandatangani.objects.exists()
    p = Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN)
    assert p.status == Pengesahan.Status.DISETUJUI


def test_status_salah_ditolak_sebelum_passphrase(gunung_mas, ketua, monkeypatch):
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt="": pytest.fail("tidak boleh menanyakan passphrase")
    )
    with pytest.raises(CommandError, match="berstatus Draf: hanya laporan yang sudah Disetujui"):
        _jalankan(*_argumen(gunung_mas, ketua))
    assert not DokumenTertandatangani.objects.exists()


def test_diajukan_belum_disetujui_ditolak(client, gunung_mas, operator, ketua):
    from .alur import alasan_semua, url

    client.force_login(operator)
    client.post(url("pengesahan_ajukan", gunung_mas), alasan_semua(gunung_mas))
    with pytest.raises(CommandError, match="berstatus Diajukan"):
        _jalankan(*_argumen(gunung_mas, ketua), "--passphrase-env", "TIDAK_DIPAKAI")


def test_bukan_ketua_ditolak(client, gunung_mas, operator, sekretaris, komisioner):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    for pengguna in (sekretaris, komisioner, operator):
        with pytest.raises(CommandError, match="Hanya Ketua yang dapat menandatangani laporan"):
            _jalankan(*_argumen(gunung_mas, pengguna))
    assert not DokumenTertandatangani.objects.exists()


def test_ketua_satker_lain_dan_satker_tidak_dikenal(gunung_mas, satker_lain, buat_pengguna):
    ketua_lain = buat_pengguna(satker_lain, "komisioner", is_ketua=True, username="ketua-lain")
    with pytest.raises(CommandError, match="bukan pengguna KPU Kabupaten Gunung Mas"):
        _jalankan(*_argumen(gunung_mas, ketua_lain))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _jalankan("--satker", "9999", "--tahun", "2024", "--pengguna", "ketua-lain")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _jalankan("--satker", gunung_mas.kode, "--tahun", "2024", "--pengguna", "tidak-ada")


def test_variabel_lingkungan_tidak_ada(client, gunung_mas, operator, sekretaris, ketua):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    with pytest.raises(CommandError, match="Variabel lingkungan SANDI_TIDAK_ADA tidak ada"):
        _jalankan(*_argumen(gunung_mas, ketua), "--passphrase-env", "SANDI_TIDAK_ADA")
