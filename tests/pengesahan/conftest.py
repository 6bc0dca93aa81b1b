"""A throw-away CA and signer certificate made at test time (no key is committed), and the
users of each role of Gunung Mas."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from satker.models import Pengguna

PASSPHRASE = "sandi-kunci-uji"


@dataclass(frozen=True)
class KunciUji:
    ca_pem: Path
    p12: Path
    ca_lain_pem: Path  # a CA that signed nothing of ours


def _nama(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "KPU Uji"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    kunci = ec.generate_private_key(ec.SECP256R1())
    sekarang = datetime.datetime.now(datetime.UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(_nama(cn))
        .issuer_name(_nama(cn))
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - datetime.timedelta(days=1))
        .not_valid_after(sekarang + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(kunci.public_key()), critical=False
        )
        .sign(kunci, hashes.SHA256())
    )
    return kunci, sertifikat


@pytest.fixture(scope="session")
def kunci_uji(tmp_path_factory) -> KunciUji:
    folder = tmp_path_factory.mktemp("kunci")
    kunci_ca, ca = _ca("CA Uji LKjIP")
    kunci = ec.generate_private_key(ec.SECP256R1())
    sekarang = datetime.datetime.now(datetime.UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(_nama("Ketua Uji"))
        .issuer_name(ca.subject)
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - datetime.timedelta(days=1))
        .not_valid_after(sekarang + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(kunci_ca.public_key()),
            critical=False,
        )
        .sign(kunci_ca, hashes.SHA256())
    )
    p12 = folder / "ketua.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ketua",
            kunci,
            sertifikat,
            [ca],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    _, ca_lain = _ca("CA Lain")
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
