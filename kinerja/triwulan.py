"""Running a year's triwulan: the schedule, reopening, verification and the notes of an indicator
below Baik (docs/triwulan.md). Where a TW stands is decided in ``kinerja.jadwal`` only; this module
changes it, each change one transaction under the satker-year lock (``lkjip.kunci``) and recorded
in the history by the models' signals (``riwayat_medan``).
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from kinerja.jadwal import (
    StatusTriwulan,
    status_triwulan,
    tolak_tw_tertutup,
)
from kinerja.models import (
    BukaTriwulan,
    CatatanTriwulan,
    IndikatorKinerja,
    JadwalTriwulan,
    JenisTarget,
    Realisasi,
    Triwulan,
    VerifikasiTriwulan,
)
from kinerja.services import (
    BATAS_ANALISIS,
    CapaianIndikator,
    build_ringkasan_kinerja,
)
from lkjip.isian import IsianDitolak
from lkjip.kunci import kunci_satker_tahun
from lkjip.pemilik import baca
from satker.models import Pengguna, Satker

BATAS_ALASAN = 1000


def _kunci(satker: Satker, tahun: int) -> None:
    """The satker-year lock every writer of the year takes (an import being applied too)."""
    kunci_satker_tahun(satker_id=satker.pk, tahun=tahun)


def _pastikan_tw(triwulan: int) -> None:
    if triwulan not in Triwulan.values:
        raise IsianDitolak("Triwulan tidak dikenal.")


# --- The schedule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IsianJadwal:
    """One TW of the schedule form: the due date (None removes it) and the close flag."""

    triwulan: int
    batas: datetime.date | None
    tutup_setelah_batas: bool


def simpan_jadwal(*, satker: Satker, tahun: int, isian: list[IsianJadwal]) -> None:
    """Set the year's due dates (one transaction): a TW without a date has no schedule (entry
    stays open). A due date lies in the year or the next one, and TWs come in order."""
    terisi = sorted((i for i in isian if i.batas is not None), key=lambda i: i.triwulan)
    for i in isian:
        _pastikan_tw(i.triwulan)
        if i.batas is not None and not tahun <= i.batas.year <= tahun + 1:
            raise IsianDitolak(
                f"Batas {Triwulan(i.triwulan).label} harus pada tahun {tahun} atau {tahun + 1}."
            )
    for a, b in zip(terisi, terisi[1:], strict=False):
        if a.batas >= b.batas:
            raise IsianDitolak(
                f"Batas {Triwulan(b.triwulan).label} harus sesudah batas "
                f"{Triwulan(a.triwulan).label}."
            )
    with transaction.atomic():
        _kunci(satker, tahun)
        ada = {
            j.triwulan: j
            for j in JadwalTriwulan.objects.select_for_update().filter(satker=satker, tahun=tahun)
        }
        for i in isian:
            j = ada.get(i.triwulan)
            if i.batas is None:
                if j is not None:
                    j.delete()
                continue
            if j is None:
                j = JadwalTriwulan(satker=satker, tahun=tahun, triwulan=i.triwulan)
            elif (j.batas, j.tutup_setelah_batas) == (i.batas, i.tutup_setelah_batas):
                continue
            j.batas, j.tutup_setelah_batas = i.batas, i.tutup_setelah_batas
            j.save()


# --- Reopening ---------------------------------------------------------------------------------


def buka_kembali(
    *,
    satker: Satker,
    tahun: int,
    triwulan: int,
    alasan: str,
    sampai: datetime.date | None,
    user: Pengguna,
) -> BukaTriwulan:
    """The Admin reopens a closed TW with a reason (required), optionally until a date. A
    verified TW loses its verification (its deletion is in the history): it must be verified
    again."""
    _pastikan_tw(triwulan)
    label = Triwulan(triwulan).label
    alasan = alasan.strip()
    if not alasan:
        raise IsianDitolak(f"Tuliskan alasan membuka kembali {label}.")
    if len(alasan) > BATAS_ALASAN:
        raise IsianDitolak(f"Alasan paling panjang {BATAS_ALASAN} karakter.")
    hari_ini = timezone.localdate()
    if sampai is not None and sampai < hari_ini:
        raise IsianDitolak("Tanggal “dibuka sampai” tidak boleh sebelum hari ini.")
    with transaction.atomic():
        _kunci(satker, tahun)
        status = status_triwulan(satker_id=satker.pk, tahun=tahun)[triwulan]
        if status.dibuka_kembali:
            raise IsianDitolak(f"{label} sudah dibuka kembali.")
        if not status.tertutup:
            raise IsianDitolak(f"{label} masih terbuka; tidak perlu dibuka kembali.")
        # A reopening whose end date has passed no longer counts: it is closed now.
        for lama in BukaTriwulan.objects.select_for_update().filter(
            satker=satker, tahun=tahun, triwulan=triwulan, ditutup_pada__isnull=True
        ):
            lama.ditutup_pada = timezone.now()
            lama.save()
        for v in VerifikasiTriwulan.objects.filter(satker=satker, tahun=tahun, triwulan=triwulan):
            v.delete()  # one by one: the history records the removal
        return BukaTriwulan.objects.create(
            satker=satker,
            tahun=tahun,
            triwulan=triwulan,
            alasan=alasan,
            sampai=sampai,
            dibuka_oleh=user,
        )


def tutup_kembali(*, satker: Satker, tahun: int, triwulan: int) -> None:
    """End the Admin's reopening of a TW: it is closed again as its schedule says."""
    _pastikan_tw(triwulan)
    with transaction.atomic():
        _kunci(satker, tahun)
        buka = list(
            BukaTriwulan.objects.select_for_update().filter(
                satker=satker, tahun=tahun, triwulan=triwulan, ditutup_pada__isnull=True
            )
        )
        if not buka:
            raise IsianDitolak(f"{Triwulan(triwulan).label} tidak sedang dibuka kembali.")
        for b in buka:
            b.ditutup_pada = timezone.now()
            b.save()


# --- Verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisVerifikasi:
    """One indicator of a TW's verification page."""

    capaian: CapaianIndikator
    target: object  # Decimal | None: the TW target
    nilai: object  # Decimal | None: the TW realisation
    capaian_tw: object  # Decimal | None
    kategori: str | None
    di_bawah_baik: bool
    catatan: object  # CatatanTW | None

    @property
    def tanpa_target_tw(self) -> bool:
        return self.target is None

    @property
    def kosong(self) -> bool:
        return self.nilai is None

    @property
    def perlu_catatan(self) -> bool:
        return self.di_bawah_baik and self.catatan is None


@dataclass(frozen=True)
class VerifikasiTW:
    """A TW of the year as its verification page and ``verifikasi_triwulan`` see it."""

    triwulan: int
    status: StatusTriwulan
    baris: tuple[BarisVerifikasi, ...]  # the measurable indicators (Tabel 3.2), numeric

    @property
    def label(self) -> str:
        return Triwulan(self.triwulan).label

    @property
    def kosong(self) -> tuple[BarisVerifikasi, ...]:
        return tuple(b for b in self.baris if b.kosong)

    @property
    def tanpa_catatan(self) -> tuple[BarisVerifikasi, ...]:
        return tuple(b for b in self.baris if b.perlu_catatan)

    @property
    def terisi(self) -> int:
        return len(self.baris) - len(self.kosong)


def _diukur_per_tw(c: CapaianIndikator) -> bool:
    """Measured per TW: an indicator of Tabel 3.2 with a numeric target."""
    return c.bagian == "kinerja" and c.jenis_target != JenisTarget.DOKUMEN


def build_verifikasi(
    *,
    satker: Satker,
    tahun: int,
    triwulan: int,
    status: Mapping[int, StatusTriwulan] | None = None,
    ringkasan=None,
) -> VerifikasiTW:
    """The TW's measurable indicators with TW target, value, capaian, category and note;
    a constant number of queries."""
    _pastikan_tw(triwulan)
    if status is None:
        status = status_triwulan(satker_id=satker.pk, tahun=tahun)
    if ringkasan is None:
        ringkasan = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    i = triwulan - 1
    baris = tuple(
        BarisVerifikasi(
            capaian=c,
            target=c.target_tw[i],
            nilai=c.realisasi_tw[i],
            capaian_tw=c.capaian_tw[i],
            kategori=c.kategori_tw[i],
            di_bawah_baik=ringkasan.skala.di_bawah_baik(c.kategori_tw[i]),
            catatan=c.catatan_tw[i],
        )
        for c in ringkasan.indikator
        if _diukur_per_tw(c)
    )
    return VerifikasiTW(triwulan=triwulan, status=status[triwulan], baris=baris)


def build_tahun(*, satker: Satker, tahun: int) -> tuple[VerifikasiTW, ...]:
    """TW I–IV of the year (status, completeness): the same queries as one TW."""
    status = status_triwulan(satker_id=satker.pk, tahun=tahun)
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    return tuple(
        build_verifikasi(
            satker=satker, tahun=tahun, triwulan=tw, status=status, ringkasan=ringkasan
        )
        for tw in Triwulan.values
    )


def _daftar_nama(baris: tuple[BarisVerifikasi, ...]) -> str:
    return "; ".join(f"“{b.capaian.nama}”" for b in baris)


def verifikasi_triwulan(
    *,
    satker: Satker,
    tahun: int,
    triwulan: int,
    user: Pengguna,
    kosong_dikonfirmasi: bool,
    catatan: str = "",
) -> VerifikasiTriwulan:
    """The Sekretaris verifies a TW, which locks it. Refused while an indicator below Baik in
    the TW has no note (named), or while values are missing and that was not confirmed."""
    _pastikan_tw(triwulan)
    label = Triwulan(triwulan).label
    with transaction.atomic():
        _kunci(satker, tahun)
        tw = build_verifikasi(satker=satker, tahun=tahun, triwulan=triwulan)
        if tw.status.terverifikasi:
            raise IsianDitolak(f"{label} sudah diverifikasi.")
        if not tw.baris:
            raise IsianDitolak(
                f"Belum ada indikator kinerja terukur untuk diverifikasi pada {label}."
            )
        if tw.tanpa_catatan:
            raise IsianDitolak(
                f"{label} belum dapat diverifikasi: capaian indikator berikut di bawah Baik dan "
                f"belum diberi catatan penyebab dan rencana perbaikan: "
                f"{_daftar_nama(tw.tanpa_catatan)}."
            )
        if tw.kosong and not kosong_dikonfirmasi:
            raise IsianDitolak(
                f"Realisasi {label} belum diisi untuk {len(tw.kosong)} indikator: "
                f"{_daftar_nama(tw.kosong)}. Centang konfirmasi bila tetap ingin memverifikasi."
            )
        # Verifying ends a reopening: the verification is what locks the TW from now on.
        for b in BukaTriwulan.objects.select_for_update().filter(
            satker=satker, tahun=tahun, triwulan=triwulan, ditutup_pada__isnull=True
        ):
            b.ditutup_pada = timezone.now()
            b.save()
        return VerifikasiTriwulan.objects.create(
            satker=satker, tahun=tahun, triwulan=triwulan, oleh=user, catatan=catatan.strip()
        )


# --- Notes of an indicator below Baik ----------------------------------------------------------


def simpan_catatan(
    *,
    indikator: IndikatorKinerja,
    triwulan: int,
    penyebab: str,
    perbaikan: str,
    user: Pengguna,
) -> CatatanTriwulan:
    """Save the cause and the planned fix of an indicator's TW (both required). Written until
    the TW is verified (a TW closed by its due date still takes its notes, or it could never be
    verified); the signed-year lock applies, the notes being a report source."""
    _pastikan_tw(triwulan)
    penyebab, perbaikan = penyebab.strip(), perbaikan.strip()
    if not penyebab or not perbaikan:
        raise IsianDitolak("Penyebab dan rencana perbaikan keduanya wajib diisi.")
    for nama, teks in (("Penyebab", penyebab), ("Rencana perbaikan", perbaikan)):
        if len(teks) > BATAS_ANALISIS:
            raise IsianDitolak(f"{nama} paling panjang {BATAS_ANALISIS} karakter.")
    perjanjian = indikator.sasaran.program.perjanjian
    try:
        with transaction.atomic():
            kunci_satker_tahun(satker_id=perjanjian.satker_id, tahun=perjanjian.tahun)
            status = status_triwulan(satker_id=perjanjian.satker_id, tahun=perjanjian.tahun)
            s = status[triwulan]
            if s.terverifikasi and not s.dibuka_kembali:
                raise IsianDitolak(s.pesan_tertutup)
            catatan = CatatanTriwulan.objects.filter(indikator=indikator, triwulan=triwulan).first()
            if catatan is None:
                catatan = CatatanTriwulan(indikator=indikator, triwulan=triwulan)
            elif (catatan.penyebab, catatan.perbaikan) == (penyebab, perbaikan):
                return catatan
            catatan.penyebab, catatan.perbaikan, catatan.diisi_oleh = penyebab, perbaikan, user
            catatan.save()
            return catatan
    except ValidationError as exc:  # the signed-year lock
        raise IsianDitolak(" ".join(exc.messages)) from exc


# --- The model-level guard ---------------------------------------------------------------------


def tolak_realisasi_tw_tertutup(sender, instance: Realisasi, **kwargs) -> None:
    """pre_save/pre_delete of a Realisasi: a closed TW's value does not change, whatever the path
    (a command, the shell, a cascade); bulk writes meet the same check in ``QuerySetRealisasi``.
    Rows of a satker-year without a schedule, verification or reopening are open: the demo and
    the national data load as before."""
    if kwargs.get("raw"):  # loaddata
        return
    ((satker_id, tahun),) = baca(Realisasi, [instance])
    triwulan = {instance.triwulan}
    if instance.pk is not None and not instance._state.adding:
        lama = Realisasi._base_manager.filter(pk=instance.pk).values_list("triwulan", flat=True)
        triwulan |= set(lama)
    tolak_tw_tertutup((satker_id, tahun, tw) for tw in triwulan)


def pasang_penjaga() -> None:
    """Connect the guard (``KinerjaConfig.ready``)."""
    pre_save.connect(tolak_realisasi_tw_tertutup, sender=Realisasi, weak=False)
    pre_delete.connect(tolak_realisasi_tw_tertutup, sender=Realisasi, weak=False)
