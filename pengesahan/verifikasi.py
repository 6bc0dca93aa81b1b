"""Checking an uploaded PDF: pyHanko validates the signature against the
configured trust roots, and the SHA-256 is compared with the documents we signed."""

import hashlib
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pengesahan.models import DokumenTertandatangani
from pengesahan.sertifikat import adalah_sertifikat_uji

logger = logging.getLogger(__name__)

SAH = "sah"
DIGANTIKAN = "digantikan"
DIUBAH = "diubah"
TIDAK_DIKENAL = "tidak_dikenal"

JUDUL = {
    SAH: "Sah dan berlaku",
    DIGANTIKAN: "Sah tetapi sudah digantikan",
    DIUBAH: "Telah diubah",
    TIDAK_DIKENAL: "Tidak dikenal",
}
# What the reader should do, in a word, beside the verdict: the colour and the icon only repeat it
# (static/css/app.css .hasil-verifikasi--<status>).
SARAN = {
    SAH: "Berkas ini dapat dipercaya.",
    DIGANTIKAN: "Jangan dipakai sebagai laporan yang berlaku: mintalah versi terbaru.",
    DIUBAH: "Jangan percayai berkas ini: isinya tidak sama dengan yang ditandatangani.",
    TIDAK_DIKENAL: "Keaslian berkas ini tidak dapat dipastikan.",
}
IKON = {SAH: "✓", DIGANTIKAN: "!", DIUBAH: "✗", TIDAK_DIKENAL: "?"}


@dataclass(frozen=True)
class HasilVerifikasi:
    status: str
    penjelasan: str
    dokumen: DokumenTertandatangani | None
    sha256: str
    sertifikat_uji: bool = False  # a signature was made with a test certificate

    @property
    def judul(self) -> str:
        return JUDUL[self.status]

    @property
    def saran(self) -> str:
        return SARAN[self.status]

    @property
    def ikon(self) -> str:
        return IKON[self.status]


def load_trust_roots() -> list[x509.Certificate]:
    akar = []
    for path in settings.PENGESAHAN_TRUST_ROOTS:
        data = Path(path).read_bytes()
        if pem.detect(data):
            akar.extend(
                x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)
            )
        else:
            akar.append(x509.Certificate.load(data))
    return akar


@dataclass(frozen=True)
class _Tanda:
    utuh: bool  # cryptographically intact and the certificate chains to a trust root
    terpercaya: bool
    seluruh_berkas: bool
    tanpa_perubahan: bool
    sertifikat_uji: bool


def _periksa_tanda(data: bytes) -> list[_Tanda] | None:
    """None: not a readable PDF."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        tanda = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - any parse error means "not a PDF we can read"
        logger.info("PDF yang diunggah tidak dapat dibaca", exc_info=True)
        return None
    hasil = []
    for sig in tanda:
        konteks = ValidationContext(trust_roots=load_trust_roots(), allow_fetching=False)
        try:
            # No diff analysis: it takes minutes on a report of a few thousand objects, and we
            # never add a revision after signing, so anything past the signed revision is a
            # change (see ``seluruh_berkas``).
            s = validate_pdf_signature(sig, signer_validation_context=konteks, skip_diff=True)
        except Exception:  # noqa: BLE001 - a malformed signature is a broken one
            logger.info("Tanda tangan tidak dapat divalidasi", exc_info=True)
            hasil.append(_Tanda(False, False, False, False, False))
            continue
        hasil.append(
            _Tanda(
                utuh=bool(s.intact and s.valid),
                terpercaya=bool(s.trusted),
                seluruh_berkas=s.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                tanpa_perubahan=s.docmdp_ok is not False,
                sertifikat_uji=adalah_sertifikat_uji(s.signing_cert),
            )
        )
    return hasil


def verifikasi_pdf(data: bytes) -> HasilVerifikasi:
    sha = hashlib.sha256(data).hexdigest()
    dokumen = (
        DokumenTertandatangani.objects.select_related("pengesahan__satker")
        .filter(sha256=sha)
        .first()
    )
    tanda = _periksa_tanda(data)
    if not tanda:
        return HasilVerifikasi(
            TIDAK_DIKENAL,
            "Berkas ini tidak memuat tanda tangan elektronik yang dapat dibaca, sehingga tidak "
            "dapat dipastikan berasal dari aplikasi ini.",
            None,
            sha,
        )
    uji = any(t.sertifikat_uji for t in tanda)
    if not all(t.utuh for t in tanda):
        return HasilVerifikasi(
            DIUBAH,
            "Isi berkas tidak lagi cocok dengan tanda tangannya: berkas telah diubah setelah "
            "ditandatangani. Jangan gunakan berkas ini; unduh salinan asli dari aplikasi.",
            None,
            sha,
            sertifikat_uji=uji,
        )
    if not all(t.terpercaya for t in tanda):
        return HasilVerifikasi(
            TIDAK_DIKENAL,
            "Tanda tangan pada berkas ini tidak dibuat dengan sertifikat yang kami percaya.",
            None,
            sha,
            sertifikat_uji=uji,
        )
    if not all(t.seluruh_berkas and t.tanpa_perubahan for t in tanda):
        return HasilVerifikasi(
            DIUBAH,
            "Tanda tangannya asli, tetapi sesudah ditandatangani berkas ini ditambahi (misalnya "
            "halaman, catatan atau coretan). Isi yang ditambahkan tidak disahkan.",
            None,
            sha,
            sertifikat_uji=uji,
        )
    if dokumen is None:
        return HasilVerifikasi(
            TIDAK_DIKENAL,
            "Tanda tangannya sah, tetapi berkas ini tidak terdaftar sebagai laporan yang "
            "ditandatangani di aplikasi ini.",
            None,
            sha,
            sertifikat_uji=uji,
        )
    if dokumen.digantikan:
        return HasilVerifikasi(
            DIGANTIKAN,
            f"Berkas ini asli dan utuh (versi {dokumen.versi}), tetapi laporan tersebut sudah "
            "direvisi. Gunakan versi terbaru.",
            dokumen,
            sha,
            sertifikat_uji=uji,
        )
    return HasilVerifikasi(
        SAH,
        f"Berkas ini asli, utuh dan merupakan versi terbaru (versi {dokumen.versi}) laporan "
        f"{dokumen.satker.nama} tahun {dokumen.tahun}.",
        dokumen,
        sha,
        sertifikat_uji=uji,
    )
