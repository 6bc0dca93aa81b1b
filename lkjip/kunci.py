"""Bulk writes (``QuerySet.update``, ``bulk_create``, ``bulk_update``) send no signals. Every model
the report reads uses ``QuerySetLaporan``, so a bulk write meets the same check as a save or a
delete: the lock of a submitted, approved or signed year (docs/pengesahan.md). The check itself
belongs to ``pengesahan``, a higher app, which installs it at start-up (``pasang``)."""

from collections.abc import Iterable
from typing import Protocol

from django.db import models


class Pemeriksa(Protocol):
    def sebelum_update(self, qs: models.QuerySet, nilai: dict) -> None: ...

    def sebelum_tulis_massal(
        self, model: type[models.Model], objek: list[models.Model], *, baru: bool
    ) -> None: ...


_pemeriksa: Pemeriksa | None = None


def pasang(pemeriksa: Pemeriksa) -> None:
    global _pemeriksa
    _pemeriksa = pemeriksa


class QuerySetLaporan(models.QuerySet):
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
