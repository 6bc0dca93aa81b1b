"""The approved PDF is a PDF/A-3b carrying its data workbook; signing it (an incremental update)
keeps both, and the signature verifies on it."""

from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from laporan.dokumen import build_dokumen
from pengesahan.models import Pengesahan
from pengesahan.verifikasi import SAH, verifikasi_pdf
from tests.laporan.test_pdfa import isi_lampiran, lampiran_af, total_anggaran, xmp_pdfa

from .alur import TAHUN, tandatangani
from .test_tanda_tangan import _status


def test_signed_pdfa_verifies_and_keeps_its_identification_and_data(
    client, gunung_mas, operator, sekretaris, ketua, kunci_uji
):
    signed = tandatangani(client, gunung_mas, operator=operator, penyetuju=sekretaris, ketua=ketua)
    disetujui = bytes(Pengesahan.objects.get(satker=gunung_mas, tahun=TAHUN).pdf_disetujui)
    pdf = bytes(signed.pdf)
    assert pdf.startswith(disetujui)  # the approved PDF/A, signed as it is
    assert xmp_pdfa(disetujui) == {"part": "3", "conformance": "B"}

    hasil = verifikasi_pdf(pdf)
    assert hasil.status == SAH, hasil.penjelasan
    status = _status(pdf, kunci_uji.ca_pem, skip_diff=True)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert len(PdfFileReader(BytesIO(pdf)).embedded_signatures) == 1

    # The signed revision is still PDF/A-3b and still carries the workbook.
    assert xmp_pdfa(pdf) == {"part": "3", "conformance": "B"}
    (spec,) = lampiran_af(pdf)
    assert spec["/AFRelationship"] == "/Data"
    dokumen = build_dokumen(satker=gunung_mas, tahun=TAHUN)
    assert total_anggaran(isi_lampiran(spec), tahun=TAHUN) == (
        dokumen.anggaran.total_pagu,
        dokumen.anggaran.total_realisasi,
    )
