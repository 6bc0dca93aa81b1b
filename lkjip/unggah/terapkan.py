"""Applying an upload that was previewed first: one apply per satker-year at a time, and only on
the data the preview was computed against.

Shared by the budget import (``anggaran.impor.layanan``), the indicator workbook
(``kinerja.buku_kerja``) and the data workbook (``pertukaran.buku_data``). A preview records its
*base*: a fingerprint of the satker-year's rows it compared the file with. Applying, inside its
transaction, first locks the satker-year (``kunci_satker_tahun``), then computes the fingerprint of
the rows as they are now and refuses when it differs from the base (``pastikan_dasar``). Two
applies of one year therefore run one after the other, and the second sees the first's rows: it is
refused instead of writing on top of them.

The lock is ``lkjip.kunci.kunci_satker_tahun``: taken after the satker lock that every writer of
the report's data holds and the signing workflow takes exclusively, in that order on every path,
so an import and a signing step of the same satker wait for each other and never deadlock.
"""

from django.db.models import Model

from lkjip import kunci


class ImporGagal(Exception):
    """The upload cannot be applied (errors in the file, data changed meanwhile, already done)."""


def kunci_satker_tahun(*, satker: Model | int, tahun: int) -> None:
    """Lock the satker-year (a ``Satker`` or its id) until the end of the current transaction."""
    kunci.kunci_satker_tahun(
        satker_id=satker if isinstance(satker, int) else satker.pk, tahun=tahun
    )


def pastikan_dasar(
    *, dasar: str, sekarang: str, apa: str, saran: str = "buat pratinjau baru"
) -> None:
    """Refuse the apply when the rows (``sekarang``) are not those the preview saw (``dasar``);
    call it after ``kunci_satker_tahun`` in the same transaction."""
    if dasar != sekarang:
        raise ImporGagal(f"{apa} telah berubah sejak pratinjau dibuat; {saran}.")
