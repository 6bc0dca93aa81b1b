"""Who owns which indicator (PIC) and what is due for a user: the pages of docs/triwulan.md
("Penanggung jawab", "Indikator saya")."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from kinerja.jadwal import StatusTriwulan, status_triwulan
from kinerja.models import IndikatorKinerja, PenanggungJawab, SasaranPK, Triwulan
from kinerja.services import CapaianIndikator, build_ringkasan_kinerja, get_pk_berlaku
from lkjip.angka import format_tanggal
from lkjip.isian import IsianDitolak, format_nilai
from pengingat.tenggat import perlu_nilai_tw, teks_jatuh_tempo, teks_sisa_hari
from riwayat.models import Perubahan
from satker.models import Pengguna, Satker

_URUTAN_BAGIAN = {bagian: i for i, bagian in enumerate(SasaranPK.Bagian.values)}


def _nama(pengguna: Pengguna) -> str:
    return pengguna.get_full_name() or pengguna.username


# --- PIC ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisPIC:
    indikator_id: int
    nomor: int
    nama: str
    sasaran: str
    bagian: str
    pengguna_id: int | None


@dataclass(frozen=True)
class RiwayatPIC:
    waktu: datetime.datetime
    oleh: str
    indikator: str
    lama: str
    baru: str


def pengguna_pilihan(*, satker: Satker) -> list[Pengguna]:
    """Who may own an indicator: the satker's active users."""
    return list(
        Pengguna.objects.filter(satker=satker, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


def _indikator_pk(*, satker: Satker, tahun: int) -> list[IndikatorKinerja]:
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    if pk is None:
        return []
    daftar = list(
        IndikatorKinerja.objects.filter(sasaran__program__perjanjian=pk).select_related(
            "sasaran__program", "penanggung_jawab"
        )
    )
    daftar.sort(
        key=lambda i: (
            i.sasaran.program.urutan,
            _URUTAN_BAGIAN[i.sasaran.bagian],
            i.sasaran.urutan,
            i.urutan,
        )
    )
    return daftar


def _pic(indikator: IndikatorKinerja) -> PenanggungJawab | None:
    try:
        return indikator.penanggung_jawab
    except PenanggungJawab.DoesNotExist:
        return None


def daftar_pic(*, satker: Satker, tahun: int) -> list[BarisPIC]:
    """Every indicator of the PK in force, in report order, with its PIC (three queries)."""
    hasil = []
    for nomor, ind in enumerate(_indikator_pk(satker=satker, tahun=tahun), start=1):
        pic = _pic(ind)
        hasil.append(
            BarisPIC(
                indikator_id=ind.pk,
                nomor=nomor,
                nama=ind.nama,
                sasaran=ind.sasaran.uraian,
                bagian=ind.sasaran.get_bagian_display(),
                pengguna_id=pic.pengguna_id if pic else None,
            )
        )
    return hasil


def simpan_pic(
    *, satker: Satker, tahun: int, pilihan: Mapping[int, int | None], user: Pengguna
) -> int:
    """Name (or clear, None) the PIC of the indicators in ``pilihan`` (indicator id -> user id),
    all or nothing, in one transaction; each change goes to the history (PenanggungJawab is
    tracked). A user who is not an active user of the satker, or an indicator not of the PK in
    force, is refused with IsianDitolak. Returns how many changed."""
    indikator = {i.pk: i for i in _indikator_pk(satker=satker, tahun=tahun)}
    boleh = {p.pk: p for p in pengguna_pilihan(satker=satker)}
    for indikator_id, pengguna_id in pilihan.items():
        if indikator_id not in indikator:
            raise IsianDitolak("Indikator tidak ditemukan pada Perjanjian Kinerja yang berlaku.")
        if pengguna_id is not None and pengguna_id not in boleh:
            raise IsianDitolak(
                f"Penanggung jawab indikator “{indikator[indikator_id].nama[:80]}” harus "
                f"pengguna aktif {satker.nama}."
            )
    berubah = 0
    with transaction.atomic():
        for indikator_id, pengguna_id in pilihan.items():
            pic = _pic(indikator[indikator_id])
            if pic is None and pengguna_id is None:
                continue
            if pic is not None and pic.pengguna_id == pengguna_id:
                continue
            if pengguna_id is None:
                pic.delete()
            elif pic is None:
                PenanggungJawab.objects.create(indikator_id=indikator_id, pengguna_id=pengguna_id)
            else:
                pic.pengguna_id = pengguna_id
                pic.save(update_fields=["pengguna"])
            berubah += 1
    return berubah


def riwayat_pic(*, satker: Satker, tahun: int, batas: int = 20) -> list[RiwayatPIC]:
    """The latest changes of the year's PICs (one query); the history keeps the user's name."""
    perubahan = list(
        Perubahan.objects.filter(
            satker=satker, tahun=tahun, model=PenanggungJawab._meta.label_lower
        )
        .select_related("pengguna")
        .order_by("-waktu", "-pk")[:batas]
    )
    hasil = []
    for p in perubahan:
        lama, baru = p.data.get("pengguna") or [None, None]
        hasil.append(
            RiwayatPIC(
                waktu=p.waktu,
                oleh=_nama(p.pengguna) if p.pengguna else p.get_sumber_display(),
                indikator=p.objek_repr.removeprefix("PIC — "),
                lama=lama or "—",
                baru=baru or "—",
            )
        )
    return hasil


# --- Indikator saya ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SelTW:
    label: str
    target: str  # the TW target, "—" when not set
    nilai: str  # the value entered, "belum diisi"
    terisi: bool
    batas: str  # the due date, "—" when no schedule
    keadaan: str  # "Terverifikasi", "Ditutup", "Dibuka kembali", "Terbuka", ...
    jatuh_tempo: str  # "5 hari lagi", "terlambat 3 hari", "" when no schedule or not due
    terlambat: bool  # due, missing and past its due date


@dataclass(frozen=True)
class IndikatorSaya:
    indikator_id: int
    nama: str
    sasaran: str
    perlu_nilai: bool  # due a value each TW (docs/pengingat.md)
    tw: tuple[SelTW, ...]


@dataclass(frozen=True)
class Tenggat:
    teks: str  # "TW II jatuh tempo 10 Juli 2024, 5 hari lagi"
    belum: int  # of the user's indicators, how many still miss the TW's value
    terlambat: bool
    tertutup: bool = False  # entry closed (kinerja/jadwal.py): only a reopening lets them in


@dataclass(frozen=True)
class HalamanIndikatorSaya:
    milik: tuple[IndikatorSaya, ...]  # the user's own
    tanpa_pic: tuple[IndikatorSaya, ...]  # for an Operator who owns none: the unowned ones
    tenggat: tuple[Tenggat, ...]  # overdue first, then the next due
    ada_pk: bool


def _keadaan(st: StatusTriwulan) -> str:
    if st.terverifikasi and not st.dibuka_kembali:
        return "Terverifikasi"
    if st.dibuka_kembali:
        return "Dibuka kembali"
    if st.tertutup:
        return "Ditutup"
    if st.batas is None:
        return "Belum dijadwalkan"
    if st.lewat_batas:
        return "Lewat batas"
    return "Terbuka"


def _baris_saya(
    c: CapaianIndikator, status: Mapping[int, StatusTriwulan], hari_ini: datetime.date
) -> IndikatorSaya:
    perlu = perlu_nilai_tw(bagian=c.bagian, jenis_target=c.jenis_target)
    sel = []
    for i, tw in enumerate(Triwulan.values):
        st = status[tw]
        nilai = c.realisasi_tw[i]
        menunggu = bool(st.batas) and nilai is None and perlu and not st.terverifikasi
        sel.append(
            SelTW(
                label=st.label,
                target=format_nilai(nilai=c.target_tw[i], satuan=c.satuan),
                nilai=format_nilai(nilai=nilai, satuan=c.satuan)
                if nilai is not None
                else "belum diisi",
                terisi=nilai is not None,
                batas=format_tanggal(st.batas),
                keadaan=_keadaan(st),
                jatuh_tempo=teks_sisa_hari(batas=st.batas, hari_ini=hari_ini) if menunggu else "",
                terlambat=menunggu and st.batas < hari_ini,
            )
        )
    return IndikatorSaya(c.indikator_id, c.nama, c.sasaran, perlu, tuple(sel))


def _tenggat(
    daftar: tuple[IndikatorSaya, ...],
    status: Mapping[int, StatusTriwulan],
    hari_ini: datetime.date,
) -> tuple[Tenggat, ...]:
    """The TWs with a due date where some of ``daftar`` still miss their value and that are
    not verified: every overdue one, then the next one due."""
    terlambat, berikut = [], None
    for i, tw in enumerate(Triwulan.values):
        st = status[tw]
        if st.batas is None or st.terverifikasi:
            continue
        belum = sum(1 for d in daftar if d.perlu_nilai and not d.tw[i].terisi)
        if not belum:
            continue
        item = Tenggat(
            teks_jatuh_tempo(label=st.label, batas=st.batas, hari_ini=hari_ini),
            belum,
            st.batas < hari_ini,
            st.tertutup,
        )
        if item.terlambat:
            terlambat.append(item)
        elif berikut is None:
            berikut = item
    return tuple(terlambat + ([berikut] if berikut else []))


def build_indikator_saya(
    *, satker: Satker, tahun: int, user: Pengguna, hari_ini: datetime.date
) -> HalamanIndikatorSaya:
    """The indicators ``user`` owns, per TW: target, value, due date and state; what is due.
    A constant number of queries (the year's summary, the PICs, the TW status)."""
    ringkasan = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    status = status_triwulan(satker_id=satker.pk, tahun=tahun, hari_ini=hari_ini)
    pic = dict(
        PenanggungJawab.objects.filter(
            indikator_id__in=[c.indikator_id for c in ringkasan.indikator]
        ).values_list("indikator_id", "pengguna_id")
    )
    milik = tuple(
        _baris_saya(c, status, hari_ini)
        for c in ringkasan.indikator
        if pic.get(c.indikator_id) == user.pk
    )
    tanpa_pic: tuple[IndikatorSaya, ...] = ()
    if not milik and user.peran == Pengguna.Peran.OPERATOR:
        tanpa_pic = tuple(
            _baris_saya(c, status, hari_ini)
            for c in ringkasan.indikator
            if c.indikator_id not in pic
            and perlu_nilai_tw(bagian=c.bagian, jenis_target=c.jenis_target)
        )
    return HalamanIndikatorSaya(
        milik=milik,
        tanpa_pic=tanpa_pic,
        tenggat=_tenggat(milik or tanpa_pic, status, hari_ini),
        ada_pk=ringkasan.pk_id is not None,
    )
