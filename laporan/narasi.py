"""The narrative sections of a satker-year's report, as the editor and the dashboard list them.

The list follows the templates of the report (templates/laporan/dokumen/*): every ``Narasi.Bagian``
without a key, the four optional introductions of the Renstra data (``renstra`` with kunci
``makna_visi`` …) and one analysis per programme printed in Tabel 3.2 (``analisis_sasaran`` with
the programme code as kunci).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from anggaran.models import Tingkat
from anggaran.services import build_pohon_anggaran
from kinerja.models import IndikatorKinerja, ProgramPK, SasaranPK
from kinerja.services import build_ringkasan_kinerja
from laporan.dokumen import (
    PLACEHOLDER,
    TeksNarasi,
    build_renstra,
    find_placeholder_tidak_dikenal,
    nilai_placeholder,  # the report's own values, so the preview cannot differ from the report
)
from laporan.models import Komentar, Narasi
from laporan.placeholder import BERKODE, isi_placeholder, keterangan_tambahan
from satker.models import Pengguna, Satker

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
    diperbarui_oleh: str = ""  # name of the last writer
    diperbarui_pada: datetime | None = None


def list_program_analisis(*, satker: Satker, tahun: int) -> list[tuple[str, str]]:
    """(kode, nama) of the programmes whose analysis BAB III.B prints: those of the PK in force
    with a measured sasaran (Tabel 3.2) holding at least one indicator. One query."""
    daftar = (
        ProgramPK.objects.milik(satker=satker, tahun=tahun)
        .filter(
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
        (n.bagian, n.kunci): n
        for n in Narasi.objects.filter(satker=satker, tahun=tahun).select_related("diperbarui_oleh")
    }

    def entri(bagian: Narasi.Bagian, kunci: str, judul: str, *, wajib: bool = True) -> BagianNarasi:
        n = ditulis.get((bagian.value, kunci))
        teks = n.teks if n else ""
        oleh = n.diperbarui_oleh if n else None
        return BagianNarasi(
            bagian=bagian.value,
            kunci=kunci,
            judul=judul,
            teks=teks,
            terisi=bool(teks.strip()),
            wajib=wajib,
            diperbarui_oleh=(oleh.get_full_name() or oleh.username) if oleh else "",
            diperbarui_pada=n.diperbarui_pada if n else None,
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


# --- The editor ---------------------------------------------------------------------------------


def versi_dari(pada: datetime | None) -> str:
    """The version token the editor carries in a hidden field: the time of the last save, "" for
    a section not written yet."""
    return pada.isoformat() if pada else ""


@dataclass(frozen=True)
class PilihanPlaceholder:
    teks: str  # as written in the narrative, e.g. "{serapan_total}" or "{pagu:076.01.CQ}"
    keterangan: str
    nilai: str  # the current value, formatted as printed


@dataclass(frozen=True)
class BarisAnggaranPlaceholder:
    """A programme or kegiatan of the picker with its four coded placeholders."""

    kode: str
    uraian: str
    tingkat: str
    pilihan: tuple[PilihanPlaceholder, ...]  # pagu, realisasi, sisa, serapan


@dataclass(frozen=True)
class NilaiPlaceholder:
    nilai: Mapping[str, str]
    berkode: dict[tuple[str, str], str]
    pilihan: tuple[PilihanPlaceholder, ...]  # the names of PLACEHOLDER
    # Those added for this satker: a KPU Provinsi's or KPU RI's figures rolled up from the satker
    # below it (docs/pemantauan.md); empty for the others.
    pilihan_tambahan: tuple[PilihanPlaceholder, ...]
    anggaran: tuple[BarisAnggaranPlaceholder, ...]


_KETERANGAN_BERKODE = {
    "pagu": "Pagu",
    "realisasi": "Realisasi",
    "sisa": "Sisa",
    "serapan": "Serapan",
}


def build_nilai_placeholder(*, satker: Satker, tahun: int) -> NilaiPlaceholder:
    """The values the report fills placeholders with (the report's own code), and the picker's
    lists: every name of ``PLACEHOLDER`` and the coded ones of each programme and kegiatan."""
    kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    anggaran = build_pohon_anggaran(satker=satker, tahun=tahun)
    nilai, berkode = nilai_placeholder(
        satker=satker,
        tahun=tahun,
        kinerja=kinerja,
        anggaran=anggaran,
        renstra=build_renstra(satker=satker, tahun=tahun),
    )
    pilihan = tuple(
        PilihanPlaceholder(teks=f"{{{nama}}}", keterangan=keterangan, nilai=nilai[nama])
        for nama, keterangan in PLACEHOLDER.items()
    )
    pilihan_tambahan = tuple(
        PilihanPlaceholder(teks=f"{{{nama}}}", keterangan=keterangan, nilai=nilai[nama])
        for nama, keterangan in keterangan_tambahan(satker=satker).items()
    )
    # Lower budget levels work too (any code of the year), but would make the list endless.
    baris = tuple(
        BarisAnggaranPlaceholder(
            kode=node.kode,
            uraian=node.uraian,
            tingkat=Tingkat(node.tingkat).label,
            pilihan=tuple(
                PilihanPlaceholder(
                    teks=f"{{{nama}:{node.kode}}}",
                    keterangan=f"{_KETERANGAN_BERKODE[nama]} {node.kode}",
                    nilai=berkode[(nama, node.kode)],
                )
                for nama in BERKODE
            ),
        )
        for node in anggaran.semua()
        if node.tingkat in (Tingkat.PROGRAM, Tingkat.KEGIATAN)
    )
    return NilaiPlaceholder(
        nilai=nilai,
        berkode=berkode,
        pilihan=pilihan,
        pilihan_tambahan=pilihan_tambahan,
        anggaran=baris,
    )


def build_pratinjau(
    *, teks: str, bagian: str, kunci: str, judul: str, nilai: NilaiPlaceholder
) -> TeksNarasi:
    """The section as the report prints it (render with laporan/dokumen/_narasi.html)."""
    isi = isi_placeholder(teks, nilai=nilai.nilai, nilai_berkode=nilai.berkode)
    return TeksNarasi(
        bagian=bagian, kunci=kunci, judul=judul, teks=isi.teks, tidak_dikenal=isi.tidak_dikenal
    )


class KonflikNarasi(Exception):
    """Someone else saved the section after the editor was opened: nothing was written."""

    def __init__(self, *, teks: str, oleh: str, pada: datetime | None) -> None:
        super().__init__("Narasi sudah diubah oleh pengguna lain.")
        self.teks = teks
        self.oleh = oleh
        self.pada = pada

    @property
    def versi(self) -> str:
        return versi_dari(self.pada)


def update_narasi(
    *,
    satker: Satker,
    tahun: int,
    bagian: str,
    kunci: str,
    teks: str,
    versi: str,
    pengguna: Pengguna,
) -> Narasi | None:
    """Save the section written in an editor opened at ``versi``; an empty text deletes it.

    Raises ``KonflikNarasi`` when the stored section is no longer the one the editor was opened
    with (no silent overwrite), ``ValidationError`` for unknown placeholders and for a signed year
    (pengesahan.guard). Returns the saved row, None when deleted.
    """
    teks = teks.replace("\r\n", "\n").strip("\n")
    if teks.strip():
        validate_teks_narasi(satker=satker, tahun=tahun, teks=teks)
    try:
        with transaction.atomic():
            n = (
                # of=self: PostgreSQL cannot lock the nullable side of the join to the writer.
                Narasi.objects.select_for_update(of=("self",))
                .select_related("diperbarui_oleh")
                .filter(satker=satker, tahun=tahun, bagian=bagian, kunci=kunci)
                .first()
            )
            sekarang = versi_dari(n.diperbarui_pada) if n else ""
            if sekarang != versi:
                oleh = n.diperbarui_oleh if n else None
                raise KonflikNarasi(
                    teks=n.teks if n else "",
                    oleh=(oleh.get_full_name() or oleh.username) if oleh else "pengguna lain",
                    pada=n.diperbarui_pada if n else None,
                )
            if not teks.strip():
                if n is not None:
                    n.delete()
                return None
            if n is None:
                n = Narasi(satker=satker, tahun=tahun, bagian=bagian, kunci=kunci)
            n.teks = teks
            n.diperbarui_oleh = pengguna
            n.save()
            return n
    except IntegrityError:
        # Two editors created the same new section at once; the other one won.
        n = Narasi.objects.select_related("diperbarui_oleh").get(
            satker=satker, tahun=tahun, bagian=bagian, kunci=kunci
        )
        oleh = n.diperbarui_oleh
        raise KonflikNarasi(
            teks=n.teks,
            oleh=(oleh.get_full_name() or oleh.username) if oleh else "pengguna lain",
            pada=n.diperbarui_pada,
        ) from None


# --- Comments -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KomentarTampil:
    id: int
    teks: str
    penulis: str
    peran: str
    dibuat_pada: datetime
    bagian: str
    kunci: str
    judul_bagian: str
    indikator_id: int | None
    indikator: str
    url_bagian: str = ""  # filled by the view


def list_komentar(
    *,
    satker: Satker,
    tahun: int,
    bagian: str | None = None,
    kunci: str = "",
    indikator_id: int | None = None,
) -> list[KomentarTampil]:
    """The comments of a satker-year, oldest first; only a section's or an indicator's when
    given. One query."""
    qs = Komentar.objects.filter(satker=satker, tahun=tahun).select_related("penulis", "indikator")
    if bagian is not None:
        qs = qs.filter(bagian=bagian, kunci=kunci)
    if indikator_id is not None:
        qs = qs.filter(indikator_id=indikator_id)
    hasil = []
    for k in qs.order_by("dibuat_pada", "pk"):
        p = k.penulis
        hasil.append(
            KomentarTampil(
                id=k.pk,
                teks=k.teks,
                penulis=(p.get_full_name() or p.username) if p else "(pengguna dihapus)",
                peran=p.nama_peran if p else "",
                dibuat_pada=k.dibuat_pada,
                bagian=k.bagian,
                kunci=k.kunci,
                judul_bagian=(k.get_bagian_display() + (f" ({k.kunci})" if k.kunci else ""))
                if k.bagian
                else "",
                indikator_id=k.indikator_id,
                indikator=k.indikator.nama if k.indikator else "",
            )
        )
    return hasil


def get_indikator_tahun(*, satker: Satker, tahun: int, pk: int) -> IndikatorKinerja | None:
    """The indicator ``pk`` if it belongs to a PK of (satker, tahun)."""
    return IndikatorKinerja.objects.milik(satker=satker, tahun=tahun).filter(pk=pk).first()


def add_komentar(
    *,
    satker: Satker,
    tahun: int,
    teks: str,
    penulis: Pengguna,
    bagian: str = "",
    kunci: str = "",
    indikator: IndikatorKinerja | None = None,
) -> Komentar:
    teks = teks.strip()
    if not teks:
        raise ValidationError("Komentar tidak boleh kosong.")
    if len(teks) > 5000:
        raise ValidationError("Komentar terlalu panjang (paling banyak 5.000 karakter).")
    if bagian and get_bagian_narasi(satker=satker, tahun=tahun, bagian=bagian, kunci=kunci) is None:
        raise ValidationError("Bagian narasi ini tidak ada di laporan.")
    return Komentar.objects.create(
        satker=satker,
        tahun=tahun,
        bagian=bagian,
        kunci=kunci if bagian else "",
        indikator=indikator,
        teks=teks,
        penulis=penulis,
    )
