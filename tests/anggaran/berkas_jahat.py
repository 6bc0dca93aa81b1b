"""A crafted workbook that is small on disk and long to read: sheets of many rows whose cells carry
no address (``<row>`` and ``<c>`` without ``r=``), each row a text without an amount, which the
budget reader skips without counting it as a budget line. 7 sheets × 1,000,000 rows are about
3 MB (bench/impor_berkas_jahat.py); the tests use far fewer rows with a lowered limit.
"""

import io
import random
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "{lembar}</Types>"
)
LEMBAR_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{lembar}</sheets></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdS" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
    "{lembar}</Relationships>"
)
SHARED_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10" '
    'uniqueCount="10">' + "".join(f"<si><t>catatan {i}</t></si>" for i in range(10)) + "</sst>"
)
LEMBAR_REL = (
    '<Relationship Id="rId{n}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet{n}.xml"/>'
)
AWAL_LEMBAR = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row><c t="inlineStr"><is><t>Kode</t></is></c><c t="inlineStr"><is><t>Uraian</t></is></c>'
    b'<c t="inlineStr"><is><t>Pagu</t></is></c></row>'
)
AKHIR_LEMBAR = b"</sheetData></worksheet>"
POTONGAN = 10_000


BARIS = tuple(b'<row><c/><c t="s"><v>%d</v></c></row>' % i for i in range(3))


def _baris(acak: random.Random, jumlah: int) -> bytes:
    # An Uraian without an amount (skipped by the reader, never a budget line): one of three
    # shared strings at random, which keeps the compression ratio of a sheet (about 88) under the
    # zip-bomb limit (100), as a hostile file would be made.
    return b"".join(acak.choices(BARIS, k=jumlah))


def buat_berkas_jahat(*, lembar: int = 7, baris: int = 1_000_000) -> bytes:
    """An .xlsx of ``lembar`` sheets ("Sheet1" …) of a header and ``baris`` rows each."""
    keluar = io.BytesIO()
    nomor = range(1, lembar + 1)
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(lembar="".join(LEMBAR_TYPE.format(n=n) for n in nomor)),
        )
        zf.writestr("_rels/.rels", RELS)
        zf.writestr(
            "xl/workbook.xml",
            WORKBOOK.format(
                lembar="".join(
                    f'<sheet name="Sheet{n}" sheetId="{n}" r:id="rId{n}"/>' for n in nomor
                )
            ),
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.format(lembar="".join(LEMBAR_REL.format(n=n) for n in nomor)),
        )
        zf.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
        for n in nomor:
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as f:
                f.write(AWAL_LEMBAR)
                acak = random.Random(n)
                for awal in range(0, baris, POTONGAN):
                    f.write(_baris(acak, min(POTONGAN, baris - awal)))
                f.write(AKHIR_LEMBAR)
    return keluar.getvalue()
