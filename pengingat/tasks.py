"""The reminders' work for the background worker (django-tasks, docs/pengingat.md)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from pengingat.kirim import jalankan_harian
from pengingat.models import JalanHarian
from pengingat.peristiwa import kirim_peristiwa_langkah


@task()
def kirim_pengingat(tanggal: str) -> int:
    """The day's run (``pengingat.kirim.jalankan_harian``); returns the emails sent."""
    return jalankan_harian(tanggal=datetime.date.fromisoformat(tanggal)).dikirim


@task()
def kirim_peristiwa(jenis: str, langkah_id: int) -> int:
    """The emails of one workflow step (submitted, returned); returns the emails sent."""
    return kirim_peristiwa_langkah(jenis=jenis, langkah_id=langkah_id).dikirim


# The days this process has seen queued: the supervisor asks every few seconds, the database
# only once a day.
_sudah: set[datetime.date] = set()


def antrikan_harian(sekarang: datetime.datetime | None = None) -> bool:
    """Queue the day's run once a day, from PENGINGAT_JAM local time (None: never), asked by
    ``pekerja_pdf`` through ``lkjip.berkala``. The day's ``JalanHarian`` row, unique per date,
    decides: whoever creates it queues the run, in the same transaction; a worker that finds it
    does nothing, so several workers, or the ``kirim_pengingat`` command from cron, never
    double it. Returns whether this call queued it."""
    if settings.PENGINGAT_JAM is None:
        return False
    sekarang = timezone.localtime(sekarang)
    hari = sekarang.date()
    if hari in _sudah or sekarang.hour < settings.PENGINGAT_JAM:
        return False
    with transaction.atomic():
        _, dibuat = JalanHarian.objects.get_or_create(tanggal=hari)
        if dibuat:
            kirim_pengingat.enqueue(hari.isoformat())
    _sudah.add(hari)
    return dibuat
