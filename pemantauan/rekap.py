"""What a KPU Provinsi or KPU RI sees of the satker below it, and the figures rolled up from
them (docs/pemantauan.md).

One row per subordinate satker for a year (``build_pemantauan``) and the roll-up of any set of
rows (``build_rekap``): every figure is computed here from the satker's own data, never typed.
The monitoring page, its xlsx, a province's narrative placeholders and the comparison on a
satker's dashboard all read these two functions; nothing else computes them.

Cost: a constant number of queries whatever the number of satker (552 nationally): the rows are
read for all satker at once and measured in Python with the same rules as a single satker's
dashboard (kinerja.services), never a loop of queries over satker.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class IsianTW:
    """One TW of one satker: how many measured indicators (Tabel 3.2) have a value."""

    triwulan: int
    terisi: int
    jumlah: int
    batas: datetime.date | None  # the TW's due date (kinerja.jadwal), None when not set
    keadaan: str  # "lengkap" | "terlambat" | "berjalan" | "belum" (docs/pemantauan.md)

    @property
    def lengkap(self) -> bool:
        return self.jumlah > 0 and self.terisi == self.jumlah


@dataclass(frozen=True)
class BarisPemantauan:
    """One subordinate satker in one year."""

    satker_id: int
    kode: str
    nama: str
    jenis: str  # satker.models.Satker.Jenis
    provinsi_id: int | None  # the KPU Provinsi it belongs to (itself for a province)
    provinsi: str  # that province's name, for grouping and filtering
    tahun: int
    tw: tuple[IsianTW, ...]  # TW I..IV
    status: str  # pengesahan.models.Pengesahan.Status value; "draf" when none
    status_label: str
    status_waktu: datetime.datetime | None  # when the current status was reached
    tepat_waktu: bool | None  # report signed by the deadline; None while it is not yet due
    capaian: Decimal | None  # capaian kinerja (docs/aturan.md rule 10), capped
    kategori: str | None
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None  # percent; None without pagu
    galat: int | None  # consistency check of the report; None when never checked
    peringatan: int | None
    pemeriksaan_kini: bool  # whether galat/peringatan were counted on the current data


@dataclass(frozen=True)
class Rekap:
    """Figures rolled up from a set of rows (docs/pemantauan.md)."""

    jumlah_satker: int
    per_status: dict[str, int]  # status value → number of satker (every status present, 0 too)
    per_kategori: dict[str, int]  # category name → number of satker; "Belum terukur" for None
    rata_serapan: Decimal | None  # mean of the satker's serapan
    serapan_tertimbang: Decimal | None  # Σ realisasi ÷ Σ pagu × 100
    tepat_waktu: int  # satker whose report was signed by the deadline
    jatuh_tempo: int  # satker whose deadline has passed or who signed (the denominator)
    persen_tepat_waktu: Decimal | None
    histogram_serapan: tuple[tuple[str, int], ...]  # ("< 50 %", n), ("50–60 %", n) …
