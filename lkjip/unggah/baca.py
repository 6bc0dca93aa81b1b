"""Opening an uploaded workbook, once ``berkas.check_berkas`` has passed it, and naming what is
wrong in it."""

import threading
from dataclasses import dataclass
from io import BytesIO
from unittest import mock

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet


@dataclass(frozen=True)
class Masalah:
    """A problem in the file, located by sheet, row and column (letter), in Indonesian."""

    pesan: str
    lembar: str = ""
    baris: int | None = None
    kolom: str = ""
    galat: bool = True

    @property
    def lokasi(self) -> str:
        bagian = []
        if self.lembar:
            bagian.append(f"lembar “{self.lembar}”")
        if self.baris is not None:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom {self.kolom}")
        return ", ".join(bagian)

    def __str__(self) -> str:
        jenis = "Galat" if self.galat else "Peringatan"
        return f"{jenis} ({self.lokasi}): {self.pesan}" if self.lokasi else f"{jenis}: {self.pesan}"

    def to_json(self) -> list:
        return [self.pesan, self.lembar, self.baris, self.kolom, self.galat]

    @classmethod
    def from_json(cls, data: list) -> "Masalah":
        return cls(*data)


_KUNCI_BUKA = threading.Lock()


def buka_xlsx(data: bytes):
    """openpyxl in read-only, values-only mode, without its up-front size scan.

    A read-only worksheet looks for its declared dimension when the workbook is opened, and a
    sheet without one (openpyxl's own write-only output, some exporters) is then parsed to the end
    once before any row is read. The dimension is not trusted here anyway (``reset_dimensions``),
    so the scan is skipped while this workbook is opened.
    """
    with _KUNCI_BUKA, mock.patch.object(ReadOnlyWorksheet, "_get_size", lambda self: None):
        return load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
