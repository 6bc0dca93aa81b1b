"""Bulk writes (``QuerySet.update``, ``bulk_create``, ``bulk_update``) send no signals. Every model
the report reads uses ``QuerySetLaporan``, so a bulk write meets the same check as a save or a
delete: the lock of a submitted, approved or signed year (docs/pengesahan.md). The check itself
belongs to ``pengesahan``, a higher app, which installs it at start-up (``pasang``). Like every
queryset of a model with an owner, it selects a satker's (and a year's) rows with ``milik``
(``lkjip.pemilik``)."""

from collections.abc import Iterable
from typing import Protocol

from django.db import connection, models

from lkjip.pemilik import QuerySetPemilik


class Pemeriksa(Protocol):
    def sebelum_update(self, qs: models.QuerySet, nilai: dict) -> None: ...

    def sebelum_tulis_massal(
        self, model: type[models.Model], objek: list[models.Model], *, baru: bool
    ) -> None: ...


_pemeriksa: Pemeriksa | None = None


def pasang(pemeriksa: Pemeriksa) -> None:
    global _pemeriksa
    _pemeriksa = pemeriksa


class QuerySetLaporan(QuerySetPemilik):
    def update(self, **kwargs):
        if _pemeriksa is not None:
            _pemeriksa.sebelum_update(self, kwargs)
        return super().update(**kwargs)

    def bulk_create(self, objs: Iterable[models.Model], *args, **kwargs):
        objs = list(objs)
        if _pemeriksa is not None:
            _pemeriksa.sebelum_tulis_massal(self.model, objs, baru=True)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields, *args, **kwargs):
        objs = list(objs)
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
