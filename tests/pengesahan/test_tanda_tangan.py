"""Signing with the local PKCS#12 key: a certified PAdES signature that pyHanko validates, and
that reports any change made afterwards."""

import hashlib
from io import BytesIO

import pytest
import qrcode
from asn1crypto import pem, x509
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.qr import PdfStreamQRImage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from pengesahan.models import Langkah, Pengesahan
from pengesahan.signing import InfoTandaTangan, PenandatanganPKCS12

from .alur import TAHUN, sampai_disetujui, tandatangani, url
from .conftest import PASSPHRASE


@pytest.fixture
def signed(client, gunung_mas, operator, sekretaris, ketua):
    return tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)


def _status(pdf: bytes, ca_pem, *, skip_diff: bool = False):
    _, _, der = pem.unarmor(ca_pem.read_bytes())
    konteks = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    sig = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    return validate_pdf_signature(sig, signer_validation_context=konteks, skip_diff=skip_diff)


def tambah_anotasi(pdf: bytes) -> bytes:
    """An incremental update that adds a note to the first page, as a PDF editor would."""
    w = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    page_ref = w.root["/Pages"].get_object()["/Kids"].raw_get(0)
    page = page_ref.get_object()
    catatan = w.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(n) for n in (50, 50, 80, 80)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Angka diganti"),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([catatan])
    else:
        annots.append(catatan)
        raw = page.raw_get("/Annots")
        if isinstance(raw, generic.IndirectObject):
            w.mark_update(raw)
    w.mark_update(page_ref)
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def test_signed_pdf_is_intact_trusted_and_covers_the_whole_file(signed, kunci_uji):
    pdf = bytes(signed.pdf)

    status = _status(pdf, kunci_uji.ca_pem)

    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    sig = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    assert sig.docmdp_level == MDPPerm.NO_CHANGES  # a certifying signature
    assert signed.sha256 == hashlib.sha256(pdf).hexdigest()


def test_signature_is_untrusted_without_the_test_ca(signed, kunci_uji):
    assert not _status(bytes(signed.pdf), kunci_uji.ca_lain_pem).trusted


def _qr_stream(url: str) -> bytes:
    """The drawing commands pyHanko's QR stamp makes for ``url`` (same settings as pyHanko)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(url)
    qr.make()
    return qr.make_image(image_factory=PdfStreamQRImage).render_command_stream()


def _xobjects(obj, seen=None):
    seen = set() if seen is None else seen
    for x in obj.get("/Resources", {}).get("/XObject", {}).values():
        x = x.get_object()
        if id(x) not in seen:
            seen.add(id(x))
            yield x
            yield from _xobjects(x, seen)


def test_stamp_carries_name_and_a_qr_code_of_the_verification_url(signed):
    reader = PdfReader(BytesIO(bytes(signed.pdf)))
    halaman, widget = next(
        (i, a.get_object())
        for i, page in enumerate(reader.pages)
        for a in page.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    )
    tampilan = widget["/AP"]["/N"].get_object()
    isi = [tampilan.get_data(), *(x.get_data() for x in _xobjects(tampilan))]

    assert halaman == 1  # the Kata Pengantar, where the Ketua's signature block is
    assert any(b"Ketua Uji" in data for data in isi)
    url = f"https://lkjip.contoh.id/pengesahan/verifikasi/{signed.id}/"
    assert _qr_stream(url) in isi


def test_one_changed_byte_breaks_the_signature(signed, kunci_uji):
    pdf = bytearray(bytes(signed.pdf))
    posisi = pdf.index(b"stream", 2000) + 20
    pdf[posisi] ^= 0x01

    status = _status(bytes(pdf), kunci_uji.ca_pem)

    assert not status.intact


def test_an_added_annotation_is_flagged_as_a_modification(signed, kunci_uji):
    pdf = tambah_anotasi(bytes(signed.pdf))

    # pyHanko's diff analysis (which would name the change) takes minutes on this report.
    status = _status(pdf, kunci_uji.ca_pem, skip_diff=True)

    assert status.intact and status.trusted  # the signed revision itself is untouched …
    # … but it no longer covers the whole file: something was appended after signing.
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION


def test_signing_records_the_step_and_freezes_the_status(signed, ketua, gunung_mas):
    p = Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN)
    assert p.status == Pengesahan.Status.DITANDATANGANI
    assert Langkah.objects.get(aksi=Langkah.Aksi.TANDATANGANI).oleh == ketua
    assert (signed.versi, signed.penandatangan_nama) == (1, "Ketua Uji")


@pytest.mark.parametrize("peran", ["operator", "sekretaris", "komisioner", "ketua", "admin_satker"])
def test_every_role_downloads_the_signed_pdf_byte_for_byte(client, signed, peran, request):
    client.force_login(request.getfixturevalue(peran))

    response = client.get(f"/pengesahan/dokumen/{signed.id}/unduh/")

    assert response.status_code == 200
    assert response.content == bytes(signed.pdf)
    assert response["Content-Disposition"] == (
        'attachment; filename="LKjIP-KPU-Kabupaten-Gunung-Mas-2024-v1-ditandatangani.pdf"'
    )


def test_another_satker_cannot_download(client, signed, operator_lain):
    client.force_login(operator_lain)
    assert client.get(f"/pengesahan/dokumen/{signed.id}/unduh/").status_code == 404


def test_wrong_passphrase_is_refused_and_nothing_is_signed(
    client, gunung_mas, operator, sekretaris, ketua
):
    sampai_disetujui(client, gunung_mas, operator=operator, penyetuju=sekretaris)
    client.force_login(ketua)

    response = client.post(
        url("pengesahan_tandatangani", gunung_mas), {"passphrase": "salah"}, follow=True
    )

    assert "tidak dapat dibuka" in response.content.decode()
    assert Pengesahan.objects.get(satker=gunung_mas).status == Pengesahan.Status.DISETUJUI


def _contoh_info() -> InfoTandaTangan:
    return InfoTandaTangan(
        nama="Ketua Uji",
        jabatan="Ketua KPU Kabupaten Gunung Mas",
        waktu=timezone.localtime(),
        lokasi="Kuala Kurun",
        url_verifikasi="https://lkjip.contoh.id/pengesahan/verifikasi/x/",
    )


def test_passphrase_from_the_environment(monkeypatch, kunci_uji):
    monkeypatch.setenv("PENGESAHAN_PKCS12_PASSPHRASE", PASSPHRASE)
    pdf = _pdf_kecil()

    hasil = PenandatanganPKCS12().sign(pdf, info=_contoh_info())

    assert _status(hasil, kunci_uji.ca_pem).bottom_line


def _pdf_kecil() -> bytes:
    """A small PDF of our own renderer, without the database."""
    import weasyprint

    return weasyprint.HTML(string="<p>Uji</p><p>2</p><p>3</p>").write_pdf()
