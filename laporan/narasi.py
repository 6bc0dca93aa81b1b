"""The narrative sections of a satker-year's report, as the editor and the dashboard list them.

The list follows the templates of the report (templates/laporan/dokumen/*): every ``Narasi.Bagian``
without a key, the four optional introductions of the Renstra data (``renstra`` with kunci
``makna_visi`` …) and one analysis per programme printed in Tabel 3.2 (``analisis_sasaran`` with
the programme code as kunci).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from kinerja.models import ProgramPK, SasaranPK
from laporan.dokumen import find_placeholder_tidak_dikenal
from laporan.models import Narasi
from satker.models import Satker

# The Renstra introductions printed before the visi/misi/tujuan/sasaran lists (bab_2.html); the
# report prints a standard sentence when one is empty.
KUNCI_RENSTRA = (
    ("makna_visi", "makna visi"),
    ("misi", "misi"),
    ("tujuan", "tujuan"),
    ("sasaran", "sasaran strategis"),
)


@dataclass(frozen=True)
class BagianNarasi:
    bagian: str  # a Narasi.Bagian value
    kunci: str  # "" or a programme code / Renstra sub-part
    judul: str
    teks: str  # as written, placeholders unfilled; "" when not written
    terisi: bool
    wajib: bool = True  # False for parts the report replaces by a standard sentence when empty


def list_program_analisis(*, satker: Satker, tahun: int) -> list[tuple[str, str]]:
    """(kode, nama) of the programmes whose analysis BAB III.B prints: those of the PK in force
    with a measured sasaran (Tabel 3.2) holding at least one indicator. One query."""
    daftar = (
        ProgramPK.objects.filter(
            perjanjian__satker=satker,
            perjanjian__tahun=tahun,
            sasaran__bagian=SasaranPK.Bagian.KINERJA,
            sasaran__indikator__isnull=False,
        )
        .order_by("-perjanjian__versi", "urutan")
        .values_list("perjanjian__versi", "kode", "nama")
        .distinct()
    )
    hasil: dict[str, str] = {}
    versi_berlaku = None
    for versi, kode, nama in daftar:
        if versi_berlaku is None:
            versi_berlaku = versi
        # Only the PK in force (highest versi) counts, as in get_pk_berlaku.
        if versi == versi_berlaku:
            hasil.setdefault(kode, nama)
    return list(hasil.items())


def list_bagian_narasi(*, satker: Satker, tahun: int) -> list[BagianNarasi]:
    """Every narrative section the report of (satker, tahun) prints, in print order, with its
    text when written. Two queries whatever the number of sections."""
    ditulis = {
        (bagian, kunci): teks
        for bagian, kunci, teks in Narasi.objects.filter(satker=satker, tahun=tahun).values_list(
            "bagian", "kunci", "teks"
        )
    }

    def entri(bagian: Narasi.Bagian, kunci: str, judul: str, *, wajib: bool = True) -> BagianNarasi:
        teks = ditulis.get((bagian.value, kunci), "")
        return BagianNarasi(
            bagian=bagian.value,
            kunci=kunci,
            judul=judul,
            teks=teks,
            terisi=bool(teks.strip()),
            wajib=wajib,
        )

    hasil: list[BagianNarasi] = []
    for bagian in Narasi.Bagian:
        hasil.append(entri(bagian, "", bagian.label))
        if bagian == Narasi.Bagian.RENSTRA:
            hasil.extend(
                entri(bagian, kunci, f"{bagian.label}: pengantar {label}", wajib=False)
                for kunci, label in KUNCI_RENSTRA
            )
        elif bagian == Narasi.Bagian.ANALISIS_SASARAN:
            hasil.extend(
                entri(bagian, kode, f"BAB III.B Analisis {nama} ({kode})")
                for kode, nama in list_program_analisis(satker=satker, tahun=tahun)
            )
    return hasil


def get_bagian_narasi(
    *, satker: Satker, tahun: int, bagian: str, kunci: str
) -> BagianNarasi | None:
    """The section (bagian, kunci) if the report prints it, else None."""
    for b in list_bagian_narasi(satker=satker, tahun=tahun):
        if b.bagian == bagian and b.kunci == kunci:
            return b
    return None


def validate_teks_narasi(*, satker: Satker, tahun: int, teks: str) -> None:
    """Refuse a text with placeholders the report cannot fill (the admin form and the editor)."""
    salah = find_placeholder_tidak_dikenal(satker=satker, tahun=tahun, teks=teks)
    if salah:
        raise ValidationError(
            f"Placeholder tidak dikenal: {', '.join(salah)}. Periksa ejaannya atau kode "
            "anggarannya; daftar yang tersedia ada di bawah kolom ini."
        )
