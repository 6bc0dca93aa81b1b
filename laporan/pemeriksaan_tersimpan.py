"""The consistency check's latest result of each satker-year, kept for those who follow many
satker at once (docs/pemantauan.md, Pemeriksaan tersimpan).

The check (``laporan.pemeriksaan.periksa``) needs the whole report object, so a page listing 552
satker cannot run it. Wherever the check runs anyway (the report page, the dashboard, the
submission page, this module's refresh job and the ``periksa_laporan`` command) its counts are
stored here with the data's revision they were computed on (``satker.revisi``): a stored result
whose revision is no longer the current one is stale (``kini`` False), and the refresh job,
queued now and then by the worker (``lkjip.berkala``), checks the stale ones again, the most
recently changed first.

The revision kept is the pages' (``Revisi.halaman``), the one the cached report page is kept
under: it changes with every row the report reads and with every satker's name, both of which
the check reads. (It also changes with the signing state, which the check does not read: a
submitted report's result is then checked once more, with the same counts.)

Writing a result is not a change of the report's data: the table is no report source
(``laporan.dokumen.SUMBER_LAPORAN``) and is written with one SQL statement, so it neither meets
the lock of a signed year nor renews the revision it is compared with, and the history does not
list it.
"""

import datetime
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from laporan.dokumen import DokumenLaporan, build_dokumen
from laporan.models import HasilPemeriksaan
from laporan.pemeriksaan import GALAT, Temuan, nama_satker_lain, periksa
from riwayat.models import Perubahan
from satker import revisi as revisi_data
from satker.models import Satker
from satker.services import list_satker_tahun

logger = logging.getLogger(__name__)

# The refresh job: how many satker-years one run checks (a check is some hundreds of
# milliseconds: bench/README.md); how often the worker queues it is settings.PEMERIKSAAN_SELA_DETIK.
BATAS_PER_JALAN = 50


@dataclass(frozen=True)
class HasilTersimpan:
    galat: int
    peringatan: int
    kini: bool  # computed on the data's current revision
    waktu: datetime.datetime  # when these counts were first found


def simpan(*, satker_id: int, tahun: int, revisi: str, temuan: Sequence[Temuan]) -> None:
    """Keep the counts of ``temuan``, found on the data at ``revisi``: one statement, which
    writes only when the revision or a count differs from what is stored."""
    galat = sum(1 for t in temuan if t.tingkat == GALAT)
    tabel = connection.ops.quote_name(HasilPemeriksaan._meta.db_table)
    waktu = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (satker_id, tahun, revisi, galat, peringatan, diperiksa_pada)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (satker_id, tahun) DO UPDATE SET revisi = excluded.revisi,"
            " galat = excluded.galat, peringatan = excluded.peringatan,"
            " diperiksa_pada = excluded.diperiksa_pada"
            f" WHERE {tabel}.revisi <> excluded.revisi OR {tabel}.galat <> excluded.galat"
            f" OR {tabel}.peringatan <> excluded.peringatan",
            [satker_id, tahun, revisi, galat, len(temuan) - galat, waktu],
        )


def periksa_dan_simpan(
    *,
    satker: Satker,
    tahun: int,
    revisi: revisi_data.Revisi | None = None,
    dokumen: DokumenLaporan | None = None,
) -> tuple[Temuan, ...]:
    """The check of (satker, tahun), its counts stored. ``revisi``: the revision read before the
    report was built (read here when None); ``dokumen``: the report when the caller built it.
    Data changed meanwhile leaves the stored result stale, never newer than its revision."""
    revisi = revisi or revisi_data.baca(satker_id=satker.pk, tahun=tahun)
    dokumen = dokumen or build_dokumen(satker=satker, tahun=tahun)
    temuan = periksa(dokumen, nama_satker_lain=nama_satker_lain(satker))
    simpan(satker_id=satker.pk, tahun=tahun, revisi=revisi.halaman, temuan=temuan)
    return temuan


def baca_banyak(*, pasangan: Iterable[tuple[int, int]]) -> dict[tuple[int, int], HasilTersimpan]:
    """The stored result of each (satker id, tahun) that has one, and whether it is current: two
    queries whatever the number of pairs."""
    pasangan = set(pasangan)
    if not pasangan:
        return {}
    baris = HasilPemeriksaan.objects.filter(
        satker_id__in={s for s, _ in pasangan}, tahun__in={t for _, t in pasangan}
    ).values_list("satker_id", "tahun", "revisi", "galat", "peringatan", "diperiksa_pada")
    tersimpan = {(s, t): sisa for s, t, *sisa in baris if (s, t) in pasangan}
    kini = revisi_data.baca_banyak(tersimpan)
    return {
        p: HasilTersimpan(
            galat=galat, peringatan=peringatan, kini=kini[p].halaman == revisi, waktu=waktu
        )
        for p, (revisi, galat, peringatan, waktu) in tersimpan.items()
    }


def list_perlu_diperiksa(
    *, tahun: int | None = None, satker_id: int | None = None, semua: bool = False
) -> list[tuple[int, int]]:
    """The satker-years (of ``tahun``, of ``satker_id``) whose stored result is missing or stale
    (``semua``: every one), the most recently changed first (by the history's last change of the
    year, then of the satker; those without a change last)."""
    pasangan = list_satker_tahun(tahun=tahun, satker_id=satker_id)
    if not semua:
        tersimpan = baca_banyak(pasangan=pasangan)
        pasangan = {p for p in pasangan if p not in tersimpan or not tersimpan[p].kini}
    if not pasangan:
        return []
    terakhir: dict[tuple[int, int | None], datetime.datetime] = {
        (s, t): w
        for s, t, w in Perubahan.objects.filter(satker_id__in={s for s, _ in pasangan})
        .order_by()
        .values("satker_id", "tahun")
        .annotate(w=Max("waktu"))
        .values_list("satker_id", "tahun", "w")
    }
    per_satker: dict[int, datetime.datetime] = {}
    for (s, _), w in terakhir.items():
        per_satker[s] = max(w, per_satker.get(s, w))
    awal = datetime.datetime.min.replace(tzinfo=datetime.UTC)

    def kunci(p: tuple[int, int]) -> tuple:
        s, t = p
        return (terakhir.get(p, awal), per_satker.get(s, awal), t, -s)

    return sorted(pasangan, key=kunci, reverse=True)


def perbarui_pemeriksaan(*, batas: int, tahun: int | None = None) -> list[tuple[int, int]]:
    """Check again at most ``batas`` satker-years (of ``tahun``) whose stored result is missing or
    stale, the most recently changed first; returns those checked. One that fails is logged and
    the others go on."""
    diperiksa = []
    pasangan = list_perlu_diperiksa(tahun=tahun)[:batas]
    satker = Satker.objects.in_bulk({s for s, _ in pasangan})
    for s, t in pasangan:
        try:
            with transaction.atomic():
                periksa_dan_simpan(satker=satker[s], tahun=t)
        except Exception:
            logger.exception("Pemeriksaan laporan satker %s tahun %s gagal", s, t)
            continue
        diperiksa.append((s, t))
    return diperiksa


@task()
def perbarui_pemeriksaan_tugas(batas: int) -> int:
    """The refresh job in the worker; returns the number of satker-years checked."""
    return len(perbarui_pemeriksaan(batas=batas))


# When this process queues the job next (time.monotonic): asked every few seconds, it looks at
# the database once per settings.PEMERIKSAAN_SELA_DETIK.
_berikut = 0.0


def antrikan_perbaruan(*, paksa: bool = False) -> bool:
    """Queue the refresh job, every settings.PEMERIKSAAN_SELA_DETIK seconds (None: never, only
    ``periksa_laporan``; ``paksa``: now), unless one is still queued or running; asked by
    ``pekerja_pdf`` through ``lkjip.berkala``. Returns whether it queued."""
    global _berikut
    sela = settings.PEMERIKSAAN_SELA_DETIK
    if not paksa and sela is None:
        return False
    sekarang = time.monotonic()
    if not paksa and sekarang < _berikut:
        return False
    _berikut = sekarang + (sela or 0)
    menunggu = DBTaskResult.objects.filter(
        task_path=perbarui_pemeriksaan_tugas.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    if menunggu.exists():
        return False
    perbarui_pemeriksaan_tugas.enqueue(batas=BATAS_PER_JALAN)
    return True
