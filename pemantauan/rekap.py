"""What a KPU Provinsi or KPU RI sees of the satker below it, and the figures rolled up from
them (docs/pemantauan.md).

One row per subordinate satker for a year (``build_pemantauan``) and the roll-up of any set of
rows (``build_rekap``): every figure is computed here from the satker's own data, never typed.
The monitoring page, its xlsx, a province's narrative placeholders and the comparison on a
satker's dashboard all read these two functions; nothing else computes them.

Cost: a constant number of queries whatever the number of satker (552 nationally): the rows are
read for all satker at once and measured in Python with the same rules as a single satker's
dashboard (kinerja.services), never a loop of queries over satker.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from anggaran.services import compute_serapan, total_anggaran_banyak
from kinerja.jadwal import StatusTriwulan, status_triwulan_banyak
from kinerja.models import Triwulan
from kinerja.services import (
    DEFAULT_SKALA,
    RingkasanKinerja,
    build_ringkasan_kinerja_banyak,
    mean,
)
from laporan.pemeriksaan_tersimpan import baca_banyak
from lkjip.angka import bulatkan
from pengesahan.models import Langkah, Pengesahan
from pengingat.tenggat import perlu_nilai_tw
from satker.access import satker_bawahan
from satker.models import Satker
from satker.services import list_tahun_banyak

SERATUS = Decimal(100)
# The states of a TW's entry and how the page and the xlsx name them (docs/pemantauan.md).
LABEL_KEADAAN_TW = {
    "lengkap": "lengkap",
    "berjalan": "berjalan",
    "terlambat": "terlambat",
    "tanpa_batas": "usai, tanpa batas",
    "belum": "belum mulai",
}
KEADAAN_TW = tuple(LABEL_KEADAAN_TW)
BELUM_TERUKUR = "Belum terukur"
TANPA_PAGU = "Tanpa pagu"


@dataclass(frozen=True)
class IsianTW:
    """One TW of one satker: how many measured indicators (Tabel 3.2) have a value."""

    triwulan: int
    terisi: int
    jumlah: int
    batas: datetime.date | None  # the TW's due date (kinerja.jadwal), None when not set
    keadaan: str  # a key of LABEL_KEADAAN_TW (docs/pemantauan.md)

    @property
    def label(self) -> str:
        return LABEL_KEADAAN_TW[self.keadaan]

    @property
    def lengkap(self) -> bool:
        return self.jumlah > 0 and self.terisi == self.jumlah


@dataclass(frozen=True)
class BarisPemantauan:
    """One subordinate satker in one year."""

    satker_id: int
    kode: str
    nama: str
    jenis: str  # satker.models.Satker.Jenis
    provinsi_id: int | None  # the KPU Provinsi it belongs to (itself for a province)
    provinsi: str  # that province's name, for grouping and filtering
    tahun: int
    tw: tuple[IsianTW, ...]  # TW I..IV
    status: str  # pengesahan.models.Pengesahan.Status value; "draf" when none
    status_label: str
    status_waktu: datetime.datetime | None  # when the current status was reached
    tepat_waktu: bool | None  # report signed by the deadline; None while it is not yet due
    capaian: Decimal | None  # capaian kinerja (docs/aturan.md rule 10), capped
    kategori: str | None
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None  # percent; None without pagu
    galat: int | None  # consistency check of the report; None when never checked
    peringatan: int | None
    pemeriksaan_kini: bool  # whether galat/peringatan were counted on the current data


@dataclass(frozen=True)
class Rekap:
    """Figures rolled up from a set of rows (docs/pemantauan.md)."""

    jumlah_satker: int
    per_status: dict[str, int]  # status value → number of satker (every status present, 0 too)
    per_kategori: dict[str, int]  # category name → number of satker; "Belum terukur" for None
    rata_serapan: Decimal | None  # mean of the satker's serapan
    serapan_tertimbang: Decimal | None  # Σ realisasi ÷ Σ pagu × 100
    tepat_waktu: int  # satker whose report was signed by the deadline
    jatuh_tempo: int  # satker whose deadline has passed or who signed (the denominator)
    persen_tepat_waktu: Decimal | None
    histogram_serapan: tuple[tuple[str, int], ...]  # ("< 50 %", n), ("50–60 %", n) …
    # Per TW I–IV: keadaan → number of satker, every keadaan present (0 too).
    per_keadaan_tw: tuple[dict[str, int], ...] = ()


# --- The deadline of the report (docs/aturan.md rule 16) --------------------------------------


def batas_laporan(tahun: int) -> datetime.date:
    """The last day on which a year's report counts as delivered on time: ``BATAS_LAPORAN``
    (month, day; day None: the month's last day) of the following year."""
    bulan, hari = settings.BATAS_LAPORAN
    tahun_lapor = tahun + 1
    if hari is None:
        hari = calendar.monthrange(tahun_lapor, bulan)[1]
    return datetime.date(tahun_lapor, bulan, hari)


def compute_tepat_waktu(
    *, tahun: int, ditandatangani: datetime.datetime | None, hari_ini: datetime.date
) -> bool | None:
    """Whether the report was signed by its deadline (docs/aturan.md rule 16): the first
    signature counts (a later revision does not undo a delivery). Not signed: None while the
    deadline has not passed, else False."""
    batas = batas_laporan(tahun)
    if ditandatangani is not None:
        return timezone.localdate(ditandatangani) <= batas
    return False if hari_ini > batas else None


# --- TW entry ---------------------------------------------------------------------------------


def _awal_triwulan(tahun: int, triwulan: int) -> datetime.date:
    return datetime.date(tahun, 3 * (triwulan - 1) + 1, 1)


def _akhir_triwulan(tahun: int, triwulan: int) -> datetime.date:
    bulan = 3 * triwulan
    return datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def compute_keadaan_tw(
    *, tahun: int, st: StatusTriwulan, terisi: int, jumlah: int, hari_ini: datetime.date
) -> str:
    """The state of one TW's entry (docs/pemantauan.md): "lengkap" (every measured indicator has
    a value), "belum" (the TW has not started), "terlambat" (its due date has passed),
    "tanpa_batas" (the TW is over and no due date was set: not late by any rule, yet not to be
    read as under way), else "berjalan" (started, due date not passed or not set)."""
    if jumlah > 0 and terisi == jumlah:
        return "lengkap"
    if hari_ini < _awal_triwulan(tahun, st.triwulan):
        return "belum"
    if st.lewat_batas:
        return "terlambat"
    if st.batas is None and hari_ini > _akhir_triwulan(tahun, st.triwulan):
        return "tanpa_batas"
    return "berjalan"


def _isian_tw(
    *, ringkasan: RingkasanKinerja, status: dict[int, StatusTriwulan], hari_ini: datetime.date
) -> tuple[IsianTW, ...]:
    # The indicators due a value each TW, as the reminders count them (pengingat.tenggat).
    perlu = [
        c for c in ringkasan.terukur if perlu_nilai_tw(bagian=c.bagian, jenis_target=c.jenis_target)
    ]
    hasil = []
    for tw in Triwulan.values:
        terisi = sum(1 for c in perlu if c.realisasi_tw[tw - 1] is not None)
        st = status[tw]
        hasil.append(
            IsianTW(
                triwulan=tw,
                terisi=terisi,
                jumlah=len(perlu),
                batas=st.batas,
                keadaan=compute_keadaan_tw(
                    tahun=ringkasan.tahun,
                    st=st,
                    terisi=terisi,
                    jumlah=len(perlu),
                    hari_ini=hari_ini,
                ),
            )
        )
    return tuple(hasil)


# --- The report's status ----------------------------------------------------------------------

# The step that brings a report to each status; a draft's is a return or a revision.
_AKSI_STATUS = {
    Pengesahan.Status.DIAJUKAN: (Langkah.Aksi.AJUKAN,),
    Pengesahan.Status.DISETUJUI: (Langkah.Aksi.SETUJUI,),
    Pengesahan.Status.DITANDATANGANI: (Langkah.Aksi.TANDATANGANI,),
    Pengesahan.Status.DRAF: (Langkah.Aksi.KEMBALIKAN, Langkah.Aksi.REVISI),
}


@dataclass(frozen=True)
class _StatusLaporan:
    status: str
    waktu: datetime.datetime | None
    pertama_ditandatangani: datetime.datetime | None


def _status_laporan(*, satker_ids: Iterable[int], tahun: int) -> dict[int, _StatusLaporan]:
    """Each satker's report status, when it was reached (the latest step of the kind that leads
    to it) and its first signature: two queries."""
    pengesahan = {
        pid: (satker_id, status)
        for pid, satker_id, status in Pengesahan.objects.filter(
            satker_id__in=set(satker_ids), tahun=tahun
        ).values_list("pk", "satker_id", "status")
    }
    waktu: dict[tuple[int, str], tuple[datetime.datetime, datetime.datetime]] = {}
    for r in (
        Langkah.objects.filter(pengesahan_id__in=pengesahan.keys())
        .order_by()
        .values("pengesahan_id", "aksi")
        .annotate(awal=Min("waktu"), akhir=Max("waktu"))
    ):
        waktu[(r["pengesahan_id"], r["aksi"])] = (r["awal"], r["akhir"])
    hasil = {}
    for pid, (satker_id, status) in pengesahan.items():
        kapan = [waktu[(pid, a)][1] for a in _AKSI_STATUS[status] if (pid, a) in waktu]
        tanda = waktu.get((pid, Langkah.Aksi.TANDATANGANI))
        hasil[satker_id] = _StatusLaporan(
            status=status,
            waktu=max(kapan) if kapan else None,
            pertama_ditandatangani=tanda[0] if tanda else None,
        )
    return hasil


# --- The consistency check --------------------------------------------------------------------


@dataclass(frozen=True)
class _Pemeriksaan:
    galat: int | None
    peringatan: int | None
    kini: bool


_BELUM_DIPERIKSA = _Pemeriksaan(galat=None, peringatan=None, kini=False)


def _pemeriksaan(*, satker_ids: Iterable[int], tahun: int) -> dict[int, _Pemeriksaan]:
    """The stored consistency check of each satker's report (galat, peringatan, whether counted
    on the current data), for all satker in one read; a satker absent was never checked
    (laporan/pemeriksaan_tersimpan.py, docs/pemantauan.md "Pemeriksaan tersimpan")."""
    hasil = baca_banyak(pasangan=[(s, tahun) for s in satker_ids])
    return {s: _Pemeriksaan(h.galat, h.peringatan, h.kini) for (s, _), h in hasil.items()}


# --- The rows ---------------------------------------------------------------------------------


def _provinsi(satker: Satker) -> Satker | None:
    if satker.jenis == Satker.Jenis.PROVINSI:
        return satker
    induk = satker.induk
    if induk is not None and induk.jenis == Satker.Jenis.PROVINSI:
        return induk
    return None


def build_pemantauan(
    *, atas: Satker, tahun: int, hari_ini: datetime.date | None = None
) -> tuple[BarisPemantauan, ...]:
    """One row per satker below ``atas`` (satker.access.satker_bawahan) for the year, by kode.

    Every figure is the satker's own, computed by the rules its own pages use: the capaian
    kinerja and its category (kinerja.services, docs/aturan.md rules 7 and 10), the pagu,
    realisasi and serapan (anggaran.services, rules 10 and 12), the TW entry against the due dates
    (kinerja.jadwal), the report's status (pengesahan) and its deadline (rule 16). A constant
    number of queries (thirteen), whatever the number of satker."""
    hari_ini = hari_ini or timezone.localdate()
    daftar = list(satker_bawahan(atas).select_related("induk").order_by("kode"))
    ids = [s.pk for s in daftar]
    if not ids:
        return ()
    kinerja = build_ringkasan_kinerja_banyak(satker_ids=ids, tahun=tahun, hanya_terukur=True)
    jadwal = status_triwulan_banyak(pasangan=[(i, tahun) for i in ids], hari_ini=hari_ini)
    anggaran = total_anggaran_banyak(satker_ids=ids, tahun=tahun)
    laporan = _status_laporan(satker_ids=ids, tahun=tahun)
    periksa = _pemeriksaan(satker_ids=ids, tahun=tahun)
    label = dict(Pengesahan.Status.choices)

    hasil = []
    for s in daftar:
        ringkasan = kinerja[s.pk]
        pagu, realisasi = anggaran.get(s.pk, (Decimal(0), Decimal(0)))
        st = laporan.get(s.pk)
        status = st.status if st else Pengesahan.Status.DRAF
        cek = periksa.get(s.pk, _BELUM_DIPERIKSA)
        prov = _provinsi(s)
        hasil.append(
            BarisPemantauan(
                satker_id=s.pk,
                kode=s.kode,
                nama=s.nama,
                jenis=s.jenis,
                provinsi_id=prov.pk if prov else None,
                provinsi=prov.nama if prov else "",
                tahun=tahun,
                tw=_isian_tw(ringkasan=ringkasan, status=jadwal[(s.pk, tahun)], hari_ini=hari_ini),
                status=status,
                status_label=label[status],
                status_waktu=st.waktu if st else None,
                tepat_waktu=compute_tepat_waktu(
                    tahun=tahun,
                    ditandatangani=st.pertama_ditandatangani if st else None,
                    hari_ini=hari_ini,
                ),
                capaian=ringkasan.capaian_kinerja_dibatasi,
                kategori=ringkasan.kategori,
                pagu=pagu,
                realisasi=realisasi,
                serapan=compute_serapan(pagu=pagu, realisasi=realisasi),
                galat=cek.galat,
                peringatan=cek.peringatan,
                pemeriksaan_kini=cek.kini,
            )
        )
    return tuple(hasil)


def tahun_pemantauan(*, atas: Satker) -> tuple[int, ...]:
    """The years in which any satker below ``atas`` has data (a PK or budget lines), ascending;
    one query."""
    return list_tahun_banyak(satker=satker_bawahan(atas))


# --- The roll-up ------------------------------------------------------------------------------

# Serapan histogram bins (docs/pemantauan.md): [bawah, atas) on the serapan rounded to two
# decimals as printed; the last bin is open above, and rows without pagu are counted apart.
BIN_SERAPAN: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("< 50%", None, Decimal(50)),
    ("50–< 60%", Decimal(50), Decimal(60)),
    ("60–< 70%", Decimal(60), Decimal(70)),
    ("70–< 80%", Decimal(70), Decimal(80)),
    ("80–< 90%", Decimal(80), Decimal(90)),
    ("90–< 95%", Decimal(90), Decimal(95)),
    ("95–< 100%", Decimal(95), Decimal(100)),
    ("≥ 100%", Decimal(100), None),
)


def _bin(serapan: Decimal) -> str:
    nilai = bulatkan(serapan, 2)
    for nama, bawah, atas in BIN_SERAPAN:
        if (bawah is None or nilai >= bawah) and (atas is None or nilai < atas):
            return nama
    raise AssertionError(nilai)  # the bins cover every value


def nama_kategori(baris: Sequence[BarisPemantauan]) -> list[str]:
    """The default scale's names, highest first, then any other name a satker's own scale gave,
    then "Belum terukur"."""
    nama = [k.nama for k in reversed(DEFAULT_SKALA.pita)]
    for b in baris:
        if b.kategori is not None and b.kategori not in nama:
            nama.append(b.kategori)
    return [*nama, BELUM_TERUKUR]


def build_rekap(baris: Sequence[BarisPemantauan]) -> Rekap:
    """The figures rolled up from rows (docs/pemantauan.md, "Baris dan rekap"): pure Python; the
    rows already carry every date-dependent state."""
    per_status = {s: 0 for s in Pengesahan.Status.values}
    for b in baris:
        per_status[b.status] = per_status.get(b.status, 0) + 1
    per_kategori = dict.fromkeys(nama_kategori(baris), 0)
    for b in baris:
        per_kategori[b.kategori if b.kategori is not None else BELUM_TERUKUR] += 1
    histogram = dict.fromkeys([nama for nama, _, _ in BIN_SERAPAN] + [TANPA_PAGU], 0)
    for b in baris:
        histogram[_bin(b.serapan) if b.serapan is not None else TANPA_PAGU] += 1
    per_keadaan_tw = []
    for i in range(len(Triwulan.values)):
        hitung = dict.fromkeys(KEADAAN_TW, 0)
        for b in baris:
            if i < len(b.tw):
                hitung[b.tw[i].keadaan] += 1
        per_keadaan_tw.append(hitung)
    tepat = sum(1 for b in baris if b.tepat_waktu)
    jatuh_tempo = sum(1 for b in baris if b.tepat_waktu is not None)
    return Rekap(
        jumlah_satker=len(baris),
        per_status=per_status,
        per_kategori=per_kategori,
        rata_serapan=mean(b.serapan for b in baris),
        # docs/aturan.md rule 10: weighted by pagu, Σ realisasi ÷ Σ pagu.
        serapan_tertimbang=compute_serapan(
            pagu=sum((b.pagu for b in baris), Decimal(0)),
            realisasi=sum((b.realisasi for b in baris), Decimal(0)),
        ),
        tepat_waktu=tepat,
        jatuh_tempo=jatuh_tempo,
        persen_tepat_waktu=tepat * SERATUS / jatuh_tempo if jatuh_tempo else None,
        histogram_serapan=tuple(histogram.items()),
        per_keadaan_tw=tuple(per_keadaan_tw),
    )
