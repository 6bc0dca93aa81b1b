"""The rencana aksi (RENAKSI) of a satker's year: its one write path and what a form shows.

Every change of a TW target, a planned action or a monthly target goes through
``simpan_rencana_aksi``: the workspace page (``kinerja/views_renaksi.py``) and the indicator
workbook (``kinerja/buku_kerja.py``). A whole form is one transaction, refused as a whole when any
value is bad, a TW is closed (``kinerja.jadwal``), the year is signed (``lkjip.kunci``) or someone
saved the indicator since the form was drawn (its ``sidik``). The rows are saved one by one, so the
history (riwayat) records each change through the signals. Rules: docs/aturan.md rule 15 and
docs/triwulan.md.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kinerja.jadwal import status_triwulan
from kinerja.models import (
    Agregasi,
    IndikatorKinerja,
    JenisTarget,
    RencanaAksi,
    TargetBulanan,
    Triwulan,
)
from kinerja.services import KonflikPenyimpanan, get_pk_berlaku, list_sasaran_pk
from lkjip.angka import BULAN
from lkjip.isian import IsianDitolak, format_isian, format_nilai, parse_isian
from lkjip.kunci import pastikan_bisa_diubah
from riwayat.services import format_waktu
from satker.models import Pengguna, Satker

BATAS_RENCANA = 2000
KOSONG4: tuple = (None, None, None, None)


def triwulan_bulan(bulan: int) -> int:
    """The TW a month (1–12) falls in."""
    return (bulan - 1) // 3 + 1


@dataclass(frozen=True)
class RencanaIndikator:
    """What a form (or a workbook row) says an indicator's rencana aksi is: the four TW targets
    (None: not set), the four planned actions and, unless ``bulan`` is None (left as stored), the
    twelve monthly targets."""

    indikator_id: int
    target: tuple[Decimal | None, ...] = KOSONG4
    rencana: tuple[str, ...] = ("", "", "", "")
    bulan: tuple[Decimal | None, ...] | None = None


@dataclass(frozen=True)
class HasilSimpan:
    diubah: int  # rows written or deleted
    peringatan: tuple[str, ...]  # not refusals: Σ TW targets ≠ yearly target and the like


@dataclass(frozen=True)
class Galat:
    """A value ``baca_isian`` could not read: its indicator, which value ("Target TW II"), why."""

    nama: str
    apa: str
    pesan: str


class RencanaDitolak(IsianDitolak):
    """A form refused as a whole; ``galat`` maps (indikator_id, field name) to its ``Galat``, for
    the form to mark the field. The message names each indicator once, then each value."""

    def __init__(self, galat: dict[tuple[int, str], Galat]) -> None:
        per_nama: dict[str, list[str]] = {}
        for g in galat.values():
            per_nama.setdefault(g.nama, []).append(f"{g.apa}: {g.pesan}")
        super().__init__(" ".join(f"{nama} — {' '.join(p)}" for nama, p in per_nama.items()))
        self.galat = galat


# --- What is stored, and its fingerprint ------------------------------------------------------


def _normal(nilai: Decimal | None) -> str:
    return "" if nilai is None else str(nilai.normalize())


def _sidik(rencana: Iterable[RencanaAksi], bulanan: Iterable[TargetBulanan]) -> str:
    """A fingerprint of an indicator's stored rencana aksi: the form sends back the one it was
    drawn with, and a save is refused when the stored one differs (someone saved meanwhile)."""
    bagian = sorted(f"tw{r.triwulan}:{_normal(r.target)}:{r.rencana}" for r in rencana)
    bagian += sorted(f"b{b.bulan}:{_normal(b.target)}" for b in bulanan)
    return hashlib.sha256("\n".join(bagian).encode()).hexdigest()[:16]


# --- Reading what was typed -------------------------------------------------------------------


def _nama_pendek(indikator: IndikatorKinerja) -> str:
    nama = indikator.nama.strip()
    return nama if len(nama) <= 80 else f"{nama[:77]}…"


def baca_isian(
    *,
    indikator: IndikatorKinerja,
    target: Sequence[str],
    rencana: Sequence[str],
    bulan: Sequence[str] | None = None,
    galat: dict[tuple[int, str], Galat],
) -> RencanaIndikator:
    """The typed texts of one indicator read the Indonesian way (``lkjip.isian``); each bad value
    goes into ``galat`` under (indikator id, field name: target1…4, rencana1…4, bulan1…12)
    naming the indicator and the TW or month, and is read as not set."""
    nama = _nama_pendek(indikator)
    dokumen = indikator.jenis_target == JenisTarget.DOKUMEN

    def angka(teks: str, medan: str, label: str) -> Decimal | None:
        try:
            nilai = parse_isian(teks, nama="Target")
        except IsianDitolak as exc:
            galat[(indikator.pk, medan)] = Galat(nama, f"Target {label}", exc.pesan)
            return None
        if nilai is not None and dokumen:
            galat[(indikator.pk, medan)] = Galat(
                nama,
                f"Target {label}",
                "indikator ini diukur dengan daftar dokumen: isi rencana aksinya saja, tanpa "
                "target triwulan.",
            )
            return None
        return nilai

    nilai_target = tuple(
        angka(target[i] if i < len(target) else "", f"target{tw}", Triwulan(tw).label)
        for i, tw in enumerate(Triwulan.values)
    )
    teks_rencana = []
    for i, tw in enumerate(Triwulan.values):
        teks = (rencana[i] if i < len(rencana) else "").strip()
        if len(teks) > BATAS_RENCANA:
            galat[(indikator.pk, f"rencana{tw}")] = Galat(
                nama,
                f"Rencana aksi {Triwulan(tw).label}",
                f"paling panjang {BATAS_RENCANA} karakter.",
            )
        teks_rencana.append(teks)
    nilai_bulan = None
    if bulan is not None:
        nilai_bulan = tuple(
            angka(bulan[i] if i < len(bulan) else "", f"bulan{i + 1}", f"bulan {BULAN[i]}")
            for i in range(12)
        )
    return RencanaIndikator(
        indikator_id=indikator.pk,
        target=nilai_target,
        rencana=tuple(teks_rencana),
        bulan=nilai_bulan,
    )


# --- Warnings ---------------------------------------------------------------------------------


def peringatan_target(*, indikator: IndikatorKinerja, target: Sequence[Decimal | None]) -> str:
    """The TW targets that do not add up to the yearly one (a warning, docs/triwulan.md):
    kumulatif, all four set and their sum ≠ the yearly target; nilai akhir, TW IV's ≠ it."""
    tahunan = indikator.target
    if tahunan is None or indikator.jenis_target == JenisTarget.DOKUMEN:
        return ""
    nama = _nama_pendek(indikator)
    teks = format_nilai(nilai=tahunan, satuan=indikator.satuan)
    if indikator.agregasi == Agregasi.KUMULATIF and all(t is not None for t in target):
        jumlah = sum(target, Decimal(0))
        if jumlah != tahunan:
            return (
                f"{nama}: jumlah target TW I–IV "
                f"{format_nilai(nilai=jumlah, satuan=indikator.satuan)} tidak sama dengan "
                f"target tahunan {teks} (indikator kumulatif)."
            )
    if indikator.agregasi == Agregasi.NILAI_AKHIR and target[3] is not None:
        if target[3] != tahunan:
            return (
                f"{nama}: target TW IV "
                f"{format_nilai(nilai=target[3], satuan=indikator.satuan)} tidak sama dengan "
                f"target tahunan {teks} (indikator nilai akhir)."
            )
    return ""


# --- The one write path -----------------------------------------------------------------------


def simpan_rencana_aksi(
    *,
    satker: Satker,
    tahun: int,
    isian: Sequence[RencanaIndikator],
    user: Pengguna,
    sidik: dict[int, str] | None = None,
    galat: dict[tuple[int, str], Galat] | None = None,
) -> HasilSimpan:
    """Write the rencana aksi of the indicators in ``isian`` (of the PK in force of satker and
    year, checked by the caller) in one transaction, or nothing.

    Refused (``IsianDitolak``, nothing written): ``galat`` not empty (the values ``baca_isian``
    could not read), the year signed (rencana aksi is a report source), a TW whose values change
    and whose entry is closed (``kinerja.jadwal``), or, with ``sidik`` (indicator id → the
    fingerprint the form was drawn with), an indicator saved by someone else meanwhile
    (``KonflikPenyimpanan``). Unchanged TWs are not written and never refused."""
    if galat:
        raise RencanaDitolak(galat)
    if not isian:
        return HasilSimpan(0, ())
    try:
        pastikan_bisa_diubah(satker=satker, tahun=tahun, model=RencanaAksi)
        with transaction.atomic():
            return _tulis(satker=satker, tahun=tahun, isian=isian, user=user, sidik=sidik)
    except ValidationError as exc:  # the signed-year guard, should signing happen meanwhile
        raise IsianDitolak(" ".join(exc.messages)) from exc
    except IntegrityError as exc:  # two first saves of the same TW at once: one wins
        raise KonflikPenyimpanan(
            "Rencana aksi ini baru saja disimpan oleh pengguna lain. Isian Anda tidak disimpan; "
            "muat ulang halaman untuk melihat isian terbaru."
        ) from exc


def _tulis(
    *,
    satker: Satker,
    tahun: int,
    isian: Sequence[RencanaIndikator],
    user: Pengguna,
    sidik: dict[int, str] | None,
) -> HasilSimpan:
    ids = [i.indikator_id for i in isian]
    indikator = IndikatorKinerja.objects.milik(satker=satker, tahun=tahun).in_bulk(ids)
    if len(indikator) != len(set(ids)):
        raise IsianDitolak("Indikator tidak ditemukan pada Perjanjian Kinerja tahun ini.")
    rencana: dict[int, dict[int, RencanaAksi]] = {i: {} for i in ids}
    for r in RencanaAksi.objects.select_for_update().filter(indikator_id__in=ids):
        rencana[r.indikator_id][r.triwulan] = r
    bulanan: dict[int, dict[int, TargetBulanan]] = {i: {} for i in ids}
    for b in TargetBulanan.objects.select_for_update().filter(indikator_id__in=ids):
        bulanan[b.indikator_id][b.bulan] = b

    if sidik is not None:
        for i in ids:
            kini = _sidik(rencana[i].values(), bulanan[i].values())
            if sidik.get(i) != kini:
                raise _konflik(indikator[i], rencana[i].values())

    # What changes, per TW: only those TWs must be open.
    berubah_tw: dict[int, list[str]] = {}
    for i in isian:
        ind = indikator[i.indikator_id]
        for tw in Triwulan.values:
            lama = rencana[ind.pk].get(tw)
            if (lama.target if lama else None, lama.rencana if lama else "") != (
                i.target[tw - 1],
                i.rencana[tw - 1],
            ):
                berubah_tw.setdefault(tw, []).append(_nama_pendek(ind))
        if i.bulan is not None:
            for bulan in range(1, 13):
                lama_b = bulanan[ind.pk].get(bulan)
                if (lama_b.target if lama_b else None) != i.bulan[bulan - 1]:
                    berubah_tw.setdefault(triwulan_bulan(bulan), []).append(_nama_pendek(ind))
    status = status_triwulan(satker_id=satker.pk, tahun=tahun)
    tertutup = [tw for tw in sorted(berubah_tw) if status[tw].tertutup]
    if tertutup:
        pesan = [
            f"{status[tw].pesan_tertutup} (indikator: {', '.join(dict.fromkeys(berubah_tw[tw]))})"
            for tw in tertutup
        ]
        raise IsianDitolak(" ".join(pesan))

    diubah = 0
    peringatan = []
    for i in isian:
        ind = indikator[i.indikator_id]
        for tw in Triwulan.values:
            diubah += _simpan_tw(
                ind, tw, rencana[ind.pk].get(tw), i.target[tw - 1], i.rencana[tw - 1], user
            )
        if i.bulan is not None:
            for bulan in range(1, 13):
                diubah += _simpan_bulan(ind, bulan, bulanan[ind.pk].get(bulan), i.bulan[bulan - 1])
        pesan = peringatan_target(indikator=ind, target=i.target)
        if pesan:
            peringatan.append(pesan)
    return HasilSimpan(diubah, tuple(peringatan))


def _konflik(indikator: IndikatorKinerja, rencana: Iterable[RencanaAksi]) -> KonflikPenyimpanan:
    terakhir = max(rencana, key=lambda r: r.diisi_pada, default=None)
    if terakhir is None:
        siapa = "pengguna lain"
    else:
        pengguna = terakhir.diisi_oleh
        nama = (pengguna.get_full_name() or pengguna.username) if pengguna else "pengguna lain"
        siapa = f"{nama} pada {format_waktu(terakhir.diisi_pada)}"
    return KonflikPenyimpanan(
        f"Rencana aksi {_nama_pendek(indikator)} sudah diubah oleh {siapa} setelah halaman ini "
        "dibuka. Isian Anda tidak disimpan; muat ulang halaman untuk melihat isian terbaru."
    )


def _simpan_tw(
    indikator: IndikatorKinerja,
    triwulan: int,
    lama: RencanaAksi | None,
    target: Decimal | None,
    rencana: str,
    user: Pengguna,
) -> int:
    """Write one TW's row through save/delete, so the signals record the history and the
    signed-year guard sees it. 1 when something was written."""
    if lama is None:
        if target is None and not rencana:
            return 0
        RencanaAksi.objects.create(
            indikator=indikator, triwulan=triwulan, target=target, rencana=rencana, diisi_oleh=user
        )
        return 1
    if (lama.target, lama.rencana) == (target, rencana):
        return 0
    if target is None and not rencana:
        lama.delete()
        return 1
    lama.target, lama.rencana, lama.diisi_oleh = target, rencana, user
    lama.save()
    return 1


def _simpan_bulan(
    indikator: IndikatorKinerja, bulan: int, lama: TargetBulanan | None, target: Decimal | None
) -> int:
    if lama is None:
        if target is None:
            return 0
        TargetBulanan.objects.create(indikator=indikator, bulan=bulan, target=target)
        return 1
    if lama.target == target:
        return 0
    if target is None:
        lama.delete()
        return 1
    lama.target = target
    lama.save()
    return 1


def isian_target(nilai: Decimal | None) -> str:
    """A stored target as the form shows it (readable again by ``baca_isian``)."""
    return format_isian(nilai)


# --- The year's rencana aksi as the page and the document read it ------------------------------


@dataclass(frozen=True)
class BarisRenaksi:
    """One indicator of the PK in force with its rencana aksi."""

    indikator_id: int
    nomor: int
    nama: str
    satuan: str
    jenis_dokumen: bool  # a document target: action text only, no TW target
    agregasi: str
    agregasi_label: str
    target: Decimal | None
    target_teks: str  # the yearly target as read: "100%", "2 dokumen"
    target_tw: tuple[Decimal | None, ...]
    rencana_tw: tuple[str, ...]
    bulan: tuple[Decimal | None, ...]  # the twelve monthly targets
    sidik: str  # the fingerprint of what is stored, sent back with the form
    peringatan: str  # the TW targets against the yearly one ("" when fine)

    @property
    def target_tw_isian(self) -> tuple[str, ...]:
        return tuple(format_isian(t) for t in self.target_tw)

    @property
    def target_tw_teks(self) -> tuple[str, ...]:
        return tuple(format_nilai(nilai=t, satuan=self.satuan) for t in self.target_tw)

    @property
    def bulan_isian(self) -> tuple[str, ...]:
        return tuple(format_isian(t) for t in self.bulan)

    @property
    def ada_bulan(self) -> bool:
        return any(t is not None for t in self.bulan)

    @property
    def tw(self) -> tuple[tuple[int, str, str, str, str], ...]:
        """(triwulan, label, target as typed, target as read, rencana) per TW, for templates."""
        return tuple(
            (tw, Triwulan(tw).label, isian, teks, rencana)
            for tw, isian, teks, rencana in zip(
                Triwulan.values,
                self.target_tw_isian,
                self.target_tw_teks,
                self.rencana_tw,
                strict=True,
            )
        )

    @property
    def bulan_per_tw(self) -> tuple[tuple[str, tuple[tuple[int, str, str], ...]], ...]:
        """(TW label, ((month, name, as typed), …)) for the monthly targets' form."""
        isian = self.bulan_isian
        return tuple(
            (
                Triwulan(tw).label,
                tuple((b, BULAN[b - 1], isian[b - 1]) for b in range(tw * 3 - 2, tw * 3 + 1)),
            )
            for tw in Triwulan.values
        )


@dataclass(frozen=True)
class SasaranRenaksi:
    judul_kelompok: str  # "Programme (code) — bagian", repeated on each sasaran of the group
    nomor: str
    uraian: str
    indikator: tuple[BarisRenaksi, ...]


@dataclass(frozen=True)
class RencanaAksiTahun:
    tahun: int
    pk_id: int | None
    pk_nama: str  # "PK awal (versi 1)"
    sasaran: tuple[SasaranRenaksi, ...]

    @property
    def indikator(self) -> tuple[BarisRenaksi, ...]:
        return tuple(i for s in self.sasaran for i in s.indikator)


def build_rencana_aksi(*, satker: Satker, tahun: int) -> RencanaAksiTahun:
    """Every indicator of the PK in force, in report order, with its TW targets, planned actions
    and monthly targets: a constant number of queries whatever the number of indicators."""
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    if pk is None:
        return RencanaAksiTahun(tahun=tahun, pk_id=None, pk_nama="", sasaran=())
    bulanan: dict[int, list[TargetBulanan]] = {}
    for b in TargetBulanan.objects.filter(indikator__sasaran__program__perjanjian=pk):
        bulanan.setdefault(b.indikator_id, []).append(b)
    daftar = []
    nomor = 0
    for s in list_sasaran_pk(pk=pk):
        baris = []
        for ind in s.indikator.all():
            nomor += 1
            rencana = {r.triwulan: r for r in ind.rencana_aksi.all()}
            bulan = {b.bulan: b.target for b in bulanan.get(ind.pk, ())}
            dokumen = ind.jenis_target == JenisTarget.DOKUMEN
            target_tw = tuple(
                None if dokumen or tw not in rencana else rencana[tw].target
                for tw in Triwulan.values
            )
            if dokumen:
                n = len(ind.dokumen_wajib.all())
                target_teks = f"{n} dokumen" if n else "—"
            else:
                target_teks = format_nilai(nilai=ind.target, satuan=ind.satuan)
            baris.append(
                BarisRenaksi(
                    indikator_id=ind.pk,
                    nomor=nomor,
                    nama=ind.nama,
                    satuan=ind.satuan.strip(),
                    jenis_dokumen=dokumen,
                    agregasi=ind.agregasi,
                    agregasi_label=ind.get_agregasi_display(),
                    target=None if dokumen else ind.target,
                    target_teks=target_teks,
                    target_tw=target_tw,
                    rencana_tw=tuple(
                        rencana[tw].rencana if tw in rencana else "" for tw in Triwulan.values
                    ),
                    bulan=tuple(bulan.get(b) for b in range(1, 13)),
                    sidik=_sidik(rencana.values(), bulanan.get(ind.pk, ())),
                    peringatan=peringatan_target(indikator=ind, target=target_tw),
                )
            )
        if baris:
            daftar.append(
                SasaranRenaksi(
                    judul_kelompok=f"{s.program.nama} ({s.program.kode}) — "
                    f"{s.get_bagian_display()}",
                    nomor=s.nomor,
                    uraian=s.uraian,
                    indikator=tuple(baris),
                )
            )
    return RencanaAksiTahun(
        tahun=tahun,
        pk_id=pk.pk,
        pk_nama=f"{pk.get_jenis_display()} (versi {pk.versi})",
        sasaran=tuple(daftar),
    )
