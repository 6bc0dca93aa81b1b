"""The dashboard of a satker-year: indicators grouped as the report prints them, and everything the
report still lacks (realisations, narrative sections, evidence, budget warnings).

Built from the summaries the report itself uses (``build_ringkasan_kinerja``,
``build_pohon_anggaran``), so the dashboard and the report cannot disagree; a constant number of
queries whatever the number of indicators. Also the year in quarters (docs/triwulan.md, Dasbor):
each indicator's TW target vs realisation, and what is due when on today's date
(``build_jatuh_tempo``, kept under the revision and the date: laporan.halaman.get_jatuh_tempo).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import SafeString

from anggaran.services import Peringatan, RingkasanAnggaran
from kinerja.jadwal import StatusTriwulan, status_triwulan
from kinerja.models import BuktiDukung, JenisTarget, SasaranPK, Triwulan
from kinerja.services import CapaianIndikator, RingkasanKinerja
from laporan.grafik_triwulan import grafik_triwulan
from laporan.narasi import BagianNarasi, list_bagian_narasi
from lkjip.angka import KOSONG, format_persen, format_tanggal
from lkjip.isian import format_nilai
from satker.models import Satker

# The dashboard's comparison with the satker's peers (docs/pemantauan.md): computed from the
# monitoring rows, a floor above; ``PemantauanConfig.ready`` installs it (docs/arsitektur.md).
_perbandingan: Callable[..., SafeString] | None = None


def pasang_perbandingan(fungsi: Callable[..., SafeString]) -> None:
    global _perbandingan
    _perbandingan = fungsi


def get_perbandingan(*, satker: Satker, tahun: int) -> SafeString:
    """The panel placing the satker among its peers; "" without a satker above it (no query)."""
    if _perbandingan is None or satker.induk_id is None:
        return SafeString("")
    return _perbandingan(satker=satker, tahun=tahun)


# Tabel 3.2 first: only its indicators make the capaian kinerja.
URUTAN_BAGIAN = (SasaranPK.Bagian.KINERJA, SasaranPK.Bagian.PROGRAM, SasaranPK.Bagian.RINCIAN)


@dataclass(frozen=True)
class SelTriwulan:
    """One TW of an indicator as the dashboard's chart table prints it (docs/aturan.md rule
    15): "—" for a target not set or a value not entered."""

    label: str
    target: str
    realisasi: str
    capaian: str
    kategori: str | None


@dataclass(frozen=True)
class BarisIndikator:
    capaian: CapaianIndikator
    tw_teks: tuple[str, str, str, str]  # TW I–IV as a person reads them, "—" when not entered
    # The chart of TW target vs realisation (None: a document target, checked for the year)
    # and its figures per TW.
    grafik: SafeString | None = None
    triwulan: tuple[SelTriwulan, ...] = ()


@dataclass(frozen=True)
class SasaranRingkas:
    program_kode: str
    nomor: str
    uraian: str
    indikator: tuple[BarisIndikator, ...]


@dataclass(frozen=True)
class KelompokIndikator:
    bagian: str
    judul: str
    sasaran: tuple[SasaranRingkas, ...]
    jumlah_indikator: int


def _tw_teks(c: CapaianIndikator) -> tuple[str, str, str, str]:
    if c.jenis_target == JenisTarget.DOKUMEN:
        # A document target is a checklist for the year, not a value per triwulan.
        return (KOSONG, KOSONG, KOSONG, KOSONG)
    a, b, d, e = (format_nilai(nilai=v, satuan=c.satuan) for v in c.realisasi_tw)
    return (a, b, d, e)


def _baris(c: CapaianIndikator) -> BarisIndikator:
    if c.jenis_target == JenisTarget.DOKUMEN:
        return BarisIndikator(c, _tw_teks(c))
    return BarisIndikator(
        c,
        _tw_teks(c),
        grafik=grafik_triwulan(c),
        triwulan=tuple(
            SelTriwulan(
                label=Triwulan(tw).label,
                target=format_nilai(nilai=c.target_tw[tw - 1], satuan=c.satuan),
                realisasi=format_nilai(nilai=c.realisasi_tw[tw - 1], satuan=c.satuan),
                capaian=format_persen(c.capaian_tw[tw - 1]),
                kategori=c.kategori_tw[tw - 1],
            )
            for tw in Triwulan.values
        ),
    )


def group_indikator(kinerja: RingkasanKinerja) -> tuple[KelompokIndikator, ...]:
    """Every indicator of the PK in force, by bagian (Tabel 3.2, 3.1, 2.2) and sasaran."""
    judul = dict(SasaranPK.Bagian.choices)
    hasil = []
    for bagian in URUTAN_BAGIAN:
        sasaran: dict[int, list[CapaianIndikator]] = {}
        for c in kinerja.indikator:
            if c.bagian == bagian:
                sasaran.setdefault(c.sasaran_id, []).append(c)
        if not sasaran:
            continue
        hasil.append(
            KelompokIndikator(
                bagian=bagian,
                judul=judul[bagian],
                sasaran=tuple(
                    SasaranRingkas(
                        program_kode=daftar[0].program_kode,
                        nomor=daftar[0].sasaran_nomor,
                        uraian=daftar[0].sasaran,
                        indikator=tuple(_baris(c) for c in daftar),
                    )
                    for daftar in sasaran.values()
                ),
                jumlah_indikator=sum(len(d) for d in sasaran.values()),
            )
        )
    return tuple(hasil)


@dataclass(frozen=True)
class Kelengkapan:
    """What the report of a satker-year still lacks; each part links to where it is fixed."""

    indikator_terukur: tuple[CapaianIndikator, ...]  # Tabel 3.2: changes the capaian kinerja
    narasi: tuple[BagianNarasi, ...]
    bukti: tuple[CapaianIndikator, ...]
    anggaran: tuple[Peringatan, ...]
    # The PK's other indicators: the report prints only their targets (Tabel 2.2, 3.1), so their
    # realisations are for monitoring and do not count as missing for the report.
    indikator_lain: tuple[CapaianIndikator, ...]

    @property
    def jumlah(self) -> int:
        return len(self.indikator_terukur) + len(self.narasi) + len(self.bukti) + len(self.anggaran)

    @property
    def lengkap(self) -> bool:
        return self.jumlah == 0


def list_indikator_tanpa_bukti(
    *, indikator: tuple[CapaianIndikator, ...]
) -> tuple[CapaianIndikator, ...]:
    """Those of ``indikator`` with a realisation but no evidence file (of any triwulan). One
    query."""
    berisi = [c for c in indikator if c.realisasi is not None]
    if not berisi:
        return ()
    ada_bukti = set(
        BuktiDukung.objects.filter(indikator_id__in=[c.indikator_id for c in berisi])
        .order_by()
        .values_list("indikator_id", flat=True)
        .distinct()
    )
    return tuple(c for c in berisi if c.indikator_id not in ada_bukti)


def build_kelengkapan(
    *, satker: Satker, tahun: int, kinerja: RingkasanKinerja, anggaran: RingkasanAnggaran
) -> Kelengkapan:
    terukur = SasaranPK.Bagian.KINERJA
    return Kelengkapan(
        indikator_terukur=tuple(c for c in kinerja.belum_lengkap if c.bagian == terukur),
        indikator_lain=tuple(c for c in kinerja.belum_lengkap if c.bagian != terukur),
        narasi=tuple(
            b for b in list_bagian_narasi(satker=satker, tahun=tahun) if b.wajib and not b.terisi
        ),
        bukti=list_indikator_tanpa_bukti(indikator=kinerja.terukur),
        anggaran=anggaran.peringatan,
    )


# --- What is due when (docs/triwulan.md, Dasbor) ---------------------------------------------


@dataclass(frozen=True)
class IsianIndikator:
    """A measured indicator (Tabel 3.2, a value per TW) and which TWs have a value: kept with the
    dashboard's data (which holds no date), counted against the date in ``build_jatuh_tempo``."""

    indikator_id: int
    nama: str
    program_kode: str
    sasaran_nomor: str
    terisi: tuple[bool, bool, bool, bool]


def list_isian_triwulan(kinerja: RingkasanKinerja) -> tuple[IsianIndikator, ...]:
    """The indicators whose TW completion the dashboard counts: the measured ones (Tabel 3.2,
    the capaian kinerja's) with a value per TW; a document target is checked for the year."""
    return tuple(
        IsianIndikator(
            indikator_id=c.indikator_id,
            nama=c.nama,
            program_kode=c.program_kode,
            sasaran_nomor=c.sasaran_nomor,
            terisi=tuple(v is not None for v in c.realisasi_tw),
        )
        for c in kinerja.terukur
        if c.jenis_target != JenisTarget.DOKUMEN
    )


@dataclass(frozen=True)
class BarisJatuhTempo:
    status: StatusTriwulan
    keadaan: str  # where the TW stands, in words
    kelas: str  # the same as a CSS modifier: terbuka, dekat, terlambat, ditutup, ...
    terisi: int  # measured indicators with a value for this TW
    jumlah: int


@dataclass(frozen=True)
class JatuhTempo:
    hari_ini: datetime.date
    riwayat: bool  # a past year: everything is history, no TW is current
    baris: tuple[BarisJatuhTempo, ...]
    sekarang: BarisJatuhTempo | None  # the current TW (``triwulan_sekarang``)
    belum: tuple[IsianIndikator, ...]  # the current TW's indicators without a value

    @property
    def persen_terisi(self) -> Decimal | None:
        s = self.sekarang
        if s is None or not s.jumlah:
            return None
        return Decimal(100) * s.terisi / s.jumlah


def triwulan_sekarang(
    status: dict[int, StatusTriwulan], *, tahun: int, hari_ini: datetime.date
) -> int | None:
    """The current TW of a year (docs/triwulan.md, Dasbor): of the TWs not yet verified, the one
    whose due date comes next (today included); when none has a due date still to come, the
    first TW not verified from today's quarter on (from TW I for a year not yet begun). A past
    year has none."""
    if tahun < hari_ini.year:
        return None
    terbuka = [s for s in status.values() if not s.terverifikasi]
    akan_datang = [s for s in terbuka if s.batas is not None and s.batas >= hari_ini]
    if akan_datang:
        return min(akan_datang, key=lambda s: (s.batas, s.triwulan)).triwulan
    mulai = 1 if tahun > hari_ini.year else (hari_ini.month - 1) // 3 + 1
    return next((tw for tw in range(mulai, 5) if not status[tw].terverifikasi), None)


def _keadaan(
    s: StatusTriwulan, *, hari_ini: datetime.date, riwayat: bool, lengkap: bool
) -> tuple[str, str]:
    """(words, CSS modifier) for where a TW stands on ``hari_ini``."""
    if s.dibuka_kembali:
        teks = "dibuka kembali oleh Admin"
        if s.alasan_dibuka:
            teks += f": {s.alasan_dibuka}"
        return teks, "dibuka"
    if s.terverifikasi:
        teks = "diverifikasi"
        if s.diverifikasi_oleh:
            teks += f" oleh {s.diverifikasi_oleh}"
        pada = timezone.localtime(s.diverifikasi_pada).date()
        return f"{teks} pada {format_tanggal(pada)}", "diverifikasi"
    if s.batas is None:
        return "terbuka, batas pengisian belum ditetapkan", "terbuka"
    if s.tertutup:
        return f"ditutup (batas {format_tanggal(s.batas)} sudah lewat)", "ditutup"
    if s.lewat_batas:
        if riwayat:
            return "batas sudah lewat, belum diverifikasi", "terlambat"
        if lengkap:
            return "batas sudah lewat; semua terisi, menunggu verifikasi", "menunggu"
        return f"terlambat {(hari_ini - s.batas).days} hari", "terlambat"
    sisa = (s.batas - hari_ini).days
    if sisa == 0:
        return "terbuka, batasnya hari ini", "dekat"
    return f"terbuka, {sisa} hari lagi", "dekat" if sisa <= 14 else "terbuka"


def build_jatuh_tempo(
    *,
    satker_id: int,
    tahun: int,
    isian: tuple[IsianIndikator, ...],
    hari_ini: datetime.date | None = None,
) -> JatuhTempo:
    """The year's TWs with their due dates and state on ``hari_ini`` (default: today), and the
    current TW's completion; three queries (``status_triwulan``). The dashboard keeps it under
    the data's revision and the date (laporan.halaman.get_jatuh_tempo), so the day counts never
    freeze."""
    hari_ini = hari_ini or timezone.localdate()
    riwayat = tahun < hari_ini.year
    status = status_triwulan(satker_id=satker_id, tahun=tahun, hari_ini=hari_ini)
    baris = []
    for tw, s in status.items():
        terisi = sum(1 for i in isian if i.terisi[tw - 1])
        keadaan, kelas = _keadaan(
            s, hari_ini=hari_ini, riwayat=riwayat, lengkap=bool(isian) and terisi == len(isian)
        )
        baris.append(BarisJatuhTempo(s, keadaan, kelas, terisi, len(isian)))
    tw = triwulan_sekarang(status, tahun=tahun, hari_ini=hari_ini)
    return JatuhTempo(
        hari_ini=hari_ini,
        riwayat=riwayat,
        baris=tuple(baris),
        sekarang=baris[tw - 1] if tw else None,
        belum=tuple(i for i in isian if not i.terisi[tw - 1]) if tw else (),
    )
