"""Fingerprints of database rows: equal fingerprints mean equal rows, so whatever was built from
them (a PDF, a drawn page) can be served again without building it (laporan.cetak, laporan.halaman,
lkjip.ingatan). One query per fingerprint on every database: on PostgreSQL a prepared one digests
the rows so that they never travel to Python; elsewhere (SQLite, in-process) one UNION ALL of the
sources brings the rows, which Python digests."""

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet

# Stand for the satker and the year while a fingerprint query is compiled, once per process.
_SATKER_TANDA, _TAHUN_TANDA = 2_073_402_131, 32_713

SumberSidik = Callable[[int, int], tuple[QuerySet, ...]]


@lru_cache(maxsize=8)
def _kueri_tersusun(sumber: SumberSidik) -> tuple[str, tuple]:
    return _kueri_sidik(sumber(_SATKER_TANDA, _TAHUN_TANDA))


def sidik(sumber: SumberSidik, *, satker: Model, tahun: int) -> str:
    """A fingerprint of every row ``sumber(satker.pk, tahun)`` selects (``satker``: a Satker), in
    one query on PostgreSQL (compiled once per process with stand-in values, so ``sumber`` may use
    the satker's pk, the year and the two years before it): equal fingerprints mean equal rows."""
    awal = f"{satker.pk}:{tahun}"
    if connection.vendor != "postgresql":
        return _sidik_gabungan(sumber(satker.pk, tahun), awal=awal)
    sql, params = _kueri_tersusun(sumber)
    ganti = {_SATKER_TANDA: satker.pk} | {_TAHUN_TANDA - i: tahun - i for i in range(3)}
    params = tuple(ganti.get(p, p) if type(p) is int else p for p in params)
    return _sidik_server(sql, params, awal=awal)


def sidik_kueri(sumber: Iterable[QuerySet]) -> str:
    """A fingerprint of every row of the querysets: equal fingerprints mean equal rows."""
    if connection.vendor != "postgresql":
        return _sidik_gabungan(sumber, awal="")
    return _sidik_server(*_kueri_sidik(sumber), awal="")


def _baris(qs: QuerySet) -> QuerySet:
    """The queryset's selected columns, or all of its model's (the primary key among them)."""
    return qs if qs._fields else qs.values_list()  # noqa: SLF001 - values_list given above


def _sidik_gabungan(sumber: Iterable[QuerySet], *, awal: str) -> str:
    """One query for all sources (UNION ALL, each row tagged with its source's number and padded
    with NULLs to the widest): a query per source made a page's query count grow with the number
    of sources on SQLite. Rows are digested in text order, as PostgreSQL does."""
    bagian, params = [], []
    for nomor, qs in enumerate(sumber):
        compiler = _baris(qs).order_by().query.get_compiler(connection=connection)
        try:
            sql, p = compiler.as_sql()
        except EmptyResultSet:  # e.g. pk__in=[]: no rows to add
            continue
        bagian.append((nomor, sql, compiler.col_count))
        params.extend(p)
    h = hashlib.sha256(awal.encode())
    if not bagian:
        return h.hexdigest()
    lebar = max(n for _, _, n in bagian)
    sql = " UNION ALL ".join(
        f"SELECT {nomor}, s.*{', NULL' * (lebar - n)} FROM ({sql}) s" for nomor, sql, n in bagian
    )
    per_sumber: dict[int, list[str]] = {nomor: [] for nomor, _, _ in bagian}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for nomor, *kolom in cursor.fetchall():
            per_sumber[nomor].append(repr(kolom))
    for baris in per_sumber.values():
        h.update(("|".join(sorted(baris)) + "\n").encode())
    return h.hexdigest()


def _kueri_sidik(sumber: Iterable[QuerySet]) -> tuple[str, tuple]:
    """One query in which PostgreSQL digests each source's rows as text (every selected column,
    the primary key among them; rows in text order), so the rows never travel to Python."""
    bagian, params = [], []
    for qs in sumber:
        sql, p = _baris(qs).order_by().query.sql_with_params()
        bagian.append(
            f"(SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s::text), '')) FROM ({sql}) s)"
        )
        params.extend(p)
    return f"SELECT concat_ws(',', {', '.join(bagian)})", tuple(params)


# The fingerprint queries prepared on each database connection (held open: CONN_MAX_AGE). A
# prepared statement outlives a rolled-back transaction; a new connection prepares again.
_DISIAPKAN: WeakKeyDictionary[object, set[str]] = WeakKeyDictionary()


def _sidik_server(sql: str, params: tuple, *, awal: str) -> str:
    """Runs ``sql`` as a prepared statement: planning its two dozen joins took longer than
    running them, on every page."""
    connection.ensure_connection()
    siap = _DISIAPKAN.setdefault(connection.connection, set())
    nama = "sidik_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    with connection.cursor() as cursor:
        if nama not in siap:
            if not siap:
                # One plan for every satker and year: PostgreSQL's default re-plans per call
                # (±0.5 ms more). Django prepares nothing itself, so this touches only these.
                # (Undone if this transaction rolls back: then only slower, never wrong.)
                cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute(f"PREPARE {nama} AS {_bernomor(sql)}")
            siap.add(nama)
        if params:
            cursor.execute(f"EXECUTE {nama} ({', '.join(['%s'] * len(params))})", params)
        else:
            cursor.execute(f"EXECUTE {nama}")
        return hashlib.sha256(f"{awal}:{cursor.fetchone()[0]}".encode()).hexdigest()


def _bernomor(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1``, ``$2``…; ``%%`` as ``%``."""
    bagian = sql.replace("%%", "\0").split("%s")
    hasil = bagian[0]
    for i, sisa in enumerate(bagian[1:], start=1):
        hasil += f"${i}{sisa}"
    return hasil.replace("\0", "%")
