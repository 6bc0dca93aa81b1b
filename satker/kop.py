"""The letterhead (kop surat) of the printed documents: the report's cover letter (Kata
Pengantar) and the Perjanjian Kinerja, in the report and on its own. One object, one partial
template (templates/laporan/dokumen/_kop_surat.html)."""

from dataclasses import dataclass
from pathlib import Path

from satker.models import Satker

LEMBAGA = "KOMISI PEMILIHAN UMUM"


@dataclass(frozen=True)
class KopSurat:
    kode: str  # the satker's kode: the web page asks for the emblem by it
    wilayah: str  # "KABUPATEN GUNUNG MAS", under the institution's name
    alamat: str  # "Jl. … , Kuala Kurun, Kalimantan Tengah"
    kontak: str  # "Telepon (0537) 3031234 · Email …", "" when neither is known
    logo: str  # path of the emblem file, "" when none is uploaded

    lembaga: str = LEMBAGA

    @property
    def logo_uri(self) -> str:
        return Path(self.logo).as_uri() if self.logo else ""


def build_kop(satker: Satker) -> KopSurat:
    alamat = satker.alamat.strip() or satker.kedudukan.strip()
    if satker.provinsi and satker.provinsi.lower() not in alamat.lower():
        alamat = f"{alamat}, {satker.provinsi}" if alamat else satker.provinsi
    kontak = " · ".join(
        f"{label} {nilai}"
        for label, nilai in (("Telepon", satker.telepon.strip()), ("Email", satker.email.strip()))
        if nilai
    )
    return KopSurat(
        kode=satker.kode,
        wilayah=satker.wilayah.upper(),
        alamat=alamat,
        kontak=kontak,
        logo=satker.logo.path if satker.logo else "",
    )
