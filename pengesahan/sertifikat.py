"""Test certificates: how one is recognised, and the demo's own CA and Ketua key.

A certificate is a test one when its subject has the organisational unit ``SERTIFIKAT UJI``
(``adalah_sertifikat_uji``, the one place that decides). The demo key made by
``manage.py buat_kunci_demo`` carries it, so the stamp, the verification page and the report page
can say that a signature made with it is not an official one (docs/pengesahan.md).
"""

import datetime
import os
import secrets
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader

PENANDA_UJI = "SERTIFIKAT UJI"
# Shown wherever a signature made with a test certificate appears (ASCII: the stamp's font).
CATATAN_UJI = "SERTIFIKAT UJI - bukan tanda tangan resmi"

# The demo's files in settings.PENGESAHAN_DEMO_DIR (lkjip/settings.py names the first two too).
NAMA_P12 = "ketua-demo.p12"
NAMA_CA = "ca-demo.pem"
NAMA_PASSPHRASE = "passphrase-demo.txt"
MASA_BERLAKU = datetime.timedelta(days=10 * 365)  # the demo key is never renewed by itself


def adalah_sertifikat_uji(sertifikat: asn1_x509.Certificate) -> bool:
    ou = sertifikat.subject.native.get("organizational_unit_name", [])
    return PENANDA_UJI in [u.strip().upper() for u in ([ou] if isinstance(ou, str) else ou)]


def ditandatangani_sertifikat_uji(pdf: bytes) -> bool:
    """Whether any signature of ``pdf`` was made with a test certificate."""
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    return any(adalah_sertifikat_uji(sig.signer_cert) for sig in reader.embedded_signatures)


def nama_x509(*, cn: str, o: str, uji: bool) -> x509.Name:
    atribut = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, o),
    ]
    if uji:
        atribut.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, PENANDA_UJI))
    return x509.Name([*atribut, x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def buat_ca(
    *, nama: x509.Name, masa: datetime.timedelta
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed CA (EC P-256) valid from yesterday for ``masa``."""
    kunci = ec.generate_private_key(ec.SECP256R1())
    sekarang = datetime.datetime.now(datetime.UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(nama)
        .issuer_name(nama)
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - datetime.timedelta(days=1))
        .not_valid_after(sekarang + masa)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(kunci.public_key()), critical=False
        )
        .sign(kunci, hashes.SHA256())
    )
    return kunci, sertifikat


def buat_pkcs12(
    *,
    nama: x509.Name,
    ca_kunci: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    masa: datetime.timedelta,
    passphrase: str,
) -> bytes:
    """A signer key and certificate issued by ``ca``, as PKCS#12 with the CA in the chain."""
    kunci = ec.generate_private_key(ec.SECP256R1())
    sekarang = datetime.datetime.now(datetime.UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(nama)
        .issuer_name(ca.subject)
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - datetime.timedelta(days=1))
        .not_valid_after(sekarang + masa)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_kunci.public_key()),
            critical=False,
        )
        .sign(ca_kunci, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"penandatangan",
        kunci,
        sertifikat,
        [ca],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


@dataclass(frozen=True)
class KunciDemo:
    p12: Path
    ca_pem: Path
    passphrase: str
    baru: bool  # made by this call


class KunciDemoRusak(Exception):
    """The demo key is there but a file beside it is missing; the message is Indonesian."""


def baca_kunci_demo(*, folder: Path) -> KunciDemo | None:
    """The demo key in ``folder``, or None when there is none yet."""
    p12, ca_pem, sandi = folder / NAMA_P12, folder / NAMA_CA, folder / NAMA_PASSPHRASE
    if not p12.is_file():
        return None
    if not (ca_pem.is_file() and sandi.is_file()):
        raise KunciDemoRusak(
            f"Kunci demo {p12} ada, tetapi {NAMA_CA} atau {NAMA_PASSPHRASE} di sampingnya hilang. "
            f"Hapus folder {folder} agar kunci demo dibuat ulang (dokumen yang sudah "
            "ditandatangani dengan kunci lama tidak lagi terverifikasi)."
        )
    return KunciDemo(p12, ca_pem, sandi.read_text(encoding="ascii").strip(), baru=False)


def buat_kunci_demo(*, folder: Path, nama_ketua: str, nama_satker: str) -> KunciDemo:
    """Make the demo CA and the Ketua's test certificate in ``folder`` unless they exist: an
    existing key is never replaced, since documents signed with it verify only against its CA.
    The PKCS#12 is written last, so an interrupted run is simply made again."""
    ada = baca_kunci_demo(folder=folder)
    if ada is not None:
        return ada
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    passphrase = secrets.token_hex(8)
    ca_kunci, ca = buat_ca(
        nama=nama_x509(cn="CA Demo LKjIP", o=nama_satker, uji=True), masa=MASA_BERLAKU
    )
    p12 = buat_pkcs12(
        nama=nama_x509(cn=nama_ketua, o=nama_satker, uji=True),
        ca_kunci=ca_kunci,
        ca=ca,
        masa=MASA_BERLAKU,
        passphrase=passphrase,
    )
    berkas = [
        (NAMA_PASSPHRASE, passphrase.encode() + b"\n", 0o600),
        (NAMA_CA, ca.public_bytes(serialization.Encoding.PEM), 0o644),
        (NAMA_P12, p12, 0o600),
    ]
    for nama, isi, mode in berkas:
        fd = os.open(folder / nama, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(isi)
    return KunciDemo(folder / NAMA_P12, folder / NAMA_CA, passphrase, baru=True)
