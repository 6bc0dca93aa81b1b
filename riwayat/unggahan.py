"""The one preview-and-confirm machinery of the three spreadsheet uploads (budget import, indicator
workbook, data workbook; docs/arsitektur.md "Unggahan berkas").

upload → the flow reads the file (after ``lkjip.unggah.berkas.check_berkas``, rows from
``lkjip.unggah.lembar``, problems as ``lkjip.unggah.baca.Masalah``) → ``catat_unggahan`` records
it with what was read → preview page → ``menerapkan`` applies it: one transaction recorded in the
history as an import, the satker-year locked (``lkjip.unggah.terapkan``), the upload re-read and
refused unless it still awaits confirmation; the flow writes its rows (after its own
``pastikan_dasar``) and the upload is marked applied. ``batalkan_unggahan`` cancels one.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from lkjip.unggah.terapkan import ImporGagal, kunci_satker_tahun
from riwayat.models import Unggahan
from riwayat.services import konteks, konteks_aktif
from satker.models import Pengguna, Satker


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


def _tunggu_konfirmasi(unggahan: Unggahan) -> None:
    if unggahan.status != Unggahan.Status.PRATINJAU:
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
        _tunggu_konfirmasi(unggahan)
        unggahan.status = Unggahan.Status.DIBATALKAN
        unggahan.save(update_fields=["status", *unggahan.lepas_hasil()])
