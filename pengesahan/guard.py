"""While a report is on its way to a signature or signed, the data it shows is locked.

What is locked is derived from the declaration of what the report reads
(``laporan.dokumen.SUMBER_LAPORAN``), never from a list of its own: a source added to the report
is locked with it. Where a row belongs is what its model declares (``model.pemilik``,
``lkjip.pemilik``). A year is locked while its ``Pengesahan`` is Diajukan, Disetujui or
Ditandatangani; a row is locked when a locked year's report reads it (a PK or budget line of year
Y is read by the reports of Y, Y+1 and Y+2; a Renstra by each year of its period; a category scale
by its year and the later ones). The satker's identity and its Ketua are locked while any year is
Diajukan or Disetujui. Details and reasons: docs/pengesahan.md.

Every write path meets ``periksa_lokasi``: ``pre_save``/``pre_delete`` receivers (registered in
``PengesahanConfig.ready``), bulk writes through ``lkjip.kunci.QuerySetLaporan``, and writers
without the ORM (the budget import's COPY) call ``pastikan_bisa_diubah``. The check and the
transitions share one lock per satker (``kunci_satker``): an edit lands before a
submission/approval/signature (and is in what is approved) or waits for it and is refused.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

from laporan.dokumen import SATKER, SUMBER_LAPORAN, Sumber
from laporan.tasks import catat_perubahan
from lkjip.kunci import kunci_satker
from lkjip.pemilik import baca
from pengesahan.models import Pengesahan
from satker.models import Satker
from satker.revisi import perbarui_laporan

Status = Pengesahan.Status
STATUS_TERKUNCI = (Status.DIAJUKAN, Status.DISETUJUI, Status.DITANDATANGANI)
# The satker's identity and Ketua are printed, not computed: frozen only until the signature, so
# that what is approved is what is signed; a new Ketua may take office after it.
STATUS_IDENTITAS_TERKUNCI = (Status.DIAJUKAN, Status.DISETUJUI)

SUMBER: dict[type[Model], Sumber] = {s.model: s for s in SUMBER_LAPORAN}

# (satker id, first year, last year or None for every later year); last year -1: the identity
Lokasi = tuple[int, int, int | None]
IDENTITAS = -1


def models_dijaga() -> list[type[Model]]:
    return list(SUMBER)


def pesan(*, tahun: int, status: str, identitas: bool = False) -> str:
    apa = "profil satker dan data Ketua" if identitas else "datanya"
    if status == Status.DIAJUKAN:
        return (
            f"Laporan tahun {tahun} sedang diajukan sehingga {apa} dikunci agar yang disetujui "
            "sama dengan yang diperiksa. Minta Sekretaris atau Komisioner mengembalikannya "
            "(Kembalikan) bila perlu diubah."
        )
    if status == Status.DISETUJUI:
        return (
            f"Laporan tahun {tahun} sudah disetujui sehingga {apa} dikunci agar yang "
            "ditandatangani sama dengan yang disetujui. Setelah Ketua menandatanganinya, "
            "perubahan dibuka lewat Revisi."
        )
    return (
        f"Laporan tahun {tahun} sudah ditandatangani sehingga {apa} dikunci. Minta Ketua "
        "membuka Revisi untuk mengubahnya."
    )


def _baris_terkunci(lokasi: Iterable[Lokasi]) -> list[tuple[int, int, str, bool]]:
    """(satker, tahun, status, identitas) of every locked year among ``lokasi``, read after
    taking the satker lock (shared)."""
    lokasi = set(lokasi)
    if not lokasi:
        return []
    kunci_satker((s for s, _, _ in lokasi), eksklusif=False)
    syarat = Q()
    for s, awal, akhir in lokasi:
        if akhir == IDENTITAS:
            syarat |= Q(satker_id=s, status__in=STATUS_IDENTITAS_TERKUNCI)
        elif akhir is None:
            syarat |= Q(satker_id=s, tahun__gte=awal, status__in=STATUS_TERKUNCI)
        else:
            syarat |= Q(satker_id=s, tahun__range=(awal, akhir), status__in=STATUS_TERKUNCI)
    identitas = {s for s, _, akhir in lokasi if akhir == IDENTITAS}
    hasil = []
    for s, t, status in Pengesahan.objects.filter(syarat).values_list(
        "satker_id", "tahun", "status"
    ):
        if s in identitas and status in STATUS_IDENTITAS_TERKUNCI:
            hasil.append((s, t, status, True))
        if any(
            s == ls and ak != IDENTITAS and aw <= t and (ak is None or t <= ak)
            for ls, aw, ak in lokasi
        ):
            hasil.append((s, t, status, False))
    return hasil


def periksa_lokasi(lokasi: Iterable[Lokasi]) -> None:
    """Raise an Indonesian ValidationError if a report reading one of ``lokasi`` is locked.
    Otherwise the write goes ahead: the data's revision is renewed in its transaction, so that
    what was built from it is built again (``satker.revisi``), and the PDFs kept of those reports
    are rendered again once it commits (``laporan.tasks.catat_perubahan``)."""
    lokasi = set(lokasi)
    terkunci = _baris_terkunci(lokasi)
    if terkunci:
        _, tahun, status, identitas = min(terkunci, key=lambda b: (b[3], b[1]))
        raise ValidationError(pesan(tahun=tahun, status=status, identitas=identitas))
    dibaca = [(s, awal, None if akhir == IDENTITAS else akhir) for s, awal, akhir in lokasi]
    perbarui_laporan(dibaca)
    catat_perubahan(dibaca)


def _lokasi_tahun(sumber: Sumber | None, satker: int, tahun: int, akhir: int | None) -> Lokasi:
    if sumber is None:
        return satker, tahun, tahun
    if sumber.baca == SATKER:
        return satker, 0, IDENTITAS
    return (satker, *sumber.tahun_pembaca(tahun, akhir))


def pastikan_bisa_diubah(
    *, satker: Satker | int, tahun: int, model: type[Model] | None = None
) -> None:
    """Raise an Indonesian ValidationError if the rows of ``tahun`` may not change: with
    ``model``, those of that model (e.g. a budget line of 2023 is read by the report of 2024),
    else the year's own. For writers that bypass the ORM; holds the lock like the receivers."""
    satker_id = satker.pk if isinstance(satker, Satker) else satker
    periksa_lokasi([_lokasi_tahun(SUMBER.get(model), satker_id, tahun, None)])


def pesan_kunci(
    *,
    satker: Satker | int,
    tahun: int,
    model: type[Model] | None = None,
    tahun_akhir: int | None = None,
) -> str:
    """The lock's message for a page (empty when open), read without taking any lock;
    ``tahun_akhir``: the last year of a period row (a Renstra's)."""
    satker_id = satker.pk if isinstance(satker, Satker) else satker
    s, awal, akhir = _lokasi_tahun(SUMBER.get(model), satker_id, tahun, tahun_akhir)
    qs = Pengesahan.objects.filter(satker_id=s, tahun__gte=awal, status__in=STATUS_TERKUNCI)
    if akhir is not None:
        qs = qs.filter(tahun__lte=akhir)
    p = qs.order_by("tahun").first()
    return pesan(tahun=p.tahun, status=p.status) if p else ""


# --- Where a row belongs ---------------------------------------------------------------------


def _lokasi_dari(sumber: Sumber, nilai: tuple) -> Lokasi | None:
    if nilai[0] is None:
        return None
    if sumber.baca == SATKER:
        return nilai[0], 0, IDENTITAS
    return _lokasi_tahun(sumber, nilai[0], nilai[1], nilai[2] if len(nilai) > 2 else None)


def lokasi_objek(sumber: Sumber, objek: list[Model]) -> set[Lokasi]:
    """Where rows (saved or not) belong by their current field values: read from the rows
    themselves, or with one query on the model their owner is read through (e.g. a Realisasi's
    indicator), whatever the number of rows."""
    nilai = set(baca(sumber.model, objek))
    return {lok for n in nilai if (lok := _lokasi_dari(sumber, n)) is not None}


def lokasi_queryset(sumber: Sumber, qs: QuerySet) -> set[Lokasi]:
    """Where the rows of ``qs`` belong now, as stored."""
    nilai = qs.order_by().values_list(*sumber.pemilik.jalur).distinct()
    return {lok for n in nilai if (lok := _lokasi_dari(sumber, n)) is not None}


def _attname(model: type[Model], nama: str) -> str:
    return model._meta.pk.attname if nama == "pk" else model._meta.get_field(nama).attname


def _kolom_dibaca(sumber: Sumber) -> set[str] | None:
    """The fields whose change matters, for a source read by a few columns only (the Ketua's
    account: a login or a new password changes nothing printed); None: every field."""
    if not sumber.kolom:
        return None
    nama = (*sumber.kolom, *dict(sumber.saring), sumber.pemilik.satker)
    return {_attname(sumber.model, k) for k in nama}


def _dibaca(sumber: Sumber, qs: QuerySet) -> QuerySet:
    return qs.filter(**dict(sumber.saring))


# --- Receivers and the bulk check --------------------------------------------------------------


def tolak_jika_terkunci(sender: type[Model], instance: Model, **kwargs) -> None:
    """pre_save/pre_delete: the row where it was and where it goes must both be open."""
    if kwargs.get("raw"):  # loaddata
        return
    sumber = SUMBER[sender]
    dihapus = "update_fields" not in kwargs  # pre_delete sends no update_fields
    lama = None
    if instance.pk is not None and not instance._state.adding:
        lama = sender._base_manager.filter(pk=instance.pk)
    kolom = _kolom_dibaca(sumber)
    if kolom is None:
        lokasi = lokasi_objek(sumber, [instance])
        if lama is not None and not dihapus:
            lokasi |= lokasi_queryset(sumber, lama)  # a row moved out of a locked year
        periksa_lokasi(lokasi)
        return
    # Read by a few columns: only a change of those (or of who is the Ketua) changes the report.
    lokasi = lokasi_queryset(sumber, _dibaca(sumber, lama)) if lama is not None else set()
    if not dihapus:
        ubah = kwargs.get("update_fields")
        if ubah is not None:
            kolom &= {_attname(sender, k) for k in ubah}
        tersimpan = lama.values(*kolom).first() if lama is not None and kolom else None
        if lama is not None and (
            not kolom
            or (tersimpan is not None and all(tersimpan[k] == getattr(instance, k) for k in kolom))
        ):
            return
        if all(getattr(instance, k) == v for k, v in sumber.saring):
            lokasi |= lokasi_objek(sumber, [instance])
    periksa_lokasi(lokasi)


class _PemeriksaMassal:
    """Installed into ``lkjip.kunci``: the same check for ``update``/``bulk_*``."""

    def sebelum_update(self, qs: QuerySet, nilai: dict) -> None:
        sumber = SUMBER.get(qs.model)
        if sumber is None:
            return
        diubah = {qs.model._meta.get_field(k).name for k in nilai}
        kolom = _kolom_dibaca(sumber)
        if kolom is not None:
            if not {_attname(qs.model, k) for k in diubah} & kolom:
                return
            if not diubah & {*dict(sumber.saring), sumber.pemilik.satker}:
                qs = _dibaca(sumber, qs)  # the rows stay what they were: only the Ketua's count
        lokasi = lokasi_queryset(sumber, qs)
        if diubah & sumber.pemilik.medan:
            # Rows moved to another satker, year or parent: where they go counts too.
            pindah = []
            for obj in qs.order_by().iterator():
                for k, v in nilai.items():
                    setattr(obj, k, v)
                pindah.append(obj)
            lokasi |= lokasi_objek(sumber, pindah)
        periksa_lokasi(lokasi)

    def sebelum_tulis_massal(self, model: type[Model], objek: list[Model], *, baru: bool) -> None:
        sumber = SUMBER.get(model)
        if sumber is None or not objek:
            return
        lokasi = lokasi_objek(sumber, objek)
        if not baru:
            lama = model._base_manager.filter(pk__in=[o.pk for o in objek])
            lokasi |= lokasi_queryset(sumber, lama)
        periksa_lokasi(lokasi)


pemeriksa_massal = _PemeriksaMassal()
