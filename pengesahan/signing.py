"""Signers behind one interface: a local PKCS#12 key through pyHanko, and the
BSrE Esign Client Service over HTTP. Both return the whole signed PDF."""

import base64
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Protocol

from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import QRStampStyle

from pengesahan.sertifikat import CATATAN_UJI, adalah_sertifikat_uji

NAMA_FIELD = "TandaTanganKetua"
# The stamp's size in PDF points, and where it goes when the report marks no signature space: on
# the Kata Pengantar page, right-aligned, where the Ketua's block usually falls (A4: 595 x 842).
LEBAR_STEMPEL, TINGGI_STEMPEL = 250, 66  # the report's signature space is at least this big
KOTAK_STEMPEL = (310, 256, 310 + LEBAR_STEMPEL, 256 + TINGGI_STEMPEL)
# Named destinations WeasyPrint writes for the element ids of the printed report.
TUJUAN_RUANG = "ruang-tanda-tangan"  # the empty space above the Ketua's name, if marked
TUJUAN_HALAMAN = "kata-pengantar"


class GagalMenandatangani(Exception):
    """Signing failed; the message is Indonesian and safe to show."""


@dataclass(frozen=True)
class InfoTandaTangan:
    nama: str
    jabatan: str
    waktu: datetime
    lokasi: str
    url_verifikasi: str
    halaman: int = 0  # the page of the signature block
    kotak: tuple[float, float, float, float] = KOTAK_STEMPEL


class Penandatangan(Protocol):
    def periksa(self) -> None:
        """Raise GagalMenandatangani now if signing cannot work (no key, wrong passphrase, no
        service configured): checked before anything is rendered or locked."""

    def sign(self, pdf: bytes, *, info: InfoTandaTangan) -> bytes: ...


def _tujuan(root) -> dict[str, generic.ArrayObject]:
    """The named destinations of the PDF's /Dests name tree."""
    hasil: dict[str, generic.ArrayObject] = {}

    def jelajah(node) -> None:
        node = node.get_object()
        nama = node.get("/Names", [])
        for i in range(0, len(nama) - 1, 2):
            tujuan = nama[i + 1].get_object()
            if isinstance(tujuan, generic.DictionaryObject):
                tujuan = tujuan["/D"]
            hasil[str(nama[i])] = tujuan
        for anak in node.get("/Kids", []):
            jelajah(anak)

    if "/Names" in root and "/Dests" in root["/Names"]:
        jelajah(root["/Names"]["/Dests"])
    return hasil


def _halaman(root) -> list:
    urut = []

    def jelajah(ref) -> None:
        node = ref.get_object()
        if node.get("/Type") == "/Pages":
            for anak in node["/Kids"]:
                jelajah(anak.reference if hasattr(anak, "reference") else anak)
        else:
            urut.append(ref)

    jelajah(root.raw_get("/Pages"))
    return urut


def letak_tanda_tangan(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, box) of the stamp: the marked signature space if the report has one, else
    the Kata Pengantar page with ``KOTAK_STEMPEL``, else the last page."""
    root = PdfFileReader(BytesIO(pdf), strict=False).root
    halaman = _halaman(root)
    nomor = {(ref.idnum, ref.generation): i for i, ref in enumerate(halaman)}
    tujuan = _tujuan(root)
    if TUJUAN_RUANG in tujuan:
        # The destination is the space's top-left corner; the report makes the space at least
        # as wide and tall as the stamp (dokumen.css .tanda-tangan__ruang), so the stamp stays
        # inside it, clear of the name printed below.
        d = tujuan[TUJUAN_RUANG]
        ref = d.raw_get(0)
        kiri, atas = float(d[2]), float(d[3])
        kotak = (kiri, atas - TINGGI_STEMPEL, kiri + LEBAR_STEMPEL, atas)
        return nomor.get((ref.idnum, ref.generation), len(halaman) - 1), kotak
    if TUJUAN_HALAMAN in tujuan:
        ref = tujuan[TUJUAN_HALAMAN].raw_get(0)
        if (ref.idnum, ref.generation) in nomor:
            return nomor[(ref.idnum, ref.generation)], KOTAK_STEMPEL
    return len(halaman) - 1, KOTAK_STEMPEL


def teks_stempel(info: InfoTandaTangan, *, sertifikat_uji: bool = False) -> str:
    # pyHanko's built-in font covers Latin-1 only: keep the stamp text plain ASCII.
    return (
        "Ditandatangani secara elektronik oleh\n"
        f"{info.nama}\n"
        f"{info.jabatan}\n"
        # The time of signing, labelled as such: the letter's own date is printed above the
        # stamp and may be earlier (docs/pengesahan.md, "The letter's date").
        f"Waktu tanda tangan: {info.waktu:%d-%m-%Y %H:%M %Z}\n"
        + (f"{CATATAN_UJI}\n" if sertifikat_uji else "")
        + "Pindai QR untuk verifikasi"
    )


class PenandatanganPKCS12:
    """A local PKCS#12 file (path from settings). The passphrase is given at signing time or
    read from the environment (PENGESAHAN_PKCS12_PASSPHRASE); it is never stored."""

    def __init__(self, *, path: str | Path | None = None, passphrase: str | None = None) -> None:
        self.path = Path(path or settings.PENGESAHAN_PKCS12_PATH or "")
        if passphrase is None:
            passphrase = os.environ.get("PENGESAHAN_PKCS12_PASSPHRASE", "")
        self._passphrase = passphrase.encode()
        self._signer: signers.SimpleSigner | None = None

    def periksa(self) -> signers.SimpleSigner:
        if self._signer is None:
            if not self.path.is_file():
                raise GagalMenandatangani("Berkas kunci PKCS#12 tidak ditemukan; hubungi admin.")
            self._signer = signers.SimpleSigner.load_pkcs12(
                pfx_file=str(self.path), passphrase=self._passphrase or None
            )
            if self._signer is None:
                raise GagalMenandatangani("Kunci PKCS#12 tidak dapat dibuka: periksa passphrase.")
        return self._signer

    def sign(self, pdf: bytes, *, info: InfoTandaTangan) -> bytes:
        signer = self.periksa()
        meta = signers.PdfSignatureMetadata(
            field_name=NAMA_FIELD,
            md_algorithm="sha256",
            certify=True,
            # Certified with no changes allowed: any later edit shows as a modification.
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
            name=info.nama,
            location=info.lokasi,
            reason=f"Pengesahan LKjIP oleh {info.jabatan}",
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        stempel = QRStampStyle(
            stamp_text=teks_stempel(
                info, sertifikat_uji=adalah_sertifikat_uji(signer.signing_cert)
            ),
            border_width=1,
            background=None,
        )
        kotak = tuple(round(n) for n in info.kotak)
        spec = fields.SigFieldSpec(NAMA_FIELD, on_page=info.halaman, box=kotak)
        pdf_signer = signers.PdfSigner(meta, signer, stamp_style=stempel, new_field_spec=spec)
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        keluaran = pdf_signer.sign_pdf(writer, appearance_text_params={"url": info.url_verifikasi})
        return keluaran.getvalue()


class PenandatanganBSrE:
    """The BSrE Esign Client Service: ``POST {base}/api/v2/sign/pdf`` with the signer's nik or
    email, a passphrase or a TOTP, and the PDF in base64; answers with the signed PDF in base64.
    The visible stamp is drawn by the service from the given QR/text properties."""

    def __init__(
        self,
        *,
        nik: str = "",
        email: str = "",
        passphrase: str = "",
        totp: str = "",
        base_url: str | None = None,
        timeout: float = 60,
    ) -> None:
        if not (nik or email):
            raise GagalMenandatangani("NIK atau email penandatangan wajib diisi untuk BSrE.")
        if not (passphrase or totp):
            raise GagalMenandatangani("Passphrase atau TOTP wajib diisi untuk BSrE.")
        self.base_url = (base_url or settings.BSRE_BASE_URL).rstrip("/")
        self.nik, self.email, self.passphrase, self.totp = nik, email, passphrase, totp
        self.timeout = timeout

    def payload(self, pdf: bytes, info: InfoTandaTangan) -> dict:
        data: dict = {"nik": self.nik} if self.nik else {"email": self.email}
        data["passphrase" if self.passphrase else "totp"] = self.passphrase or self.totp
        data["signatureProperties"] = [
            {
                "tampilan": "VISIBLE",
                "page": info.halaman + 1,
                "originX": info.kotak[0],
                "originY": info.kotak[1],
                "width": info.kotak[2] - info.kotak[0],
                "height": info.kotak[3] - info.kotak[1],
                "location": info.lokasi,
                "reason": f"Pengesahan LKjIP oleh {info.jabatan}",
                "imageBase64": "",
                "qrCode": info.url_verifikasi,
                "text": teks_stempel(info),
            }
        ]
        data["file"] = [base64.b64encode(pdf).decode()]
        return data

    def periksa(self) -> None:
        if not self.base_url:
            raise GagalMenandatangani("Alamat layanan BSrE (BSRE_BASE_URL) belum diatur.")

    def sign(self, pdf: bytes, *, info: InfoTandaTangan) -> bytes:
        self.periksa()
        request = urllib.request.Request(
            f"{self.base_url}/api/v2/sign/pdf",
            data=json.dumps(self.payload(pdf, info)).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        if settings.BSRE_USERNAME:
            kredensial = f"{settings.BSRE_USERNAME}:{settings.BSRE_PASSWORD}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(kredensial).decode())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                jawaban = json.loads(response.read())
        except urllib.error.HTTPError as e:
            try:
                pesan = json.loads(e.read()).get("error", "")
            except ValueError:
                pesan = ""
            raise GagalMenandatangani(
                f"Layanan BSrE menolak permintaan ({e.code}){': ' + pesan if pesan else ''}."
            ) from e
        except (urllib.error.URLError, TimeoutError, ValueError) as e:
            raise GagalMenandatangani("Layanan BSrE tidak dapat dihubungi.") from e
        berkas = jawaban.get("file") or []
        if not berkas:
            raise GagalMenandatangani("Layanan BSrE tidak mengembalikan berkas.")
        return base64.b64decode(berkas[0])
