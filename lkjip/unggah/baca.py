"""Naming what is wrong in an uploaded workbook: the one problem type of the three uploads."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Masalah:
    """A problem in the file, in Indonesian, located by sheet, row and column (its letter, with
    the column's name where the sheet names its columns: "G (nilai)"); a galat stops the upload,
    a peringatan does not."""

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
