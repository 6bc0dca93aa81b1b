"""Preview and commit of a budget import (issue 5, item 2).

The parsed lines wait as JSON in an ``ImporAnggaran`` row; nothing touches ``BarisAnggaran`` until
``apply_impor``, which writes everything in one transaction. The file is the whole truth for its
satker and year: lines it does not have are deleted, and importing the same file again changes
nothing.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anggaran.impor.baca import TINGKAT, BarisImpor, HasilBaca, Masalah, read_anggaran
from anggaran.models import BarisAnggaran, ImporAnggaran, Tingkat
from anggaran.services import RingkasanAnggaran, build_pohon
from satker.models import Pengguna, Satker

BATAS_TAMPIL = 300  # changes listed per kind on the preview page
MEDAN = ("uraian", "tingkat", "induk", "pagu", "realisasi", "catatan")
NAMA_MEDAN = {
    "uraian": "uraian",
    "tingkat": "tingkat",
    "induk": "induk",
    "pagu": "pagu",
    "realisasi": "realisasi",
    "catatan": "catatan",
}


class ImporGagal(Exception):
    """The import cannot be applied (errors in the file, data changed meanwhile, already done)."""


@dataclass(frozen=True)
class Perubahan:
    jenis: str  # tambah, ubah, hapus
    kode: str
    tingkat: str
    uraian: str
    lama: dict  # field -> old value (ubah, hapus)
    baru: dict  # field -> new value (tambah, ubah)
    lokasi: str = ""


@dataclass(frozen=True)
class BandingTotal:
    kode: str
    tingkat: str
    uraian: str
    pagu_lama: Decimal | None
    realisasi_lama: Decimal | None
    pagu_baru: Decimal | None
    realisasi_baru: Decimal | None

    @property
    def berubah(self) -> bool:
        return (self.pagu_lama, self.realisasi_lama) != (self.pagu_baru, self.realisasi_baru)


@dataclass(frozen=True)
class Pratinjau:
    tambah: tuple[Perubahan, ...]
    ubah: tuple[Perubahan, ...]
    hapus: tuple[Perubahan, ...]
    jumlah_tambah: int
    jumlah_ubah: int
    jumlah_hapus: int
    urutan_saja: int
    total: tuple[BandingTotal, ...]
    lama: RingkasanAnggaran
    baru: RingkasanAnggaran
    sidik: str

    @property
    def ada_perubahan(self) -> bool:
        return bool(self.jumlah_tambah or self.jumlah_ubah or self.jumlah_hapus or self.urutan_saja)


def _nilai_lama(b: BarisAnggaran, kode_dari: dict[int, str]) -> dict:
    return {
        "uraian": b.uraian,
        "tingkat": b.tingkat,
        "induk": kode_dari.get(b.induk_id) if b.induk_id else None,
        "pagu": b.pagu,
        "realisasi": b.realisasi,
        "catatan": b.catatan,
    }


def _nilai_baru(b: BarisImpor) -> dict:
    return {
        "uraian": b.uraian,
        "tingkat": b.tingkat,
        "induk": b.induk,
        "pagu": b.pagu,
        "realisasi": b.realisasi,
        "catatan": b.catatan,
    }


def _load_lama(satker: Satker, tahun: int) -> list[BarisAnggaran]:
    return sorted(
        BarisAnggaran.objects.filter(satker=satker, tahun=tahun), key=lambda b: (b.urutan, b.kode)
    )


def compute_sidik(lama: Sequence[BarisAnggaran]) -> str:
    """A fingerprint of a year's stored lines, to notice changes between preview and commit."""
    h = hashlib.sha256()
    for b in sorted(lama, key=lambda b: b.kode):
        h.update(
            f"{b.kode}|{b.induk_id}|{b.tingkat}|{b.uraian}|{b.pagu}|{b.realisasi}|{b.catatan}|"
            f"{b.urutan}\n".encode()
        )
    return h.hexdigest()


def _pohon_baru(tahun: int, baris: Sequence[BarisImpor]) -> RingkasanAnggaran:
    """The tree the file would give, built by the same service as the stored one (unsaved)."""
    nomor = {b.kode: i for i, b in enumerate(baris, 1)}
    objek = [
        BarisAnggaran(
            pk=nomor[b.kode],
            kode=b.kode,
            induk_id=nomor.get(b.induk) if b.induk else None,
            tingkat=b.tingkat,
            uraian=b.uraian,
            pagu=b.pagu,
            realisasi=b.realisasi,
            catatan=b.catatan,
            urutan=b.urutan,
        )
        for b in baris
    ]
    return build_pohon(tahun=tahun, baris=objek)


def build_pratinjau(*, satker: Satker, tahun: int, baris: Sequence[BarisImpor]) -> Pratinjau:
    lama = _load_lama(satker, tahun)
    kode_dari = {b.pk: b.kode for b in lama}
    lama_per_kode = {b.kode: b for b in lama}
    tambah, ubah, hapus = [], [], []
    jumlah_tambah = jumlah_ubah = urutan_saja = 0
    kode_baru = set()
    for b in baris:
        kode_baru.add(b.kode)
        ada = lama_per_kode.get(b.kode)
        lokasi = f"lembar “{b.lembar}” baris {b.nomor_baris}"
        if ada is None:
            jumlah_tambah += 1
            if len(tambah) < BATAS_TAMPIL:
                tambah.append(
                    Perubahan("tambah", b.kode, b.tingkat, b.uraian, {}, _nilai_baru(b), lokasi)
                )
            continue
        nilai_lama, nilai_baru = _nilai_lama(ada, kode_dari), _nilai_baru(b)
        beda = [m for m in MEDAN if nilai_lama[m] != nilai_baru[m]]
        if beda:
            jumlah_ubah += 1
            if len(ubah) < BATAS_TAMPIL:
                ubah.append(
                    Perubahan(
                        "ubah",
                        b.kode,
                        b.tingkat,
                        b.uraian,
                        {m: nilai_lama[m] for m in beda},
                        {m: nilai_baru[m] for m in beda},
                        lokasi,
                    )
                )
        elif ada.urutan != b.urutan:
            urutan_saja += 1
    dihapus = [b for b in lama if b.kode not in kode_baru]
    for b in dihapus[:BATAS_TAMPIL]:
        hapus.append(Perubahan("hapus", b.kode, b.tingkat, b.uraian, _nilai_lama(b, kode_dari), {}))

    pohon_lama = build_pohon(tahun=tahun, baris=lama)
    pohon_baru = _pohon_baru(tahun, baris)
    return Pratinjau(
        tambah=tuple(tambah),
        ubah=tuple(ubah),
        hapus=tuple(hapus),
        jumlah_tambah=jumlah_tambah,
        jumlah_ubah=jumlah_ubah,
        jumlah_hapus=len(dihapus),
        urutan_saja=urutan_saja,
        total=_banding_total(pohon_lama, pohon_baru),
        lama=pohon_lama,
        baru=pohon_baru,
        sidik=compute_sidik(lama),
    )


def _banding_total(lama: RingkasanAnggaran, baru: RingkasanAnggaran) -> tuple[BandingTotal, ...]:
    """Programme and kegiatan totals, stored now beside what the file gives."""
    atas = (Tingkat.PROGRAM, Tingkat.KEGIATAN)
    node_lama = {n.kode: n for n in lama.semua() if n.tingkat in atas}
    node_baru = {n.kode: n for n in baru.semua() if n.tingkat in atas}
    urutan = list(node_baru) + [k for k in node_lama if k not in node_baru]
    hasil = []
    for kode in urutan:
        a, b = node_lama.get(kode), node_baru.get(kode)
        n = b or a
        hasil.append(
            BandingTotal(
                kode=kode,
                tingkat=n.tingkat,
                uraian=n.uraian,
                pagu_lama=a.pagu if a else None,
                realisasi_lama=a.realisasi if a else None,
                pagu_baru=b.pagu if b else None,
                realisasi_baru=b.realisasi if b else None,
            )
        )
    return tuple(hasil)


def summarize_hasil(hasil: HasilBaca) -> dict:
    return {
        "jumlah_baris": len(hasil.baris),
        "lembar": hasil.lembar,
        "lembar_dilewati": hasil.lembar_dilewati,
        "makro": hasil.makro,
        "galat": len(hasil.galat),
        "peringatan": len(hasil.peringatan),
        "masalah": [m.to_json() for m in hasil.masalah],
        "masalah_terpotong": hasil.masalah_terpotong,
    }


def create_impor(
    *,
    satker: Satker,
    tahun: int,
    data: bytes,
    nama_berkas: str,
    ribuan: bool = False,
    pengguna: Pengguna | None = None,
) -> tuple[ImporAnggaran, HasilBaca]:
    """Read the file (BerkasDitolak if unreadable) and keep its lines for the preview."""
    hasil = read_anggaran(data, nama_berkas=nama_berkas, ribuan=ribuan)
    impor = ImporAnggaran.objects.create(
        satker=satker,
        tahun=tahun,
        diunggah_oleh=pengguna,
        nama_berkas=nama_berkas[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        ukuran=len(data),
        ribuan=ribuan,
        status=ImporAnggaran.Status.PRATINJAU,
        sidik_data=compute_sidik(_load_lama(satker, tahun)),
        baris=[b.to_json() for b in hasil.baris],
        ringkasan=summarize_hasil(hasil),
    )
    return impor, hasil


def list_masalah(impor: ImporAnggaran) -> list[Masalah]:
    return [Masalah.from_json(m) for m in impor.ringkasan.get("masalah", [])]


def list_baris(impor: ImporAnggaran) -> list[BarisImpor]:
    return [BarisImpor.from_json(b) for b in impor.baris or []]


def _tulis(
    satker: Satker, tahun: int, baris: Sequence[BarisImpor], lama: list[BarisAnggaran]
) -> dict:
    """Make the stored lines equal to ``baris``; write only what differs."""
    per_kode = {b.kode: b for b in lama}
    pk_dari = {b.kode: b.pk for b in lama}
    baru_per_tingkat: dict[str, list[BarisImpor]] = {}
    for b in baris:
        if b.kode not in per_kode:
            baru_per_tingkat.setdefault(b.tingkat, []).append(b)
    ditambah = 0
    # Parents always sit on a higher level than their children, so level by level every new
    # line finds its parent's id.
    for tingkat in TINGKAT:
        kelompok = baru_per_tingkat.get(tingkat, [])
        if not kelompok:
            continue
        dibuat = BarisAnggaran.objects.bulk_create(
            [
                BarisAnggaran(
                    satker=satker,
                    tahun=tahun,
                    kode=b.kode,
                    induk_id=pk_dari[b.induk] if b.induk else None,
                    tingkat=b.tingkat,
                    uraian=b.uraian,
                    pagu=b.pagu,
                    realisasi=b.realisasi,
                    catatan=b.catatan,
                    urutan=b.urutan,
                )
                for b in kelompok
            ],
            batch_size=2000,
        )
        for obj in dibuat:
            if obj.pk is None:  # pragma: no cover - databases without RETURNING
                obj.pk = BarisAnggaran.objects.get(satker=satker, tahun=tahun, kode=obj.kode).pk
            pk_dari[obj.kode] = obj.pk
        ditambah += len(dibuat)
    diubah = []
    urutan_saja = 0
    for b in baris:
        obj = per_kode.get(b.kode)
        if obj is None:
            continue
        induk_id = pk_dari[b.induk] if b.induk else None
        nilai = {
            "induk_id": induk_id,
            "tingkat": b.tingkat,
            "uraian": b.uraian,
            "pagu": b.pagu,
            "realisasi": b.realisasi,
            "catatan": b.catatan,
            "urutan": b.urutan,
        }
        beda = [k for k, v in nilai.items() if getattr(obj, k) != v]
        if beda:
            for k in beda:
                setattr(obj, k, nilai[k])
            diubah.append(obj)
            if beda == ["urutan"]:
                urutan_saja += 1
    if diubah:
        BarisAnggaran.objects.bulk_update(
            diubah,
            ["induk", "tingkat", "uraian", "pagu", "realisasi", "catatan", "urutan"],
            batch_size=1000,
        )
    kode_file = {b.kode for b in baris}
    hapus = [b.pk for b in lama if b.kode not in kode_file]
    # Kept lines were re-parented above, so deleting (with its cascade) takes only removed lines.
    for i in range(0, len(hapus), 5000):
        BarisAnggaran.objects.filter(pk__in=hapus[i : i + 5000]).delete()
    return {
        "ditambah": ditambah,
        "diubah": len(diubah) - urutan_saja,
        "dihapus": len(hapus),
        "urutan_saja": urutan_saja,
    }


def compute_total(baris: Sequence[BarisImpor]) -> tuple[Decimal, Decimal]:
    """Σ pagu and Σ realisasi of the lines as the budget tree counts them (rule 12: a line with
    children counts its children, never its own stored total)."""
    induk = {b.induk for b in baris if b.induk}
    pagu = sum((b.pagu for b in baris if b.kode not in induk and b.pagu is not None), Decimal(0))
    realisasi = sum(
        (b.realisasi for b in baris if b.kode not in induk and b.realisasi is not None), Decimal(0)
    )
    return pagu, realisasi


def apply_impor(*, impor: ImporAnggaran) -> dict:
    """Write the previewed lines in one transaction; returns counts of what was written."""
    with transaction.atomic():
        impor = ImporAnggaran.objects.select_for_update().get(pk=impor.pk)
        if impor.status != ImporAnggaran.Status.PRATINJAU:
            raise ImporGagal(f"Impor ini sudah {impor.get_status_display().lower()}.")
        if impor.ringkasan.get("galat"):
            raise ImporGagal("Berkas masih berisi galat; perbaiki berkasnya lalu unggah lagi.")
        lama = _load_lama(impor.satker, impor.tahun)
        if compute_sidik(lama) != impor.sidik_data:
            raise ImporGagal(
                "Data anggaran tahun ini berubah sejak pratinjau dibuat. Unggah berkasnya lagi "
                "untuk melihat pratinjau yang baru."
            )
        baris = list_baris(impor)
        hitung = _tulis(impor.satker, impor.tahun, baris, lama)
        total_pagu, total_realisasi = compute_total(baris)
        impor.status = ImporAnggaran.Status.DITERAPKAN
        impor.diterapkan_pada = timezone.now()
        impor.baris = None  # the lines now live in BarisAnggaran
        impor.ringkasan = {
            **impor.ringkasan,
            **hitung,
            "total_pagu": str(total_pagu),
            "total_realisasi": str(total_realisasi),
        }
        impor.save()
    return hitung


def cancel_impor(*, impor: ImporAnggaran) -> None:
    if impor.status != ImporAnggaran.Status.PRATINJAU:
        raise ImporGagal(f"Impor ini sudah {impor.get_status_display().lower()}.")
    impor.status = ImporAnggaran.Status.DIBATALKAN
    impor.baris = None
    impor.save(update_fields=["status", "baris"])
