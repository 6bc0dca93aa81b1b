"""Budget import from spreadsheets: file checks, reading, preview and commit."""

from anggaran.impor.baca import BarisImpor, HasilBaca, read_anggaran
from anggaran.impor.layanan import (
    ImporGagal,
    Pratinjau,
    apply_impor,
    build_pratinjau,
    cancel_impor,
    create_impor,
    list_baris,
    list_masalah,
    read_pratinjau,
)
from lkjip.unggah.baca import Masalah
from lkjip.unggah.berkas import BerkasDitolak, check_berkas

__all__ = [
    "BarisImpor",
    "BerkasDitolak",
    "HasilBaca",
    "ImporGagal",
    "Masalah",
    "Pratinjau",
    "apply_impor",
    "build_pratinjau",
    "cancel_impor",
    "check_berkas",
    "create_impor",
    "list_baris",
    "list_masalah",
    "read_anggaran",
    "read_pratinjau",
]
