"""Which satker, and which year, a row belongs to: declared once, on its model.

Every model whose rows belong to a satker has a class attribute ``pemilik``: the lookup from the
model to its satker's pk and, for the rows of a year, to that year (for a row of a period, the
Renstra's, to its first and last year). A child declares its owner as its parent's, through the
foreign key that leads there, in one line: ``pemilik = Pemilik.lewat("indikator",
IndikatorKinerja)``. Who may see a row (``satker.access``), which report reads it and so locks it
(``laporan.dokumen``, ``pengesahan.guard``) and where its history goes (``riwayat``) are all read
from this one declaration.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models


def _sambung(medan: str, jalur: str) -> str:
    """The lookup ``jalur`` of the model ``medan`` points to, from the model holding ``medan``."""
    return medan if jalur == "pk" else f"{medan}__{jalur}"


@dataclass(frozen=True)
class Pemilik:
    """``satker``: the lookup to the satker's pk ("satker"; "pk" for the satker itself).
    ``tahun``: the lookup to the row's year; None for a row of no year (an account).
    ``tahun_akhir``: the lookup to the last year of a row of a period; its ``tahun`` the first."""

    satker: str
    tahun: str | None = None
    tahun_akhir: str | None = None

    def __post_init__(self) -> None:
        if self.tahun_akhir and not self.tahun:
            raise ValueError("tahun_akhir tanpa tahun: sebuah periode punya tahun awal.")
        if len({j.split("__", 1)[0] for j in self.jalur if "__" in j}) > 1:
            # One parent at most, so that reading a row's owner is one query (``baca``).
            raise ValueError(f"Pemilik lewat lebih dari satu induk: {self.jalur}")

    @classmethod
    def lewat(cls, medan: str, induk: type[models.Model]) -> "Pemilik":
        """The owner of a row is its parent's: ``medan`` is the foreign key to ``induk``."""
        p: Pemilik = induk.pemilik
        return cls(
            satker=_sambung(medan, p.satker),
            tahun=p.tahun and _sambung(medan, p.tahun),
            tahun_akhir=p.tahun_akhir and _sambung(medan, p.tahun_akhir),
        )

    @property
    def jalur(self) -> tuple[str, ...]:
        """The lookups, satker first: (satker,), (satker, tahun) or (satker, tahun, tahun_akhir)."""
        return tuple(j for j in (self.satker, self.tahun, self.tahun_akhir) if j)

    @property
    def medan(self) -> frozenset[str]:
        """The row's own fields its owner is read through: changing one moves the row."""
        return frozenset(j.split("__", 1)[0] for j in self.jalur)

    def syarat(self, *, satker: Any = None, tahun: int | None = None) -> dict[str, Any]:
        """The filter for the rows of ``satker`` (a Satker or its pk) and of ``tahun``; a row of a
        period belongs to each year of it."""
        hasil: dict[str, Any] = {}
        if satker is not None:
            hasil[self.satker] = getattr(satker, "pk", satker)
        if tahun is not None:
            if self.tahun is None:
                raise ValueError(f"Baris milik {self.satker} tidak bertahun.")
            if self.tahun_akhir:
                hasil |= {f"{self.tahun}__lte": tahun, f"{self.tahun_akhir}__gte": tahun}
            else:
                hasil[self.tahun] = tahun
        return hasil


def pemilik(model: type[models.Model]) -> Pemilik | None:
    """The model's declaration; None for a model that belongs to no satker."""
    return getattr(model, "pemilik", None)


class QuerySetPemilik(models.QuerySet):
    def milik(self, *, satker: Any = None, tahun: int | None = None) -> models.QuerySet:
        """The rows of ``satker`` (a Satker or its pk) and, if given, of ``tahun``."""
        return self.filter(**self.model.pemilik.syarat(satker=satker, tahun=tahun))


def _attname(model: type[models.Model], nama: str) -> str:
    return model._meta.pk.attname if nama == "pk" else model._meta.get_field(nama).attname


def _nilai(obj: models.Model | None, jalur: list[str]) -> Any:
    """Follow ``jalur`` (a lookup split at ``__``) from ``obj`` through related objects already
    read; the last part is a field, whose stored value (a foreign key's id) is given."""
    *relasi, akhir = jalur
    for nama in relasi:
        if obj is None:
            return None
        obj = getattr(obj, nama)
    return None if obj is None else getattr(obj, _attname(type(obj), akhir))


def baca(model: type[models.Model], objek: Sequence[models.Model]) -> list[tuple]:
    """For each row of ``model`` (saved or not, by its current field values), the values of its
    owner's lookups (``Pemilik.jalur``): read from the row itself, or with one query on its
    parent (with the parent's own parents), whatever the number of rows. A row whose parent was
    not read yet keeps the one read here, as Django keeps a related object once read (naming a
    realisation after its indicator then reads nothing more)."""
    jalur = [j.split("__") for j in model.pemilik.jalur]
    # The row's own column for a lookup on the row, None for one through its parent.
    sendiri = [_attname(model, j[0]) if len(j) == 1 else None for j in jalur]
    if None not in sendiri:
        return [tuple(getattr(o, k) for k in sendiri) for o in objek]
    medan = model._meta.get_field(next(j[0] for j in jalur if len(j) > 1))
    ids = {getattr(o, medan.attname) for o in objek} - {None}
    qs = medan.related_model._base_manager.filter(pk__in=ids)
    rantai = {"__".join(j[1:-1]) for j in jalur if len(j) > 2}
    if rantai:
        qs = qs.select_related(*rantai)
    # Per parent (read once, however many rows share it): the values read through it.
    lewat_induk = [None if k else j[1:] for j, k in zip(jalur, sendiri, strict=True)]
    induk = {i.pk: (i, tuple(None if j is None else _nilai(i, j) for j in lewat_induk)) for i in qs}
    tanpa_induk = (None, (None,) * len(jalur))
    campur = any(sendiri)  # some lookups on the row itself, the others through its parent
    hasil = []
    for o in objek:
        i, nilai = induk.get(getattr(o, medan.attname), tanpa_induk)
        if i is not None and not medan.is_cached(o):
            medan.set_cached_value(o, i)
        if campur:
            nilai = tuple(getattr(o, k) if k else v for k, v in zip(sendiri, nilai, strict=True))
        hasil.append(nilai)
    return hasil
