"""Budget trees, totals and serapan (docs/aturan.md rules 10 and 12).

All lines of a year are loaded in one query and the tree is built in Python. A line with children
shows the sums of its children; what was stored on it is kept beside the computed figure and a
disagreement is reported as a ``Peringatan``. Nothing here rounds.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from anggaran.models import BarisAnggaran, Tingkat, kode_cetak
from lkjip.angka import format_rupiah
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
    )


def _urutan_anggaran(b: BarisAnggaran) -> tuple[int, str]:
    return (b.urutan, b.kode)


def build_pohon_anggaran(*, satker: Satker, tahun: int) -> RingkasanAnggaran:
    """The budget of a satker for a year as a tree with computed totals; one query."""
    baris = sorted(BarisAnggaran.objects.filter(satker=satker, tahun=tahun), key=_urutan_anggaran)
    return build_pohon(tahun=tahun, baris=baris)


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
