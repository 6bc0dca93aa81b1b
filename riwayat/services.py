"""Recording and reading the history of changes (Riwayat); see docs/riwayat.md.

A model is tracked by declaring, on its class, the fields whose changes are kept
(``riwayat_medan``), those of them whose value is never written down (``riwayat_rahasia``, a
password hash: only that it was set or changed) and, if ``str()`` does not name its rows well
in the history, a ``nama_riwayat()`` method. Where a change belongs (its satker and year) is the
owner the model declares (``pemilik``, ``lkjip.pemilik``). The table of tracked models is built
from those declarations when the application starts (``daftar_pelacakan``).

Changes made through ``Model.save()`` and ``delete()`` of the tracked models are recorded by
signals. Who and from where come from a context: the middleware sets it for web requests,
``konteks()`` for commands and imports; without one the source is "sistem". Writes that send no
signals (``bulk_create``, ``bulk_update``, ``QuerySet.update``) must call ``catat_massal``.
"""

import datetime
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import connection, models, transaction
from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.http import HttpRequest
from django.utils import timezone

from lkjip.angka import KOSONG, format_angka, format_tanggal
from lkjip.pemilik import baca, pemilik
from riwayat.models import Perubahan
from satker.models import Pengguna, Satker
from satker.services import (
    MEDAN_AKUN_PIMPINAN,
    pastikan_boleh_hapus_pengguna,
    pastikan_boleh_ubah_pengguna,
)

# --- what is tracked -----------------------------------------------------------------------------

Lokasi = tuple[int, int | None, str]  # satker id, tahun, how the object is named in the history


def nama_riwayat(obj: Model) -> str:
    """How a row is named in the history: its model's ``nama_riwayat()`` (a realisation by its
    triwulan and indicator), else ``str()``."""
    nama = getattr(obj, "nama_riwayat", None)
    return nama() if nama is not None else str(obj)


def lokasi(obj: Model) -> Lokasi | None:
    """Where a change of ``obj`` is recorded: the satker and year its model declares it belongs
    to (``pemilik``; read from the row, or with one query on its parent), and its name. None for
    a row outside any satker (a superuser's account): nothing to attach its history to."""
    satker_id, tahun = (*baca(type(obj), [obj])[0], None)[:2]
    if satker_id is None:
        return None
    return satker_id, tahun, nama_riwayat(obj)


@dataclass(frozen=True)
class Pelacakan:
    model: type[Model]
    medan: tuple[str, ...]
    # Tracked fields whose value is never written down (a password hash): only that it was set
    # ("diisi") or changed ("diubah").
    rahasia: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def kode(self) -> str:
        """The short name used in URLs and filters, e.g. ``realisasi``."""
        return self.model._meta.model_name

    @property
    def nama(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def induk(self) -> str | None:
        """The foreign key its rows belong to a satker through (``indikator`` for a
        realisation), None when they say so themselves."""
        satker = self.model.pemilik.satker
        return satker.split("__", 1)[0] if "__" in satker else None


# Filled when the application starts (``daftar_pelacakan``), from the models' declarations.
PELACAKAN: dict[type[Model], Pelacakan] = {}
PELACAKAN_MENURUT_LABEL: dict[str, Pelacakan] = {}
PELACAKAN_MENURUT_KODE: dict[str, Pelacakan] = {}


def daftar_pelacakan() -> None:
    """Every model declaring ``riwayat_medan`` is tracked; it must declare its owner too."""
    for model in apps.get_models():
        medan = getattr(model, "riwayat_medan", None)
        if medan is None:
            continue
        if pemilik(model) is None:
            raise ImproperlyConfigured(f"{model._meta.label}: riwayat tanpa pemilik (satker).")
        p = Pelacakan(model, tuple(medan), tuple(getattr(model, "riwayat_rahasia", ())))
        PELACAKAN[model] = p
        PELACAKAN_MENURUT_LABEL[p.label] = p
        PELACAKAN_MENURUT_KODE[p.kode] = p


def rincian(p: Pelacakan) -> list[Pelacakan]:
    """The tracked kinds whose rows belong to a row of ``p``'s (an indicator's realisations,
    documents and evidence files): that row's page lists their changes too."""
    return [
        anak
        for anak in PELACAKAN.values()
        if anak.induk is not None
        and anak.model._meta.get_field(anak.induk).related_model is p.model
    ]


# --- who and from where --------------------------------------------------------------------------


@dataclass(frozen=True)
class Konteks:
    sumber: str
    pengguna: Pengguna | None = None
    keterangan: str = ""
    # A web request's user is read when a change is recorded: it may log in during the request.
    request: HttpRequest | None = None

    @property
    def pelaku(self) -> Pengguna | None:
        """Who is making the change: the context's user, else the request's logged-in user."""
        if self.pengguna is not None:
            return self.pengguna
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None

    @property
    def pengguna_id(self) -> int | None:
        pelaku = self.pelaku
        return None if pelaku is None else pelaku.pk


_KONTEKS_SISTEM = Konteks(sumber=Perubahan.Sumber.SISTEM)
_konteks: ContextVar[Konteks] = ContextVar("riwayat_konteks", default=_KONTEKS_SISTEM)


def konteks_aktif() -> Konteks:
    return _konteks.get()


@contextmanager
def konteks(
    *, sumber: str, pengguna: Pengguna | None = None, keterangan: str = ""
) -> Iterator[Konteks]:
    """Record the changes made inside the block as coming from ``sumber`` (and ``pengguna``).

    Also opens ``transaction.atomic()``, so the changes and their history commit or roll back
    together. Without ``pengguna``, the user of an enclosing context (a web request, or an outer
    ``konteks``) is kept.
    """
    if sumber not in Perubahan.Sumber.values:
        raise ValueError(f"Sumber tidak dikenal: {sumber!r}")
    luar = _konteks.get()
    baru = Konteks(
        sumber=sumber,
        pengguna=pengguna if pengguna is not None else luar.pengguna,
        keterangan=keterangan,
        request=luar.request if pengguna is None else None,
    )
    token = _konteks.set(baru)
    try:
        with transaction.atomic():
            yield baru
    finally:
        _konteks.reset(token)


@contextmanager
def konteks_request(request: HttpRequest, *, sumber: str) -> Iterator[None]:
    """The context of a web request (used by the middleware; no transaction of its own)."""
    token = _konteks.set(Konteks(sumber=sumber, request=request))
    try:
        yield
    finally:
        _konteks.reset(token)


# --- values as strings ---------------------------------------------------------------------------


def to_teks(medan: models.Field, nilai: Any) -> str | None:
    """The value as stored in ``Perubahan.data``: exact, comparable, JSON-safe."""
    if nilai is None:
        return None
    try:
        nilai = medan.to_python(nilai)
    except ValidationError:
        return str(nilai)
    if nilai is None:
        return None
    if isinstance(medan, models.DecimalField):
        try:
            # As the database keeps it: 95.06 and 95.0600 are the same value.
            nilai = Decimal(nilai).quantize(Decimal(1).scaleb(-medan.decimal_places))
        except InvalidOperation:
            pass
        return str(nilai)
    if isinstance(nilai, bool):
        return "true" if nilai else "false"
    if isinstance(nilai, datetime.date | datetime.datetime):
        return nilai.isoformat()
    return str(nilai)


def _beda(
    model: type[Model], pasangan: Mapping[str, tuple[Any, Any]]
) -> dict[str, list[str | None]]:
    """Only the fields whose value really changed, as ``{field: [lama, baru]}`` strings."""
    hasil = {}
    for nama, (lama, baru) in pasangan.items():
        medan = model._meta.get_field(nama)
        teks_lama, teks_baru = to_teks(medan, lama), to_teks(medan, baru)
        if teks_lama != teks_baru:
            hasil[nama] = [teks_lama, teks_baru]
    return hasil


def _isi_awal(p: Pelacakan, obj: Model, *, hapus: bool = False) -> dict[str, list[str | None]]:
    """The filled-in tracked fields of a new (or deleted) row."""
    hasil = {}
    for nama in p.medan:
        teks = to_teks(p.model._meta.get_field(nama), getattr(obj, nama))
        if teks not in (None, ""):
            hasil[nama] = [teks, None] if hapus else [None, teks]
    return hasil


def _samarkan(data: dict, *, rahasia: tuple[str, ...], aksi: str) -> dict:
    """Secret fields (a password hash) only as set or changed, never their value."""
    hasil = {m: v for m, v in data.items() if m not in rahasia}
    if aksi != Perubahan.Aksi.HAPUS:
        tanda = "diisi" if aksi == Perubahan.Aksi.TAMBAH else "diubah"
        hasil.update({m: [None, tanda] for m in rahasia if m in data})
    return hasil


def _buat(
    *,
    satker_id: int,
    tahun: int | None,
    label: str,
    objek_id: int,
    objek_repr: str,
    aksi: str,
    data: dict,
    waktu: datetime.datetime | None = None,
) -> Perubahan:
    k = _konteks.get()
    rahasia = PELACAKAN_MENURUT_LABEL[label].rahasia
    if rahasia:
        data = _samarkan(data, rahasia=rahasia, aksi=aksi)
    return Perubahan(
        satker_id=satker_id,
        tahun=tahun,
        waktu=waktu or timezone.now(),
        pengguna_id=k.pengguna_id,
        sumber=k.sumber,
        keterangan=k.keterangan[:255],
        model=label,
        objek_id=objek_id,
        objek_repr=objek_repr[:300],
        aksi=aksi,
        data=data,
    )


def _tulis(p: Pelacakan, obj: Model, *, aksi: str, data: dict, lokasi: Lokasi | None) -> None:
    if lokasi is None:  # a row outside any satker: nothing to attach the history to
        return
    satker_id, tahun, objek_repr = lokasi
    _buat(
        satker_id=satker_id,
        tahun=tahun,
        label=p.label,
        objek_id=obj.pk,
        objek_repr=objek_repr,
        aksi=aksi,
        data=data,
    ).save()


# --- signals -------------------------------------------------------------------------------------

_LAMA = "_riwayat_lama"
_HAPUS = "_riwayat_hapus"
_LEWATI = object()


def _hash_diperbarui(instance: Model, update_fields: frozenset[str] | None) -> bool:
    """Django re-hashes a password with a newer hasher when its owner logs in
    (``check_password``: ``save(update_fields=["password"])`` after clearing the raw password):
    the same password, not a change."""
    return (
        isinstance(instance, Pengguna)
        and update_fields == frozenset({"password"})
        and instance._password is None
    )


def _sebelum_simpan(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    p = PELACAKAN[sender]
    medan = p.medan if update_fields is None else [m for m in p.medan if m in update_fields]
    if raw or not medan or _hash_diperbarui(instance, update_fields):
        instance.__dict__[_LAMA] = _LEWATI
        return
    lama = None
    if instance.pk is not None:
        lama = sender._base_manager.filter(pk=instance.pk).values(*medan).first()
    instance.__dict__[_LAMA] = (medan, lama)


def _setelah_simpan(
    sender: type[Model], instance: Model, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    simpanan = instance.__dict__.pop(_LAMA, _LEWATI)
    if raw or simpanan is _LEWATI:
        return
    p = PELACAKAN[sender]
    medan, lama = simpanan
    if created or lama is None:
        aksi, data = Perubahan.Aksi.TAMBAH, _isi_awal(p, instance)
    else:
        aksi = Perubahan.Aksi.UBAH
        data = _beda(sender, {m: (lama[m], getattr(instance, m)) for m in medan})
        if not data:
            return
    _tulis(p, instance, aksi=aksi, data=data, lokasi=lokasi(instance))


def _menghapus_satker(origin: object) -> bool:
    """A satker being deleted takes its history with it: record nothing for its rows."""
    if isinstance(origin, Satker):
        return True
    return isinstance(origin, models.QuerySet) and origin.model is Satker


def _sebelum_hapus(
    sender: type[Model], instance: Model, origin: object = None, **kwargs: Any
) -> None:
    # Everything is read before the delete, while the row and its parents still exist.
    if _menghapus_satker(origin):
        return
    p = PELACAKAN[sender]
    instance.__dict__[_HAPUS] = (_isi_awal(p, instance, hapus=True), lokasi(instance))


def _setelah_hapus(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    simpanan = instance.__dict__.pop(_HAPUS, None)
    if simpanan is None:
        return
    data, tempat = simpanan
    _tulis(PELACAKAN[sender], instance, aksi=Perubahan.Aksi.HAPUS, data=data, lokasi=tempat)


# --- accounts: who may change the Ketua's and the Sekretaris' ------------------------------------
# The rule is satker's (pastikan_boleh_ubah_pengguna); it is checked here, on every save and
# delete of an account, because this is where the acting user is known. So the admin, a view or an
# import cannot bypass it; commands (no acting user) may.


def _jaga_pengguna(
    sender: type[Model],
    instance: Pengguna,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    pelaku = _konteks.get().pelaku
    if raw or pelaku is None or pelaku.is_superuser:
        return
    if update_fields is not None and not set(update_fields) & set(MEDAN_AKUN_PIMPINAN):
        return  # last_login at every login
    lama = None
    if instance.pk is not None:
        lama = sender._base_manager.filter(pk=instance.pk).first()
    pastikan_boleh_ubah_pengguna(pelaku=pelaku, lama=lama, baru=instance)


def _jaga_hapus_pengguna(sender: type[Model], instance: Pengguna, **kwargs: Any) -> None:
    pastikan_boleh_hapus_pengguna(pelaku=_konteks.get().pelaku, pengguna=instance)


def connect_signals() -> None:
    daftar_pelacakan()
    # Before the history's own receivers: a refused change reads and records nothing.
    pre_save.connect(_jaga_pengguna, sender=Pengguna, dispatch_uid="riwayat:jaga-pengguna")
    pre_delete.connect(_jaga_hapus_pengguna, sender=Pengguna, dispatch_uid="riwayat:jaga-pengguna")
    for model in PELACAKAN:
        uid = f"riwayat:{model._meta.label_lower}"
        pre_save.connect(_sebelum_simpan, sender=model, dispatch_uid=uid)
        post_save.connect(_setelah_simpan, sender=model, dispatch_uid=uid)
        pre_delete.connect(_sebelum_hapus, sender=model, dispatch_uid=uid)
        post_delete.connect(_setelah_hapus, sender=model, dispatch_uid=uid)


# --- one row written without signals ------------------------------------------------------------


def catat_baris(*, lama: Model | None, baru: Model | None) -> None:
    """Record one change of a tracked row that its writer made without signals (e.g. a
    compare-and-swap ``QuerySet.update``), exactly as the signals record a save or a delete:
    ``lama`` None for an added row, ``baru`` None for a deleted one; an "ubah" only when a
    tracked field really changed. The writer passes the row as it read it before writing, so
    nothing is read again. Under the current context, in the caller's transaction."""
    obj = baru if baru is not None else lama
    if obj is None:
        return
    p = PELACAKAN[type(obj)]
    if lama is None:
        aksi, data = Perubahan.Aksi.TAMBAH, _isi_awal(p, baru)
    elif baru is None:
        aksi, data = Perubahan.Aksi.HAPUS, _isi_awal(p, lama, hapus=True)
    else:
        aksi = Perubahan.Aksi.UBAH
        data = _beda(p.model, {m: (getattr(lama, m), getattr(baru, m)) for m in p.medan})
        if not data:
            return
    _tulis(p, obj, aksi=aksi, data=data, lokasi=lokasi(obj))


# --- bulk writes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Perbedaan:
    """One row's change for ``catat_massal``: ``data`` maps a field to (lama, baru), raw values."""

    objek_id: int
    objek_repr: str
    data: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    aksi: str = Perubahan.Aksi.UBAH


def perbedaan(
    *, lama: Model | None, baru: Model | None, objek_repr: str | None = None
) -> Perbedaan | None:
    """The change between two versions of a tracked row (``lama`` None: added; ``baru`` None:
    deleted); None when no tracked field differs."""
    obj = baru if baru is not None else lama
    if obj is None:
        return None
    p = PELACAKAN[type(obj)]
    if lama is None:
        aksi, pasangan = Perubahan.Aksi.TAMBAH, {m: (None, getattr(baru, m)) for m in p.medan}
    elif baru is None:
        aksi, pasangan = Perubahan.Aksi.HAPUS, {m: (getattr(lama, m), None) for m in p.medan}
    else:
        aksi = Perubahan.Aksi.UBAH
        pasangan = {m: (getattr(lama, m), getattr(baru, m)) for m in p.medan}
    if not _beda(p.model, pasangan):
        return None
    return Perbedaan(obj.pk, objek_repr or str(obj), pasangan, aksi)


def catat_massal(
    *,
    satker: Satker,
    tahun: int | None,
    model: type[Model],
    perubahan: Iterable[Perbedaan],
) -> list[Perubahan]:
    """Record changes written without signals (``bulk_create``, ``bulk_update``,
    ``QuerySet.update``), in one ``bulk_create``, under the current context.

    Call it inside the same transaction as the write. Fields that did not really change are
    dropped, and so is an "ubah" with nothing left. All rows get the same ``waktu``.
    """
    p = PELACAKAN.get(model)
    if p is None:
        raise ValueError(f"{model._meta.label} tidak dilacak riwayatnya.")
    waktu = timezone.now()
    baris = []
    for item in perubahan:
        data = _beda(model, item.data)
        if not data and item.aksi == Perubahan.Aksi.UBAH:
            continue
        baris.append(
            _buat(
                satker_id=satker.pk,
                tahun=tahun,
                label=p.label,
                objek_id=item.objek_id,
                objek_repr=item.objek_repr,
                aksi=item.aksi,
                data=data,
                waktu=waktu,
            )
        )
    return Perubahan.objects.bulk_create(baris, batch_size=BATCH_RIWAYAT)


def catat_tambah(*, satker: Satker, tahun: int | None, objek: Iterable[Model]) -> int:
    """Record rows just written by ``bulk_create`` (with their ids) as added, named as the
    signals name them; returns how many were recorded.

    A row with its own ``tahun`` (budget line, narrative, report) is recorded under it, others
    (realisations, required documents, indicators of ``tahun``'s agreement) under ``tahun``. A
    realisation's or document's ``indikator`` should be the instance it was created with, so that
    naming it queries nothing."""
    kelompok: dict[tuple[type[Model], int | None], list[Perbedaan]] = {}
    for obj in objek:
        p = PELACAKAN[type(obj)]
        nama = nama_riwayat(obj)
        tahun_obj = getattr(obj, "tahun", tahun)
        # As the signals record an added row: its filled-in fields only.
        isi = ((m, getattr(obj, m)) for m in p.medan)
        pasangan = {m: (None, v) for m, v in isi if v is not None and v != ""}
        kelompok.setdefault((p.model, tahun_obj), []).append(
            Perbedaan(obj.pk, nama, pasangan, Perubahan.Aksi.TAMBAH)
        )
    jumlah = 0
    for (model, tahun_obj), daftar in kelompok.items():
        jumlah += len(catat_massal(satker=satker, tahun=tahun_obj, model=model, perubahan=daftar))
    return jumlah


# --- bulk writes of prepared rows (large imports) ------------------------------------------------
# ``catat_massal`` compares raw values field by field through the model fields: right for a few
# hundred rows, seconds for the 100,000 lines of a budget import. An import that already holds
# both versions as text writes its rows with ``tulis_massal``: COPY on PostgreSQL,
# ``bulk_create`` in batches elsewhere, under the current context, in the caller's transaction.

BATCH_RIWAYAT = 2000
BATCH_COPY_RIWAYAT = 20_000
_ESCAPE_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_KOLOM_MASSAL = (
    "satker_id",
    "tahun",
    "waktu",
    "pengguna_id",
    "sumber",
    "keterangan",
    "model",
    "objek_id",
    "objek_repr",
    "aksi",
    "data",
)


def teks_desimal(nilai: Decimal | None, tempat: int = 2) -> str | None:
    """``to_teks`` of a DecimalField with ``tempat`` decimal places, without the field."""
    if nilai is None:
        return None
    return str(nilai.quantize(Decimal(1).scaleb(-tempat)))


def _pakai_copy() -> bool:
    # psycopg2's copy_expert; other drivers take the bulk_create path.
    return connection.vendor == "postgresql" and hasattr(connection.connection, "server_version")


def tulis_massal(
    *,
    satker_id: int,
    model: type[Model],
    baris: Iterable[tuple[int | None, int, str, str, dict]],
    waktu: datetime.datetime | None = None,
) -> int:
    """Write history rows prepared by the caller; returns how many.

    Each row is ``(tahun, objek_id, objek_repr, aksi, data)`` with ``data`` as
    ``{field: [lama, baru]}`` and every value exactly as ``to_teks`` gives it (``teks_desimal``
    for decimals). Nothing is compared or dropped here: the caller passes only real changes.
    Call it inside the transaction of the write (``konteks()``); rows are streamed in batches, so
    memory stays flat.
    """
    p = PELACAKAN.get(model)
    if p is None or p.rahasia:
        raise ValueError(f"{model._meta.label} tidak dapat dicatat dengan tulis_massal.")
    k = _konteks.get()
    waktu = waktu or timezone.now()
    pengguna_id, sumber, keterangan = k.pengguna_id, k.sumber, k.keterangan[:255]
    jumlah = 0
    baris = iter(baris)
    if _pakai_copy():
        q = connection.ops.quote_name
        sql = (
            f"COPY {q(Perubahan._meta.db_table)} ({', '.join(q(c) for c in _KOLOM_MASSAL)}) "
            "FROM STDIN"
        )
        esc = _ESCAPE_COPY
        kosong = "\\N"
        awal = f"{satker_id}\t"
        tengah = (
            f"\t{waktu.isoformat()}\t{kosong if pengguna_id is None else pengguna_id}\t"
            f"{sumber}\t{keterangan.translate(esc)}\t{p.label}\t"
        )
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
        with connection.cursor() as cursor:
            while True:
                potong = list(itertools.islice(baris, BATCH_COPY_RIWAYAT))
                if not potong:
                    return jumlah
                teks = "".join(
                    f"{awal}{kosong if tahun is None else tahun}{tengah}{objek_id}\t"
                    f"{objek_repr[:300].translate(esc)}\t{aksi}\t{dumps(data).translate(esc)}\n"
                    for tahun, objek_id, objek_repr, aksi, data in potong
                )
                cursor.copy_expert(sql, io.StringIO(teks))
                jumlah += len(potong)
    while True:
        potong = list(itertools.islice(baris, BATCH_RIWAYAT))
        if not potong:
            return jumlah
        Perubahan.objects.bulk_create(
            Perubahan(
                satker_id=satker_id,
                tahun=tahun,
                waktu=waktu,
                pengguna_id=pengguna_id,
                sumber=sumber,
                keterangan=keterangan,
                model=p.label,
                objek_id=objek_id,
                objek_repr=objek_repr[:300],
                aksi=aksi,
                data=data,
            )
            for tahun, objek_id, objek_repr, aksi, data in potong
        )
        jumlah += len(potong)


def bisa_salin_sql() -> bool:
    """Whether ``salin_sql`` can be used (PostgreSQL)."""
    return connection.vendor == "postgresql"


def salin_sql(
    *,
    satker_id: int,
    model: type[Model],
    aksi: str,
    tahun_sql: str,
    repr_sql: str,
    dari: str,
    params: Sequence[Any] = (),
    waktu: datetime.datetime | None = None,
) -> int:
    """PostgreSQL: record rows of ``model`` as added (``aksi`` "tambah", after the insert) or
    removed ("hapus", before the delete) in one ``INSERT … SELECT``, without moving them through
    Python; returns how many were recorded.

    ``dari`` is the SQL after FROM naming the model's table ``t`` (with its WHERE, placeholders
    in ``params``); ``tahun_sql`` and ``repr_sql`` are expressions over ``t`` for the year and for
    ``str(obj)``. The data holds the filled-in tracked fields, each as its text cast
    (``numeric::text`` keeps the column's scale, booleans are "true"/"false", dates ISO): the
    same strings as ``to_teks``, so the same as the signals record.
    """
    p = PELACAKAN.get(model)
    if p is None or p.rahasia:
        raise ValueError(f"{model._meta.label} tidak dapat dicatat dengan salin_sql.")
    if aksi not in (Perubahan.Aksi.TAMBAH, Perubahan.Aksi.HAPUS):
        raise ValueError(f"salin_sql mencatat tambah atau hapus, bukan {aksi!r}.")
    q = connection.ops.quote_name
    bagian = []
    for nama in p.medan:
        medan = model._meta.get_field(nama)
        kolom = f"t.{q(medan.column)}"
        if isinstance(medan, models.DecimalField | models.IntegerField):
            # A number's text (digits, sign, point) never needs JSON escaping: quoted as it is,
            # without to_json (0.04 s less for 100,000 rows); never '' when not NULL.
            teks = f"""'"' || {kolom}::text || '"'"""
            ada = f"{kolom} IS NOT NULL"
        else:
            teks = f"to_json({kolom}::text)::text"
            ada = f"{kolom}::text <> ''"
        if aksi == Perubahan.Aksi.TAMBAH:
            pasangan = f"'[null, ' || {teks} || ']'"
        else:
            pasangan = f"'[' || {teks} || ', null]'"
        # A field without a value (NULL or '') gives NULL, which concat_ws below leaves out.
        bagian.append(f"""CASE WHEN {ada} THEN '"{nama}": ' || {pasangan} END""")
    k = _konteks.get()
    sql = (
        f"INSERT INTO {q(Perubahan._meta.db_table)} "
        f"({', '.join(q(c) for c in _KOLOM_MASSAL)}) "
        f"SELECT %s, {tahun_sql}, %s, %s, %s, %s, %s, t.{q(model._meta.pk.column)}, "
        f"left({repr_sql}, 300), %s, "
        # The JSON is written as text and parsed once: building it from jsonb pieces copies each
        # piece into the next (0.1 s more for 100,000 rows).
        f"('{{' || concat_ws(', ', {', '.join(bagian)}) || '}}')::jsonb FROM {dari}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                satker_id,
                waktu or timezone.now(),
                k.pengguna_id,
                k.sumber,
                k.keterangan[:255],
                p.label,
                aksi,
                *params,
            ],
        )
        return cursor.rowcount


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UbahMedan:
    label: str
    lama: str
    baru: str
    panjang: bool  # long text: shown folded


@dataclass(frozen=True)
class BarisRiwayat:
    pk: int
    waktu: datetime.datetime
    waktu_teks: str
    pengguna: str
    sumber: str
    keterangan: str
    aksi: str
    aksi_kode: str
    jenis: str
    jenis_kode: str | None  # for the link to the object's history; None for an unknown model
    objek_id: int
    objek: str
    ubah: tuple[UbahMedan, ...]


@dataclass(frozen=True)
class Filter:
    tahun: int | None = None
    jenis: str | None = None
    pengguna_id: int | None = None
    sumber: str | None = None
    dari: datetime.date | None = None
    sampai: datetime.date | None = None


PANJANG = 120


def format_waktu(waktu: datetime.datetime) -> str:
    """'05 Januari 2025 14.30 WIB' in the project's time zone."""
    lokal = timezone.localtime(waktu)
    return f"{format_tanggal(lokal.date())} {lokal:%H.%M} {lokal.tzname()}"


def format_nilai(medan: models.Field | None, teks: str | None) -> str:
    """A stored value as the user reads it: Indonesian numbers and dates, choice labels."""
    if teks is None or teks == "":
        return KOSONG
    if medan is None:
        return teks
    if medan.choices:
        return str(dict(medan.flatchoices).get(medan.to_python(teks), teks))
    if isinstance(medan, models.BooleanField):
        return {"true": "Ya", "false": "Tidak"}.get(teks, teks)
    if isinstance(medan, models.DecimalField):
        try:
            return format_angka(Decimal(teks))
        except InvalidOperation:
            return teks
    if isinstance(medan, models.DateField):
        try:
            return format_tanggal(datetime.date.fromisoformat(teks))
        except ValueError:
            return teks
    return teks


def _baris(perubahan: Perubahan) -> BarisRiwayat:
    p = PELACAKAN_MENURUT_LABEL.get(perubahan.model)
    ubah = []
    for nama, (lama, baru) in perubahan.data.items():
        medan = None
        if p is not None:
            try:
                medan = p.model._meta.get_field(nama)
            except FieldDoesNotExist:  # a field since removed: its name and raw values
                medan = None
        label = str(medan.verbose_name) if medan is not None else nama
        teks_lama, teks_baru = format_nilai(medan, lama), format_nilai(medan, baru)
        ubah.append(
            UbahMedan(
                label=label.capitalize(),
                lama=teks_lama,
                baru=teks_baru,
                panjang=max(len(teks_lama), len(teks_baru)) > PANJANG or "\n" in teks_baru,
            )
        )
    pengguna = perubahan.pengguna
    return BarisRiwayat(
        pk=perubahan.pk,
        waktu=perubahan.waktu,
        waktu_teks=format_waktu(perubahan.waktu),
        pengguna=(str(pengguna) if pengguna is not None else "—"),
        sumber=perubahan.get_sumber_display(),
        keterangan=perubahan.keterangan,
        aksi=perubahan.get_aksi_display(),
        aksi_kode=perubahan.aksi,
        jenis=p.nama if p is not None else perubahan.model,
        jenis_kode=p.kode if p is not None else None,
        objek_id=perubahan.objek_id,
        objek=perubahan.objek_repr,
        ubah=tuple(ubah),
    )


def build_baris(perubahan: Iterable[Perubahan]) -> list[BarisRiwayat]:
    return [_baris(x) for x in perubahan]


def query_riwayat(*, satker: Satker, filter: Filter | None = None) -> models.QuerySet[Perubahan]:
    """The satker's changes, newest first, with their users (one query per page)."""
    qs = Perubahan.objects.filter(satker=satker).select_related("pengguna")
    f = filter or Filter()
    if f.tahun is not None:
        qs = qs.filter(tahun=f.tahun)
    if f.jenis:
        qs = qs.filter(model=PELACAKAN_MENURUT_KODE[f.jenis].label)
    if f.pengguna_id is not None:
        qs = qs.filter(pengguna_id=f.pengguna_id)
    if f.sumber:
        qs = qs.filter(sumber=f.sumber)
    # Whole local days, as bounds on the indexed column.
    if f.dari is not None:
        qs = qs.filter(waktu__gte=_awal_hari(f.dari))
    if f.sampai is not None:
        qs = qs.filter(waktu__lt=_awal_hari(f.sampai + datetime.timedelta(days=1)))
    return qs.order_by("-waktu", "-pk")


def _awal_hari(tanggal: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time.min))


def query_riwayat_objek(
    *, satker: Satker, pelacakan: Pelacakan, objek_id: int, dengan_rincian: bool = False
) -> models.QuerySet[Perubahan]:
    """One row's changes, newest first. ``dengan_rincian``: an indicator's page also lists the
    changes of its current realisations, required documents and evidence files."""
    syarat = Q(model=pelacakan.label, objek_id=objek_id)
    for anak in rincian(pelacakan) if dengan_rincian else ():
        ids = anak.model._default_manager.filter(**{anak.induk: objek_id}).values("pk")
        syarat |= Q(model=anak.label, objek_id__in=ids)
    return (
        Perubahan.objects.filter(syarat, satker=satker)
        .select_related("pengguna")
        .order_by("-waktu", "-pk")
    )


def list_tahun_riwayat(*, satker: Satker) -> list[int]:
    return sorted(
        Perubahan.objects.filter(satker=satker, tahun__isnull=False)
        .order_by()
        .values_list("tahun", flat=True)
        .distinct(),
        reverse=True,
    )


def query_pengguna_riwayat(*, satker: Satker) -> models.QuerySet[Pengguna]:
    """The users one may filter by: the satker's, and anyone else who changed its data."""
    diubah_oleh = Perubahan.objects.filter(satker=satker, pengguna__isnull=False).values(
        "pengguna_id"
    )
    return Pengguna.objects.filter(Q(satker=satker) | Q(pk__in=diubah_oleh)).order_by(
        "first_name", "last_name", "username"
    )
