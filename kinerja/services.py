"""The capaian rules (DOMAIN rules 1–7 and 10) and the measured performance of a satker for a year.

The pure functions at the top know nothing of the database; ``build_ringkasan_kinerja`` loads a
year's Perjanjian Kinerja in a constant number of queries and returns an immutable summary that the
web page, the PDF and the exports all read. Nothing here rounds except ``category_for`` (rule 7).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from kinerja.models import (
    Agregasi,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    Realisasi,
    SasaranPK,
)
from lkjip.angka import KOSONG, bulatkan, format_angka
from renstra.models import Polaritas
from satker.models import Satker

SERATUS = Decimal(100)
NOL = Decimal(0)

MASALAH_TARGET_KOSONG = "Target belum ditetapkan"
MASALAH_REALISASI_KOSONG = "Realisasi belum diisi"
MASALAH_TARGET_NOL_POSITIF = "Target 0 tidak dapat diukur pada polaritas positif"
MASALAH_DOKUMEN_KOSONG = "Daftar dokumen wajib belum diisi"
MASALAH_DOKUMEN_BELUM_DIPERIKSA = "Dokumen belum diperiksa"


@dataclass(frozen=True)
class Kategori:
    """A band of the category scale: reached when ``c >= batas_bawah`` (``c > batas_bawah`` when
    ``termasuk_batas`` is false); the lowest band has no lower bound."""

    nama: str
    batas_bawah: Decimal | None
    termasuk_batas: bool


DEFAULT_SKALA: tuple[Kategori, ...] = (
    Kategori("Gagal", None, True),
    Kategori("Cukup Baik", Decimal(55), True),
    Kategori("Baik", Decimal(75), False),
    Kategori("Sangat Baik", Decimal(90), False),
)


# --- Pure rules -----------------------------------------------------------------------------


def compute_capaian(
    *, target: Decimal | None, realisasi: Decimal | None, polaritas: str
) -> Decimal | None:
    """Capaian in percent, unrounded and uncapped.

    DOMAIN rule 1 (positif): ``realisasi / target × 100``.
    DOMAIN rule 2 (negatif): ``(2 × target − realisasi) / target × 100``, never below 0; with target
    0, realisasi 0 gives 100 and anything above 0 gives 0.
    DOMAIN rule 3: a missing target or realisasi gives None (not 0); a positive-polarity target of 0
    cannot be measured and also gives None (the indicator is flagged by the caller).
    DOMAIN rule 4: no cap here; see ``apply_batas``.
    """
    if target is None or realisasi is None:
        return None
    if polaritas == Polaritas.POSITIF:
        if target == 0:
            return None
        return realisasi * SERATUS / target
    if polaritas == Polaritas.NEGATIF:
        if target == 0:
            return SERATUS if realisasi == 0 else NOL
        return max(NOL, (2 * target - realisasi) * SERATUS / target)
    raise ValueError(f"Polaritas tidak dikenal: {polaritas!r}")


def compute_capaian_dokumen(*, tersedia: int, wajib: int) -> Decimal | None:
    """DOMAIN rule 5, document targets: documents present / documents required × 100.

    No required documents means nothing to measure: None.
    """
    if wajib < 0 or not 0 <= tersedia <= wajib:
        raise ValueError(f"Jumlah dokumen tidak sah: {tersedia} dari {wajib}.")
    if wajib == 0:
        return None
    return Decimal(tersedia) * SERATUS / Decimal(wajib)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """Decimal mean of the values present (None skipped, DOMAIN rule 3); None if there are none."""
    hadir = [v for v in values if v is not None]
    if not hadir:
        return None
    return sum(hadir, NOL) / Decimal(len(hadir))


def aggregate_triwulan(*, nilai_tw: Mapping[int, Decimal], agregasi: str) -> Decimal | None:
    """The annual value from the triwulan values entered (DOMAIN rule 6).

    ``nilai_tw`` maps triwulan (1–4) to its value; a triwulan not yet entered is an absent key
    (0 is a value, DOMAIN rule 3). *kumulatif*: the sum; *nilai akhir*: the latest triwulan entered;
    *rata-rata*: the mean of the triwulan entered. Nothing entered gives None.
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


def _mencapai(nilai: Decimal, kategori: Kategori) -> bool:
    if kategori.batas_bawah is None:
        return True
    if kategori.termasuk_batas:
        return nilai >= kategori.batas_bawah
    return nilai > kategori.batas_bawah


def category_for(*, capaian: Decimal | None, skala: Sequence[Kategori]) -> str | None:
    """The category of a capaian (DOMAIN rule 7): the highest band whose lower bound is reached.

    Decided on the value rounded half-up to two decimals, so the printed number and its category
    always agree (75.004 prints 75,00 and is Cukup Baik; 75.005 prints 75,01 and is Baik).
    """
    if capaian is None:
        return None
    dicetak = bulatkan(capaian, 2)
    urut = sorted(
        skala,
        key=lambda k: (k.batas_bawah is not None, k.batas_bawah or NOL, not k.termasuk_batas),
    )
    hasil = None
    for kategori in urut:
        if _mencapai(dicetak, kategori):
            hasil = kategori.nama
    return hasil


def apply_batas(*, capaian: Decimal | None, batas: Decimal | None) -> Decimal | None:
    """The capaian used for aggregation when the satker sets a cap (DOMAIN rule 4); the indicator
    itself is still shown as computed."""
    if capaian is None or batas is None:
        return capaian
    return min(capaian, batas)


# --- Loading from the database --------------------------------------------------------------


def get_pk_berlaku(*, satker: Satker, tahun: int) -> PerjanjianKinerja | None:
    """The Perjanjian Kinerja in force for the year: the highest ``versi``."""
    return PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun).order_by("-versi").first()


def get_skala(*, satker: Satker) -> tuple[Kategori, ...]:
    """The satker's category scale (DOMAIN rule 7), or ``DEFAULT_SKALA`` when it has none."""
    baris = KategoriCapaian.objects.filter(satker=satker).order_by("urutan")
    skala = tuple(Kategori(k.nama, k.batas_bawah, k.termasuk_batas) for k in baris)
    return skala or DEFAULT_SKALA


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
    masalah: tuple[str, ...]


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
    skala: tuple[Kategori, ...]


def format_nilai(*, nilai: Decimal | None, satuan: str) -> str:
    """A target or realisation as a person reads it: '100%', '1 Laporan', '6,5%'; None -> '—'."""
    if nilai is None:
        return KOSONG
    teks = format_angka(nilai)
    satuan = satuan.strip()
    if not satuan:
        return teks
    if satuan == "%":
        return f"{teks}%"
    return f"{teks} {satuan}"


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
    skala: Sequence[Kategori],
    batas: Decimal | None,
) -> CapaianIndikator:
    """Apply rules 1–7 to one indicator whose sasaran and program are already loaded."""
    sasaran = indikator.sasaran
    program = sasaran.program
    nilai_tw = {r.triwulan: r.nilai for r in realisasi}
    realisasi_tw = (nilai_tw.get(1), nilai_tw.get(2), nilai_tw.get(3), nilai_tw.get(4))
    daftar_dokumen = tuple((d.nama, d.tersedia) for d in dokumen)
    masalah: list[str] = []

    if indikator.jenis_target == JenisTarget.DOKUMEN:
        # DOMAIN rule 5: the target is the list of required documents.
        wajib = len(daftar_dokumen)
        ada = sum(1 for _, tersedia in daftar_dokumen if tersedia)
        belum = [nama for nama, tersedia in daftar_dokumen if tersedia is None]
        target = Decimal(wajib) if wajib else None
        target_teks = _gabungkan([nama for nama, _ in daftar_dokumen]) or KOSONG
        if not wajib:
            masalah.append(MASALAH_DOKUMEN_KOSONG)
        if belum:
            # Rule 3: an unchecked document is missing, not absent; the capaian waits for it.
            masalah.append(f"{MASALAH_DOKUMEN_BELUM_DIPERIKSA}: {', '.join(belum)}")
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
            masalah.append(MASALAH_TARGET_KOSONG)
        elif target == 0 and indikator.polaritas == Polaritas.POSITIF:
            masalah.append(MASALAH_TARGET_NOL_POSITIF)
        if realisasi_nilai is None:
            masalah.append(MASALAH_REALISASI_KOSONG)
        capaian = compute_capaian(
            target=target, realisasi=realisasi_nilai, polaritas=indikator.polaritas
        )

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
        kategori=category_for(capaian=capaian, skala=skala),
        masalah=tuple(masalah),
    )


_URUTAN_BAGIAN = {bagian: i for i, bagian in enumerate(SasaranPK.Bagian.values)}


def list_sasaran_pk(*, pk: PerjanjianKinerja) -> list[SasaranPK]:
    """The sasaran of a PK in report order (programme, bagian, urutan), with their indicators,
    realisations and required documents loaded: four queries, whatever the size."""
    daftar = list(
        SasaranPK.objects.filter(program__perjanjian=pk)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=IndikatorKinerja.objects.order_by("urutan").prefetch_related(
                    Prefetch("realisasi", queryset=Realisasi.objects.order_by("triwulan")),
                    Prefetch("dokumen_wajib", queryset=DokumenWajib.objects.order_by("urutan")),
                ),
            )
        )
    )
    daftar.sort(key=lambda s: (s.program.urutan, _URUTAN_BAGIAN[s.bagian], s.urutan))
    return daftar


def build_ringkasan_kinerja(*, satker: Satker, tahun: int) -> RingkasanKinerja:
    """Every indicator of the PK in force, measured, and the overall capaian kinerja.

    DOMAIN rule 10: the capaian kinerja is the mean capaian of the measured indicators (bagian
    ``kinerja``, Tabel 3.2) that have one; indicators without one are listed in ``belum_lengkap``.
    Runs a constant number of queries (skala, PK, sasaran, indikator, realisasi, dokumen).
    """
    skala = get_skala(satker=satker)
    batas = satker.batas_capaian
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    if pk is None:
        return RingkasanKinerja(
            tahun=tahun,
            pk_id=None,
            pk_versi=None,
            pk_jenis=None,
            indikator=(),
            terukur=(),
            capaian_kinerja=None,
            capaian_kinerja_dibatasi=None,
            kategori=None,
            batas=batas,
            jumlah_sasaran_program=0,
            jumlah_sasaran_terukur=0,
            jumlah_indikator_terukur=0,
            belum_lengkap=(),
            skala=skala,
        )

    daftar_sasaran = list_sasaran_pk(pk=pk)

    indikator = tuple(
        measure_indikator(
            indikator=ind,
            realisasi=ind.realisasi.all(),
            dokumen=ind.dokumen_wajib.all(),
            skala=skala,
            batas=batas,
        )
        for sasaran in daftar_sasaran
        for ind in sasaran.indikator.all()
    )
    terukur = tuple(c for c in indikator if c.bagian == SasaranPK.Bagian.KINERJA)
    capaian_kinerja = mean(c.capaian for c in terukur)
    capaian_kinerja_dibatasi = mean(c.capaian_dibatasi for c in terukur)
    return RingkasanKinerja(
        tahun=tahun,
        pk_id=pk.pk,
        pk_versi=pk.versi,
        pk_jenis=pk.jenis,
        indikator=indikator,
        terukur=terukur,
        capaian_kinerja=capaian_kinerja,
        capaian_kinerja_dibatasi=capaian_kinerja_dibatasi,
        kategori=category_for(capaian=capaian_kinerja_dibatasi, skala=skala),
        batas=batas,
        jumlah_sasaran_program=sum(
            1 for s in daftar_sasaran if s.bagian == SasaranPK.Bagian.PROGRAM
        ),
        jumlah_sasaran_terukur=sum(
            1 for s in daftar_sasaran if s.bagian == SasaranPK.Bagian.KINERJA
        ),
        jumlah_indikator_terukur=len(terukur),
        belum_lengkap=tuple(c for c in indikator if c.masalah),
        skala=skala,
    )
