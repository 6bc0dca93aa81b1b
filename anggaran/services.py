"""Budget trees, totals and serapan (docs/aturan.md rules 10 and 12).

All lines of a year are loaded in one query and the tree is built in Python. A line with children
shows the sums of its children; what was stored on it is kept beside the computed figure and a
disagreement is reported as a ``Peringatan``. Nothing here rounds.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Sum

from anggaran.models import (
    NAMA_TRIWULAN,
    BarisAnggaran,
    RealisasiBulanan,
    RencanaPenarikan,
    RevisiDipa,
    Tingkat,
    kode_cetak,
)
from lkjip.angka import BULAN, KOSONG, format_rupiah
from lkjip.kunci import kunci_satker_tahun, pastikan_bisa_diubah
from satker.models import Satker

SERATUS = Decimal(100)
NOL = Decimal(0)


def compute_serapan(*, pagu: Decimal | None, realisasi: Decimal | None) -> Decimal | None:
    """Serapan anggaran: ``realisasi / pagu × 100``, unrounded (docs/aturan.md rule 10 for totals:
    call it with Σ realisasi and Σ pagu, never average percentages). No pagu, or pagu 0: None."""
    if pagu is None or realisasi is None or pagu == 0:
        return None
    return realisasi * SERATUS / pagu


def _jumlah(nilai: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the values present; None when none is present (missing is not zero, rule 3)."""
    hadir = [n for n in nilai if n is not None]
    if not hadir:
        return None
    return sum(hadir, NOL)


@dataclass(frozen=True)
class NodeAnggaran:
    id: int
    kode: str
    kode_singkat: str
    tingkat: str
    uraian: str
    catatan: str
    pagu: Decimal | None
    realisasi: Decimal | None
    sisa: Decimal | None
    serapan: Decimal | None
    pagu_tercatat: Decimal | None
    realisasi_tercatat: Decimal | None
    selisih: bool
    anak: tuple["NodeAnggaran", ...]
    kedalaman: int
    # Returned funds, beside the realisasi and never subtracted from it (docs/aturan.md rule 13).
    pengembalian: Decimal | None = None

    @property
    def kode_cetak(self) -> str:
        return kode_cetak(kode_singkat=self.kode_singkat, tingkat=self.tingkat)

    def telusuri(self) -> Iterator["NodeAnggaran"]:
        """This node and all its descendants, depth first in budget order."""
        yield self
        for anak in self.anak:
            yield from anak.telusuri()


@dataclass(frozen=True)
class Peringatan:
    """A fact about the budget data that a person should check (not an error)."""

    kode: str  # the budget line's full kode
    pesan: str
    jenis: str = ""  # pagu_kosong, realisasi_kosong, selisih_pagu, selisih_realisasi, melebihi_pagu


@dataclass(frozen=True)
class RingkasanAnggaran:
    tahun: int
    program: tuple[NodeAnggaran, ...]
    total_pagu: Decimal
    total_realisasi: Decimal
    total_sisa: Decimal
    serapan: Decimal | None
    peringatan: tuple[Peringatan, ...]
    total_pengembalian: Decimal | None = None

    def semua(self) -> Iterator[NodeAnggaran]:
        for program in self.program:
            yield from program.telusuri()

    def kegiatan(self) -> tuple[NodeAnggaran, ...]:
        """All lines at tingkat kegiatan, in budget order."""
        return tuple(n for n in self.semua() if n.tingkat == Tingkat.KEGIATAN)

    def cari(self, kode: str) -> NodeAnggaran | None:
        """The line with this full kode; failing that, the only line whose own segment is ``kode``
        (so ``cari("3355")`` finds 076.01.WA.3355)."""
        semua = list(self.semua())
        for node in semua:
            if node.kode == kode:
                return node
        cocok = [n for n in semua if n.kode_singkat == kode]
        return cocok[0] if len(cocok) == 1 else None


def _build_node(
    baris: BarisAnggaran,
    anak_dari: dict[int, list[BarisAnggaran]],
    kedalaman: int,
    peringatan: list[Peringatan],
) -> NodeAnggaran:
    anak = tuple(
        _build_node(a, anak_dari, kedalaman + 1, peringatan) for a in anak_dari.get(baris.pk, [])
    )
    nama = f"{baris.kode} {baris.uraian}".strip()
    if anak:
        # docs/aturan.md rule 12: a parent's figures are the sums of its children.
        pagu = _jumlah(a.pagu for a in anak)
        realisasi = _jumlah(a.realisasi for a in anak)
        pengembalian = _jumlah(a.pengembalian for a in anak)
        selisih_pagu = baris.pagu is not None and baris.pagu != pagu
        selisih_realisasi = baris.realisasi is not None and baris.realisasi != realisasi
        if selisih_pagu:
            peringatan.append(
                Peringatan(
                    kode=baris.kode,
                    jenis="selisih_pagu",
                    pesan=(
                        f"Pagu tercatat {nama} ({format_rupiah(baris.pagu)}) berbeda dengan "
                        f"jumlah rinciannya ({format_rupiah(pagu)}); yang dipakai jumlah rincian."
                    ),
                )
            )
        if selisih_realisasi:
            peringatan.append(
                Peringatan(
                    kode=baris.kode,
                    jenis="selisih_realisasi",
                    pesan=(
                        f"Realisasi tercatat {nama} ({format_rupiah(baris.realisasi)}) berbeda "
                        f"dengan jumlah rinciannya ({format_rupiah(realisasi)}); yang dipakai "
                        "jumlah rincian."
                    ),
                )
            )
        selisih = selisih_pagu or selisih_realisasi
    else:
        pagu, realisasi, selisih = baris.pagu, baris.realisasi, False
        pengembalian = baris.pengembalian
        if pagu is None:
            peringatan.append(
                Peringatan(
                    kode=baris.kode,
                    jenis="pagu_kosong",
                    pesan=f"Pagu {nama} belum diisi; baris ini tidak ikut dijumlahkan.",
                )
            )
        if realisasi is None:
            peringatan.append(
                Peringatan(
                    kode=baris.kode,
                    jenis="realisasi_kosong",
                    pesan=f"Realisasi {nama} belum diisi; baris ini tidak ikut dijumlahkan.",
                )
            )
    if pagu is not None and realisasi is not None and realisasi > pagu:
        peringatan.append(
            Peringatan(
                kode=baris.kode,
                jenis="melebihi_pagu",
                pesan=(
                    f"Realisasi {nama} ({format_rupiah(realisasi)}) melebihi paginya "
                    f"({format_rupiah(pagu)})."
                ),
            )
        )
    return NodeAnggaran(
        id=baris.pk,
        kode=baris.kode,
        kode_singkat=baris.kode_singkat,
        tingkat=baris.tingkat,
        uraian=baris.uraian,
        catatan=baris.catatan,
        pagu=pagu,
        realisasi=realisasi,
        sisa=pagu - realisasi if pagu is not None and realisasi is not None else None,
        serapan=compute_serapan(pagu=pagu, realisasi=realisasi),
        pagu_tercatat=baris.pagu,
        realisasi_tercatat=baris.realisasi,
        selisih=selisih,
        anak=anak,
        kedalaman=kedalaman,
        pengembalian=pengembalian,
    )


def build_pohon(*, tahun: int, baris: Sequence[BarisAnggaran]) -> RingkasanAnggaran:
    """Pure: the tree and totals of one year's lines (already in budget order)."""
    ada = {b.pk for b in baris}
    anak_dari: dict[int, list[BarisAnggaran]] = {}
    akar: list[BarisAnggaran] = []
    for b in baris:
        if b.induk_id is not None and b.induk_id in ada:
            anak_dari.setdefault(b.induk_id, []).append(b)
        else:
            akar.append(b)
    peringatan: list[Peringatan] = []
    program = tuple(_build_node(b, anak_dari, 0, peringatan) for b in akar)
    total_pagu = _jumlah(p.pagu for p in program) or NOL
    total_realisasi = _jumlah(p.realisasi for p in program) or NOL
    return RingkasanAnggaran(
        tahun=tahun,
        program=program,
        total_pagu=total_pagu,
        total_realisasi=total_realisasi,
        total_sisa=total_pagu - total_realisasi,
        # docs/aturan.md rule 10: weighted by pagu, never an average of the programmes' percentages.
        serapan=compute_serapan(pagu=total_pagu, realisasi=total_realisasi),
        peringatan=tuple(peringatan),
        total_pengembalian=_jumlah(p.pengembalian for p in program),
    )


def _urutan_anggaran(b: BarisAnggaran) -> tuple[int, str]:
    return (b.urutan, b.kode)


def build_pohon_anggaran(*, satker: Satker, tahun: int) -> RingkasanAnggaran:
    """The budget of a satker for a year as a tree with computed totals; one query."""
    baris = sorted(BarisAnggaran.objects.filter(satker=satker, tahun=tahun), key=_urutan_anggaran)
    return build_pohon(tahun=tahun, baris=baris)


def total_anggaran_banyak(
    *, satker_ids: Iterable[int], tahun: int
) -> dict[int, tuple[Decimal, Decimal]]:
    """The year's total pagu and realisasi of many satker (satker id → (pagu, realisasi)) in one
    aggregate query: the same figures as ``build_pohon_anggaran``'s ``total_pagu`` and
    ``total_realisasi``. A parent's figures are the sums of its children (docs/aturan.md rule 12),
    so the total is the sum over the lines without children, an empty value left out (rule 3).
    A satker without budget lines is absent."""
    tahun_ini = BarisAnggaran.objects.filter(satker_id__in=set(satker_ids), tahun=tahun)
    # A line and its children share satker and year; saying so of the children too lets the
    # database read only these satker's lines on both sides.
    anak = tahun_ini.filter(induk_id=OuterRef("pk"))
    kueri = (
        tahun_ini.filter(~Exists(anak))
        .order_by()
        .values("satker_id")
        .annotate(pagu=Sum("pagu"), realisasi=Sum("realisasi"))
    )
    return {r["satker_id"]: (r["pagu"] or NOL, r["realisasi"] or NOL) for r in kueri}


@dataclass(frozen=True)
class BarisTabulasi:
    kode_singkat: str
    kode_cetak: str  # "" for a line without a budget classification code (``kode_cetak``)
    uraian: str
    per_tahun: tuple[tuple[int, NodeAnggaran | None], ...]


def build_tabulasi(
    *,
    satker: Satker,
    tahun_list: Sequence[int],
    tingkat: str = Tingkat.KEGIATAN,
    kode_program: str | None = None,
) -> tuple[BarisTabulasi, ...]:
    """Lines of one tingkat across several years (the seed's 2022–2024 tabulation per kegiatan).

    Lines are matched across years by their own segment (``kode_singkat``, e.g. 6709) and ordered by
    it; a year without the line has None. ``kode_program`` keeps only lines under that programme.
    The uraian is the most recent year's. One query for all years.
    """
    tahun_list = tuple(tahun_list)
    semua = sorted(
        BarisAnggaran.objects.filter(satker=satker, tahun__in=tahun_list),
        key=_urutan_anggaran,
    )
    per_tahun: dict[int, dict[str, NodeAnggaran]] = {}
    for tahun in tahun_list:
        pohon = build_pohon(tahun=tahun, baris=[b for b in semua if b.tahun == tahun])
        simpul: dict[str, NodeAnggaran] = {}
        for program in pohon.program:
            if kode_program is not None and program.kode != kode_program:
                continue
            for node in program.telusuri():
                if node.tingkat == tingkat:
                    simpul.setdefault(node.kode_singkat, node)
        per_tahun[tahun] = simpul

    kode_semua = sorted({kode for simpul in per_tahun.values() for kode in simpul})
    hasil = []
    for kode in kode_semua:
        terbaru = next(
            per_tahun[t][kode] for t in sorted(tahun_list, reverse=True) if kode in per_tahun[t]
        )
        hasil.append(
            BarisTabulasi(
                kode_singkat=kode,
                kode_cetak=terbaru.kode_cetak,
                uraian=terbaru.uraian,
                per_tahun=tuple((t, per_tahun[t].get(kode)) for t in tahun_list),
            )
        )
    return tuple(hasil)


# --- the budget over the year (docs/aturan.md rules 13 and 14) ------------------------------------


@dataclass(frozen=True)
class SerapanTriwulan:
    triwulan: int
    realisasi: Decimal | None  # booked in this TW: its months and what is known only per TW
    kumulatif: Decimal | None  # s.d. this TW
    serapan: Decimal | None  # kumulatif / pagu in force × 100, unrounded
    diketahui: bool  # the TW lies within the period of the data (``RealisasiTahun.bulan_akhir``)
    # The plan (rencana penarikan dana, RPD) s.d. this TW and its share of the pagu in force;
    # None without a planned month up to this TW. Stated for every TW: a plan covers the year.
    rencana_kumulatif: Decimal | None = None
    rencana_serapan: Decimal | None = None

    @property
    def label(self) -> str:
        return f"TW {NAMA_TRIWULAN[self.triwulan - 1]}"


@dataclass(frozen=True)
class RealisasiTahun:
    """The realisation of a satker's year (or of one budget line) month by month and per TW,
    against the pagu in force. ``bulan_akhir``: the latest month with data in the satker's year,
    None when only yearly figures exist (then the period is the whole year)."""

    tahun: int
    pagu: Decimal | None
    per_bulan: tuple[Decimal | None, ...]  # 12; None: no line has a figure for that month
    hanya_triwulan: tuple[Decimal | None, ...]  # 4: amounts known only per TW (no month)
    triwulan: tuple[SerapanTriwulan, ...]
    bulan_akhir: int | None
    # Lines whose yearly realisasi is not the sum of their months and TWs: (kode, realisasi,
    # Σ months); an import keeps them equal, a figure typed in the admin may not.
    selisih: tuple[tuple[str, Decimal | None, Decimal], ...] = ()
    # 12: the satker's rencana penarikan dana per month (``RencanaPenarikan``); None: not planned.
    rencana: tuple[Decimal | None, ...] = (None,) * 12

    @property
    def ada_data(self) -> bool:
        return self.bulan_akhir is not None

    @property
    def ada_rencana(self) -> bool:
        return any(r is not None for r in self.rencana)

    @property
    def triwulan_diketahui(self) -> tuple[SerapanTriwulan, ...]:
        """The TWs within the period, whose serapan is stated."""
        return tuple(t for t in self.triwulan if t.diketahui)

    @property
    def total_rencana(self) -> Decimal | None:
        return _jumlah(self.rencana)

    @property
    def lengkap(self) -> bool:
        return self.bulan_akhir is None or self.bulan_akhir == 12

    @property
    def periode(self) -> str:
        return format_periode(tahun=self.tahun, bulan_akhir=self.bulan_akhir)

    def bulan(self) -> Iterator["BulanRealisasi"]:
        """The months within the period (all twelve when a plan is recorded): realised in the
        month and s.d. the month, the plan beside it; the cumulative counts a TW known only as a
        whole from its last month. A month after the period has no realisation (None)."""
        kumulatif: Decimal | None = None
        rencana_kumulatif: Decimal | None = None
        akhir = 12 if self.ada_rencana else self.bulan_akhir or 0
        for i in range(1, akhir + 1):
            rencana_kumulatif = _jumlah([rencana_kumulatif, self.rencana[i - 1]])
            dalam = self.bulan_akhir is not None and i <= self.bulan_akhir
            nilai = self.per_bulan[i - 1] if dalam else None
            if dalam:
                tambah = [nilai]
                if i % 3 == 0:
                    tambah.append(self.hanya_triwulan[i // 3 - 1])
                kumulatif = _jumlah([kumulatif, *tambah])
            yield BulanRealisasi(
                nama=BULAN[i - 1],
                realisasi=nilai,
                kumulatif=kumulatif if dalam else None,
                rencana=self.rencana[i - 1],
                rencana_kumulatif=rencana_kumulatif,
            )


@dataclass(frozen=True)
class BulanRealisasi:
    nama: str
    realisasi: Decimal | None
    kumulatif: Decimal | None  # realised s.d. the month; None after the period
    rencana: Decimal | None
    rencana_kumulatif: Decimal | None


def format_periode(*, tahun: int, bulan_akhir: int | None) -> str:
    """The period a year's budget figures cover (docs/aturan.md rule 14): "Tahun 2024" when the
    year is complete or only yearly figures exist, "s.d. TW III 2024" up to the end of a TW,
    else "s.d. Agustus 2024"."""
    if bulan_akhir is None or bulan_akhir == 12:
        return f"Tahun {tahun}"
    if bulan_akhir % 3 == 0:
        return f"s.d. TW {NAMA_TRIWULAN[bulan_akhir // 3 - 1]} {tahun}"
    return f"s.d. {BULAN[bulan_akhir - 1]} {tahun}"


Catatan = tuple[int | None, int | None, Decimal]  # (bulan, triwulan, nilai) of a RealisasiBulanan


def compute_realisasi_tahun(
    *,
    tahun: int,
    pagu: Decimal | None,
    catatan: Iterable[Catatan],
    bulan_akhir: int | None,
    rencana: Sequence[Decimal | None] = (None,) * 12,
) -> RealisasiTahun:
    """Pure: the months and TWs of the rows given (docs/aturan.md rule 14). A month or TW without
    a row is missing, not 0: a sum counts the rows present and is None when there is none; the
    serapan s.d. a TW is Σ realisasi s.d. that TW / pagu in force. ``rencana``: the planned
    withdrawal of each month (12), its share s.d. a TW computed the same way."""
    per_bulan: list[Decimal | None] = [None] * 12
    hanya_tw: list[Decimal | None] = [None] * 4
    for bulan, triwulan, nilai in catatan:
        if bulan:
            per_bulan[bulan - 1] = _jumlah([per_bulan[bulan - 1], nilai])
        elif triwulan:
            hanya_tw[triwulan - 1] = _jumlah([hanya_tw[triwulan - 1], nilai])
    triwulan_list = []
    kumulatif: Decimal | None = None
    rencana = tuple(rencana)
    for tw in range(1, 5):
        dalam = _jumlah([*per_bulan[tw * 3 - 3 : tw * 3], hanya_tw[tw - 1]])
        kumulatif = _jumlah([kumulatif, dalam])
        rencana_kumulatif = _jumlah(rencana[: tw * 3])
        diketahui = bulan_akhir is not None and tw * 3 <= bulan_akhir
        triwulan_list.append(
            SerapanTriwulan(
                triwulan=tw,
                realisasi=dalam,
                kumulatif=kumulatif,
                serapan=compute_serapan(pagu=pagu, realisasi=kumulatif) if diketahui else None,
                diketahui=diketahui,
                rencana_kumulatif=rencana_kumulatif,
                rencana_serapan=compute_serapan(pagu=pagu, realisasi=rencana_kumulatif),
            )
        )
    return RealisasiTahun(
        tahun=tahun,
        pagu=pagu,
        per_bulan=tuple(per_bulan),
        hanya_triwulan=tuple(hanya_tw),
        triwulan=tuple(triwulan_list),
        bulan_akhir=bulan_akhir,
        rencana=rencana,
    )


def _bulan_akhir(catatan: Iterable[Catatan]) -> int | None:
    return max((bulan or triwulan * 3 for bulan, triwulan, _ in catatan), default=None)


def build_realisasi_tahun(
    *, satker: Satker, tahun: int, anggaran: RingkasanAnggaran | None = None
) -> tuple[RealisasiTahun, dict[str, RealisasiTahun]]:
    """The satker's year over the months with its rencana penarikan, and the same per kegiatan
    (by full kode, without a plan: the RPD is the satker's); two queries besides the tree. Only
    lines without children count (docs/aturan.md rule 12: a parent's figure is the sum of its
    children), so a month booked on a kegiatan and on its RO is counted once. The period is the
    satker-year's, the same for every kegiatan."""
    if anggaran is None:
        anggaran = build_pohon_anggaran(satker=satker, tahun=tahun)
    per_baris: dict[int, list[Catatan]] = {}
    for baris_id, bulan, triwulan, nilai in (
        RealisasiBulanan.objects.filter(baris__satker=satker, baris__tahun=tahun)
        .order_by()
        .values_list("baris_id", "bulan", "triwulan", "nilai")
    ):
        per_baris.setdefault(baris_id, []).append((bulan, triwulan, nilai))
    semua = [c for daftar in per_baris.values() for c in daftar]
    bulan_akhir = _bulan_akhir(semua)

    def catatan_daun(node: NodeAnggaran) -> list[Catatan]:
        return [c for n in node.telusuri() if not n.anak for c in per_baris.get(n.id, ())]

    daun = [c for program in anggaran.program for c in catatan_daun(program)]
    tahunan = compute_realisasi_tahun(
        tahun=tahun,
        pagu=anggaran.total_pagu,
        catatan=daun,
        bulan_akhir=bulan_akhir,
        rencana=list_rencana_penarikan(satker=satker, tahun=tahun),
    )
    selisih = []
    for node in anggaran.semua():
        bulanan = per_baris.get(node.id)
        if bulanan and not node.anak:
            jumlah = sum((nilai for _, _, nilai in bulanan), NOL)
            if jumlah != node.realisasi:
                selisih.append((node.kode, node.realisasi, jumlah))
    tahunan = replace(tahunan, selisih=tuple(selisih))
    per_kegiatan = {
        k.kode: compute_realisasi_tahun(
            tahun=tahun, pagu=k.pagu, catatan=catatan_daun(k), bulan_akhir=bulan_akhir
        )
        for k in anggaran.kegiatan()
    }
    return tahunan, per_kegiatan


def list_rencana_penarikan(*, satker: Satker, tahun: int) -> tuple[Decimal | None, ...]:
    """The 12 months of the satker-year's rencana penarikan dana; None: not planned."""
    rencana: list[Decimal | None] = [None] * 12
    for bulan, nilai in RencanaPenarikan.objects.filter(satker=satker, tahun=tahun).values_list(
        "bulan", "nilai"
    ):
        rencana[bulan - 1] = nilai
    return tuple(rencana)


def simpan_rencana_penarikan(
    *, satker: Satker, tahun: int, rencana: Sequence[Decimal | None]
) -> int:
    """Write the 12 months of the satker-year's rencana penarikan dana at once: a month given is
    created or changed, a month empty is deleted (not planned). One transaction, row by row
    through the ORM so every change is in the history; a locked year (lkjip.kunci) raises its
    ValidationError before anything is written. Returns the number of months changed."""
    if len(rencana) != 12:
        raise ValueError("Rencana penarikan harus 12 bulan.")
    with transaction.atomic():
        # One writer of the satker-year at a time (as an import): two first saves at once would
        # otherwise both create the same month.
        kunci_satker_tahun(satker_id=satker.pk, tahun=tahun)
        pastikan_bisa_diubah(satker=satker, tahun=tahun, model=RencanaPenarikan)
        ada = {r.bulan: r for r in RencanaPenarikan.objects.filter(satker=satker, tahun=tahun)}
        berubah = 0
        for bulan, nilai in enumerate(rencana, 1):
            baris = ada.get(bulan)
            if nilai is None:
                if baris is not None:
                    baris.delete()
                    berubah += 1
            elif baris is None:
                RencanaPenarikan.objects.create(
                    satker=satker, tahun=tahun, bulan=bulan, nilai=nilai
                )
                berubah += 1
            elif baris.nilai != nilai:
                baris.nilai = nilai
                baris.save(update_fields=["nilai"])
                berubah += 1
    return berubah


@dataclass(frozen=True)
class PerubahanPagu:
    kode: str
    uraian: str
    lama: Decimal | None
    baru: Decimal | None


@dataclass(frozen=True)
class RiwayatRevisi:
    ke: int
    label: str
    tanggal: object  # datetime.date | None
    nomor: str
    total: Decimal
    selisih: Decimal | None  # total − the previous revision's total; None for the first
    perubahan: tuple[PerubahanPagu, ...]  # lines whose pagu changed from the previous revision
    perubahan_lain: int  # changed lines beyond those listed

    @property
    def selisih_teks(self) -> str:
        """'+Rp1.000', '−Rp2.515.080.000', 'tetap'; '—' for the first revision."""
        if self.selisih is None:
            return KOSONG
        if self.selisih == 0:
            return "tetap"
        return ("+" if self.selisih > 0 else "−") + format_rupiah(abs(self.selisih))


BATAS_PERUBAHAN_REVISI = 50  # changed lines listed per revision on the page


def list_revisi_dipa(*, satker: Satker, tahun: int) -> tuple[RiwayatRevisi, ...]:
    """The DIPA of the year revision by revision, newest last: its total (Σ of the lines without
    children, docs/aturan.md rule 12), the change from the one before and the lines whose pagu
    changed. The last one is the pagu in force."""
    revisi = list(RevisiDipa.objects.filter(satker=satker, tahun=tahun).order_by("ke"))
    if not revisi:
        return ()
    uraian = dict(
        BarisAnggaran.objects.filter(satker=satker, tahun=tahun).values_list("kode", "uraian")
    )
    hasil = []
    sebelum: dict[str, Decimal] | None = None
    total_sebelum = NOL
    for r in revisi:
        pagu = r.pagu_per_baris()
        total = sum(pagu.values(), NOL)
        berubah: list[PerubahanPagu] = []
        if sebelum is not None:
            for kode in sorted(pagu.keys() | sebelum.keys()):
                lama, baru = sebelum.get(kode), pagu.get(kode)
                if lama != baru:
                    berubah.append(PerubahanPagu(kode, uraian.get(kode, ""), lama, baru))
        hasil.append(
            RiwayatRevisi(
                ke=r.ke,
                label=r.label,
                tanggal=r.tanggal,
                nomor=r.nomor,
                total=total,
                selisih=None if sebelum is None else total - total_sebelum,
                perubahan=tuple(berubah[:BATAS_PERUBAHAN_REVISI]),
                perubahan_lain=max(len(berubah) - BATAS_PERUBAHAN_REVISI, 0),
            )
        )
        sebelum, total_sebelum = pagu, total
    return tuple(hasil)
