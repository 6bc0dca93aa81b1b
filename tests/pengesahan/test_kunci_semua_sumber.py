"""Every kind of row the report reads is locked while the year is Diajukan, Disetujui or
Ditandatangani: a save, a delete, a bulk update and the admin are refused, and all are allowed
again once the year is back to Draf (Kembalikan, Revisi). The models come from the report's own
declaration (laporan.dokumen.SUMBER_LAPORAN), so a new source cannot be left out of the lock."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction

from laporan.dokumen import SATKER, SUMBER_LAPORAN, Sumber
from pengesahan.models import Pengesahan
from satker.models import Pengguna
from tests.conftest import buat_baris_triwulan

from .alur import TAHUN

Status = Pengesahan.Status
DIKUNCI = [Status.DIAJUKAN, Status.DISETUJUI, Status.DITANDATANGANI]


def _id(s: Sumber) -> str:
    return s.model._meta.label


def _baris(sumber: Sumber, satker) -> models.Model:
    """A row the report of TAHUN reads (for the budget: one of two years before, which the
    report's three-year tables read too). The seed states no Renstra target, no month of the
    budget, no DIPA revision, no withdrawal plan and no rencana aksi: one is made (before the
    year is locked)."""
    from anggaran.models import BarisAnggaran, RealisasiBulanan, RencanaPenarikan, RevisiDipa
    from renstra.models import IndikatorSasaran, TargetRenstra

    if sumber.model is RealisasiBulanan and not sumber.queryset(satker.pk, TAHUN).exists():
        baris = BarisAnggaran.objects.filter(satker=satker, tahun=TAHUN).order_by("pk").last()
        RealisasiBulanan.objects.create(baris=baris, bulan=1, nilai=Decimal(1000))
    if sumber.model is RevisiDipa and not sumber.queryset(satker.pk, TAHUN).exists():
        RevisiDipa.objects.create(satker=satker, tahun=TAHUN, ke=0, nomor="SP DIPA uji")
    if sumber.model is RencanaPenarikan and not sumber.queryset(satker.pk, TAHUN).exists():
        RencanaPenarikan.objects.create(satker=satker, tahun=TAHUN, bulan=1, nilai=Decimal(1))
    buat_baris_triwulan(sumber.model, satker, TAHUN)
    if sumber.model is TargetRenstra and not sumber.queryset(satker.pk, TAHUN).exists():
        renstra = {
            "sasaran__renstra__satker": satker,
            "sasaran__renstra__tahun_mulai__lte": TAHUN,
            "sasaran__renstra__tahun_selesai__gte": TAHUN,
        }
        indikator = IndikatorSasaran.objects.filter(**renstra).order_by("pk").first()
        TargetRenstra.objects.create(indikator=indikator, tahun=TAHUN, nilai=Decimal(80))
    qs = sumber.queryset(satker.pk, TAHUN)
    if sumber.model._meta.label_lower == "anggaran.barisanggaran":
        qs = qs.filter(tahun=TAHUN - 2)
    pk = qs.values_list("pk", flat=True).order_by("pk").first()
    assert pk is not None, f"no {sumber.model.__name__} in the demo data"
    return sumber.model.objects.get(pk=pk)


def _medan(sumber: Sumber) -> models.Field:
    """A plain field of the model the report reads: a text field, else a number (a Renstra
    target has only numbers)."""
    nama = [k for k in sumber.kolom if k != "pk"]
    if nama:
        return sumber.model._meta.get_field(nama[0])
    polos = [
        f
        for f in sumber.model._meta.concrete_fields
        if not f.primary_key and not f.is_relation and not f.choices
    ]
    return next(
        (
            f
            for f in polos
            if isinstance(f, models.CharField | models.TextField)
            and (f.max_length or 1000) >= 50  # room for the marks added below
        ),
        None,
    ) or next(f for f in polos if isinstance(f, models.DecimalField))


def _ubah(medan: models.Field, lama, tanda: str):
    """Another value for the field: text with a mark added, a number plus one."""
    if isinstance(medan, models.DecimalField):
        return (lama or Decimal(0)) + 1
    return (lama or "") + tanda


def _tetapkan(satker, status: str) -> None:
    Pengesahan.objects.update_or_create(satker=satker, tahun=TAHUN, defaults={"status": status})


def _terkunci(sumber: Sumber, status: str) -> bool:
    # The satker's identity and its Ketua are printed, not computed: after the signature they may
    # change (a new Ketua) and the signed PDF keeps what it printed (docs/pengesahan.md).
    return not (sumber.baca == SATKER and status == Status.DITANDATANGANI)


def _coba(tulis) -> str:
    """'' when the write went through, else the refusal."""
    try:
        with transaction.atomic():
            tulis()
            raise _Batal
    except ValidationError as e:
        return " ".join(e.messages)
    except _Batal:
        return ""


class _Batal(Exception):
    """Rolls a successful write back, so each attempt starts from the same data."""


@pytest.mark.parametrize("sumber", SUMBER_LAPORAN, ids=_id)
def test_every_source_is_locked_by_orm_and_bulk_writes(sumber, gunung_mas, ketua):
    obj = _baris(sumber, gunung_mas)
    medan = _medan(sumber)

    def simpan():
        setattr(obj, medan.attname, _ubah(medan, getattr(obj, medan.attname), " diubah"))
        obj.save()

    def hapus():
        # Through the queryset, as the admin's bulk delete does; the Satker itself is protected
        # by its users, so its delete is refused by that, before the lock is asked.
        type(obj).objects.filter(pk=obj.pk).delete()

    def massal():
        baru = _ubah(medan, getattr(obj, medan.attname), "diubah massal")
        type(obj).objects.filter(pk=obj.pk).update(**{medan.attname: baru})

    tulis = {"simpan": simpan, "massal": massal}
    if sumber.model is not type(gunung_mas):
        tulis["hapus"] = hapus
    for status in DIKUNCI:
        _tetapkan(gunung_mas, status)
        for nama, fungsi in tulis.items():
            obj.refresh_from_db()
            pesan = _coba(fungsi)
            if _terkunci(sumber, status):
                assert f"Laporan tahun {TAHUN}" in pesan and "dikunci" in pesan, (nama, status)
            else:
                assert pesan == "", (nama, status)
    for status in (Status.DRAF,):  # where Kembalikan and Revisi take the year
        _tetapkan(gunung_mas, status)
        for nama, fungsi in tulis.items():
            obj.refresh_from_db()
            assert _coba(fungsi) == "", nama


@pytest.mark.parametrize(
    "sumber", [s for s in SUMBER_LAPORAN if admin.site.is_registered(s.model)], ids=_id
)
def test_every_source_in_the_admin_is_refused_with_a_message(client, sumber, gunung_mas, ketua):
    """The admin's delete action of each registered source: a message, not a server error."""
    su = Pengguna.objects.create_superuser("uji-su-kunci", password="x-rahasia-123")
    client.force_login(su)
    obj = _baris(sumber, gunung_mas)
    meta = sumber.model._meta
    alamat = f"/admin/{meta.app_label}/{meta.model_name}/"
    data = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    if sumber.model is type(gunung_mas):
        pytest.skip("a satker with users cannot be deleted at all (PROTECT)")
    _tetapkan(gunung_mas, Status.DISETUJUI)
    respons = client.post(alamat, data, follow=True)
    assert respons.status_code == 200
    assert f"Laporan tahun {TAHUN} sudah disetujui" in respons.content.decode()
    assert sumber.model.objects.filter(pk=obj.pk).exists()


def test_admin_change_of_the_scale_and_the_satker_is_refused(client, gunung_mas):
    """The finding: the category scale changed in the admin after submission."""
    from kinerja.models import KategoriCapaian

    su = Pengguna.objects.create_superuser("uji-su-skala", password="x-rahasia-123")
    client.force_login(su)
    _tetapkan(gunung_mas, Status.DIAJUKAN)
    k = KategoriCapaian.objects.get(satker=gunung_mas, tahun=TAHUN, nama="Sangat Baik")
    alamat = f"/admin/kinerja/kategoricapaian/{k.pk}/change/"
    form = client.get(alamat).context["adminform"].form
    data = {n: v for n, v in form.initial.items() if v is not None}
    data["batas_bawah"] = "100.50"
    data["termasuk_batas"] = "on"
    respons = client.post(alamat, data, follow=True)
    assert respons.status_code == 200
    assert f"Laporan tahun {TAHUN} sedang diajukan" in respons.content.decode()
    k.refresh_from_db()
    assert k.batas_bawah != 100.5


def test_kembalikan_unlocks(gunung_mas, operator, sekretaris):
    from kinerja.models import Realisasi
    from pengesahan import services

    from .alur import alasan_semua

    alasan = {k.removeprefix("alasan_"): v for k, v in alasan_semua(gunung_mas).items()}
    services.ajukan(satker=gunung_mas, tahun=TAHUN, user=operator, alasan=alasan)
    r = Realisasi.objects.filter(
        indikator__sasaran__program__perjanjian__satker=gunung_mas,
        indikator__sasaran__program__perjanjian__tahun=TAHUN,
    ).first()
    with pytest.raises(ValidationError, match="sedang diajukan"):
        r.save()
    services.kembalikan(satker=gunung_mas, tahun=TAHUN, user=sekretaris, komentar="Perbaiki.")
    r.save()


def test_a_year_the_locked_report_does_not_read_stays_open(gunung_mas):
    from kinerja.models import BarisRKT

    _tetapkan(gunung_mas, Status.DITANDATANGANI)
    BarisRKT.objects.create(
        satker=gunung_mas, tahun=TAHUN - 1, urutan=99, program_kode="x", program_nama="x"
    )


def test_ketua_login_and_password_are_not_a_change_of_the_report(gunung_mas, ketua):
    _tetapkan(gunung_mas, Status.DISETUJUI)
    ketua.set_password("sandi-baru-123")
    ketua.save()
    Pengguna.objects.filter(pk=ketua.pk).update(last_login=None)
