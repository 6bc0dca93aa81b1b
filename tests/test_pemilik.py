"""Which satker and year own a row is declared once, on its model (``pemilik``, lkjip/pemilik.py),
and everything that asks reads that declaration: access (``satker_path``, ``filter_for_user``),
the report's sources (its fingerprint) and the lock of a signed year (``pengesahan.guard``), and
where a change is recorded (``riwayat``). Walked over every model, checked against the lookups
as they were written by hand before, and shown to follow a changed declaration."""

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from anggaran.models import (
    BarisAnggaran,
    ImporAnggaran,
    RealisasiBulanan,
    RencanaPenarikan,
    RevisiDipa,
)
from kinerja.models import (
    BarisRKT,
    BukaTriwulan,
    BuktiDukung,
    CatatanTriwulan,
    DokumenWajib,
    IndikatorKinerja,
    JadwalTriwulan,
    KategoriCapaian,
    PenanggungJawab,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    RencanaAksi,
    SasaranPK,
    TargetBulanan,
    VerifikasiTriwulan,
)
from laporan.dokumen import PERIODE, SAMPAI, SATKER, SUMBER_LAPORAN, TABULASI, Sumber
from laporan.models import (
    GambarOrganisasi,
    HasilPemeriksaan,
    JadwalPDF,
    Komentar,
    Laporan,
    Narasi,
)
from lkjip.pemilik import Pemilik, baca
from pengesahan import guard
from pengesahan.models import DokumenTertandatangani, Langkah, Pengesahan
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from riwayat.services import PELACAKAN, lokasi
from satker.access import filter_for_user, satker_path
from satker.models import Pengguna, Satker

TAHUN = 2024

# The lookups to the satker and the year as the code spelled them before each model declared its
# owner (the former satker.access.SATKER_PATH, laporan.dokumen.SUMBER_LAPORAN, riwayat's locations
# and the queries of the views): the declarations must select exactly the same rows.
_PK = "perjanjian__"
_RENSTRA = ("renstra__satker", "renstra__tahun_mulai", "renstra__tahun_selesai")
_LANGSUNG = ("satker", "tahun")
DITULIS_TANGAN: dict[str, tuple[str, ...]] = {
    "satker.satker": ("pk",),
    "satker.pengguna": ("satker",),
    "renstra.renstra": ("satker", "tahun_mulai", "tahun_selesai"),
    **{f"renstra.{m}": _RENSTRA for m in ("maknavisi", "misi", "tujuan", "sasaranstrategis")},
    "renstra.indikatorsasaran": tuple(f"sasaran__{j}" for j in _RENSTRA),
    "renstra.targetrenstra": tuple(f"indikator__sasaran__{j}" for j in _RENSTRA),
    "kinerja.perjanjiankinerja": _LANGSUNG,
    "kinerja.programpk": (f"{_PK}satker", f"{_PK}tahun"),
    "kinerja.sasaranpk": (f"program__{_PK}satker", f"program__{_PK}tahun"),
    "kinerja.indikatorkinerja": (f"sasaran__program__{_PK}satker", f"sasaran__program__{_PK}tahun"),
    **{
        f"kinerja.{m}": (
            f"indikator__sasaran__program__{_PK}satker",
            f"indikator__sasaran__program__{_PK}tahun",
        )
        for m in (
            "dokumenwajib",
            "realisasi",
            "buktidukung",
            "rencanaaksi",
            "targetbulanan",
            "penanggungjawab",
            "catatantriwulan",
        )
    },
    **{
        label: _LANGSUNG
        for label in (
            "kinerja.kategoricapaian",
            "kinerja.barisrkt",
            "kinerja.jadwaltriwulan",
            "kinerja.bukatriwulan",
            "kinerja.verifikasitriwulan",
            "anggaran.barisanggaran",
            "anggaran.imporanggaran",
            "anggaran.revisidipa",
            "anggaran.rencanapenarikan",
            "laporan.laporan",
            "laporan.narasi",
            "laporan.gambarorganisasi",
            "laporan.komentar",
            "laporan.jadwalpdf",
            "laporan.hasilpemeriksaan",
            "riwayat.perubahan",
            "riwayat.unggahan",
            "pengesahan.pengesahan",
        )
    },
    "anggaran.realisasibulanan": ("baris__satker", "baris__tahun"),
    "pengesahan.langkah": ("pengesahan__satker", "pengesahan__tahun"),
    "pengesahan.dokumentertandatangani": ("pengesahan__satker", "pengesahan__tahun"),
}


def _model_proyek() -> list[type[models.Model]]:
    # The project's apps are the packages at the repository's root (an installed library may
    # live below it too, in .venv).
    akar = Path(settings.BASE_DIR).resolve()
    return [m for m in apps.get_models() if Path(m._meta.app_config.path).resolve().parent == akar]


def _ke_satker(model: type[models.Model], dilalui: tuple = ()) -> bool:
    """Whether a chain of foreign keys leads from ``model`` to Satker."""
    if model is Satker:
        return True
    return any(
        _ke_satker(f.related_model, (*dilalui, model))
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model not in (*dilalui, model)
    )


def _ujung(model: type[models.Model], lookup: str) -> models.Field:
    """The field a lookup ends at: a foreign key stands for the pk of the row it points to."""
    *relasi, akhir = lookup.split("__")
    for nama in relasi:
        model = model._meta.get_field(nama).related_model
    medan = model._meta.pk if akhir == "pk" else model._meta.get_field(akhir)
    return medan.target_field if medan.is_relation else medan


MODEL_BERPEMILIK = [m for m in _model_proyek() if _ke_satker(m)]


def _id(m) -> str:
    return (m.model if isinstance(m, Sumber) else m)._meta.label


def test_the_walk_finds_the_models_whose_rows_belong_to_a_satker():
    assert {m._meta.label_lower for m in MODEL_BERPEMILIK} >= set(DITULIS_TANGAN)


@pytest.mark.parametrize("model", MODEL_BERPEMILIK, ids=_id)
def test_every_model_with_a_path_to_satker_declares_its_owner(model):
    p = model.pemilik
    assert isinstance(p, Pemilik), f"{model._meta.label}: nyatakan pemilik = Pemilik(...)"
    ujung = _ujung(model, p.satker)
    assert ujung.model is Satker and ujung.primary_key
    for lookup in (p.tahun, p.tahun_akhir):
        if lookup:
            assert isinstance(_ujung(model, lookup), models.PositiveSmallIntegerField)
    assert isinstance(model.objects.all().milik(satker=1), models.QuerySet)


def test_a_childs_owner_is_its_parents_through_its_foreign_key():
    assert Realisasi.pemilik == Pemilik(
        satker="indikator__sasaran__program__perjanjian__satker",
        tahun="indikator__sasaran__program__perjanjian__tahun",
    )
    assert Pemilik.lewat("satker", Satker) == Pemilik(satker="satker")
    assert TargetRenstra.pemilik.jalur == tuple(f"indikator__sasaran__{j}" for j in _RENSTRA)
    assert Pemilik(satker="satker", tahun="tahun").syarat(satker=3, tahun=2024) == {
        "satker": 3,
        "tahun": 2024,
    }
    assert Renstra.pemilik.syarat(tahun=2024) == {
        "tahun_mulai__lte": 2024,
        "tahun_selesai__gte": 2024,
    }
    with pytest.raises(ValueError):
        Pengguna.pemilik.syarat(tahun=2024)  # an account belongs to no year
    with pytest.raises(ValueError):
        Pemilik(satker="indikator__satker", tahun="program__tahun")  # through two parents


@pytest.fixture
def baris_tiap_model(gunung_mas, satker_lain, buat_pengguna) -> dict[Satker, int]:
    """A row of every kind in the other satker, and of the kinds the demo lacks in Gunung Mas,
    in a year of its own for each (the year each satker's rows are compared in)."""
    tahun = {gunung_mas: 2099, satker_lain: TAHUN}
    for satker, t in tahun.items():
        pengguna = buat_pengguna(satker, Pengguna.Peran.OPERATOR, username=f"pemilik-{t}")
        pk = PerjanjianKinerja.objects.create(satker=satker, tahun=t)
        program = ProgramPK.objects.create(perjanjian=pk, urutan=1, kode="076.01.WA", nama="P")
        sasaran = SasaranPK.objects.create(program=program, bagian="kinerja", urutan=1, uraian="S")
        indikator = IndikatorKinerja.objects.create(sasaran=sasaran, urutan=1, nama="I")
        Realisasi.objects.create(indikator=indikator, triwulan=1, nilai=Decimal(1))
        DokumenWajib.objects.create(indikator=indikator, urutan=1, nama="BA")
        RencanaAksi.objects.create(indikator=indikator, triwulan=1, target=Decimal(1))
        TargetBulanan.objects.create(indikator=indikator, bulan=1, target=Decimal(1))
        PenanggungJawab.objects.create(indikator=indikator, pengguna=pengguna)
        CatatanTriwulan.objects.create(indikator=indikator, triwulan=1, penyebab="P", perbaikan="F")
        JadwalTriwulan.objects.create(satker=satker, tahun=t, triwulan=1, batas=f"{t}-04-10")
        BukaTriwulan.objects.create(satker=satker, tahun=t, triwulan=1, alasan="A")
        VerifikasiTriwulan.objects.create(satker=satker, tahun=t, triwulan=1)
        BuktiDukung.objects.create(
            indikator=indikator, berkas="x.pdf", nama_asli="x.pdf", ukuran=1, jenis="pdf"
        )
        KategoriCapaian.objects.create(satker=satker, tahun=t, urutan=1, nama="Baik")
        BarisRKT.objects.create(
            satker=satker, tahun=t, program_kode="x", program_nama="x", urutan=1
        )
        Laporan.objects.create(satker=satker, tahun=t)
        GambarOrganisasi.objects.create(satker=satker, tahun=t, nomor=1, judul="G", berkas="g.png")
        baris_anggaran = BarisAnggaran.objects.create(
            satker=satker, tahun=t, kode="076.01.WA", tingkat="program", uraian="A"
        )
        RealisasiBulanan.objects.create(baris=baris_anggaran, bulan=1, nilai=Decimal(1))
        RevisiDipa.objects.create(satker=satker, tahun=t, ke=0)
        RencanaPenarikan.objects.create(satker=satker, tahun=t, bulan=1, nilai=Decimal(1))
        ImporAnggaran.objects.create(
            satker=satker, tahun=t, nama_berkas="a.xlsx", sha256="0" * 64, status="pratinjau"
        )
        Narasi.objects.create(satker=satker, tahun=t, bagian="penutup", teks="N")
        Komentar.objects.create(satker=satker, tahun=t, teks="K")
        JadwalPDF.objects.create(satker=satker, tahun=t)
        HasilPemeriksaan.objects.create(
            satker=satker, tahun=t, revisi="r", galat=0, peringatan=0, diperiksa_pada=timezone.now()
        )
        renstra = Renstra.objects.create(satker=satker, tahun_mulai=t, tahun_selesai=t + 4)
        Misi.objects.create(renstra=renstra, urutan=1, uraian="M")
        Tujuan.objects.create(renstra=renstra, urutan=1, uraian="T")
        MaknaVisi.objects.create(renstra=renstra, urutan=1, uraian="MV", kata_kunci="K")
        sasaran_r = SasaranStrategis.objects.create(renstra=renstra, urutan=1, uraian="SS")
        indikator_r = IndikatorSasaran.objects.create(sasaran=sasaran_r, urutan=1, nama="IS")
        TargetRenstra.objects.create(indikator=indikator_r, tahun=t + 1, nilai=Decimal(1))
        pengesahan = Pengesahan.objects.create(satker=satker, tahun=t)
        Langkah.objects.create(pengesahan=pengesahan, aksi="ajukan", versi=1, oleh=pengguna)
        DokumenTertandatangani.objects.create(
            pengesahan=pengesahan,
            versi=1,
            pdf=b"%PDF",
            sha256=f"{t:064d}",
            penandatangan_nama="Ketua",
            penandatangan_jabatan="Ketua",
            ditandatangani_oleh=pengguna,
            waktu=timezone.make_aware(datetime.datetime(t, 12, 31)),
        )
    return tahun


def _tahun_baris(model: type[models.Model], lookup: tuple[str, ...], tahun: int) -> dict:
    """The filter, in the lookups written by hand, for the rows a year owns (a period's: each
    year of it)."""
    if len(lookup) == 1:
        return {}
    if len(lookup) == 3:
        return {f"{lookup[1]}__lte": tahun, f"{lookup[2]}__gte": tahun}
    return {lookup[1]: tahun}


@pytest.mark.parametrize(
    "model", [m for m in MODEL_BERPEMILIK if m._meta.label_lower in DITULIS_TANGAN], ids=_id
)
def test_a_satkers_rows_are_the_rows_the_hand_written_lookups_gave(
    model, baris_tiap_model, operator, operator_lain
):
    """``milik`` selects exactly what the lookups written by hand did, for each satker and year;
    another satker's user sees none of them and the satker's own user all of them."""
    lookup = DITULIS_TANGAN[model._meta.label_lower]
    semua = model._default_manager.all()
    for satker, tahun in baris_tiap_model.items():
        milik = set(semua.milik(satker=satker))
        assert milik, f"no {model.__name__} of {satker.kode} to compare"
        assert milik == set(semua.filter(**{lookup[0]: satker.pk}))
        if model.pemilik.tahun:
            per_tahun = set(semua.milik(satker=satker, tahun=tahun))
            assert per_tahun
            assert per_tahun == set(
                semua.filter(**{lookup[0]: satker.pk}, **_tahun_baris(model, lookup, tahun))
            )
    path = satker_path(model)
    lain = set(filter_for_user(semua, operator_lain, path))
    sendiri = set(filter_for_user(semua, operator, path))
    gunung_mas = operator.satker
    assert sendiri == set(semua.milik(satker=gunung_mas))
    assert lain == set(semua.milik(satker=operator_lain.satker))
    assert not lain & sendiri


def _pembaca(sumber: Sumber, lookup: tuple[str, ...], satker: int, tahun: int) -> dict:
    """The rows the report of (satker, tahun) reads, in the lookups written by hand."""
    syarat = {lookup[0]: satker, **dict(sumber.saring)}
    if sumber.baca == TABULASI:
        syarat[f"{lookup[1]}__in"] = (tahun - 2, tahun - 1, tahun)
    elif sumber.baca == SAMPAI:
        syarat[f"{lookup[1]}__lte"] = tahun
    elif sumber.baca != SATKER:
        syarat |= _tahun_baris(sumber.model, lookup, tahun)
    return syarat


@pytest.mark.parametrize("sumber", SUMBER_LAPORAN, ids=_id)
def test_the_reports_sources_and_the_lock_read_the_declaration(
    sumber, gunung_mas, baris_tiap_model
):
    """The fingerprint's rows are those the hand-written lookups selected; the lock finds where a
    row belongs the same from the row (a save) as from its lookups (a bulk update)."""
    assert {f.name for f in dataclasses.fields(Sumber)} == {"model", "baca", "kolom", "saring"}
    assert (sumber.baca == SATKER) == (sumber.pemilik.tahun is None)
    assert (sumber.baca == PERIODE) == bool(sumber.pemilik.tahun_akhir)
    lookup = DITULIS_TANGAN[sumber.model._meta.label_lower]
    for satker, tahun in (*baris_tiap_model.items(), (gunung_mas, TAHUN)):
        qs = sumber.queryset(satker.pk, tahun)
        ditulis = sumber.model.objects.filter(**_pembaca(sumber, lookup, satker.pk, tahun))
        if sumber.kolom:
            ditulis = ditulis.values_list(*sumber.kolom)
        assert sorted(map(str, qs)) == sorted(map(str, ditulis))

    baris = sumber.model.objects.all()
    dari_baris = guard.lokasi_objek(sumber, list(baris))
    assert dari_baris == guard.lokasi_queryset(sumber, baris)
    assert {s for s, _, _ in dari_baris} == {s.pk for s in baris_tiap_model}


@pytest.mark.parametrize("pelacakan", list(PELACAKAN.values()), ids=lambda p: p.kode)
def test_a_change_is_recorded_where_the_declaration_says(pelacakan, baris_tiap_model):
    model = pelacakan.model
    assert model.riwayat_medan == pelacakan.medan
    lookup = DITULIS_TANGAN[pelacakan.label]
    ditulis = {
        pk: (satker, *tahun)
        for pk, satker, *tahun in model._default_manager.values_list("pk", *lookup[:2])
    }
    for obj in model._default_manager.all():
        tempat = lokasi(obj)
        if tempat is None:
            assert ditulis[obj.pk][0] is None  # a superuser's account
            continue
        satker, tahun, _ = tempat
        assert (satker, tahun) == (*ditulis[obj.pk], None)[:2]


def test_reading_a_childs_owner_is_one_query_and_names_it_for_free(
    gunung_mas, django_assert_num_queries
):
    realisasi = list(Realisasi.objects.milik(satker=gunung_mas, tahun=TAHUN))
    with django_assert_num_queries(1):
        nilai = baca(Realisasi, realisasi)
        assert {n[0] for n in nilai} == {gunung_mas.pk}
        assert realisasi[0].nama_riwayat().endswith(realisasi[0].indikator.nama[:200])


def test_one_changed_declaration_changes_access_sources_lock_and_history(
    monkeypatch, gunung_mas, operator_lain
):
    """What a new model gets from its one line: change the line, and all four follow. Here a
    narrative is made to belong to the satker of whoever last wrote it."""
    narasi = Narasi.objects.filter(satker=gunung_mas, tahun=TAHUN).first()
    narasi.diperbarui_oleh = operator_lain
    monkeypatch.setattr(Narasi, "pemilik", Pemilik(satker="diperbarui_oleh__satker", tahun="tahun"))
    lain = operator_lain.satker_id
    assert satker_path(Narasi) == "diperbarui_oleh__satker"
    sumber = next(s for s in SUMBER_LAPORAN if s.model is Narasi)
    assert "diperbarui_oleh" in str(sumber.queryset(lain, TAHUN).query).lower()
    assert guard.lokasi_objek(sumber, [narasi]) == {(lain, TAHUN, TAHUN)}
    assert lokasi(narasi)[:2] == (lain, TAHUN)
