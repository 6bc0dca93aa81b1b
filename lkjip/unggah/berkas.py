"""Checks on an uploaded file before any spreadsheet library sees it.

An .xlsx is a zip of XML parts. Everything here works on the zip directory and on a streamed scan of
the XML, with fixed limits, so a hostile file is refused with a clear Indonesian message before it
can use much memory: a zip bomb by its declared sizes and compression ratio, XML entity tricks by
any DOCTYPE/ENTITY declaration (defusedxml refuses them again inside openpyxl), a merged range of
millions of cells by its reference. The same scan notes formula cells saved without a value, which
openpyxl in ``data_only`` mode cannot tell apart from empty cells.

It also counts the cells of the whole workbook as it streams them, and refuses a file above
``IMPOR_BATAS_SEL`` cells at that moment: a few megabytes of rows without cell addresses would
otherwise keep openpyxl busy for minutes. Rows are not counted: a sheet formatted down to row
1,048,576 holds a million empty rows, which every reader passes quickly (the budget reader stops
after 1,000 empty rows). The same ``Tenggat``
(``IMPOR_BATAS_DETIK``) then bounds the time the readers spend on the rows
(``anggaran.impor.baca``, ``kinerja.buku_kerja``, ``pertukaran.buku_data``).
"""

import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml.ElementTree import fromstring as xml_aman
from django.conf import settings

MB = 1024 * 1024
BATAS_UKURAN_BERKAS = 25 * MB
BATAS_ISI_ZIP = 250 * MB  # declared uncompressed size of all parts together
BATAS_ISI_BAGIAN = 150 * MB  # one part (a worksheet is streamed, so it may be large)
BATAS_SHARED_STRINGS = 40 * MB  # openpyxl keeps the shared strings in memory
BATAS_RASIO = 100  # uncompressed / compressed, for parts above 1 MB
BATAS_JUMLAH_BAGIAN = 2000
BATAS_SEL_GABUNGAN = 100_000
POTONGAN = 1 * MB
PERIKSA_WAKTU_TIAP = 1024  # rows between two looks at the clock
BATAS_BAGIAN_BUKU = 5 * MB  # xl/workbook.xml and its relationships, read whole
NS_REL_DOKUMEN = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PESAN_PECAH = "Pecah berkas atau hubungi admin."

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
RE_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
RE_GABUNGAN = re.compile(
    rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
# A cell with a formula and no saved value: <c r="C5"><f>SUM(C6:C9)</f></c> (or an empty <v/>).
RE_RUMUS_TANPA_NILAI = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*'
    rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)

PESAN_SIMPAN_XLSX = (
    "Buka berkas di Excel atau LibreOffice Calc, pilih Simpan Sebagai (Save As) "
    "“Buku Kerja Excel (.xlsx)”, lalu unggah berkas .xlsx itu."
)


class BerkasDitolak(Exception):
    """The file cannot be read at all; the message is Indonesian and shown as is."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Tenggat:
    """The time one import may spend reading its file, from ``check_berkas`` to the last row."""

    def __init__(self) -> None:
        self.detik = float(settings.IMPOR_BATAS_DETIK)
        self.batas = time.monotonic() + self.detik

    def periksa(self) -> None:
        if time.monotonic() > self.batas:
            detik = f"{self.detik:g}".replace(".", ",")
            raise BerkasDitolak(
                "Berkas terlalu besar untuk diimpor: membacanya memakan lebih dari "
                f"{detik} detik. {PESAN_PECAH}"
            )

    def baris(self, rows: Iterable) -> Iterator:
        """``rows`` as they come, looking at the clock every PERIKSA_WAKTU_TIAP rows."""
        for i, row in enumerate(rows, 1):
            if i % PERIKSA_WAKTU_TIAP == 0:
                self.periksa()
            yield row


@dataclass
class InfoBerkas:
    makro: bool = False
    # worksheet part name -> cell references of formulas without a saved value
    rumus_tanpa_nilai: dict[str, set[str]] = field(default_factory=dict)
    tenggat: Tenggat = field(default_factory=Tenggat)


@dataclass
class _Hitungan:
    """Cells of the whole workbook so far, against their limit."""

    batas: int
    sel: int = 0


def peta_lembar(zf: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(sheet name, part path, kind: "worksheet", "chartsheet" …) in workbook order.

    Raises ValueError (or KeyError, a parse error) when the workbook part or its relationships
    are missing, too large or odd."""
    infos = [zf.getinfo("xl/workbook.xml"), zf.getinfo("xl/_rels/workbook.xml.rels")]
    if any(i.file_size > BATAS_BAGIAN_BUKU for i in infos):
        raise ValueError("workbook.xml terlalu besar")
    buku = xml_aman(zf.read(infos[0]), forbid_dtd=True)
    relasi = xml_aman(zf.read(infos[1]), forbid_dtd=True)
    target = {}
    for rel in relasi:
        if rel.tag.rsplit("}", 1)[-1] != "Relationship":
            continue
        tujuan = rel.get("Target") or ""
        path = tujuan.lstrip("/") if tujuan.startswith("/") else posixpath.join("xl", tujuan)
        jenis = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target[rel.get("Id")] = (posixpath.normpath(path), jenis)
    lembar = []
    for el in buku.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((el.get(f"{{{ns}}}id") for ns in NS_REL_DOKUMEN if el.get(f"{{{ns}}}id")), None)
        if rid not in target:
            raise ValueError(f"lembar tanpa relasi {rid}")
        path, jenis = target[rid]
        lembar.append((el.get("name") or "", path, jenis))
    return lembar


def _nama_lembar(zf: zipfile.ZipFile, path: str) -> str:
    """The sheet name of a part, for a message; the part's own name when it is no sheet."""
    try:
        nama = {p: n for n, p, _ in peta_lembar(zf)}
    except Exception:  # only a message depends on it: the part's name will do
        nama = {}
    return f"lembar “{nama[path]}”" if path in nama else f"bagian {path}"


def _terlalu_besar(zf: zipfile.ZipFile, info: zipfile.ZipInfo, batas: int) -> BerkasDitolak:
    return BerkasDitolak(
        f"Berkas terlalu besar untuk diimpor: lebih dari {_angka(batas)} sel "
        f"({_nama_lembar(zf, info.filename)}). {PESAN_PECAH}"
    )


def _nomor_kolom(huruf: bytes) -> int:
    n = 0
    for c in huruf:
        n = n * 26 + (c - 64)
    return n


def _scan_bagian(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, hasil: InfoBerkas, hitungan: _Hitungan
) -> None:
    """Stream one XML part: refuse DTDs and huge merged ranges, count cells against the
    workbook's limit, note formulas without values."""
    lembar = info.filename.startswith("xl/worksheets/")
    sisa = b""
    pertama = True
    with zf.open(info) as f:
        while True:
            potong = f.read(POTONGAN)
            if not potong:
                break
            hasil.tenggat.periksa()
            # Every part is counted, wherever its relationships put a worksheet: <c with or
            # without a namespace prefix (x:c). The few other elements that start so (<cols>,
            # <cellXfs> …, a chart's c:) are nothing beside the limit; a tag cut between two
            # chunks is missed once per megabyte. A chunk without any ":" (most of a sheet
            # without prefixes; a one-byte search is far cheaper than a pattern's) has no
            # prefixed cell, so it is passed once.
            hitungan.sel += potong.count(b"<c")
            if b":" in potong:
                hitungan.sel += sum(map(potong.count, (b":c ", b":c>", b":c/>")))
            if hitungan.sel > hitungan.batas:
                raise _terlalu_besar(zf, info, hitungan.batas)
            if pertama:
                pertama = False
                if potong.startswith((b"\xff\xfe", b"\xfe\xff")) or potong[:4] in (
                    b"<\x00?\x00",
                    b"\x00<\x00?",
                ):
                    raise BerkasDitolak(
                        f"Bagian {info.filename} memakai pengodean UTF-16 yang tidak dipakai "
                        "Excel; berkas ditolak."
                    )
            buf = sisa + potong
            # Each regex only where its literal start is present: scanning 18 MB of cells with
            # RE_GABUNGAN took 0.15 s, a substring test takes a few ms.
            if b"!" in buf and b"<!" in buf and RE_DTD.search(buf):
                raise BerkasDitolak(
                    f"Bagian {info.filename} berisi deklarasi DOCTYPE/ENTITY XML. Berkas Excel "
                    "yang wajar tidak memilikinya; berkas ditolak demi keamanan."
                )
            if lembar:
                for m in RE_GABUNGAN.finditer(buf) if b"mergeCell" in buf else ():
                    kolom = _nomor_kolom(m.group(3)) - _nomor_kolom(m.group(1)) + 1
                    baris = int(m.group(4)) - int(m.group(2)) + 1
                    if kolom * baris > BATAS_SEL_GABUNGAN:
                        ref = f"{m.group(1).decode()}{m.group(2).decode()}:"
                        ref += f"{m.group(3).decode()}{m.group(4).decode()}"
                        raise BerkasDitolak(
                            f"Sel gabungan {ref} mencakup {kolom * baris:,} sel (batas "
                            f"{BATAS_SEL_GABUNGAN:,}). Lepaskan gabungan sel itu "
                            "(Unmerge), simpan, lalu unggah lagi.".replace(",", ".")
                        )
                if b"<f" in buf:
                    for m in RE_RUMUS_TANPA_NILAI.finditer(buf):
                        hasil.rumus_tanpa_nilai.setdefault(info.filename, set()).add(
                            m.group(1).decode()
                        )
            # Keep a tail so that a tag cut between two chunks is still seen whole.
            sisa = buf[-4096:]


def check_berkas(data: bytes, *, nama_berkas: str) -> InfoBerkas:
    """Refuse anything that is not a sane .xlsx/.xlsm; return what the scan learned, with the
    ``Tenggat`` of this import (started now) for the reader."""
    tenggat = Tenggat()
    nama = nama_berkas.lower()
    if not data:
        raise BerkasDitolak("Berkas kosong.")
    if len(data) > BATAS_UKURAN_BERKAS:
        raise BerkasDitolak(
            f"Berkas berukuran {len(data) // MB} MB; batasnya {BATAS_UKURAN_BERKAS // MB} MB."
        )
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise BerkasDitolak(
                "Berkas terkunci kata sandi (terenkripsi), sehingga isinya tidak dapat dibaca. "
                "Buka berkas, hapus kata sandinya (File › Info › Proteksi), simpan sebagai .xlsx, "
                "lalu unggah lagi."
            )
        raise BerkasDitolak(
            "Berkas ini format lama Excel 97–2003 (.xls), yang tidak dapat dibaca aplikasi ini. "
            + PESAN_SIMPAN_XLSX
        )
    if not data.startswith(b"PK\x03\x04"):
        jenis = "CSV/teks" if nama.endswith((".csv", ".txt")) else "lembar kerja Excel"
        if jenis == "CSV/teks":
            raise BerkasDitolak(f"Berkas {jenis} tidak dapat diimpor langsung. {PESAN_SIMPAN_XLSX}")
        raise BerkasDitolak(
            "Berkas ini bukan lembar kerja Excel (.xlsx). Unggah berkas .xlsx hasil SAKTI, "
            "OM-SPAN, POK/RKA-K/L, atau templat impor aplikasi ini."
        )
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise BerkasDitolak(
            "Berkas .xlsx rusak (arsip zip tidak utuh). Buka dan simpan ulang di Excel atau "
            "LibreOffice, lalu unggah lagi."
        ) from exc
    with zf:
        if len(infos) > BATAS_JUMLAH_BAGIAN:
            raise BerkasDitolak(
                f"Berkas berisi {len(infos)} bagian; berkas Excel wajar jauh lebih sedikit."
            )
        nama_bagian = {i.filename for i in infos}
        if "mimetype" in nama_bagian and "content.xml" in nama_bagian:
            raise BerkasDitolak(
                "Berkas ini format OpenDocument (.ods), bukan .xlsx. " + PESAN_SIMPAN_XLSX
            )
        if "[Content_Types].xml" not in nama_bagian or "xl/workbook.xml" not in nama_bagian:
            raise BerkasDitolak("Berkas ini arsip zip, tetapi bukan buku kerja Excel (.xlsx).")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise BerkasDitolak(
                    "Berkas terkunci kata sandi (terenkripsi); hapus kata sandinya dan unggah lagi."
                )
            total += info.file_size
            batas = (
                BATAS_SHARED_STRINGS
                if info.filename == "xl/sharedStrings.xml"
                else BATAS_ISI_BAGIAN
            )
            rasio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > batas
                or total > BATAS_ISI_ZIP
                or (info.file_size > MB and rasio > BATAS_RASIO)
            ):
                raise BerkasDitolak(
                    f"Berkas ditolak: bagian {info.filename} mengembang menjadi "
                    f"{info.file_size // MB} MB dari {max(info.compress_size // 1024, 1)} KB "
                    "(ciri “bom zip”). Berkas anggaran yang wajar jauh lebih kecil."
                )
        hasil = InfoBerkas(makro="xl/vbaProject.bin" in nama_bagian, tenggat=tenggat)
        hitungan = _Hitungan(batas=int(settings.IMPOR_BATAS_SEL))
        try:
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _scan_bagian(zf, info, hasil, hitungan)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise BerkasDitolak(
                "Berkas .xlsx rusak (isi arsip zip tidak dapat dibuka). Buka dan simpan ulang di "
                "Excel atau LibreOffice, lalu unggah lagi."
            ) from exc
    return hasil
