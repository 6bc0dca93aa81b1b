"""The lock of a submitted, approved or signed year (docs/pengesahan.md), as lower floors see it.

The lock belongs to ``pengesahan``, the floor above the report, which installs its checks at
start-up (``pasang``, from ``PengesahanConfig.ready``); the apps below it ask here:

- bulk writes (``QuerySet.update``, ``bulk_create``, ``bulk_update``) send no signals. Every model
  the report reads uses ``QuerySetLaporan``, so a bulk write meets the same check as a save or a
  delete;
- a writer that bypasses the ORM, or wants the lock's message before it writes, calls
  ``pastikan_bisa_diubah``; a page that shows whether a year is locked calls ``pesan_kunci``;
- the report's download asks ``unduhan_sah`` first: a signed year's report is its signed file,
  byte for byte, not a fresh render of the locked data.

Like every queryset of a model with an owner, ``QuerySetLaporan`` selects a satker's (and a
year's) rows with ``milik`` (``lkjip.pemilik``).
"""

from collections.abc import Callable, Iterable
from typing import Protocol

from django.db import connection, models, transaction
from django.http import HttpResponse

from lkjip.pemilik import QuerySetPemilik


class Pemeriksa(Protocol):
    def sebelum_update(self, qs: models.QuerySet, nilai: dict) -> None: ...

    def sebelum_tulis_massal(
        self, model: type[models.Model], objek: list[models.Model], *, baru: bool
    ) -> None: ...


_pemeriksa: Pemeriksa | None = None
_pastikan_bisa_diubah: Callable[..., None] | None = None
_pesan_kunci: Callable[..., str] | None = None
_unduhan_sah: Callable[..., HttpResponse | None] | None = None


def pasang(
    pemeriksa: Pemeriksa,
    *,
    pastikan_bisa_diubah: Callable[..., None],
    pesan_kunci: Callable[..., str],
    unduhan_sah: Callable[..., HttpResponse | None],
) -> None:
    """Install the lock (``PengesahanConfig.ready``): the bulk-write check and the answers
    the functions below delegate to, with their signatures."""
    global _pemeriksa, _pastikan_bisa_diubah, _pesan_kunci, _unduhan_sah
    _pemeriksa = pemeriksa
    _pastikan_bisa_diubah = pastikan_bisa_diubah
    _pesan_kunci = pesan_kunci
    _unduhan_sah = unduhan_sah


def _terpasang(nilai):
    if nilai is None:
        raise RuntimeError("Kunci laporan belum dipasang (PengesahanConfig.ready).")
    return nilai


def pastikan_bisa_diubah(
    *, satker: models.Model | int, tahun: int, model: type[models.Model] | None = None
) -> None:
    """Raise an Indonesian ValidationError if the rows of ``tahun`` may not change: with
    ``model``, those of that model (a budget line of 2023 is read by the report of 2024), else
    the year's own. Takes the satker lock like a save does."""
    _terpasang(_pastikan_bisa_diubah)(satker=satker, tahun=tahun, model=model)


def pesan_kunci(
    *,
    satker: models.Model | int,
    tahun: int,
    model: type[models.Model] | None = None,
    tahun_akhir: int | None = None,
) -> str:
    """The lock's message for a page, empty when the rows may change (read without taking any
    lock); ``tahun_akhir``: the last year of a period row (a Renstra's)."""
    return _terpasang(_pesan_kunci)(
        satker=satker, tahun=tahun, model=model, tahun_akhir=tahun_akhir
    )


def unduhan_sah(*, satker: models.Model, tahun: int) -> HttpResponse | None:
    """The signed PDF of a signed year as a download (docs/pengesahan.md), None for a year
    that is not signed (or whose signature a Revisi superseded)."""
    return _terpasang(_unduhan_sah)(satker=satker, tahun=tahun)


class QuerySetLaporan(QuerySetPemilik):
    """The check and the write in one transaction: the lock it takes and the data's revision it
    renews (satker.revisi) hold until the write commits."""

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            if _pemeriksa is not None:
                _pemeriksa.sebelum_update(self, kwargs)
            return super().update(**kwargs)

    def bulk_create(self, objs: Iterable[models.Model], *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            if _pemeriksa is not None:
                _pemeriksa.sebelum_tulis_massal(self.model, objs, baru=True)
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            if _pemeriksa is not None:
                _pemeriksa.sebelum_tulis_massal(self.model, objs, baru=False)
            return super().bulk_update(objs, fields, *args, **kwargs)


# PostgreSQL advisory locks (SQLite needs none: its write transactions are EXCLUSIVE, one writer at
# a time, lkjip/settings.py). One lock per satker, key: this prefix, then the satker's id. Every
# writer of a report's data holds it shared until its transaction ends, the signing workflow's
# transitions exclusively (docs/pengesahan.md): an edit commits before a transition reads the
# data, or waits for it and then meets the new status. No row has to exist for it.
_AWALAN_SATKER = 0x4C4B_4A49 << 32


def kunci_satker(satker_ids: Iterable[int], *, eksklusif: bool) -> None:
    """Take the satker lock until the end of the transaction."""
    if connection.vendor != "postgresql":
        return
    fungsi = "pg_advisory_xact_lock" if eksklusif else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        for satker_id in sorted(set(satker_ids)):
            cursor.execute(f"SELECT {fungsi}(%s)", [_AWALAN_SATKER | satker_id])


def kunci_satker_tahun(*, satker_id: int, tahun: int) -> None:
    """One writer at a time for the satker-year (an import being applied), until the end of the
    transaction. The satker lock is taken first, shared, in the order every path takes them, so a
    transition and an import cannot wait for each other. (PostgreSQL keeps locks keyed by two
    integers apart from those keyed by one.)"""
    if not connection.in_atomic_block:
        raise RuntimeError("kunci_satker_tahun() hanya berarti di dalam transaksi.")
    kunci_satker([satker_id], eksklusif=False)
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [satker_id, tahun])
