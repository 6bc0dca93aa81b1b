"""Where each triwulan of a satker's year stands: due, open, closed, verified or reopened
(docs/triwulan.md).

``status_triwulan`` reads the year's schedule, verifications and reopenings in three queries and
returns one immutable status per TW; the entry pages, the indicator workbook, the admin, the
reminders and the dashboard all ask it, so "is TW II closed?" is decided here only.
``pastikan_triwulan_terbuka`` is the check every write of a TW's values goes through.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from kinerja.models import BukaTriwulan, JadwalTriwulan, Triwulan, VerifikasiTriwulan
from lkjip.angka import format_tanggal
from lkjip.isian import IsianDitolak


@dataclass(frozen=True)
class StatusTriwulan:
    triwulan: int
    batas: datetime.date | None  # the due date; None: no schedule set
    tutup_setelah_batas: bool
    lewat_batas: bool  # today is after the due date
    diverifikasi_pada: datetime.datetime | None
    diverifikasi_oleh: str  # the verifier's name, "" when not verified
    dibuka_kembali: bool  # an Admin's reopening is in force
    alasan_dibuka: str

    @property
    def label(self) -> str:
        return Triwulan(self.triwulan).label

    @property
    def terverifikasi(self) -> bool:
        return self.diverifikasi_pada is not None

    @property
    def tertutup(self) -> bool:
        """Entry refused: verified, or past a closing due date — unless reopened."""
        if self.dibuka_kembali:
            return False
        return self.terverifikasi or (self.tutup_setelah_batas and self.lewat_batas)

    @property
    def alasan_singkat(self) -> str:
        """A closed TW's reason in a word or two, for a table cell ("" when open)."""
        if not self.tertutup:
            return ""
        return "Diverifikasi" if self.terverifikasi else "Lewat batas"

    @property
    def pesan_tertutup(self) -> str:
        """Why entry is refused, in Indonesian ("" when open)."""
        if not self.tertutup:
            return ""
        if self.terverifikasi:
            sebab = f"{self.label} sudah diverifikasi"
            if self.diverifikasi_oleh:
                sebab += f" oleh {self.diverifikasi_oleh}"
        else:
            sebab = f"Batas pengisian {self.label} ({format_tanggal(self.batas)}) sudah lewat"
        return (
            f"{sebab}; isiannya tidak dapat diubah lagi. Minta Admin membuka kembali {self.label}."
        )


def _nama(pengguna) -> str:
    if pengguna is None:
        return ""
    return pengguna.get_full_name() or pengguna.username


def status_triwulan(
    *, satker_id: int, tahun: int, hari_ini: datetime.date | None = None
) -> dict[int, StatusTriwulan]:
    """The status of TW I–IV of a satker's year, ``hari_ini`` (default: today, local time)
    deciding what is past due. A reopening whose ``sampai`` has passed no longer counts."""
    return status_triwulan_banyak(pasangan=[(satker_id, tahun)], hari_ini=hari_ini)[
        (satker_id, tahun)
    ]


def status_triwulan_banyak(
    *, pasangan: Iterable[tuple[int, int]], hari_ini: datetime.date | None = None
) -> dict[tuple[int, int], dict[int, StatusTriwulan]]:
    """``status_triwulan`` of many (satker id, tahun) at once, in the same three queries
    (the reminders' daily run over every satker, docs/pengingat.md)."""
    hari_ini = hari_ini or timezone.localdate()
    pasangan = set(pasangan)
    if not pasangan:
        return {}
    # By the satker and years involved (one condition per pair would make a query as long as
    # the list); only the pairs asked for are answered below.
    syarat = Q(satker_id__in={s for s, _ in pasangan}, tahun__in={t for _, t in pasangan})
    jadwal = {(j.satker_id, j.tahun, j.triwulan): j for j in JadwalTriwulan.objects.filter(syarat)}
    verifikasi = {
        (v.satker_id, v.tahun, v.triwulan): v
        for v in VerifikasiTriwulan.objects.filter(syarat).select_related("oleh")
    }
    buka = {
        (b.satker_id, b.tahun, b.triwulan): b
        for b in BukaTriwulan.objects.filter(syarat, ditutup_pada__isnull=True)
        if b.sampai is None or b.sampai >= hari_ini
    }
    hasil: dict[tuple[int, int], dict[int, StatusTriwulan]] = {}
    for satker_id, tahun in pasangan:
        per_tw = hasil[(satker_id, tahun)] = {}
        for tw in Triwulan.values:
            kunci = (satker_id, tahun, tw)
            j, v, b = jadwal.get(kunci), verifikasi.get(kunci), buka.get(kunci)
            per_tw[tw] = StatusTriwulan(
                triwulan=tw,
                batas=j.batas if j else None,
                tutup_setelah_batas=j.tutup_setelah_batas if j else False,
                lewat_batas=bool(j and hari_ini > j.batas),
                diverifikasi_pada=v.pada if v else None,
                diverifikasi_oleh=_nama(v.oleh) if v else "",
                dibuka_kembali=b is not None,
                alasan_dibuka=b.alasan if b else "",
            )
    return hasil


def pastikan_triwulan_terbuka(
    *, satker_id: int, tahun: int, triwulan: int | list[int], hari_ini: datetime.date | None = None
) -> None:
    """Raise ``IsianDitolak`` with the reason when a TW (or any of several) is closed."""
    semua = status_triwulan(satker_id=satker_id, tahun=tahun, hari_ini=hari_ini)
    daftar = [triwulan] if isinstance(triwulan, int) else sorted(set(triwulan))
    pesan = [semua[tw].pesan_tertutup for tw in daftar if semua[tw].tertutup]
    if pesan:
        raise IsianDitolak(" ".join(pesan))


def tolak_tw_tertutup(lokasi: Iterable[tuple[int | None, int | None, int]]) -> None:
    """Raise ``ValidationError`` when any (satker id, tahun, triwulan) is closed: the check of a
    write that no form asked first (a save or delete from a command or the shell, a bulk write),
    over any number of satker-years in the same three queries."""
    lokasi = {(s, t, tw) for s, t, tw in lokasi if s is not None}
    if not lokasi:
        return
    status = status_triwulan_banyak(pasangan={(s, t) for s, t, _ in lokasi})
    pesan = [
        status[(s, t)][tw].pesan_tertutup
        for s, t, tw in sorted(lokasi)
        if status[(s, t)][tw].tertutup
    ]
    if pesan:
        raise ValidationError(" ".join(dict.fromkeys(pesan)))
