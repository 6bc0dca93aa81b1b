"""The dashboard of a satker-year: indicators grouped as the report prints them, and everything the
report still lacks (realisations, narrative sections, evidence, budget warnings).

Built from the summaries the report itself uses (``build_ringkasan_kinerja``,
``build_pohon_anggaran``), so the dashboard and the report cannot disagree; a constant number of
queries whatever the number of indicators.
"""

from dataclasses import dataclass

from anggaran.services import Peringatan, RingkasanAnggaran
from kinerja.models import BuktiDukung, JenisTarget, SasaranPK
from kinerja.services import CapaianIndikator, RingkasanKinerja
from laporan.narasi import BagianNarasi, list_bagian_narasi
from lkjip.angka import KOSONG
from lkjip.isian import format_nilai
from satker.models import Satker

# Tabel 3.2 first: only its indicators make the capaian kinerja.
URUTAN_BAGIAN = (SasaranPK.Bagian.KINERJA, SasaranPK.Bagian.PROGRAM, SasaranPK.Bagian.RINCIAN)


@dataclass(frozen=True)
class BarisIndikator:
    capaian: CapaianIndikator
    tw_teks: tuple[str, str, str, str]  # TW I–IV as a person reads them, "—" when not entered


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
                        indikator=tuple(BarisIndikator(c, _tw_teks(c)) for c in daftar),
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
