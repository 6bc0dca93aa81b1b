"""The one preview-and-confirm machinery of the spreadsheet uploads (docs/arsitektur.md
"Uploads").

A flow declares only its own part, an ``Alur``: its kind, how a file becomes a result (its layout,
read after ``lkjip.unggah.berkas.check_berkas`` from ``lkjip.unggah.lembar``, with problems as
``lkjip.unggah.baca.Masalah``), what of the result waits in the upload record, the preview, and
how a confirmed result is written. The rest is here: ``unggah`` reads and records the upload →
preview page → ``terapkan`` applies it inside ``menerapkan``: one transaction recorded in the
history as an import, the satker-year locked (``lkjip.unggah.terapkan``), the upload re-read and
refused unless it still awaits confirmation; the flow compares the data with the preview's base
(``pastikan_dasar``) and writes; the upload is marked applied. ``batalkan_unggahan`` cancels one.

The budget import and the indicator workbook are such flows. The data workbook is not: it may
create its satker, so there is nothing to record an upload under before it is written; it is
checked by its command's ``--dry-run`` and recorded as applied when written.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from lkjip.unggah.terapkan import ImporGagal, kunci_satker_tahun
from riwayat.models import Unggahan
from riwayat.services import konteks, konteks_aktif
from satker.models import Pengguna, Satker


class Alur(Protocol):
    """What one upload flow declares; ``pilihan`` are the flow's own options (the budget's
    "amounts in thousands", the fingerprint a preview was shown with …)."""

    jenis: str  # Unggahan.Jenis
    model: type[Unggahan]  # Unggahan, or the flow's extension of it

    def baca(self, *, satker: Satker, tahun: int, data: bytes, nama_berkas: str, **pilihan) -> Any:
        """Read the file: BerkasDitolak when it cannot be read, its problems in the result."""
        ...

    def simpan(self, *, satker: Satker, tahun: int, hasil: Any, data: bytes, **pilihan) -> dict:
        """The upload record's fields for the result: what waits for confirmation, the
        fingerprint of the data it will be compared with, a summary (and the file itself only
        where a flow must read it again, as the budget import while its columns are mapped)."""
        ...

    def pratinjau(self, unggahan: Unggahan) -> Any:
        """What applying the upload would change now, for its preview page."""
        ...

    def terapkan(self, unggahan: Unggahan, **pilihan) -> Any:
        """Write the upload's result (called inside ``menerapkan``); ImporGagal refuses."""
        ...


def unggah(
    alur: Alur,
    *,
    satker: Satker,
    tahun: int,
    data: bytes,
    nama_berkas: str,
    pengguna: Pengguna | None,
    **pilihan,
) -> tuple[Unggahan, Any]:
    """Read an uploaded file with ``alur`` and record it, awaiting confirmation; nothing else is
    written. Raises BerkasDitolak (nothing recorded) when the file cannot be read."""
    hasil = alur.baca(satker=satker, tahun=tahun, data=data, nama_berkas=nama_berkas, **pilihan)
    unggahan = catat_unggahan(
        model=alur.model,
        satker=satker,
        tahun=tahun,
        jenis=alur.jenis,
        data=data,
        nama_berkas=nama_berkas,
        pengguna=pengguna,
        **alur.simpan(satker=satker, tahun=tahun, hasil=hasil, data=data, **pilihan),
    )
    return unggahan, hasil


def terapkan(alur: Alur, unggahan: Unggahan, *, keterangan: str, **pilihan) -> Any:
    """Apply a previewed upload with ``alur`` (see ``menerapkan``); returns what the flow's
    ``terapkan`` returns."""
    with menerapkan(unggahan, keterangan=keterangan) as unggahan:
        return alur.terapkan(unggahan, **pilihan)


def catat_unggahan(
    *,
    satker: Satker,
    tahun: int,
    jenis: str,
    data: bytes,
    nama_berkas: str,
    pengguna: Pengguna | None,
    hasil: dict | list | None = None,
    status: str = Unggahan.Status.PRATINJAU,
    model: type[Unggahan] = Unggahan,
    **medan,
) -> Unggahan:
    """Record one upload (the file's name, size and SHA-256, never the file) with what was read
    from it; ``model`` a flow's own extension of ``Unggahan`` with its ``medan``."""
    return model.objects.create(
        satker=satker,
        tahun=tahun,
        jenis=jenis,
        diunggah_oleh=pengguna,
        nama_berkas=nama_berkas[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        ukuran=len(data),
        status=status,
        hasil=hasil,
        **medan,
    )


def _tunggu_konfirmasi(unggahan: Unggahan, *, boleh=(Unggahan.Status.PRATINJAU,)) -> None:
    if unggahan.status not in boleh:
        raise ImporGagal(f"Impor ini sudah {unggahan.get_status_display().lower()}.")


@contextmanager
def menerapkan(unggahan: Unggahan, *, keterangan: str) -> Iterator[Unggahan]:
    """Apply a previewed upload: yields the upload as it is now, locked and still awaiting
    confirmation, inside one transaction recorded in the history as an import (by the user of
    the request or command, else by the uploader); marks it applied when the block ends.

    A second apply of the same upload, or of another upload of the same satker-year, waits on
    the lock and then sees what the first wrote."""
    pengguna = unggahan.diunggah_oleh if konteks_aktif().pengguna_id is None else None
    with konteks(sumber="impor", pengguna=pengguna, keterangan=keterangan):
        kunci_satker_tahun(satker=unggahan.satker_id, tahun=unggahan.tahun)
        unggahan = type(unggahan).objects.select_related("satker").get(pk=unggahan.pk)
        _tunggu_konfirmasi(unggahan)
        yield unggahan
        unggahan.status = Unggahan.Status.DITERAPKAN
        unggahan.diterapkan_pada = timezone.now()
        unggahan.lepas_hasil()
        unggahan.save()


def batalkan_unggahan(*, unggahan: Unggahan) -> None:
    """Cancel an upload awaiting confirmation; nothing else changes."""
    with transaction.atomic():
        kunci_satker_tahun(satker=unggahan.satker_id, tahun=unggahan.tahun)
        unggahan.refresh_from_db(fields=["status"])
        # An upload still waiting for its columns to be mapped can be cancelled as well.
        _tunggu_konfirmasi(unggahan, boleh=(Unggahan.Status.PRATINJAU, Unggahan.Status.PEMETAAN))
        unggahan.status = Unggahan.Status.DIBATALKAN
        unggahan.save(update_fields=["status", *unggahan.lepas_hasil()])
