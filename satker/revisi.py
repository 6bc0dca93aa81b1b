"""The revision of a satker-year's data, and the one cache of what is built from it
(docs/halaman_tersimpan.md).

Every write of the data a page or the report's PDF is built from writes a new random mark into
``RevisiData``, inside the writing transaction: a reader on any application server sees the new
mark exactly when it sees the new data. What is built is kept in Django's cache under the marks
it was built from (``simpanan``), so a changed satker-year is simply built again; nothing is
invalidated, and a mark is never used twice (not even after a rolled-back transaction, whose mark
no one else ever sees).

Who writes the marks: the signed-year guard for every write of the report's rows
(``perbarui_laporan``, from ``pengesahan.guard.periksa_lokasi``), and for what only the pages
show, the models registered with ``daftarkan_sumber`` (their saves and deletes through signals,
their bulk writes through ``QuerySetBerevisi``; which satker-years a row reaches is read from its
model's owner, ``lkjip.pemilik``).
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import post_save, pre_delete

from lkjip.pemilik import QuerySetPemilik

T = TypeVar("T")


class RevisiData(models.Model):
    """The revision of the data a satker-year's pages and report are built from: a new random mark
    written by every write of that data, in the writing transaction. ``satker`` 0 is the
    installation, ``tahun`` 0 every year of the satker. ``laporan`` changes with the rows the
    report reads, ``halaman`` with what only the pages show (evidence files, the signing state,
    the names of every satker)."""

    satker = models.BigIntegerField("satker (id; 0: semua)")
    tahun = models.PositiveSmallIntegerField("tahun (0: semua)")
    laporan = models.CharField("revisi data laporan", max_length=16, blank=True)
    halaman = models.CharField("revisi data halaman", max_length=16, blank=True)

    class Meta:
        verbose_name = "revisi data"
        verbose_name_plural = "revisi data"
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun"], name="revisi_data_satu_per_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.satker} {self.tahun}: {self.laporan}/{self.halaman}"


# As a satker: the installation; as a year: every year of the satker.
SEMUA = 0

# (satker id or SEMUA, year or SEMUA): one row of RevisiData
Baris = tuple[int, int]


def _tulis(baris: Iterable[Baris], kolom: str) -> None:
    """A new mark in ``kolom`` of each row (created when missing), in one statement that locks
    the rows in one order until the transaction ends."""
    baris = sorted(set(baris))
    if not baris:
        return
    tanda = secrets.token_hex(8)
    RevisiData.objects.bulk_create(
        [RevisiData(satker=s, tahun=t, **{kolom: tanda}) for s, t in baris],
        update_conflicts=True,
        unique_fields=["satker", "tahun"],
        update_fields=[kolom],
    )


def _perbarui(baris: Iterable[Baris], kolom: str) -> None:
    """Renew the rows, and after the commit the report's rows of the satker above them."""
    baris = set(baris)
    _tulis(baris, kolom)
    _perbarui_atasan(baris)


def _perbarui_atasan(baris: set[Baris]) -> None:
    """A KPU Provinsi's and KPU RI's report may cite figures rolled up from the satker below
    them (docs/pemantauan.md, "Angka rekap dalam narasi dan perbandingan"): a change of a satker
    renews the report's mark of the same years of its province and of KPU RI. After the commit,
    in its own statement: inside the writing transaction every writer of the country would hold
    KPU RI's row until it commits, and wait for one another. The mark then follows the data (a
    reader in between builds the new data under the old mark, built again once the mark
    changes), never precedes it."""
    from satker.models import Satker

    satker_id = {s for s, _ in baris if s != SEMUA}
    if not satker_id:
        return
    atasan: dict[int, set[int]] = {}
    for s, induk, kakek in Satker.objects.filter(pk__in=satker_id, induk__isnull=False).values_list(
        "pk", "induk_id", "induk__induk_id"
    ):
        atasan[s] = {induk} | ({kakek} if kakek else set())
    if not atasan:
        return
    baru = {(a, t) for s, t in baris for a in atasan.get(s, ())}
    transaction.on_commit(lambda: _tulis(baru, "laporan"))


def perbarui_laporan(lokasi: Iterable[tuple[int, int, int | None]]) -> None:
    """The report's rows of satker ``s`` that the reports of years ``awal``..``akhir`` read (None:
    ``awal`` and every later year) change in the current transaction."""
    baris: set[Baris] = set()
    for s, awal, akhir in lokasi:
        if akhir is None or akhir < awal:
            baris.add((s, SEMUA))
        else:
            baris.update((s, tahun) for tahun in range(awal, akhir + 1))
    _perbarui(baris, "laporan")


def perbarui_halaman(baris: Iterable[Baris]) -> None:
    """Something only the pages show changes in the current transaction."""
    _perbarui(baris, "halaman")


def perbarui_semua() -> None:
    """Everything is built again, the PDFs too: for a data migration, whose historical models
    meet neither the guard nor the signals."""
    _perbarui([(SEMUA, SEMUA)], "laporan")


@dataclass(frozen=True)
class Revisi:
    laporan: str  # the report's rows: the PDF's key (laporan.cetak)
    halaman: str  # everything the pages are built from, the report's rows included


def baca(*, satker_id: int, tahun: int) -> Revisi:
    """The revision of (satker, tahun) as this transaction sees it: one query, written out because
    every page asks it (the ORM took a millisecond to build it, ten times the query itself)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT satker, tahun, laporan, halaman FROM {RevisiData._meta.db_table}"
            " WHERE (satker = %s AND tahun IN (%s, %s)) OR (satker = %s AND tahun = %s)",
            [satker_id, SEMUA, tahun, SEMUA, SEMUA],
        )
        tanda = {(s, t): (laporan, halaman) for s, t, laporan, halaman in cursor.fetchall()}
    return _susun(tanda, satker_id=satker_id, tahun=tahun)


def _susun(tanda: dict[Baris, tuple[str, str]], *, satker_id: int, tahun: int) -> Revisi:
    """The revision of (satker, tahun) from the marks read: the installation's, the satker's,
    the year's."""
    baris = ((SEMUA, SEMUA), (satker_id, SEMUA), (satker_id, tahun))
    urut = [tanda.get(b, ("", "")) for b in baris]
    laporan = ".".join(lap for lap, _ in urut)
    return Revisi(laporan=laporan, halaman=".".join([laporan, *(hal for _, hal in urut)]))


def baca_banyak(pasangan: Iterable[Baris]) -> dict[Baris, Revisi]:
    """``baca`` for many (satker, tahun) at once, in one query whatever their number."""
    pasangan = set(pasangan)
    if not pasangan:
        return {}
    satker_ids = {s for s, _ in pasangan}
    baris = RevisiData.objects.filter(
        models.Q(satker__in=satker_ids) | models.Q(satker=SEMUA, tahun=SEMUA)
    ).values_list("satker", "tahun", "laporan", "halaman")
    tanda = {(s, t): (laporan, halaman) for s, t, laporan, halaman in baris}
    return {(s, t): _susun(tanda, satker_id=s, tahun=t) for s, t in pasangan}


def kunci(nama: str, *, satker_id: int, tahun: int, revisi: str, tambahan: tuple = ()) -> str:
    """The cache key of what ``nama`` builds for (satker, tahun) from the data at ``revisi``."""
    return ":".join(map(str, ("halaman", nama, satker_id, tahun, revisi, *tambahan)))


def simpanan(
    nama: str,
    *,
    satker_id: int,
    tahun: int,
    buat: Callable[[], T],
    tambahan: tuple = (),
    revisi: Revisi | None = None,
) -> T:
    """What ``buat()`` builds from the data of (satker, tahun), kept in the cache under the data's
    revision (``revisi``: when the caller has read it already). Built while the data changed, it
    is served but not kept: it may hold the newer data, or a mix."""
    revisi = revisi or baca(satker_id=satker_id, tahun=tahun)
    return simpanan_bertanda(
        nama,
        satker_id=satker_id,
        tahun=tahun,
        buat=buat,
        tambahan=tambahan,
        tanda=revisi.halaman,
        tanda_kini=lambda: baca(satker_id=satker_id, tahun=tahun).halaman,
    )


def simpanan_bertanda(
    nama: str,
    *,
    satker_id: int,
    tahun: int,
    buat: Callable[[], T],
    tambahan: tuple,
    tanda: str,
    tanda_kini: Callable[[], str],
) -> T:
    """``simpanan`` under a mark the caller composes (``tanda``, read before building;
    ``tanda_kini`` reads it again): kept only when the mark did not change while building."""
    k = kunci(nama, satker_id=satker_id, tahun=tahun, revisi=tanda, tambahan=tambahan)
    nilai = cache.get(k)
    if nilai is None:
        nilai = buat()
        if tanda_kini() == tanda:
            cache.set(k, nilai, timeout=None)
    return nilai


# --- What only the pages show --------------------------------------------------------------------

# How far a write of a registered model reaches, from its rows' owner (``model.pemilik``):
TAHUNNYA = "tahunnya"  # the pages of its satker-year
SATKERNYA = "satkernya"  # the pages of every year of its satker
INSTALASI = "instalasi"  # the pages of every satker

_SUMBER: dict[type[models.Model], str] = {}


def daftarkan_sumber(model: type[models.Model], jangkauan: str) -> None:
    """For an ``AppConfig.ready``: every write of ``model``, a page source that the report does not
    read (so the guard does not see it), renews the revision of the pages it reaches
    (``jangkauan``). Its manager must use ``QuerySetBerevisi``."""
    if jangkauan not in (TAHUNNYA, SATKERNYA, INSTALASI):
        raise ValueError(f"Jangkauan tidak dikenal: {jangkauan}")
    _SUMBER[model] = jangkauan
    uid = f"revisi:{model._meta.label_lower}"
    post_save.connect(_setelah_simpan, sender=model, dispatch_uid=uid)
    pre_delete.connect(_sebelum_hapus, sender=model, dispatch_uid=uid)


def _perbarui_sumber(model: type[models.Model], pk: Iterable) -> None:
    jangkauan = _SUMBER[model]
    if jangkauan == INSTALASI:
        perbarui_halaman([(SEMUA, SEMUA)])
        return
    pemilik = model.pemilik
    baris = model._base_manager.filter(pk__in=list(pk))
    if jangkauan == SATKERNYA:
        perbarui_halaman((s, SEMUA) for s in baris.values_list(pemilik.satker, flat=True))
    else:
        perbarui_halaman(baris.values_list(pemilik.satker, pemilik.tahun))


def _setelah_simpan(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    _perbarui_sumber(sender, [instance.pk])


def _sebelum_hapus(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    _perbarui_sumber(sender, [instance.pk])


class QuerySetBerevisi(QuerySetPemilik):
    """Bulk writes send no signals: those of a registered model renew the revision here, in the
    same transaction as the write (rows where they were and where they go)."""

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            pk = list(self.values_list("pk", flat=True))
            _perbarui_sumber(self.model, pk)
            jumlah = super().update(**kwargs)
            _perbarui_sumber(self.model, pk)
        return jumlah

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            objs = super().bulk_create(objs, *args, **kwargs)
            _perbarui_sumber(self.model, [o.pk for o in objs if o.pk is not None])
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        pk = [o.pk for o in objs]
        with transaction.atomic(using=self.db, savepoint=False):
            _perbarui_sumber(self.model, pk)
            jumlah = super().bulk_update(objs, fields, *args, **kwargs)
            _perbarui_sumber(self.model, pk)
        return jumlah


def kosongkan_jika_templat(sender: object, file_path, **kwargs: object) -> None:
    """``runserver`` restarts for Python files but only reloads templates: what was drawn with
    an edited template is drawn anew (connected in ``SatkerConfig.ready``)."""
    if file_path.suffix != ".py":
        cache.clear()
