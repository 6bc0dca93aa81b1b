"""Applying an upload that was previewed first: one apply per satker-year at a time, and only on
the data the preview was computed against.

Shared by the budget import (``anggaran.impor.layanan``), the indicator workbook
(``kinerja.buku_kerja``) and the data workbook (``satker.buku_data``). A preview records its
*base*: a fingerprint of the satker-year's rows it compared the file with. Applying, inside its
transaction, first locks the satker-year (``kunci_satker_tahun``), then computes the fingerprint of
the rows as they are now and refuses when it differs from the base (``pastikan_dasar``). Two
applies of one year therefore run one after the other, and the second sees the first's rows: it is
refused instead of writing on top of them.

The lock is the row of the satker-year's ``pengesahan.Pengesahan``, the row the signing workflow
locks too (``pengesahan.services``): an import and a signing step of the same year wait for each
other, and every path takes this row first, before any row of the year's data, so two of them
cannot deadlock. SQLite has no row locks, but its write transactions are IMMEDIATE
(``lkjip/settings.py``): whole transactions already run one at a time.
"""

from django.db import transaction

from satker.models import Satker


class ImporGagal(Exception):
    """The upload cannot be applied (errors in the file, data changed meanwhile, already done)."""


def kunci_satker_tahun(*, satker: Satker | int, tahun: int) -> None:
    """Lock the satker-year until the end of the current transaction (created if missing)."""
    from pengesahan.models import Pengesahan

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("kunci_satker_tahun() hanya berarti di dalam transaksi.")
    satker_id = satker.pk if isinstance(satker, Satker) else satker
    # get_or_create first: SELECT … FOR UPDATE of a row that does not exist locks nothing.
    Pengesahan.objects.get_or_create(satker_id=satker_id, tahun=tahun)
    Pengesahan.objects.select_for_update().filter(satker_id=satker_id, tahun=tahun).get()


def pastikan_dasar(
    *, dasar: str, sekarang: str, apa: str, saran: str = "buat pratinjau baru"
) -> None:
    """Refuse the apply when the rows (``sekarang``) are not those the preview saw (``dasar``);
    call it after ``kunci_satker_tahun`` in the same transaction."""
    if dasar != sekarang:
        raise ImporGagal(f"{apa} telah berubah sejak pratinjau dibuat; {saran}.")
