"""A throw-away CA and signer certificate made at test time (no key is committed), and the
users of each role of Gunung Mas."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from pengesahan.sertifikat import buat_ca, buat_pkcs12, nama_x509
from satker.models import Pengguna

PASSPHRASE = "sandi-kunci-uji"
MASA = datetime.timedelta(days=30)


@dataclass(frozen=True)
class KunciUji:
    ca_pem: Path
    p12: Path
    ca_lain_pem: Path  # a CA that signed nothing of ours


@pytest.fixture(scope="session")
def kunci_uji(tmp_path_factory) -> KunciUji:
    """An ordinary (not test-marked) certificate, as an office's own CA would issue."""
    folder = tmp_path_factory.mktemp("kunci")
    kunci_ca, ca = buat_ca(nama=nama_x509(cn="CA Uji LKjIP", o="KPU Uji", uji=False), masa=MASA)
    p12 = folder / "ketua.p12"
    p12.write_bytes(
        buat_pkcs12(
            nama=nama_x509(cn="Ketua Uji", o="KPU Uji", uji=False),
            ca_kunci=kunci_ca,
            ca=ca,
            masa=MASA,
            passphrase=PASSPHRASE,
        )
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    _, ca_lain = buat_ca(nama=nama_x509(cn="CA Lain", o="KPU Uji", uji=False), masa=MASA)
    ca_lain_pem = folder / "ca-lain.pem"
    ca_lain_pem.write_bytes(ca_lain.public_bytes(serialization.Encoding.PEM))
    return KunciUji(ca_pem=ca_pem, p12=p12, ca_lain_pem=ca_lain_pem)


@pytest.fixture(autouse=True)
def _pengaturan_tanda_tangan(settings, kunci_uji, tmp_path_factory) -> None:
    settings.PENGESAHAN_PENANDATANGAN = "pkcs12"
    settings.PENGESAHAN_PKCS12_PATH = str(kunci_uji.p12)
    settings.PENGESAHAN_TRUST_ROOTS = [str(kunci_uji.ca_pem)]
    settings.PENGESAHAN_BASE_URL = "https://lkjip.contoh.id"
    # One cache for the session: the unchanged report is rendered once, not for every test.
    settings.LAPORAN_CACHE_DIR = tmp_path_factory.getbasetemp() / "cache-pengesahan"


@pytest.fixture
def sekretaris(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.SEKRETARIS, username="uji-sekretaris")


@pytest.fixture
def komisioner(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(gunung_mas, Pengguna.Peran.KOMISIONER, username="uji-komisioner")


@pytest.fixture
def ketua(gunung_mas, buat_pengguna) -> Pengguna:
    return buat_pengguna(
        gunung_mas,
        Pengguna.Peran.KOMISIONER,
        is_ketua=True,
        username="uji-ketua",
        first_name="Ketua",
        last_name="Uji",
    )


_PDF_SESI: dict[tuple[str, int], bytes] = {}


@pytest.fixture(autouse=True)
def _render_sekali(monkeypatch) -> None:
    """Rendering the report takes seconds; every test here signs the same Gunung Mas data (only
    the Ketua's row id differs), so the PDF is rendered once per session."""
    from pengesahan import services

    asli = services.get_pdf

    def get_pdf(*, satker, tahun: int) -> bytes:
        kunci = (satker.kode, tahun)
        if kunci not in _PDF_SESI:
            _PDF_SESI[kunci] = asli(satker=satker, tahun=tahun)
        return _PDF_SESI[kunci]

    monkeypatch.setattr(services, "get_pdf", get_pdf)
