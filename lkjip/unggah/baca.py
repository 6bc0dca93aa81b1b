"""Naming what is wrong in an uploaded workbook."""

from dataclasses import dataclass


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
