"""The capaian rules (docs/aturan.md rules 1–7 and 10) and a satker's measured performance in a
year.

The pure functions at the top know nothing of the database; ``build_ringkasan_kinerja`` loads a
year's Perjanjian Kinerja in a constant number of queries and returns an immutable summary that the
web page, the PDF and the exports all read. Nothing here rounds except ``SkalaKategori.kategori``
(rule 7).
"""

import datetime
import hashlib
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from kinerja.jadwal import StatusTriwulan, status_triwulan
from kinerja.models import (
    Agregasi,
    BuktiDukung,
    CatatanTriwulan,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    Realisasi,
    RencanaAksi,
    SasaranPK,
    Triwulan,
)
from lkjip.angka import KOSONG, bulatkan, format_angka
from lkjip.isian import IsianDitolak, format_isian, format_nilai, parse_nilai_realisasi
from lkjip.kunci import pastikan_bisa_diubah, pesan_kunci
from renstra.models import Polaritas
from riwayat.models import Perubahan
from riwayat.services import catat_baris, format_waktu
from satker.models import Pengguna, Satker

SERATUS = Decimal(100)
NOL = Decimal(0)
# Triwulan.values builds a new list on each read; measuring thousands of indicators reads it often.
_TW = tuple(Triwulan.values)
_KOSONG_TW = (None, None, None, None)
_TANPA_RENCANA = ("", "", "", "")


class Kekurangan(Enum):
    """What keeps an indicator from its capaian (docs/aturan.md rules 3 and 5), found once by
    ``measure_indikator``; the value is how the workspace lists it."""

    TARGET_KOSONG = "Target belum ditetapkan"
    DOKUMEN_KOSONG = "Daftar dokumen wajib belum diisi"  # a document target without its list
    TARGET_NOL_POSITIF = "Target 0 tidak dapat diukur pada polaritas positif"
    DOKUMEN_BELUM_DIPERIKSA = "Dokumen belum diperiksa"
    REALISASI_KOSONG = "Realisasi belum diisi"


@dataclass(frozen=True)
class Kategori:
    """A band of the category scale: reached when ``c >= batas_bawah`` (``c > batas_bawah`` when
    ``termasuk_batas`` is false); the lowest band has no lower bound."""

    nama: str
    batas_bawah: Decimal | None
    termasuk_batas: bool


def _urutan_pita(kategori: Kategori) -> tuple[bool, Decimal, bool]:
    """The one order of a scale's bands, lowest first: the band without a lower bound, then by
    bound; at an equal bound "≥ x" before "> x"."""
    return (
        kategori.batas_bawah is not None,
        kategori.batas_bawah or NOL,
        not kategori.termasuk_batas,
    )


@dataclass(frozen=True)
class RentangKategori:
    """One band of a scale between its own lower bound (``dari``) and the next band's
    (``sampai``), in the words every page, chart and table prints."""

    nama: str
    dari: Decimal | None  # None: the lowest band
    sampai: Decimal | None  # None: the highest band
    tanda_dari: str  # "≥ 55%", "> 75%"; "" for the lowest band
    tanda_sampai: str  # "< 55%", "≤ 90%"; "" for the highest band
    uraian: str  # "Lebih dari 75% sampai dengan 90%" (Tabel 3.3)

    @property
    def tanda(self) -> str:
        """The band in one sign, as the chart labels its zone: its own bound, else the next's."""
        return self.tanda_dari or self.tanda_sampai


def _rentang(kategori: Kategori, berikut: Kategori | None) -> RentangKategori:
    dari = kategori.batas_bawah
    sampai = berikut.batas_bawah if berikut is not None else None
    tanda_dari = tanda_sampai = ""
    kata = []
    if dari is not None:
        batas = f"{format_angka(dari)}%"
        tanda_dari = f"{'≥' if kategori.termasuk_batas else '>'} {batas}"
        kata.append(batas if kategori.termasuk_batas else f"lebih dari {batas}")
    if sampai is not None:
        batas = f"{format_angka(sampai)}%"
        # A next band starting at "≥ x" leaves x out of this one; one starting at "> x" leaves x in.
        tanda_sampai = f"{'<' if berikut.termasuk_batas else '≤'} {batas}"
        kata.append(f"kurang dari {batas}" if berikut.termasuk_batas else f"sampai dengan {batas}")
    elif kata and kategori.termasuk_batas:
        kata.append("atau lebih")
    uraian = " ".join(kata) or "semua nilai"
    return RentangKategori(
        nama=kategori.nama,
        dari=dari,
        sampai=sampai,
        tanda_dari=tanda_dari,
        tanda_sampai=tanda_sampai,
        uraian=uraian[0].upper() + uraian[1:],
    )


KATEGORI_ACUAN = "Baik"


@dataclass(frozen=True)
class SkalaKategori:
    """A satker's category scale for a year (docs/aturan.md rule 7), built once from its bands
    (``get_skala``): it classifies a capaian, keeps the bands in one order (lowest first, whatever
    order they were given in) and words them for the pages, the chart and the report."""

    pita: tuple[Kategori, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "pita", tuple(sorted(self.pita, key=_urutan_pita)))

    def kategori(self, capaian: Decimal | None) -> str | None:
        """The category of a capaian: the highest band whose floor it reaches.

        Decided on the value rounded half-up to two decimals, so the printed number and its
        category always agree (75.004 prints 75,00 and is Cukup Baik; 75.005 prints 75,01 and is
        Baik).
        """
        if capaian is None:
            return None
        dicetak = bulatkan(capaian, 2)
        hasil = None
        for kategori in self.pita:
            if _mencapai(dicetak, kategori):
                hasil = kategori.nama
        return hasil

    def di_bawah_baik(self, kategori: str | None) -> bool:
        """Whether a category ranks below "Baik" (PermenPAN-RB 53/2014: such an indicator needs its
        causes and a solution). A scale without a band named "Baik" takes its second-highest band
        as the reference. A capaian not measured (no category) is not below."""
        urut = [k.nama for k in self.pita]
        if kategori is None or len(urut) < 2 or kategori not in urut:
            return False
        acuan = next((i for i, n in enumerate(urut) if n.lower() == KATEGORI_ACUAN.lower()), None)
        if acuan is None:
            acuan = len(urut) - 2
        return urut.index(kategori) < acuan

    @property
    def rentang(self) -> tuple[RentangKategori, ...]:
        """Every band, lowest first, with its range in words and signs."""
        return tuple(
            _rentang(k, self.pita[i + 1] if i + 1 < len(self.pita) else None)
            for i, k in enumerate(self.pita)
        )

    @property
    def legenda(self) -> str:
        """The scale in one line, as the pages print it: 'Gagal; Cukup Baik (≥ 55%); …'."""
        return "; ".join(
            f"{r.nama} ({r.tanda_dari})" if r.tanda_dari else r.nama for r in self.rentang
        )


DEFAULT_SKALA = SkalaKategori(
    (
        Kategori("Gagal", None, True),
        Kategori("Cukup Baik", Decimal(55), True),
        Kategori("Baik", Decimal(75), False),
        Kategori("Sangat Baik", Decimal(90), False),
    )
)


# --- Pure rules -----------------------------------------------------------------------------


def target_tak_terukur(*, target: Decimal | None, polaritas: str) -> bool:
    """docs/aturan.md rule 3: a positive-polarity target of 0 cannot be measured (there is nothing
    to divide by); the indicator has no capaian and is flagged."""
    return target == 0 and polaritas == Polaritas.POSITIF


def compute_capaian(
    *, target: Decimal | None, realisasi: Decimal | None, polaritas: str
) -> Decimal | None:
    """Capaian in percent, unrounded and uncapped.

    docs/aturan.md rule 1 (positif): ``realisasi / target × 100``.
    docs/aturan.md rule 2 (negatif): ``(2 × target − realisasi) / target × 100``, never below 0;
    with target 0, realisasi 0 gives 100 and anything above 0 gives 0.
    docs/aturan.md rule 3: a missing target or realisasi gives None (not 0); a positive-polarity
    target of 0 cannot be measured (``target_tak_terukur``) and also gives None.
    docs/aturan.md rule 4: no cap here; see ``apply_batas``.
    """
    if target is None or realisasi is None:
        return None
    if target_tak_terukur(target=target, polaritas=polaritas):
        return None
    if polaritas == Polaritas.POSITIF:
        return realisasi * SERATUS / target
    if polaritas == Polaritas.NEGATIF:
        if target == 0:
            return SERATUS if realisasi == 0 else NOL
        return max(NOL, (2 * target - realisasi) * SERATUS / target)
    raise ValueError(f"Polaritas tidak dikenal: {polaritas!r}")


def compute_capaian_dokumen(*, tersedia: int, wajib: int) -> Decimal | None:
    """docs/aturan.md rule 5, document targets: documents present / documents required × 100.

    No required documents means nothing to measure: None.
    """
    if wajib < 0 or not 0 <= tersedia <= wajib:
        raise ValueError(f"Jumlah dokumen tidak sah: {tersedia} dari {wajib}.")
    if wajib == 0:
        return None
    return Decimal(tersedia) * SERATUS / Decimal(wajib)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """Decimal mean of the values present (None skipped, docs/aturan.md rule 3); None if none."""
    hadir = [v for v in values if v is not None]
    if not hadir:
        return None
    return sum(hadir, NOL) / Decimal(len(hadir))


def aggregate_triwulan(*, nilai_tw: Mapping[int, Decimal], agregasi: str) -> Decimal | None:
    """The annual value from the triwulan values entered (docs/aturan.md rule 6).

    ``nilai_tw`` maps triwulan (1–4) to its value; a triwulan not yet entered is an absent key
    (0 is a value, docs/aturan.md rule 3). *kumulatif*: the sum; *nilai akhir*: the latest triwulan
    entered; *rata-rata*: the mean of the triwulan entered. Nothing entered gives None.
    """
    terisi = {tw: nilai for tw, nilai in nilai_tw.items() if nilai is not None}
    if not terisi:
        return None
    if agregasi == Agregasi.KUMULATIF:
        return sum(terisi.values(), NOL)
    if agregasi == Agregasi.NILAI_AKHIR:
        return terisi[max(terisi)]
    if agregasi == Agregasi.RATA_RATA:
        return mean(terisi.values())
    raise ValueError(f"Agregasi tidak dikenal: {agregasi!r}")


def compute_capaian_sampai_tw(
    *,
    target: Decimal | None,
    realisasi_tw: Sequence[Decimal | None],
    triwulan: int,
    polaritas: str,
    agregasi: str,
    batas: Decimal | None = None,
) -> Decimal | None:
    """Capaian s.d. TW ``triwulan`` against the yearly target: the realisations of TW I up to it
    aggregated by the indicator's rule (docs/aturan.md rule 6), then rules 1–4 as for the year.
    Compared with the serapan s.d. the same TW in the efficiency analysis (rule 14)."""
    nilai = {tw: v for tw, v in enumerate(realisasi_tw[:triwulan], 1) if v is not None}
    realisasi = aggregate_triwulan(nilai_tw=nilai, agregasi=agregasi)
    capaian = compute_capaian(target=target, realisasi=realisasi, polaritas=polaritas)
    return apply_batas(capaian=capaian, batas=batas)


def compute_capaian_triwulan(
    *,
    target_tw: Mapping[int, Decimal | None],
    realisasi_tw: Mapping[int, Decimal | None],
    triwulan: int,
    polaritas: str,
    agregasi: str,
) -> tuple[Decimal | None, Decimal | None]:
    """docs/aturan.md rule 15, the rencana aksi: (capaian of TW ``triwulan`` against its own
    target, capaian s.d. that TW against the targets s.d. that TW), unrounded and uncapped.

    The TW's capaian is rules 1–3 on the TW's target and value. S.d. TW k, the values and the
    targets of the TWs up to k that have both are aggregated alike by the indicator's rule 6
    (kumulatif: both summed; nilai akhir: the latest such TW; rata-rata: both averaged), so a TW
    not yet entered counts on neither side (missing is not zero, rule 3).
    """
    capaian_tw = compute_capaian(
        target=target_tw.get(triwulan), realisasi=realisasi_tw.get(triwulan), polaritas=polaritas
    )
    lengkap = [
        tw
        for tw in range(1, triwulan + 1)
        if target_tw.get(tw) is not None and realisasi_tw.get(tw) is not None
    ]
    if not lengkap:
        return capaian_tw, None
    target = aggregate_triwulan(nilai_tw={tw: target_tw[tw] for tw in lengkap}, agregasi=agregasi)
    realisasi = aggregate_triwulan(
        nilai_tw={tw: realisasi_tw[tw] for tw in lengkap}, agregasi=agregasi
    )
    return capaian_tw, compute_capaian(target=target, realisasi=realisasi, polaritas=polaritas)


def _mencapai(nilai: Decimal, kategori: Kategori) -> bool:
    if kategori.batas_bawah is None:
        return True
    if kategori.termasuk_batas:
        return nilai >= kategori.batas_bawah
    return nilai > kategori.batas_bawah


def apply_batas(*, capaian: Decimal | None, batas: Decimal | None) -> Decimal | None:
    """The capaian used for aggregation when the satker sets a cap (docs/aturan.md rule 4); the
    indicator itself is still shown as computed."""
    if capaian is None or batas is None:
        return capaian
    return min(capaian, batas)


# --- Loading from the database --------------------------------------------------------------


def get_pk_berlaku(*, satker: Satker, tahun: int) -> PerjanjianKinerja | None:
    """The Perjanjian Kinerja in force for the year: the highest ``versi``."""
    return PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun).order_by("-versi").first()


def get_pk_berlaku_banyak(*, satker_ids: Iterable[int], tahun: int) -> dict[int, PerjanjianKinerja]:
    """``get_pk_berlaku`` of many satker at once, in one query; a satker without a PK is absent."""
    hasil: dict[int, PerjanjianKinerja] = {}
    for pk in PerjanjianKinerja.objects.filter(satker_id__in=set(satker_ids), tahun=tahun).order_by(
        "satker_id", "-versi"
    ):
        hasil.setdefault(pk.satker_id, pk)
    return hasil


def get_skala(*, satker: Satker, tahun: int) -> SkalaKategori:
    """The satker's category scale for the year (docs/aturan.md rule 7): the year's own, else the
    latest earlier year's, else ``DEFAULT_SKALA``. One query."""
    return get_skala_banyak(satker_ids=[satker.pk], tahun=tahun)[satker.pk]


def get_skala_banyak(*, satker_ids: Iterable[int], tahun: int) -> dict[int, SkalaKategori]:
    """``get_skala`` of many satker at once, in one query; every satker asked for is answered."""
    satker_ids = set(satker_ids)
    per_satker: dict[int, tuple[int, list[Kategori]]] = {}
    for satker_id, tahun_skala, nama, batas_bawah, termasuk_batas in (
        KategoriCapaian.objects.filter(satker_id__in=satker_ids, tahun__lte=tahun)
        .order_by("satker_id", "-tahun", "urutan")
        .values_list("satker_id", "tahun", "nama", "batas_bawah", "termasuk_batas")
    ):
        terbaru, pita = per_satker.setdefault(satker_id, (tahun_skala, []))
        # Only the latest year that has a scale.
        if tahun_skala == terbaru:
            pita.append(Kategori(nama, batas_bawah, termasuk_batas))
    return {
        s: SkalaKategori(tuple(per_satker[s][1])) if s in per_satker else DEFAULT_SKALA
        for s in satker_ids
    }


@dataclass(frozen=True)
class CatatanTW:
    """Why an indicator fell below Baik in a TW and the planned fix (``CatatanTriwulan``)."""

    penyebab: str
    perbaikan: str


@dataclass(frozen=True)
class CapaianIndikator:
    indikator_id: int
    program_kode: str
    program_nama: str
    bagian: str
    sasaran_id: int
    sasaran_nomor: str
    sasaran: str
    kelompok: str
    nama: str
    kode_kegiatan: str
    jenis_target: str
    satuan: str
    polaritas: str
    agregasi: str
    target: Decimal | None
    target_teks: str
    dokumen: tuple[tuple[str, bool | None], ...]
    realisasi_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    realisasi: Decimal | None
    realisasi_teks: str
    capaian: Decimal | None
    capaian_dibatasi: Decimal | None
    kategori: str | None
    kekurangan: tuple[Kekurangan, ...]
    indikator_renstra_id: int | None = None
    standar_nasional: Decimal | None = None
    sumber_standar_nasional: str = ""
    penyebab: str = ""
    solusi: str = ""
    # The rencana aksi (docs/aturan.md rule 15), per TW I–IV: the TW target (None: not set; a
    # document target has none), the actions planned, the TW's capaian against its target and
    # the capaian s.d. that TW, the TW capaian's category, and the note of a TW below Baik.
    target_tw: tuple[Decimal | None, ...] = (None, None, None, None)
    rencana_tw: tuple[str, ...] = ("", "", "", "")
    capaian_tw: tuple[Decimal | None, ...] = (None, None, None, None)
    capaian_sd_tw: tuple[Decimal | None, ...] = (None, None, None, None)
    kategori_tw: tuple[str | None, ...] = (None, None, None, None)
    catatan_tw: tuple[CatatanTW | None, ...] = (None, None, None, None)

    @property
    def dokumen_belum_diperiksa(self) -> tuple[str, ...]:
        return _belum_diperiksa(self.dokumen)

    @property
    def tanpa_target(self) -> bool:
        """No target to measure against: none set, or a document target listing no document."""
        return (
            Kekurangan.TARGET_KOSONG in self.kekurangan
            or Kekurangan.DOKUMEN_KOSONG in self.kekurangan
        )

    @property
    def masalah(self) -> tuple[str, ...]:
        """``kekurangan`` as the workspace lists it: 'Dokumen belum diperiksa: BA, SK'."""
        return tuple(
            f"{k.value}: {', '.join(self.dokumen_belum_diperiksa)}"
            if k is Kekurangan.DOKUMEN_BELUM_DIPERIKSA
            else k.value
            for k in self.kekurangan
        )


@dataclass(frozen=True)
class RingkasanKinerja:
    tahun: int
    pk_id: int | None
    pk_versi: int | None
    pk_jenis: str | None
    indikator: tuple[CapaianIndikator, ...]
    terukur: tuple[CapaianIndikator, ...]
    capaian_kinerja: Decimal | None
    capaian_kinerja_dibatasi: Decimal | None
    kategori: str | None
    batas: Decimal | None
    jumlah_sasaran_program: int
    jumlah_sasaran_terukur: int
    jumlah_indikator_terukur: int
    belum_lengkap: tuple[CapaianIndikator, ...]
    skala: SkalaKategori


def _belum_diperiksa(dokumen: Iterable[tuple[str, bool | None]]) -> tuple[str, ...]:
    """The required documents not yet checked (``tersedia`` None), by name."""
    return tuple(nama for nama, tersedia in dokumen if tersedia is None)


def _gabungkan(nama: Sequence[str]) -> str:
    """['BA', 'SK'] -> 'BA dan SK'; ['A', 'B', 'C'] -> 'A, B dan C'."""
    if len(nama) <= 1:
        return "".join(nama)
    return f"{', '.join(nama[:-1])} dan {nama[-1]}"


def measure_indikator(
    *,
    indikator: IndikatorKinerja,
    realisasi: Iterable[Realisasi],
    dokumen: Iterable[DokumenWajib],
    skala: SkalaKategori,
    batas: Decimal | None,
    rencana_aksi: Iterable[RencanaAksi] = (),
    catatan: Iterable[CatatanTriwulan] = (),
) -> CapaianIndikator:
    """Apply rules 1–7 to one indicator whose sasaran and program are already loaded, and rule
    15 to its rencana aksi."""
    sasaran = indikator.sasaran
    program = sasaran.program
    nilai_tw = {r.triwulan: r.nilai for r in realisasi}
    realisasi_tw = (nilai_tw.get(1), nilai_tw.get(2), nilai_tw.get(3), nilai_tw.get(4))
    daftar_dokumen = tuple((d.nama, d.tersedia) for d in dokumen)
    kekurangan: list[Kekurangan] = []

    if indikator.jenis_target == JenisTarget.DOKUMEN:
        # docs/aturan.md rule 5: the target is the list of required documents.
        wajib = len(daftar_dokumen)
        ada = sum(1 for _, tersedia in daftar_dokumen if tersedia)
        belum = _belum_diperiksa(daftar_dokumen)
        target = Decimal(wajib) if wajib else None
        target_teks = _gabungkan([nama for nama, _ in daftar_dokumen]) or KOSONG
        if not wajib:
            kekurangan.append(Kekurangan.DOKUMEN_KOSONG)
        if belum:
            # Rule 3: an unchecked document is missing, not absent; the capaian waits for it.
            kekurangan.append(Kekurangan.DOKUMEN_BELUM_DIPERIKSA)
        if not wajib or len(belum) == wajib:
            realisasi_nilai = None
            realisasi_teks = KOSONG
        else:
            realisasi_nilai = None if belum else Decimal(ada)
            realisasi_teks = f"{ada} dari {wajib} dokumen"
            if belum:
                realisasi_teks += f" ({len(belum)} belum diperiksa)"
        capaian = (
            compute_capaian_dokumen(tersedia=ada, wajib=wajib) if wajib and not belum else None
        )
    else:
        target = indikator.target
        target_teks = format_nilai(nilai=target, satuan=indikator.satuan)
        realisasi_nilai = aggregate_triwulan(nilai_tw=nilai_tw, agregasi=indikator.agregasi)
        realisasi_teks = format_nilai(nilai=realisasi_nilai, satuan=indikator.satuan)
        if target is None:
            kekurangan.append(Kekurangan.TARGET_KOSONG)
        elif target_tak_terukur(target=target, polaritas=indikator.polaritas):
            kekurangan.append(Kekurangan.TARGET_NOL_POSITIF)
        if realisasi_nilai is None:
            kekurangan.append(Kekurangan.REALISASI_KOSONG)
        capaian = compute_capaian(
            target=target, realisasi=realisasi_nilai, polaritas=indikator.polaritas
        )

    renaksi = {r.triwulan: r for r in rencana_aksi}
    target_tw: dict[int, Decimal | None] = {}
    if indikator.jenis_target != JenisTarget.DOKUMEN:
        target_tw = {tw: r.target for tw, r in renaksi.items()}
    if target_tw:
        per_tw = [
            compute_capaian_triwulan(
                target_tw=target_tw,
                realisasi_tw=nilai_tw,
                triwulan=tw,
                polaritas=indikator.polaritas,
                agregasi=indikator.agregasi,
            )
            for tw in _TW
        ]
        capaian_tw = tuple(c for c, _ in per_tw)
        capaian_sd_tw = tuple(sd for _, sd in per_tw)
        kategori_tw = tuple(skala.kategori(c) for c in capaian_tw)
        target_per_tw = tuple(target_tw.get(tw) for tw in _TW)
    else:
        # Without a TW target no TW has a capaian (rule 15). Not computed for nothing, and one
        # shared empty tuple: a province's or the nation's indicators are measured at once,
        # without their rencana aksi.
        capaian_tw = capaian_sd_tw = kategori_tw = target_per_tw = _KOSONG_TW
    catatan_tw = {c.triwulan: CatatanTW(c.penyebab, c.perbaikan) for c in catatan}

    return CapaianIndikator(
        indikator_id=indikator.pk,
        program_kode=program.kode,
        program_nama=program.nama,
        bagian=sasaran.bagian,
        sasaran_id=sasaran.pk,
        sasaran_nomor=sasaran.nomor,
        sasaran=sasaran.uraian,
        kelompok=sasaran.kelompok,
        nama=indikator.nama,
        kode_kegiatan=indikator.kode_kegiatan,
        jenis_target=indikator.jenis_target,
        satuan=indikator.satuan,
        polaritas=indikator.polaritas,
        agregasi=indikator.agregasi,
        target=target,
        target_teks=target_teks,
        dokumen=daftar_dokumen,
        realisasi_tw=realisasi_tw,
        realisasi=realisasi_nilai,
        realisasi_teks=realisasi_teks,
        capaian=capaian,
        capaian_dibatasi=apply_batas(capaian=capaian, batas=batas),
        kategori=skala.kategori(capaian),
        kekurangan=tuple(kekurangan),
        indikator_renstra_id=indikator.indikator_renstra_id,
        standar_nasional=indikator.standar_nasional,
        sumber_standar_nasional=indikator.sumber_standar_nasional,
        penyebab=indikator.penyebab,
        solusi=indikator.solusi,
        target_tw=target_per_tw,
        rencana_tw=(
            tuple(renaksi[tw].rencana if tw in renaksi else "" for tw in _TW)
            if renaksi
            else _TANPA_RENCANA
        ),
        capaian_tw=capaian_tw,
        capaian_sd_tw=capaian_sd_tw,
        kategori_tw=kategori_tw,
        catatan_tw=tuple(catatan_tw.get(tw) for tw in _TW) if catatan_tw else _KOSONG_TW,
    )


def measure_dimuat(
    indikator: IndikatorKinerja, *, skala: SkalaKategori, batas: Decimal | None
) -> CapaianIndikator:
    """``measure_indikator`` of an indicator loaded by ``list_sasaran_pk``."""
    return measure_indikator(
        indikator=indikator,
        realisasi=indikator.realisasi.all(),
        dokumen=indikator.dokumen_wajib.all(),
        skala=skala,
        batas=batas,
        rencana_aksi=indikator.rencana_aksi.all(),
        catatan=indikator.catatan_triwulan.all(),
    )


_URUTAN_BAGIAN = {bagian: i for i, bagian in enumerate(SasaranPK.Bagian.values)}


def list_sasaran_pk(*, pk: PerjanjianKinerja) -> list[SasaranPK]:
    """The sasaran of a PK in report order (programme, bagian, urutan), with their indicators,
    realisations, required documents, rencana aksi and TW notes loaded: six queries, whatever
    the size."""
    return list_sasaran_pk_banyak(pk_ids=[pk.pk]).get(pk.pk, [])


def list_sasaran_pk_banyak(*, pk_ids: Iterable[int]) -> dict[int, list[SasaranPK]]:
    """``list_sasaran_pk`` of many PKs at once (PK id → its sasaran), in the same six queries."""
    pk_ids = set(pk_ids)
    if not pk_ids:
        return {}
    daftar = list(
        SasaranPK.objects.filter(program__perjanjian_id__in=pk_ids)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=IndikatorKinerja.objects.order_by("urutan").prefetch_related(
                    Prefetch("realisasi", queryset=Realisasi.objects.order_by("triwulan")),
                    Prefetch("dokumen_wajib", queryset=DokumenWajib.objects.order_by("urutan")),
                    "rencana_aksi",
                    "catatan_triwulan",
                ),
            )
        )
    )
    daftar.sort(key=lambda s: (s.program.urutan, _URUTAN_BAGIAN[s.bagian], s.urutan))
    hasil: dict[int, list[SasaranPK]] = {}
    for s in daftar:
        hasil.setdefault(s.program.perjanjian_id, []).append(s)
    return hasil


# The fields ``measure_indikator`` reads, for the lean loading of many satker's measured
# indicators (``_measure_terukur_banyak``): plain values in place of model instances.
_MEDAN_INDIKATOR = (
    "pk",
    "nama",
    "kode_kegiatan",
    "jenis_target",
    "target",
    "satuan",
    "polaritas",
    "agregasi",
    "indikator_renstra_id",
    "standar_nasional",
    "sumber_standar_nasional",
    "penyebab",
    "solusi",
)
_MEDAN_SASARAN = ("pk", "bagian", "nomor", "uraian", "kelompok")
_MEDAN_PROGRAM = ("kode", "nama")


class _Nilai(NamedTuple):
    triwulan: int
    nilai: Decimal


class _Dokumen(NamedTuple):
    nama: str
    tersedia: bool | None


def _measure_terukur_banyak(
    *, pk: Mapping[int, PerjanjianKinerja], skala: Mapping[int, SkalaKategori]
) -> dict[int, list[CapaianIndikator]]:
    """The measured indicators (Tabel 3.2) of many PKs (PK id → measured by ``measure_indikator``),
    in three queries of plain values: building model instances for a whole nation's indicators
    and realisations would cost seconds (bench/pemantauan.py)."""
    if not pk:
        return {}
    di_pk = {
        "sasaran__program__perjanjian_id__in": set(pk),
        "sasaran__bagian": SasaranPK.Bagian.KINERJA,
    }
    kolom = (
        *_MEDAN_INDIKATOR,
        *(f"sasaran__{m}" for m in _MEDAN_SASARAN),
        *(f"sasaran__program__{m}" for m in _MEDAN_PROGRAM),
        "sasaran__program__perjanjian_id",
    )
    baris = IndikatorKinerja.objects.filter(**di_pk).order_by(
        "sasaran__program__urutan", "sasaran__urutan", "urutan"
    )
    nilai: dict[int, list[_Nilai]] = {}
    for i, tw, n in (
        Realisasi.objects.filter(**{f"indikator__{k}": v for k, v in di_pk.items()})
        .order_by("indikator_id", "triwulan")
        .values_list("indikator_id", "triwulan", "nilai")
    ):
        nilai.setdefault(i, []).append(_Nilai(tw, n))
    dokumen: dict[int, list[_Dokumen]] = {}
    for i, nama, tersedia in (
        DokumenWajib.objects.filter(**{f"indikator__{k}": v for k, v in di_pk.items()})
        .order_by("indikator_id", "urutan")
        .values_list("indikator_id", "nama", "tersedia")
    ):
        dokumen.setdefault(i, []).append(_Dokumen(nama, tersedia))

    hasil: dict[int, list[CapaianIndikator]] = {}
    n_ind, n_sas = len(_MEDAN_INDIKATOR), len(_MEDAN_SASARAN)
    semua_sasaran: dict[int, SimpleNamespace] = {}
    for r in baris.values_list(*kolom):
        sasaran = semua_sasaran.get(r[n_ind])
        if sasaran is None:
            program = dict(zip(_MEDAN_PROGRAM, r[n_ind + n_sas : -1], strict=True))
            sasaran = semua_sasaran[r[n_ind]] = SimpleNamespace(
                program=SimpleNamespace(**program),
                **dict(zip(_MEDAN_SASARAN, r[n_ind : n_ind + n_sas], strict=True)),
            )
        indikator = SimpleNamespace(
            sasaran=sasaran, **dict(zip(_MEDAN_INDIKATOR, r[:n_ind], strict=True))
        )
        perjanjian = pk[r[-1]]
        hasil.setdefault(perjanjian.pk, []).append(
            measure_indikator(
                indikator=indikator,
                realisasi=nilai.get(indikator.pk, ()),
                dokumen=dokumen.get(indikator.pk, ()),
                skala=skala[perjanjian.satker_id],
                batas=perjanjian.batas_capaian,
            )
        )
    return hasil


def build_ringkasan_kinerja(*, satker: Satker, tahun: int) -> RingkasanKinerja:
    """Every indicator of the PK in force, measured, and the overall capaian kinerja.

    docs/aturan.md rule 10: the capaian kinerja is the mean capaian of the measured indicators
    (bagian ``kinerja``, Tabel 3.2) that have one; the others are listed in ``belum_lengkap``.
    Runs a constant number of queries (skala, PK, sasaran, indikator, realisasi, dokumen).
    """
    return build_ringkasan_kinerja_banyak(satker_ids=[satker.pk], tahun=tahun)[satker.pk]


def build_ringkasan_kinerja_banyak(
    *, satker_ids: Iterable[int], tahun: int, hanya_terukur: bool = False
) -> dict[int, RingkasanKinerja]:
    """``build_ringkasan_kinerja`` of many satker at once (satker id → summary), in the same
    queries whatever their number (a province's or the nation's monitoring, docs/pemantauan.md).

    ``hanya_terukur``: load and measure only the measured indicators (Tabel 3.2), as plain
    values and without rencana aksi (five queries): ``capaian_kinerja``, ``kategori``,
    ``terukur`` and ``jumlah_indikator_terukur`` are the same as in full, while ``indikator``
    and ``belum_lengkap`` then cover the measured indicators only and the sasaran counts are 0.
    """
    satker_ids = set(satker_ids)
    semua_skala = get_skala_banyak(satker_ids=satker_ids, tahun=tahun)
    semua_pk = get_pk_berlaku_banyak(satker_ids=satker_ids, tahun=tahun)
    if hanya_terukur:
        diukur = _measure_terukur_banyak(pk={p.pk: p for p in semua_pk.values()}, skala=semua_skala)
        jumlah_sasaran: dict[int, tuple[int, int]] = {}
    else:
        sasaran = list_sasaran_pk_banyak(pk_ids=[p.pk for p in semua_pk.values()])
        diukur = {}
        for p in semua_pk.values():
            skala, batas = semua_skala[p.satker_id], p.batas_capaian
            diukur[p.pk] = [
                measure_dimuat(ind, skala=skala, batas=batas)
                for s in sasaran.get(p.pk, [])
                for ind in s.indikator.all()
            ]
        jumlah_sasaran = {
            pk_id: (
                sum(1 for s in daftar if s.bagian == SasaranPK.Bagian.PROGRAM),
                sum(1 for s in daftar if s.bagian == SasaranPK.Bagian.KINERJA),
            )
            for pk_id, daftar in sasaran.items()
        }
    hasil = {}
    for s in satker_ids:
        pk = semua_pk.get(s)
        program, terukur = jumlah_sasaran.get(pk.pk, (0, 0)) if pk else (0, 0)
        hasil[s] = _ringkas(
            tahun=tahun,
            skala=semua_skala[s],
            pk=pk,
            indikator=tuple(diukur.get(pk.pk, ())) if pk else (),
            jumlah_sasaran_program=program,
            jumlah_sasaran_terukur=terukur,
        )
    return hasil


def _ringkas(
    *,
    tahun: int,
    skala: SkalaKategori,
    pk: PerjanjianKinerja | None,
    indikator: tuple[CapaianIndikator, ...],
    jumlah_sasaran_program: int,
    jumlah_sasaran_terukur: int,
) -> RingkasanKinerja:
    """docs/aturan.md rule 10: the capaian kinerja of measured indicators, and its category."""
    terukur = tuple(c for c in indikator if c.bagian == SasaranPK.Bagian.KINERJA)
    capaian_kinerja = mean(c.capaian for c in terukur)
    capaian_kinerja_dibatasi = mean(c.capaian_dibatasi for c in terukur)
    return RingkasanKinerja(
        tahun=tahun,
        pk_id=pk.pk if pk else None,
        pk_versi=pk.versi if pk else None,
        pk_jenis=pk.jenis if pk else None,
        indikator=indikator,
        terukur=terukur,
        capaian_kinerja=capaian_kinerja,
        capaian_kinerja_dibatasi=capaian_kinerja_dibatasi,
        kategori=skala.kategori(capaian_kinerja_dibatasi),
        batas=pk.batas_capaian if pk else None,
        jumlah_sasaran_program=jumlah_sasaran_program,
        jumlah_sasaran_terukur=jumlah_sasaran_terukur,
        jumlah_indikator_terukur=len(terukur),
        belum_lengkap=tuple(c for c in indikator if c.kekurangan),
        skala=skala,
    )


# --- Entering realisations in the browser --------------------------

BATAS_KETERANGAN = 500


class KonflikPenyimpanan(IsianDitolak):
    """Someone else saved the value after the form was rendered; nothing was overwritten."""


def _nama_pengguna(pengguna: Pengguna | None) -> str:
    if pengguna is None:
        return "pengguna lain"
    return pengguna.get_full_name() or pengguna.username


def _format_waktu(waktu: datetime.datetime | None) -> str:
    if waktu is None:
        return "waktu yang tidak tercatat"
    return format_waktu(waktu)


def _pastikan_terbuka(indikator: IndikatorKinerja) -> None:
    """The signed-year lock (lkjip.kunci) asked up front, so the user gets its message."""
    perjanjian = indikator.sasaran.program.perjanjian
    try:
        pastikan_bisa_diubah(satker=perjanjian.satker_id, tahun=perjanjian.tahun, model=Realisasi)
    except ValidationError as exc:
        raise IsianDitolak(" ".join(exc.messages)) from exc


def _pesan_dihapus(*, indikator: IndikatorKinerja, realisasi_id: int | None) -> str:
    """Who deleted a realisation: the deletion of that row (the one the form was rendered with)
    in the satker's history, the row itself being gone."""
    hapus = None
    if realisasi_id is not None:
        hapus = (
            Perubahan.objects.filter(
                satker_id=indikator.sasaran.program.perjanjian.satker_id,
                model=Realisasi._meta.label_lower,
                objek_id=realisasi_id,
                aksi=Perubahan.Aksi.HAPUS,
            )
            .select_related("pengguna")
            .order_by("-waktu", "-pk")
            .first()
        )
    if hapus is None:
        return "Nilai ini sudah diubah oleh pengguna lain menjadi kosong (dihapus)."
    return (
        f"Nilai ini sudah diubah oleh {_nama_pengguna(hapus.pengguna)} pada "
        f"{_format_waktu(hapus.waktu)} menjadi kosong (dihapus)."
    )


def _pesan_konflik(*, indikator: IndikatorKinerja, realisasi: Realisasi) -> str:
    nilai = format_nilai(nilai=realisasi.nilai, satuan=indikator.satuan)
    return (
        f"Nilai ini sudah diubah oleh {_nama_pengguna(realisasi.diisi_oleh)} pada "
        f"{_format_waktu(realisasi.diisi_pada)} menjadi {nilai}."
    )


def _konflik(
    *, indikator: IndikatorKinerja, kini: Realisasi | None, realisasi_id: int | None
) -> KonflikPenyimpanan:
    """The refusal naming who saved the value now stored (``kini``), or who deleted it."""
    if kini is None:
        return KonflikPenyimpanan(_pesan_dihapus(indikator=indikator, realisasi_id=realisasi_id))
    return KonflikPenyimpanan(_pesan_konflik(indikator=indikator, realisasi=kini))


# --- The one write path of a realisation ------------------------------------------------------
# Every change of a value goes through ``_tulis_realisasi``: the web page (``update_realisasi``,
# the typed text), the admin (``update_realisasi_nilai``, a number) and the indicator workbook
# (``update_realisasi_massal``). The old row is read once, locked; the version rises only there,
# in the conditional UPDATE that writes the value; the history is written from that one read.


def update_realisasi(
    *,
    indikator: IndikatorKinerja,
    triwulan: int,
    nilai_teks: str,
    versi: int,
    keterangan: str,
    user: Pengguna,
    realisasi_id: int | None = None,
) -> Realisasi | None:
    """Save (or, for an empty value, delete) one triwulan realisation typed in the form, as a
    compare-and-swap.

    ``versi`` is the version the form was rendered with (0: there was none), ``realisasi_id`` the
    row it was rendered with (names who deleted it, should it be gone). A different version means
    someone else saved in between: ``KonflikPenyimpanan`` naming them and their value, and
    nothing is written. Two first entries at once meet the unique constraint (indikator,
    triwulan) instead. Returns the saved row, or None after a delete.
    """
    _pastikan_bisa_diisi(indikator=indikator, triwulan=triwulan)  # its messages come first
    return update_realisasi_nilai(
        indikator=indikator,
        triwulan=triwulan,
        nilai=parse_nilai_realisasi(nilai_teks),
        versi=versi,
        keterangan=keterangan,
        user=user,
        realisasi_id=realisasi_id,
    )


def update_realisasi_nilai(
    *,
    indikator: IndikatorKinerja,
    triwulan: int,
    nilai: Decimal | None,
    versi: int,
    keterangan: str,
    user: Pengguna,
    realisasi_id: int | None = None,
) -> Realisasi | None:
    """``update_realisasi`` for a value already read as a number (the admin's form); None
    deletes it. The same checks, compare-and-swap and history."""
    _pastikan_bisa_diisi(indikator=indikator, triwulan=triwulan)
    keterangan = keterangan.strip()
    if len(keterangan) > BATAS_KETERANGAN:
        raise IsianDitolak(f"Keterangan paling panjang {BATAS_KETERANGAN} karakter.")
    _pastikan_terbuka(indikator)
    try:
        with transaction.atomic():
            lama = (
                Realisasi.objects.select_for_update()
                .filter(indikator=indikator, triwulan=triwulan)
                .first()
            )
            return _tulis_realisasi(
                indikator=indikator,
                triwulan=triwulan,
                lama=lama,
                nilai=nilai,
                versi=versi,
                keterangan=keterangan,
                user=user,
                realisasi_id=realisasi_id,
            )
    except ValidationError as exc:  # the signed-year guard, should signing happen meanwhile
        raise IsianDitolak(" ".join(exc.messages)) from exc


def _pastikan_bisa_diisi(*, indikator: IndikatorKinerja, triwulan: int) -> None:
    if triwulan not in Triwulan.values:
        raise IsianDitolak("Triwulan tidak dikenal.")
    if indikator.jenis_target == JenisTarget.DOKUMEN:
        raise IsianDitolak("Indikator ini diukur dengan daftar dokumen: centang dokumennya.")


@dataclass(frozen=True)
class IsianRealisasi:
    """One realisation of a bulk write (the indicator workbook): the new ``nilai`` (None deletes
    it) unless ``ubah_nilai`` is false; ``keterangan`` None keeps the stored one."""

    indikator_id: int
    triwulan: int
    nilai: Decimal | None = None
    ubah_nilai: bool = True
    keterangan: str | None = None


def update_realisasi_massal(*, isian: Sequence[IsianRealisasi], user: Pengguna) -> None:
    """Write several realisations at once, in the caller's transaction (the indicator workbook,
    which has compared them with what its user saw): the rows are read once, locked, in one
    query, and each is written by the same compare-and-swap as ``update_realisasi``. The
    signed-year guard refuses with a ValidationError."""
    if not isian:
        return
    ids = {i.indikator_id for i in isian}
    ada = {
        (r.indikator_id, r.triwulan): r
        for r in Realisasi.objects.select_for_update().filter(indikator_id__in=ids)
    }
    indikator = IndikatorKinerja.objects.select_related("sasaran__program__perjanjian").in_bulk(ids)
    tulis = []
    for i in isian:
        lama = ada.get((i.indikator_id, i.triwulan))
        if lama is None and not i.ubah_nilai:
            continue  # a keterangan without a value: nothing to attach it to
        nilai = i.nilai if i.ubah_nilai else lama.nilai
        if i.keterangan is not None:
            keterangan = i.keterangan
        else:
            keterangan = lama.keterangan if lama is not None else ""
        tulis.append((i, lama, nilai, keterangan))
    # A closed TW refuses the whole write, naming every closed TW it would change
    # (docs/triwulan.md); one status per satker-year, read once.
    status: dict[tuple[int, int], dict[int, StatusTriwulan]] = {}
    ditolak: dict[int, str] = {}
    for i, lama, nilai, keterangan in tulis:
        if not _berubah(lama=lama, nilai=nilai, keterangan=keterangan):
            continue
        pj = indikator[i.indikator_id].sasaran.program.perjanjian
        kunci = (pj.satker_id, pj.tahun)
        if kunci not in status:
            status[kunci] = status_triwulan(satker_id=pj.satker_id, tahun=pj.tahun)
        s = status[kunci][i.triwulan]
        if s.tertutup:
            ditolak[i.triwulan] = s.pesan_tertutup
    if ditolak:
        raise IsianDitolak(" ".join(ditolak[tw] for tw in sorted(ditolak)))
    for i, lama, nilai, keterangan in tulis:
        pj = indikator[i.indikator_id].sasaran.program.perjanjian
        _tulis_realisasi(
            indikator=indikator[i.indikator_id],
            triwulan=i.triwulan,
            lama=lama,
            nilai=nilai,
            versi=lama.versi if lama is not None else 0,
            keterangan=keterangan,
            user=user,
            realisasi_id=None,
            status=status.get((pj.satker_id, pj.tahun)),
        )


def _berubah(*, lama: Realisasi | None, nilai: Decimal | None, keterangan: str) -> bool:
    """Whether writing ``nilai`` and ``keterangan`` changes the stored row ``lama``."""
    if nilai is None:
        return lama is not None
    return lama is None or (lama.nilai, lama.keterangan) != (nilai, keterangan)


def _pastikan_tw_terbuka(
    *, indikator: IndikatorKinerja, triwulan: int, status: Mapping[int, StatusTriwulan] | None
) -> None:
    """A closed TW (verified, or past a closing due date) refuses the write with the reason
    (kinerja.jadwal, docs/triwulan.md)."""
    if status is None:
        pj = indikator.sasaran.program.perjanjian
        status = status_triwulan(satker_id=pj.satker_id, tahun=pj.tahun)
    if status[triwulan].tertutup:
        raise IsianDitolak(status[triwulan].pesan_tertutup)


def _tulis_realisasi(
    *,
    indikator: IndikatorKinerja,
    triwulan: int,
    lama: Realisasi | None,
    nilai: Decimal | None,
    versi: int,
    keterangan: str,
    user: Pengguna,
    realisasi_id: int | None,
    status: Mapping[int, StatusTriwulan] | None = None,
) -> Realisasi | None:
    """The one write of a realisation's value. ``lama`` is the stored row as read (locked) by
    the caller, None if there is none; ``versi`` the version the new value is based on;
    ``status`` the year's TW status when the caller read it already."""
    if (lama.versi if lama is not None else 0) != versi:
        raise _konflik(indikator=indikator, kini=lama, realisasi_id=realisasi_id)
    if _berubah(lama=lama, nilai=nilai, keterangan=keterangan):
        _pastikan_tw_terbuka(indikator=indikator, triwulan=triwulan, status=status)
    if nilai is None:
        if lama is not None:
            # Django's delete signals: the signed-year guard, and the history's "hapus" row
            # under the acting user, from this instance (nothing is read again).
            lama.delete()
        return None
    if lama is None:
        baru = Realisasi(
            indikator=indikator,
            triwulan=triwulan,
            nilai=nilai,
            keterangan=keterangan,
            diisi_oleh=user,
            versi=1,
        )
        try:
            with transaction.atomic():  # a savepoint: the transaction stays usable on PostgreSQL
                baru.save()  # recorded as "tambah" by the save signals, like any new row
        except IntegrityError:
            lain = Realisasi.objects.get(indikator=indikator, triwulan=triwulan)
            raise _konflik(indikator=indikator, kini=lain, realisasi_id=None) from None
        return baru
    if lama.nilai == nilai and lama.keterangan == keterangan:
        return lama  # nothing changed: no new version, no history row
    baru = Realisasi(
        pk=lama.pk,
        indikator=indikator,
        triwulan=triwulan,
        nilai=nilai,
        keterangan=keterangan,
        diisi_oleh=user,
        diisi_pada=timezone.now(),
        versi=versi + 1,
    )
    # Through QuerySetLaporan.update: the signed-year guard sees it. No signals: the history is
    # written below, from the row read above.
    ditulis = Realisasi.objects.filter(pk=lama.pk, versi=versi).update(
        nilai=baru.nilai,
        keterangan=baru.keterangan,
        diisi_oleh=baru.diisi_oleh,
        diisi_pada=baru.diisi_pada,
        versi=F("versi") + 1,
    )
    if not ditulis:  # the version moved since the read: only if the caller read it unlocked
        kini = Realisasi.objects.filter(indikator=indikator, triwulan=triwulan).first()
        raise _konflik(indikator=indikator, kini=kini, realisasi_id=lama.pk)
    catat_baris(lama=lama, baru=baru)
    return baru


def update_dokumen_wajib(
    *,
    dokumen: DokumenWajib,
    tersedia: bool | None,
    tersedia_lama: bool | None,
    user: Pengguna,
) -> DokumenWajib:
    """Tick a required document as present or not, as a compare-and-swap on the value the form
    showed (``tersedia_lama``): a document changed by someone else meanwhile is refused."""
    _pastikan_terbuka(dokumen.indikator)
    try:
        with transaction.atomic():
            # of=self: the user is LEFT JOINed, and PostgreSQL cannot lock a nullable join.
            kini = (
                DokumenWajib.objects.select_for_update(of=("self",))
                .select_related("diisi_oleh")
                .get(pk=dokumen.pk)
            )
            if kini.tersedia != tersedia_lama:
                raise KonflikPenyimpanan(
                    f"Dokumen ini sudah diubah oleh {_nama_pengguna(kini.diisi_oleh)} pada "
                    f"{_format_waktu(kini.diisi_pada)} menjadi {_teks_tersedia(kini.tersedia)}."
                )
            if kini.tersedia == tersedia:
                return kini
            kini.tersedia = tersedia
            kini.diisi_oleh = user
            kini.diisi_pada = timezone.now()
            kini.save()
            return kini
    except ValidationError as exc:
        raise IsianDitolak(" ".join(exc.messages)) from exc


BATAS_ANALISIS = 4000


def update_analisis_indikator(
    *,
    indikator: IndikatorKinerja,
    penyebab: str,
    solusi: str,
    penyebab_lama: str,
    solusi_lama: str,
    user: Pengguna,
) -> IndikatorKinerja:
    """Save the causes and the solution of an indicator (BAB III E of the report) as a
    compare-and-swap on the texts the form showed: a text changed by someone else meanwhile is
    refused with what it now says, nothing is written."""
    penyebab, solusi = penyebab.strip(), solusi.strip()
    for nama, teks in (("Penyebab", penyebab), ("Solusi", solusi)):
        if len(teks) > BATAS_ANALISIS:
            raise IsianDitolak(f"{nama} paling panjang {BATAS_ANALISIS} karakter.")
    _pastikan_terbuka(indikator)
    try:
        with transaction.atomic():
            kini = IndikatorKinerja.objects.select_for_update().get(pk=indikator.pk)
            if (kini.penyebab, kini.solusi) != (penyebab_lama.strip(), solusi_lama.strip()):
                raise KonflikPenyimpanan(
                    "Penyebab dan solusi indikator ini sudah diubah oleh pengguna lain; isinya "
                    f"kini: penyebab “{kini.penyebab or 'kosong'}”, solusi "
                    f"“{kini.solusi or 'kosong'}”. Isian Anda tidak disimpan."
                )
            if (kini.penyebab, kini.solusi) == (penyebab, solusi):
                return kini
            kini.penyebab, kini.solusi = penyebab, solusi
            kini.save(update_fields=["penyebab", "solusi"])
            return kini
    except ValidationError as exc:
        raise IsianDitolak(" ".join(exc.messages)) from exc


def _teks_tersedia(tersedia: bool | None) -> str:
    return {True: "tersedia", False: "tidak tersedia", None: "belum diperiksa"}[tersedia]


# --- The entry table ------------------------------------------------------------------------


@dataclass(frozen=True)
class SelTriwulan:
    triwulan: int
    label: str  # "TW I"
    nilai: Decimal | None
    nilai_isian: str  # as the form shows it, Indonesian and without unit: "95,06"; "" if none
    nilai_teks: str  # as read: "95,06%", "—"
    keterangan: str
    versi: int  # 0: not entered yet
    realisasi_id: int | None  # the row, sent back with the form: who deleted it, should it go


@dataclass(frozen=True)
class DokumenIsian:
    pk: int
    nama: str
    tersedia: bool | None


@dataclass(frozen=True)
class BerkasBukti:
    pk: int
    nama_asli: str
    ukuran_teks: str
    triwulan_label: str  # "TW II" or "Tahunan"


@dataclass(frozen=True)
class BarisRealisasi:
    nomor: int
    bagian_label: str
    capaian: CapaianIndikator
    triwulan: tuple[SelTriwulan, SelTriwulan, SelTriwulan, SelTriwulan]
    dokumen: tuple[DokumenIsian, ...]
    bukti: tuple[BerkasBukti, ...]
    analisis_wajib: bool = False  # below "Baik": causes and solution required (BAB III E)

    @property
    def terukur(self) -> bool:
        return self.capaian.bagian == SasaranPK.Bagian.KINERJA

    @property
    def indikator_id(self) -> int:
        return self.capaian.indikator_id

    @property
    def sasaran_id(self) -> int:
        return self.capaian.sasaran_id

    @property
    def jenis_dokumen(self) -> bool:
        return self.capaian.jenis_target == JenisTarget.DOKUMEN

    @property
    def keterangan(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.label, s.keterangan) for s in self.triwulan if s.keterangan)


@dataclass(frozen=True)
class TabelRealisasi:
    tahun: int
    pk_id: int | None
    pk_nama: str  # "PK awal (versi 1)"
    baris: tuple[BarisRealisasi, ...]
    terkunci: str  # the signed-year message, "" when the year is open
    skala: SkalaKategori  # the satker's category scale, for the legend


def format_ukuran(ukuran: int) -> str:
    """12345 -> '12,1 KB'; 2_500_000 -> '2,4 MB'."""
    if ukuran < 1024:
        return f"{ukuran} B"
    if ukuran < 1024 * 1024:
        return f"{format_angka(Decimal(ukuran) / 1024, 1)} KB"
    return f"{format_angka(Decimal(ukuran) / (1024 * 1024), 1)} MB"


def _sel_triwulan(realisasi: Iterable[Realisasi], satuan: str) -> tuple[SelTriwulan, ...]:
    per_tw = {r.triwulan: r for r in realisasi}
    sel = []
    for tw in Triwulan:
        r = per_tw.get(tw.value)
        nilai = r.nilai if r is not None else None
        sel.append(
            SelTriwulan(
                triwulan=tw.value,
                label=tw.label,
                nilai=nilai,
                nilai_isian=format_isian(nilai),
                nilai_teks=format_nilai(nilai=nilai, satuan=satuan),
                keterangan=r.keterangan if r is not None else "",
                versi=r.versi if r is not None else 0,
                realisasi_id=r.pk if r is not None else None,
            )
        )
    return tuple(sel)


def _berkas_bukti(bukti: BuktiDukung) -> BerkasBukti:
    return BerkasBukti(
        pk=bukti.pk,
        nama_asli=bukti.nama_asli,
        ukuran_teks=format_ukuran(bukti.ukuran),
        triwulan_label=bukti.get_triwulan_display() if bukti.triwulan else "Tahunan",
    )


def _pesan_terkunci(*, satker: Satker, tahun: int) -> str:
    return pesan_kunci(satker=satker, tahun=tahun, model=Realisasi)


def build_tabel_realisasi(*, satker: Satker, tahun: int) -> TabelRealisasi:
    """Every indicator of the PK in force, in report order (all three bagian), with its triwulan
    values, versions, required documents and evidence files, measured by ``measure_indikator``.

    A constant number of queries whatever the number of indicators.
    """
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    terkunci = _pesan_terkunci(satker=satker, tahun=tahun)
    skala = get_skala(satker=satker, tahun=tahun)
    if pk is None:
        return TabelRealisasi(
            tahun=tahun, pk_id=None, pk_nama="", baris=(), terkunci=terkunci, skala=skala
        )
    bukti: dict[int, list[BerkasBukti]] = {}
    for b in BuktiDukung.objects.filter(indikator__sasaran__program__perjanjian=pk):
        bukti.setdefault(b.indikator_id, []).append(_berkas_bukti(b))
    baris = []
    for sasaran in list_sasaran_pk(pk=pk):
        for ind in sasaran.indikator.all():
            realisasi = list(ind.realisasi.all())
            dokumen = list(ind.dokumen_wajib.all())
            capaian = measure_dimuat(ind, skala=skala, batas=pk.batas_capaian)
            baris.append(
                BarisRealisasi(
                    nomor=len(baris) + 1,
                    bagian_label=sasaran.get_bagian_display(),
                    capaian=capaian,
                    triwulan=_sel_triwulan(realisasi, ind.satuan),
                    dokumen=tuple(DokumenIsian(d.pk, d.nama, d.tersedia) for d in dokumen),
                    bukti=tuple(bukti.get(ind.pk, ())),
                    analisis_wajib=sasaran.bagian == SasaranPK.Bagian.KINERJA
                    and skala.di_bawah_baik(capaian.kategori),
                )
            )
    return TabelRealisasi(
        tahun=tahun,
        pk_id=pk.pk,
        pk_nama=f"{pk.get_jenis_display()} (versi {pk.versi})",
        baris=tuple(baris),
        terkunci=terkunci,
        skala=skala,
    )


def get_indikator_berlaku(
    *, satker: Satker, tahun: int, indikator_id: int
) -> IndikatorKinerja | None:
    """An indicator of the PK in force of (satker, tahun), with its sasaran, program and PK."""
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    if pk is None:
        return None
    return (
        IndikatorKinerja.objects.select_related("sasaran__program__perjanjian")
        .filter(pk=indikator_id, sasaran__program__perjanjian=pk)
        .first()
    )


# --- Evidence files (bukti dukung) ----------------------------------------------------------

MB = 1024 * 1024
# Detected from the first bytes; the name's extension must agree with what the content is.
_TANDA_BERKAS = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_EKSTENSI_BUKTI = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
_AKHIRAN_SIMPAN = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
_NAMA_JENIS = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


def batas_ukuran_bukti() -> int:
    return int(getattr(settings, "BUKTI_UKURAN_MAKS", 5 * MB))


def detect_jenis_berkas(awal: bytes) -> str | None:
    """The MIME type of a PDF, PNG or JPEG from its first bytes; None for anything else."""
    for tanda, jenis in _TANDA_BERKAS:
        if awal.startswith(tanda):
            return jenis
    return None


def _nama_aman(nama: str) -> str:
    """The uploaded name without any directory part or control characters, for display and for
    Content-Disposition."""
    nama = nama.replace("\\", "/").rsplit("/", 1)[-1]
    nama = "".join(c for c in nama if c.isprintable()).strip()
    return nama[-200:] or "berkas"


def _gambar_sah(berkas: File) -> bool:
    from PIL import Image, UnidentifiedImageError

    berkas.seek(0)
    try:
        with Image.open(berkas) as gambar:
            gambar.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        berkas.seek(0)
    return True


def upload_bukti(
    *, indikator: IndikatorKinerja, triwulan: int | None, berkas: File, user: Pengguna
) -> BuktiDukung:
    """Store an evidence file: PDF, PNG or JPEG (checked on its content), at most
    ``BUKTI_UKURAN_MAKS`` bytes, under a random name below ``BUKTI_ROOT``."""
    if triwulan is not None and triwulan not in Triwulan.values:
        raise IsianDitolak("Triwulan tidak dikenal.")
    nama_asli = _nama_aman(berkas.name or "")
    batas = batas_ukuran_bukti()
    if berkas.size is None or berkas.size == 0:
        raise IsianDitolak(f"Berkas {nama_asli} kosong.")
    if berkas.size > batas:
        raise IsianDitolak(
            f"Berkas {nama_asli} berukuran {format_ukuran(berkas.size)}; "
            f"batasnya {format_ukuran(batas)}."
        )
    jenis_nama = _EKSTENSI_BUKTI.get(os.path.splitext(nama_asli)[1].lower())
    if jenis_nama is None:
        raise IsianDitolak("Bukti dukung harus berupa berkas PDF, PNG atau JPEG.")
    berkas.seek(0)
    jenis = detect_jenis_berkas(berkas.read(16))
    berkas.seek(0)
    if jenis != jenis_nama or (jenis != "application/pdf" and not _gambar_sah(berkas)):
        raise IsianDitolak(
            f"Isi berkas {nama_asli} bukan {_NAMA_JENIS[jenis_nama]} yang sah "
            "(diperiksa dari isinya, bukan dari namanya)."
        )
    _pastikan_terbuka(indikator)
    if triwulan is not None:  # the evidence of a closed TW is closed with it
        _pastikan_tw_terbuka(indikator=indikator, triwulan=triwulan, status=None)
    sidik = hashlib.sha256()
    for potongan in berkas.chunks():
        sidik.update(potongan)
    berkas.seek(0)
    sha256 = sidik.hexdigest()
    _pastikan_belum_diunggah(indikator=indikator, sha256=sha256, nama_asli=nama_asli)
    perjanjian = indikator.sasaran.program.perjanjian
    bukti = BuktiDukung(
        indikator=indikator,
        triwulan=triwulan,
        nama_asli=nama_asli,
        ukuran=berkas.size,
        jenis=jenis,
        sha256=sha256,
        diunggah_oleh=user,
    )
    nama_simpan = f"{perjanjian.satker_id}/{perjanjian.tahun}/{uuid.uuid4().hex}"
    bukti.berkas.save(nama_simpan + _AKHIRAN_SIMPAN[jenis], berkas, save=False)
    nama_tersimpan = bukti.berkas.name
    penyimpanan = bukti.berkas.storage
    try:
        with transaction.atomic():
            bukti.save()
    except IntegrityError:  # the same file, uploaded at the same moment by someone else
        penyimpanan.delete(nama_tersimpan)
        _pastikan_belum_diunggah(indikator=indikator, sha256=sha256, nama_asli=nama_asli)
        raise
    except Exception:  # no row, no file
        penyimpanan.delete(nama_tersimpan)
        raise
    return bukti


def _pastikan_belum_diunggah(*, indikator: IndikatorKinerja, sha256: str, nama_asli: str) -> None:
    """The same content is kept once per indicator: a second upload is refused, naming the
    file already there."""
    ada = BuktiDukung.objects.filter(indikator=indikator, sha256=sha256).first()
    if ada is None:
        return
    periode = Triwulan(ada.triwulan).label if ada.triwulan else "tahunan"
    raise IsianDitolak(
        f"Berkas {nama_asli} sudah pernah diunggah untuk indikator ini sebagai "
        f"{ada.nama_asli} ({periode}); isinya sama persis, jadi tidak diunggah lagi."
    )


def delete_bukti(*, bukti: BuktiDukung, user: Pengguna) -> None:
    """Delete an evidence file: the row now, the file once the transaction has committed."""
    _pastikan_terbuka(bukti.indikator)
    if bukti.triwulan is not None:
        _pastikan_tw_terbuka(indikator=bukti.indikator, triwulan=bukti.triwulan, status=None)
    nama, penyimpanan = bukti.berkas.name, bukti.berkas.storage
    with transaction.atomic():
        bukti.delete()
        transaction.on_commit(lambda: penyimpanan.delete(nama))


def get_bukti_satker(*, satker: Satker, tahun: int, bukti_id: int) -> BuktiDukung | None:
    """An evidence file of (satker, tahun), whatever the PK version; None for another's."""
    return (
        BuktiDukung.objects.select_related("indikator__sasaran__program__perjanjian")
        .milik(satker=satker, tahun=tahun)
        .filter(pk=bukti_id)
        .first()
    )
