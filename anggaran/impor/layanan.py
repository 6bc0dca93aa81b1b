"""Preview and commit of a budget import.

The parsed lines wait as JSON in an ``ImporAnggaran`` row; nothing touches ``BarisAnggaran`` until
``apply_impor``, which writes everything in one transaction. The file is the whole truth for its
satker and year: lines it does not have are deleted, and importing the same file again changes
nothing. The preview is built once at upload from the lines in memory and kept with the upload
(``read_pratinjau``; docs/impor_anggaran.md "Cara memakai").

Stored lines are loaded as plain values (``_Baris``), not model instances: the diff, the
fingerprint and ``build_pohon`` only read attributes, and 100,000 model instances cost seconds and
over 100 MB. On PostgreSQL new and changed lines are written with ``COPY`` (ids drawn from the
table's sequence first, so children know their parent's id); elsewhere with
``bulk_create``/``bulk_update``. Either way inside the one ``transaction.atomic()``.
"""

import base64
import hashlib
import io
import itertools
import operator
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from anggaran.impor.baca import (
    TINGKAT,
    BarisImpor,
    HasilBaca,
    read_anggaran,
)
from anggaran.impor.pemetaan import list_peta
from anggaran.impor.tata_letak import JudulTidakDitemukan
from anggaran.models import (
    NAMA_TRIWULAN,
    BarisAnggaran,
    ImporAnggaran,
    PemetaanKolom,
    RealisasiBulanan,
    RevisiDipa,
    Tingkat,
)
from anggaran.services import RingkasanAnggaran, build_pohon
from lkjip.angka import BULAN
from lkjip.kunci import pastikan_bisa_diubah
from lkjip.unggah.baca import Masalah
from lkjip.unggah.terapkan import ImporGagal, pastikan_dasar
from riwayat.models import Perubahan as PerubahanRiwayat
from riwayat.services import (
    bisa_salin_sql,
    salin_sql,
    teks_desimal,
    tulis_massal,
)
from riwayat.unggahan import batalkan_unggahan, catat_unggahan, terapkan, unggah
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
class TotalTahun:
    """What the preview page shows of a year's tree: its programmes' codes and its totals (a
    ``RingkasanAnggaran`` read back from a kept preview has no tree)."""

    program: tuple[str, ...]
    total_pagu: Decimal
    total_realisasi: Decimal
    serapan: Decimal | None

    @classmethod
    def of(cls, ringkasan: "RingkasanAnggaran | TotalTahun") -> "TotalTahun":
        if isinstance(ringkasan, TotalTahun):
            return ringkasan
        return cls(
            tuple(n.kode for n in ringkasan.program),
            ringkasan.total_pagu,
            ringkasan.total_realisasi,
            ringkasan.serapan,
        )


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
    lama: RingkasanAnggaran | TotalTahun
    baru: RingkasanAnggaran | TotalTahun
    sidik: str

    @property
    def ada_perubahan(self) -> bool:
        return bool(self.jumlah_tambah or self.jumlah_ubah or self.jumlah_hapus or self.urutan_saja)

    def to_json(self) -> dict:
        """What the preview page shows, kept with the upload (``read_pratinjau``)."""
        return {
            "perubahan": [
                [
                    p.jenis,
                    p.kode,
                    p.tingkat,
                    p.uraian,
                    _json_nilai(p.lama),
                    _json_nilai(p.baru),
                    p.lokasi,
                ]
                for p in (*self.tambah, *self.ubah, *self.hapus)
            ],
            "jumlah": [self.jumlah_tambah, self.jumlah_ubah, self.jumlah_hapus, self.urutan_saja],
            "total": [
                [
                    t.kode,
                    t.tingkat,
                    t.uraian,
                    *map(
                        _json_uang, (t.pagu_lama, t.realisasi_lama, t.pagu_baru, t.realisasi_baru)
                    ),
                ]
                for t in self.total
            ],
            "tahun": [
                [list(r.program), *map(_json_uang, (r.total_pagu, r.total_realisasi, r.serapan))]
                for r in map(TotalTahun.of, (self.lama, self.baru))
            ],
            "sidik": self.sidik,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Pratinjau":
        perubahan: dict[str, list[Perubahan]] = {"tambah": [], "ubah": [], "hapus": []}
        for jenis, kode, tingkat, uraian, lama, baru, lokasi in data["perubahan"]:
            perubahan[jenis].append(
                Perubahan(
                    jenis, kode, tingkat, uraian, _nilai_json(lama), _nilai_json(baru), lokasi
                )
            )
        lama, baru = (
            TotalTahun(tuple(program), *map(_uang_json, angka)) for program, *angka in data["tahun"]
        )
        return cls(
            tambah=tuple(perubahan["tambah"]),
            ubah=tuple(perubahan["ubah"]),
            hapus=tuple(perubahan["hapus"]),
            jumlah_tambah=data["jumlah"][0],
            jumlah_ubah=data["jumlah"][1],
            jumlah_hapus=data["jumlah"][2],
            urutan_saja=data["jumlah"][3],
            total=tuple(
                BandingTotal(kode, tingkat, uraian, *map(_uang_json, angka))
                for kode, tingkat, uraian, *angka in data["total"]
            ),
            lama=lama,
            baru=baru,
            sidik=data["sidik"],
        )


UANG = ("pagu", "realisasi")


def _json_uang(nilai: Decimal | None) -> str | None:
    return None if nilai is None else str(nilai)


def _uang_json(nilai: str | None) -> Decimal | None:
    return None if nilai is None else Decimal(nilai)


def _json_nilai(nilai: dict) -> dict:
    return {m: _json_uang(v) if m in UANG else v for m, v in nilai.items()}


def _nilai_json(nilai: dict) -> dict:
    # in the fields' own order (a jsonb object comes back with its keys reordered)
    return {m: _uang_json(nilai[m]) if m in UANG else nilai[m] for m in MEDAN if m in nilai}


@dataclass(slots=True)
class _Baris:
    """A stored line as the diff, the fingerprint and ``build_pohon`` read it (no model)."""

    pk: int
    kode: str
    induk_id: int | None
    tingkat: str
    uraian: str
    pagu: Decimal | None
    realisasi: Decimal | None
    catatan: str
    urutan: int
    pengembalian: Decimal | None = None  # never written by an import (typed in the admin)

    @property
    def kode_singkat(self) -> str:
        if self.tingkat == Tingkat.PROGRAM:
            return self.kode
        return self.kode.rsplit(".", 1)[-1]


MEDAN_BARIS = (
    "pk",
    "kode",
    "induk_id",
    "tingkat",
    "uraian",
    "pagu",
    "realisasi",
    "catatan",
    "urutan",
    "pengembalian",
)


def _nilai_lama(b: _Baris, kode_dari: dict[int, str]) -> dict:
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


def _lokasi(b: BarisImpor) -> str:
    return f"lembar “{b.lembar}” baris {b.nomor_baris}"


def _load_lama(satker: Satker, tahun: int) -> list[_Baris]:
    baris = [
        _Baris(*nilai)
        for nilai in BarisAnggaran.objects.filter(satker=satker, tahun=tahun)
        .order_by()
        .values_list(*MEDAN_BARIS)
        .iterator(chunk_size=5000)
    ]
    baris.sort(key=lambda b: (b.urutan, b.kode))
    return baris


def compute_sidik(lama: Sequence[_Baris]) -> str:
    """A fingerprint of a year's stored lines, to notice changes between preview and commit."""
    h = hashlib.sha256()
    for b in sorted(lama, key=lambda b: b.kode):
        h.update(
            f"{b.kode}|{b.induk_id}|{b.tingkat}|{b.uraian}|{b.pagu}|{b.realisasi}|{b.catatan}|"
            f"{b.urutan}\n".encode()
        )
    return h.hexdigest()


def _jumlah(nilai) -> Decimal | None:
    """As ``anggaran.services``: the sum of the values present, None when none is."""
    hadir = [n for n in nilai if n is not None]
    return sum(hadir, Decimal(0)) if hadir else None


def _pohon_ringkas(
    tahun: int, baris: Sequence[_Baris] | Sequence[BarisImpor], *, kunci: str = "pk"
) -> RingkasanAnggaran:
    """``build_pohon`` of the lines down to kegiatan and their direct children.

    The preview shows totals of the whole year and of each programme and kegiatan, never deeper
    nodes, so the tree of 100,000 lines is not built. Every line deeper than a kegiatan's direct
    child is summed into it here, with the full tree's rule (docs/aturan.md rule 12: a line with
    children counts the sum of the children present, none when none is), in the same order, so
    programme, kegiatan and year totals are exactly the full tree's.

    ``kunci``: "pk" for stored lines (``_Baris``, parent by ``induk_id``), "kode" for lines read
    from a file (``BarisImpor``, parent by its code ``induk``); only the few lines kept in the
    summary become ``_Baris``.
    """
    ambil_kunci = operator.attrgetter(kunci)
    ambil_induk = operator.attrgetter("induk_id" if kunci == "pk" else "induk")
    ada = set(map(ambil_kunci, baris))
    anak_dari: dict = {}
    akar: list = []
    for b in baris:
        i = ambil_induk(b)
        if i is not None and i in ada:
            anak = anak_dari.get(i)
            if anak is None:
                anak_dari[i] = [b]
            else:
                anak.append(b)
        else:
            akar.append(b)
    atas = (Tingkat.PROGRAM, Tingkat.KEGIATAN)
    ringkas: list[_Baris] = []
    tumpukan = list(reversed(akar))  # depth first, in budget order
    while tumpukan:
        b = tumpukan.pop()
        k = ambil_kunci(b)
        pagu, realisasi = b.pagu, b.realisasi
        if b.tingkat in atas:
            tumpukan.extend(reversed(anak_dari.get(k, ())))
        elif k in anak_dari:
            pagu, realisasi = _efektif(b, anak_dari, ambil_kunci)
        i = ambil_induk(b)
        ringkas.append(
            _Baris(
                k,
                b.kode,
                i if i in ada else None,
                b.tingkat,
                b.uraian,
                pagu,
                realisasi,
                b.catatan,
                b.urutan,
            )
        )
    return build_pohon(tahun=tahun, baris=ringkas)  # type: ignore[arg-type]


def _efektif(b, anak_dari: dict, ambil_kunci: Callable) -> tuple:
    """(pagu, realisasi) of a line as the full tree computes them (post-order, no recursion)."""
    hasil: dict = {}
    tumpukan: list[tuple] = [(b, False)]
    while tumpukan:
        node, siap = tumpukan.pop()
        k = ambil_kunci(node)
        anak = anak_dari.get(k)
        if not anak:
            hasil[k] = (node.pagu, node.realisasi)
        elif siap:
            nilai = [hasil[ambil_kunci(a)] for a in anak]
            hasil[k] = (_jumlah(n[0] for n in nilai), _jumlah(n[1] for n in nilai))
        else:
            tumpukan.append((node, True))
            for a in anak:
                ka = ambil_kunci(a)
                if ka in anak_dari:
                    tumpukan.append((a, False))
                else:  # a leaf (most lines): its own amounts, without a visit of its own
                    hasil[ka] = (a.pagu, a.realisasi)
    return hasil[ambil_kunci(b)]


def _pohon_baru(tahun: int, baris: Sequence[BarisImpor]) -> RingkasanAnggaran:
    """The totals the file would give, by the same service as the stored ones (unsaved)."""
    return _pohon_ringkas(tahun, baris, kunci="kode")


def build_pratinjau(*, satker: Satker, tahun: int, baris: Sequence[BarisImpor]) -> Pratinjau:
    return _banding(tahun, _load_lama(satker, tahun), baris)


def read_pratinjau(impor: ImporAnggaran) -> Pratinjau:
    """The preview page of an upload: the preview kept at upload (``AlurAnggaran.simpan``),
    built from the lines then in memory, while the year's stored lines are still those it was
    compared with (same fingerprint); otherwise, or for an upload kept without it, built again
    from the kept lines. Applying compares the fingerprint again and computes what it writes
    from the kept lines, so what the page shows is what the confirmation writes."""
    lama = _load_lama(impor.satker, impor.tahun)
    simpanan = impor.hasil.get("pratinjau") if isinstance(impor.hasil, dict) else None
    if simpanan and simpanan["sidik"] == impor.sidik_data == compute_sidik(lama):
        return Pratinjau.from_json(simpanan)
    return _banding(impor.tahun, lama, list_baris(impor))


def _banding(tahun: int, lama: list[_Baris], baris: Sequence[BarisImpor]) -> Pratinjau:
    kode_dari = {b.pk: b.kode for b in lama}
    lama_per_kode = {b.kode: b for b in lama}
    tambah, ubah, hapus = [], [], []
    jumlah_tambah = jumlah_ubah = urutan_saja = 0
    kode_baru = set()
    for b in baris:
        kode_baru.add(b.kode)
        ada = lama_per_kode.get(b.kode)
        if ada is None:
            jumlah_tambah += 1
            if len(tambah) < BATAS_TAMPIL:
                tambah.append(
                    Perubahan("tambah", b.kode, b.tingkat, b.uraian, {}, _nilai_baru(b), _lokasi(b))
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
                        _lokasi(b),
                    )
                )
        elif ada.urutan != b.urutan:
            urutan_saja += 1
    dihapus = [b for b in lama if b.kode not in kode_baru]
    for b in dihapus[:BATAS_TAMPIL]:
        hapus.append(Perubahan("hapus", b.kode, b.tingkat, b.uraian, _nilai_lama(b, kode_dari), {}))

    pohon_lama = _pohon_ringkas(tahun, lama)
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
        "ribuan": hasil.ribuan,
        "dipetakan": hasil.dipetakan,
    }


class AlurAnggaran:
    """The budget import as an upload flow (``riwayat.unggahan.Alur``): its layout is read by
    ``read_anggaran``; its lines wait in ``ImporAnggaran.baris`` in their compact form."""

    jenis = ImporAnggaran.Jenis.ANGGARAN
    model = ImporAnggaran

    def baca(
        self, *, satker: Satker, tahun: int, data: bytes, nama_berkas: str, ribuan: bool = False
    ) -> HasilBaca:
        return read_anggaran(
            data, nama_berkas=nama_berkas, ribuan=ribuan, peta=list_peta(satker=satker)
        )

    def simpan(
        self, *, satker: Satker, tahun: int, hasil: HasilBaca, data: bytes, ribuan: bool = False
    ) -> dict:
        """A file read with a mapping made by hand is kept (compressed) until applied or
        cancelled, so that the mapping can still be changed."""
        ringkasan = summarize_hasil(hasil)
        ringkasan["ribuan_dipilih"] = ribuan
        if hasil.dipetakan:
            ringkasan["contoh"] = hasil.contoh
        # The preview, built once from the lines in memory (``read_pratinjau``).
        pratinjau = _banding(tahun, _load_lama(satker, tahun), hasil.baris)
        return {
            "ribuan": ribuan or bool(hasil.ribuan),
            "sidik_data": pratinjau.sidik,
            "baris": _simpan_baris(hasil.baris),
            "ringkasan": ringkasan,
            "hasil": {"pratinjau": pratinjau.to_json()},
            "berkas": zlib.compress(data) if hasil.dipetakan else None,
        }

    def pratinjau(self, unggahan: ImporAnggaran) -> Pratinjau:
        return read_pratinjau(unggahan)

    def terapkan(self, unggahan: ImporAnggaran, revisi: "DataRevisi | None" = None) -> dict:
        return _terapkan(unggahan, revisi)


ALUR = AlurAnggaran()


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
    return unggah(
        ALUR,
        satker=satker,
        tahun=tahun,
        data=data,
        nama_berkas=nama_berkas,
        pengguna=pengguna,
        ribuan=ribuan,
    )


def create_pemetaan(
    *,
    satker: Satker,
    tahun: int,
    data: bytes,
    nama_berkas: str,
    galat: JudulTidakDitemukan,
    ribuan: bool = False,
    pengguna: Pengguna | None = None,
) -> ImporAnggaran:
    """A file in which no header was recognised: kept (compressed) with its sheets' first rows
    until its columns are mapped by hand (``map_impor``) or the import is cancelled."""
    return catat_unggahan(
        model=ImporAnggaran,
        satker=satker,
        tahun=tahun,
        jenis=ImporAnggaran.Jenis.ANGGARAN,
        data=data,
        nama_berkas=nama_berkas,
        pengguna=pengguna,
        ribuan=ribuan,
        status=ImporAnggaran.Status.PEMETAAN,
        berkas=zlib.compress(data),
        ringkasan={
            "jumlah_baris": 0,
            "lembar": [],
            "lembar_dilewati": list(galat.contoh),
            "galat": 1,
            "peringatan": 0,
            "masalah": [Masalah(galat.pesan).to_json()],
            "contoh": galat.contoh,
            "ribuan_dipilih": ribuan,
        },
    )


def map_impor(
    *, impor: ImporAnggaran, tanda: str, judul: list[str], kolom: dict, pengguna: Pengguna
) -> HasilBaca:
    """Remember a mapping made by hand for the satker and read the kept file again with it; the
    import then waits for the preview's confirmation as any other. BerkasDitolak when the file
    still cannot be read."""
    with transaction.atomic():
        impor = ImporAnggaran.objects.select_for_update().select_related("satker").get(pk=impor.pk)
        if impor.berkas is None or impor.status not in (
            ImporAnggaran.Status.PEMETAAN,
            ImporAnggaran.Status.PRATINJAU,
        ):
            raise ImporGagal(f"Impor ini sudah {impor.get_status_display().lower()}.")
        PemetaanKolom.objects.update_or_create(
            satker=impor.satker,
            tanda=tanda,
            defaults={"judul": judul, "kolom": kolom, "dibuat_oleh": pengguna},
        )
        data = zlib.decompress(bytes(impor.berkas))
        ribuan = bool(impor.ringkasan.get("ribuan_dipilih", impor.ribuan))
        hasil = ALUR.baca(
            satker=impor.satker,
            tahun=impor.tahun,
            data=data,
            nama_berkas=impor.nama_berkas,
            ribuan=ribuan,
        )
        medan = ALUR.simpan(
            satker=impor.satker, tahun=impor.tahun, hasil=hasil, data=data, ribuan=ribuan
        )
        for nama, nilai in medan.items():
            setattr(impor, nama, nilai)
        impor.status = ImporAnggaran.Status.PRATINJAU
        impor.save()
    return hasil


def list_masalah(impor: ImporAnggaran) -> list[Masalah]:
    return [Masalah.from_json(m) for m in impor.ringkasan.get("masalah", [])]


# --- the lines kept between preview and commit ---------------------------------------------------
# ``ImporAnggaran.baris`` holds {"versi": 3, "tsv_zlib": "<base64>"}: the lines as text, one line
# per budget line, its fields (REKAMAN) separated by tabs and escaped as PostgreSQL's COPY text
# format (\\N for none), compressed with zlib. One short JSON string is far cheaper to store and
# load than 100,000 JSON arrays (or 10 MB of text through jsonb and TOAST), and on PostgreSQL the
# commit passes the fields to COPY as they are. Imports previewed before this format (a JSON array
# per line, or version 2: the same text uncompressed in "tsv") are still read.

Rekaman = tuple[str, ...]  # one kept line's escaped fields, in the order of REKAMAN
REKAMAN = (
    "kode",
    "induk",
    "tingkat",
    "uraian",
    "pagu",
    "realisasi",
    "catatan",
    "urutan",
    "lembar",
    "nomor_baris",
)
VERSI_SIMPAN = 3
KOSONG_COPY = "\\N"
_ESCAPE_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_UNESCAPE_COPY = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
RE_ESCAPE_COPY = re.compile(r"\\(.)")


def _esc(teks: str) -> str:
    return teks.translate(_ESCAPE_COPY)


def _unesc(teks: str) -> str | None:
    if teks == KOSONG_COPY:
        return None
    if "\\" not in teks:
        return teks
    return RE_ESCAPE_COPY.sub(lambda m: _UNESCAPE_COPY.get(m.group(1), m.group(1)), teks)


def _desimal(teks: str) -> Decimal | None:
    return None if teks == KOSONG_COPY else Decimal(teks)


def _perlu_esc(teks: Iterable[str]) -> bool:
    gabung = "".join(teks)
    return "\\" in gabung or "\t" in gabung or "\n" in gabung or "\r" in gabung


def _tsv(baris: Sequence[BarisImpor]) -> str:
    k = KOSONG_COPY
    lembar = {b.lembar: _esc(b.lembar) for b in baris}  # a sheet's name, escaped once
    # Codes, levels and numbers never need escaping; texts rarely do, and one look at all of
    # them together is much cheaper than a translate per field. Amounts with ``!s``: str() is
    # the kept form, and cheaper than format()'s parsing of an empty Decimal format spec.
    if _perlu_esc(b.uraian for b in baris) or _perlu_esc(b.catatan for b in baris):
        return "".join(
            f"{b.kode}\t{k if b.induk is None else b.induk}\t{b.tingkat}\t{_esc(b.uraian)}\t"
            f"{k if b.pagu is None else b.pagu!s}\t{k if b.realisasi is None else b.realisasi!s}\t"
            f"{_esc(b.catatan)}\t{b.urutan}\t{lembar[b.lembar]}\t{b.nomor_baris}\n"
            for b in baris
        )
    return "".join(
        f"{b.kode}\t{k if b.induk is None else b.induk}\t{b.tingkat}\t{b.uraian}\t"
        f"{k if b.pagu is None else b.pagu!s}\t{k if b.realisasi is None else b.realisasi!s}\t"
        f"{b.catatan}\t{b.urutan}\t{lembar[b.lembar]}\t{b.nomor_baris}\n"
        for b in baris
    )


def _simpan_baris(baris: Sequence[BarisImpor]) -> dict:
    padat = zlib.compress(_tsv(baris).encode(), 1)
    simpanan = {"versi": VERSI_SIMPAN, "tsv_zlib": base64.b64encode(padat).decode("ascii")}
    bulan = _simpan_bulan(baris)
    if bulan:
        simpanan["bulan"] = bulan
    return simpanan


# The months of the lines read by month, beside the lines (only lines that have them): kode →
# 12 amounts as text, "" for a month without a figure. Kept apart from the lines' text so that a
# file without month columns, the usual one, is kept and written as before.


def _simpan_bulan(baris: Sequence[BarisImpor]) -> dict[str, str]:
    return {
        b.kode: "|".join("" if v is None else str(v) for v in b.bulan)
        for b in baris
        if b.bulan is not None
    }


def _baca_bulan(simpanan) -> dict[str, tuple[Decimal | None, ...]]:
    if not isinstance(simpanan, dict):
        return {}
    return {
        kode: tuple(Decimal(v) if v else None for v in teks.split("|"))
        for kode, teks in simpanan.get("bulan", {}).items()
    }


def _rekaman(simpanan) -> list[Rekaman]:
    """The kept lines as tuples of escaped fields (see REKAMAN)."""
    if not simpanan:
        return []
    if isinstance(simpanan, list):  # the first format: one JSON array per line
        tsv = _tsv([BarisImpor.from_json(b) for b in simpanan])
    elif "tsv_zlib" in simpanan:
        tsv = zlib.decompress(base64.b64decode(simpanan["tsv_zlib"])).decode()
    else:  # version 2
        tsv = simpanan["tsv"]
    # Split on "\n" only: str.splitlines() also breaks at \x85, \u2028 … inside a text.
    baris: list = tsv.split("\n")
    del tsv
    baris.pop()  # after the last line's newline
    # In place, so that each line's text is freed as soon as its fields exist (a re-import of
    # 100,000 lines holds these beside the stored lines: 30 MB less at its peak). As tuples: the
    # collector stops tracking a tuple of strings at its first pass, where 100,000 lists would
    # stay tracked and be walked again by every later pass (100,000 lines: 0.21 → 0.12 s CPU).
    for i, b in enumerate(baris):
        baris[i] = tuple(b.split("\t"))
    return baris


def _ke_baris(r: Rekaman) -> BarisImpor:
    return BarisImpor(
        r[0],
        _unesc(r[1]),
        r[2],
        _unesc(r[3]) or "",
        _desimal(r[4]),
        _desimal(r[5]),
        _unesc(r[6]) or "",
        int(r[7]),
        _unesc(r[8]) or "",
        int(r[9]),
    )


def list_baris(impor: ImporAnggaran) -> list[BarisImpor]:
    baris = [_ke_baris(r) for r in _rekaman(impor.baris)]
    bulan = _baca_bulan(impor.baris)
    if bulan:
        for b in baris:
            b.bulan = bulan.get(b.kode)
    return baris


BATCH_HAPUS = 900  # ids per DELETE (SQLite's limit on parameters)
KOLOM_TULIS = ("induk_id", "tingkat", "uraian", "pagu", "realisasi", "catatan", "urutan")
BATCH_COPY = 20_000


def _copy(cursor, tabel: str, kolom: Sequence[str], baris: Iterator[str]) -> None:
    """COPY lines (already in COPY text format, each ending in a newline) in batches."""
    q = connection.ops.quote_name
    sql = f"COPY {q(tabel)} ({', '.join(q(k) for k in kolom)}) FROM STDIN"
    while True:
        potong = list(itertools.islice(baris, BATCH_COPY))
        if not potong:
            return
        cursor.copy_expert(sql, io.StringIO("".join(potong)))


def _pakai_copy() -> bool:
    return connection.vendor == "postgresql" and hasattr(
        connection.connection, "server_version"
    )  # psycopg2's copy_expert


def _ambil_id(cursor, tabel: str, jumlah: int) -> Sequence[int]:
    """``jumlah`` new ids from the table's sequence, in the order drawn (PostgreSQL).

    Drawn in one statement, so they are consecutive unless another session drew from the
    sequence meanwhile: then the smallest and largest tell them all, and 100,000 ids need not
    travel one row each (0.06 s). Otherwise they are drawn again as one array; the first draw
    only leaves a gap in the sequence, as any rolled-back insert does.
    """
    # The sequence is named once: pg_get_serial_sequence() per row made this 10x slower.
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [tabel])
    (seq,) = cursor.fetchone()
    tarik = "SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)"
    cursor.execute(f"SELECT min(id), max(id) FROM ({tarik}) AS s", [seq, jumlah])
    kecil, besar = cursor.fetchone()
    if besar - kecil + 1 == jumlah:
        return range(kecil, besar + 1)
    cursor.execute(f"SELECT array_agg(id ORDER BY id) FROM ({tarik}) AS s", [seq, jumlah])
    (ids,) = cursor.fetchone()
    return ids


def _create_baru(satker: Satker, tahun: int, baru: list[Rekaman], pk_dari: dict) -> None:
    """Insert the new lines (escaped fields); fills ``pk_dari`` with their ids."""
    tabel = BarisAnggaran._meta.db_table
    if _pakai_copy():
        with connection.cursor() as cursor:
            ids = _ambil_id(cursor, tabel, len(baru))
            for r, pk in zip(baru, ids, strict=True):
                pk_dari[r[0]] = pk
            awal = f"\t{satker.pk}\t{tahun}\t"
            # Foreign keys are checked at the commit on PostgreSQL, and parents come first anyway.
            _copy(
                cursor,
                tabel,
                ("id", "satker_id", "tahun", "kode", *KOLOM_TULIS),
                (
                    f"{pk}{awal}{r[0]}\t"
                    f"{KOSONG_COPY if r[1] == KOSONG_COPY else pk_dari[r[1]]}\t"
                    f"{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\n"
                    for r, pk in zip(baru, ids, strict=True)
                ),
            )
        return
    per_tingkat: dict[str, list[BarisImpor]] = {}
    for r in baru:
        b = _ke_baris(r)
        per_tingkat.setdefault(b.tingkat, []).append(b)
    # Parents always sit on a higher level than their children, so level by level every new
    # line finds its parent's id.
    for tingkat in TINGKAT:
        kelompok = per_tingkat.get(tingkat, [])
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


def _update_lama(satker: Satker, tahun: int, diubah: list[tuple]) -> None:
    """Write (pk, induk_id, tingkat, uraian, pagu, realisasi, catatan, urutan) of kept lines."""
    if not diubah:
        return
    if _pakai_copy():
        q = connection.ops.quote_name
        tabel = BarisAnggaran._meta.db_table
        with connection.cursor() as cursor:
            kolom = ", ".join(q(k) for k in ("id", *KOLOM_TULIS))
            cursor.execute(
                "CREATE TEMPORARY TABLE impor_anggaran_ubah ON COMMIT DROP AS "
                f"SELECT {kolom} FROM {q(tabel)} WITH NO DATA"
            )
            _copy(
                cursor,
                "impor_anggaran_ubah",
                ("id", *KOLOM_TULIS),
                (
                    "\t".join(
                        KOSONG_COPY if v is None else _esc(v) if isinstance(v, str) else str(v)
                        for v in d
                    )
                    + "\n"
                    for d in diubah
                ),
            )
            setel = ", ".join(f"{q(k)} = u.{q(k)}" for k in KOLOM_TULIS)
            cursor.execute(
                f"UPDATE {q(tabel)} AS b SET {setel} FROM impor_anggaran_ubah AS u "
                "WHERE b.id = u.id AND b.satker_id = %s AND b.tahun = %s",
                [satker.pk, tahun],
            )
            cursor.execute("DROP TABLE impor_anggaran_ubah")
        return
    BarisAnggaran.objects.bulk_update(
        [BarisAnggaran(pk=d[0], **dict(zip(KOLOM_TULIS, d[1:], strict=True))) for d in diubah],
        ["induk", "tingkat", "uraian", "pagu", "realisasi", "catatan", "urutan"],
        batch_size=1000,
    )


# --- the history of the written lines --------------------------------------------------------
# COPY and bulk writes send no signals, so the import records its own changes (riwayat) in the
# same transaction: one row per line added, changed (old → new of the tracked fields) or removed,
# as the signals would have recorded them (``riwayat.services.to_teks`` forms), written in bulk.

TAMBAH = PerubahanRiwayat.Aksi.TAMBAH
UBAH = PerubahanRiwayat.Aksi.UBAH
HAPUS = PerubahanRiwayat.Aksi.HAPUS
# BarisAnggaran.riwayat_medan, less the pengembalian, which an import never writes (only a
# removed line's is recorded: ``_pengembalian_hapus``).
MEDAN_RIWAYAT = ("kode", "uraian", "pagu", "realisasi", "catatan")


def _teks_uang(teks: str) -> str | None:
    """A kept amount (``str(Decimal)`` or \\N) as the history stores it: two decimals."""
    if teks == KOSONG_COPY:
        return None
    if teks.isdigit():
        return f"{teks}.00"
    return teks_desimal(Decimal(teks))


def _teks_rekaman(r: Rekaman) -> tuple[str, str, str | None, str | None, str]:
    """(kode, uraian, pagu, realisasi, catatan) of a kept line, as history text."""
    return r[0], _unesc(r[3]) or "", _teks_uang(r[4]), _teks_uang(r[5]), _unesc(r[6]) or ""


def _teks_lama(b: _Baris) -> tuple[str, str, str | None, str | None, str]:
    return b.kode, b.uraian, teks_desimal(b.pagu), teks_desimal(b.realisasi), b.catatan


def _riwayat_isi(teks: tuple, *, hapus: bool = False) -> dict:
    """The filled-in tracked fields of an added (or removed) line."""
    return {
        m: ([t, None] if hapus else [None, t])
        for m, t in zip(MEDAN_RIWAYAT, teks, strict=True)
        if t is not None and t != ""
    }


def _pengembalian_hapus(b: _Baris) -> dict:
    teks = teks_desimal(b.pengembalian)
    return {} if teks is None else {"pengembalian": [teks, None]}


def _riwayat_beda(lama: tuple, baru: tuple) -> dict:
    return {m: [a, b] for m, a, b in zip(MEDAN_RIWAYAT, lama, baru, strict=True) if a != b}


def _repr(kode: str, uraian: str) -> str:
    return f"{kode} {uraian}"  # str(BarisAnggaran)


def _tulis(satker: Satker, tahun: int, rekaman: list[Rekaman], lama: list[_Baris]) -> dict:
    """Make the stored lines equal to the kept lines, writing only what differs, and record each
    written line in the history."""
    per_kode = {b.kode: b for b in lama}
    pk_dari = {b.kode: b.pk for b in lama}
    baru = [r for r in rekaman if r[0] not in per_kode]
    if baru:
        _create_baru(satker, tahun, baru, pk_dari)
    diubah: list[tuple] = []
    riwayat_ubah: list[tuple] = []
    urutan_saja = 0
    for r in rekaman:
        obj = per_kode.get(r[0])
        if obj is None:
            continue
        b = _ke_baris(r)
        nilai = (
            pk_dari[b.induk] if b.induk else None,
            b.tingkat,
            b.uraian,
            b.pagu,
            b.realisasi,
            b.catatan,
            b.urutan,
        )
        lama_nilai = (
            obj.induk_id,
            obj.tingkat,
            obj.uraian,
            obj.pagu,
            obj.realisasi,
            obj.catatan,
            obj.urutan,
        )
        if nilai != lama_nilai:
            diubah.append((obj.pk, *nilai))
            if nilai[:6] == lama_nilai[:6]:
                urutan_saja += 1
            beda = _riwayat_beda(_teks_lama(obj), _teks_rekaman(r))
            if beda:
                riwayat_ubah.append((tahun, obj.pk, _repr(b.kode, b.uraian), UBAH, beda))
    _update_lama(satker, tahun, diubah)
    kode_file = {r[0] for r in rekaman}
    hapus = [b for b in lama if b.kode not in kode_file]
    waktu = timezone.now()
    if bisa_salin_sql():
        tabel = connection.ops.quote_name(BarisAnggaran._meta.db_table)
        # Added and removed lines are recorded from the table itself (before the delete).
        for aksi, ids in ((TAMBAH, [pk_dari[r[0]] for r in baru]), (HAPUS, [b.pk for b in hapus])):
            if not ids:
                continue
            awal, akhir = min(ids), max(ids)
            if akhir - awal + 1 == len(ids):
                # Consecutive ids (new lines draw theirs from the sequence in one go): the range
                # holds exactly these lines, read along the primary key without an id list.
                dari = f"{tabel} AS t WHERE t.id BETWEEN %s AND %s"
                params = [awal, akhir]
            else:
                # A join on unnest, not "id = ANY(array)": that compares every row with every
                # id when the planner does not hash the array.
                dari = f"unnest(%s::bigint[]) AS u(id) JOIN {tabel} AS t ON t.id = u.id WHERE TRUE"
                params = [ids]
            salin_sql(
                satker_id=satker.pk,
                model=BarisAnggaran,
                aksi=aksi,
                tahun_sql="t.tahun",
                repr_sql="t.kode || ' ' || t.uraian",
                dari=f"{dari} AND t.satker_id = %s AND t.tahun = %s",
                params=[*params, satker.pk, tahun],
                waktu=waktu,
            )
        riwayat = iter(riwayat_ubah)
    else:
        riwayat = itertools.chain(
            (
                (tahun, pk_dari[r[0]], _repr(t[0], t[1]), TAMBAH, _riwayat_isi(t))
                for r in baru
                for t in (_teks_rekaman(r),)
            ),
            riwayat_ubah,
            (
                (
                    tahun,
                    b.pk,
                    _repr(b.kode, b.uraian),
                    HAPUS,
                    _riwayat_isi(_teks_lama(b), hapus=True) | _pengembalian_hapus(b),
                )
                for b in hapus
            ),
        )
    tulis_massal(satker_id=satker.pk, model=BarisAnggaran, waktu=waktu, baris=riwayat)
    _hapus(satker, tahun, [b.pk for b in hapus])
    return {
        "ditambah": len(baru),
        "diubah": len(diubah) - urutan_saja,
        "dihapus": len(hapus),
        "urutan_saja": urutan_saja,
    }


def _hapus(satker: Satker, tahun: int, pks: list[int]) -> None:
    """Delete removed lines without Django's collector: it would send a signal (and a history
    insert) per line. The removed lines include all their descendants (a kept line's parent is in
    the file, so kept), nothing else points at a budget line, and the history is recorded by
    ``_tulis`` in bulk."""
    if pks:
        _hapus_bulanan(satker, tahun, pks)
    tabel = connection.ops.quote_name(BarisAnggaran._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(pks), BATCH_HAPUS):
            potong = pks[i : i + BATCH_HAPUS]
            cursor.execute(
                f"DELETE FROM {tabel} WHERE satker_id = %s AND tahun = %s AND id IN "
                f"({', '.join(['%s'] * len(potong))})",
                [satker.pk, tahun, *potong],
            )


# --- realisation per month (docs/impor_anggaran.md) -------------------------------------------
# A file with month columns is the whole truth for the year's monthly realisation, as it is for
# the lines: the stored months (and TW figures) it does not have are deleted. A file without month
# columns leaves the stored ones as they are. Months are few beside the lines (a satker's file of
# 3,000 lines has at most 36,000), so they are written through the ORM: a delete through the
# signals (history, lock), added and changed rows in bulk with their history written here.


def _bulanan_tahun(satker: Satker, tahun: int):
    return RealisasiBulanan.objects.filter(baris__satker=satker, baris__tahun=tahun)


def _hapus_bulanan(satker: Satker, tahun: int, baris_ids: list[int]) -> None:
    """Delete the monthly rows of lines about to be removed (before them: the lines are deleted
    with plain SQL, which no cascade follows)."""
    qs = _bulanan_tahun(satker, tahun)
    if not qs.exists():
        return
    for i in range(0, len(baris_ids), BATCH_HAPUS):
        qs.filter(baris_id__in=baris_ids[i : i + BATCH_HAPUS]).select_related("baris").delete()


def _repr_bulan(kode: str, bulan: int | None, triwulan: int | None) -> str:
    nama = BULAN[bulan - 1] if bulan else f"TW {NAMA_TRIWULAN[triwulan - 1]}"
    return f"Realisasi {nama} {kode}"


def _tulis_bulanan(
    satker: Satker, tahun: int, bulan: dict[str, tuple[Decimal | None, ...]]
) -> dict:
    """Make the year's monthly rows equal to the file's; returns counts."""
    if not bulan:
        return {}
    pk_dari = dict(
        BarisAnggaran.objects.filter(satker=satker, tahun=tahun).values_list("kode", "pk")
    )
    kode_dari = {pk: kode for kode, pk in pk_dari.items()}
    baru: dict[tuple, Decimal] = {
        (pk_dari[kode], i, None): nilai
        for kode, per_bulan in bulan.items()
        if kode in pk_dari
        for i, nilai in enumerate(per_bulan, 1)
        if nilai is not None
    }
    lama = {
        (r.baris_id, r.bulan, r.triwulan): r
        for r in _bulanan_tahun(satker, tahun)
        .order_by()
        .only("pk", "baris", "bulan", "triwulan", "nilai")
    }
    hapus = [r.pk for k, r in lama.items() if k not in baru]
    if hapus:
        for i in range(0, len(hapus), BATCH_HAPUS):
            RealisasiBulanan.objects.filter(pk__in=hapus[i : i + BATCH_HAPUS]).select_related(
                "baris"
            ).delete()
    ubah = []
    riwayat: list[tuple] = []
    for k, nilai in baru.items():
        r = lama.get(k)
        if r is not None and r.nilai != nilai:
            riwayat.append(
                (
                    tahun,
                    r.pk,
                    _repr_bulan(kode_dari[k[0]], k[1], None),
                    UBAH,
                    {"nilai": [teks_desimal(r.nilai), teks_desimal(nilai)]},
                )
            )
            r.nilai = nilai
            ubah.append(r)
    if ubah:
        RealisasiBulanan.objects.bulk_update(ubah, ["nilai"], batch_size=2000)
    tambah = RealisasiBulanan.objects.bulk_create(
        [
            RealisasiBulanan(baris_id=k[0], bulan=k[1], nilai=nilai)
            for k, nilai in baru.items()
            if k not in lama
        ],
        batch_size=2000,
    )
    riwayat.extend(
        (
            tahun,
            r.pk,
            _repr_bulan(kode_dari[r.baris_id], r.bulan, None),
            TAMBAH,
            {"bulan": [None, str(r.bulan)], "nilai": [None, teks_desimal(r.nilai)]},
        )
        for r in tambah
    )
    tulis_massal(satker_id=satker.pk, model=RealisasiBulanan, baris=riwayat)
    return {
        "bulanan_ditambah": len(tambah),
        "bulanan_diubah": len(ubah),
        "bulanan_dihapus": len(hapus),
    }


# --- DIPA revisions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DataRevisi:
    """The revision details given on the preview form (all optional)."""

    ke: int | None = None
    tanggal: object = None  # datetime.date | None
    nomor: str = ""

    @property
    def ada(self) -> bool:
        return self.ke is not None or self.tanggal is not None or bool(self.nomor)


def _daun(rekaman: list[Rekaman]) -> list[Rekaman]:
    """The kept lines without children: those the totals and a DIPA revision count
    (docs/aturan.md rule 12: a line with children counts its children, never its own total)."""
    induk = {r[1] for r in rekaman}
    return [r for r in rekaman if r[0] not in induk]


def _pagu_daun(daun: list[Rekaman]) -> dict:
    """``RevisiDipa.pagu`` of the lines without children (``_daun``), the amount as kept."""
    return RevisiDipa.simpan_pagu((r[0], None if r[4] == KOSONG_COPY else r[4]) for r in daun)


def _ke_revisi(impor: ImporAnggaran, revisi: DataRevisi, tahun_baru: bool) -> int | None:
    """The number of the DIPA revision the import brings: the one given on the form (by default
    the next one), else the pagu awal (0) when the year had no line before; None for an import
    of realisation only. Asked before anything is written: a refusal leaves the year as it was."""
    terakhir = (
        RevisiDipa.objects.filter(satker=impor.satker, tahun=impor.tahun)
        .order_by("-ke")
        .values_list("ke", flat=True)
        .first()
    )
    if not revisi.ada:
        return 0 if tahun_baru and terakhir is None else None
    ke = revisi.ke if revisi.ke is not None else (0 if terakhir is None else terakhir + 1)
    if terakhir is not None and ke <= terakhir:
        raise ImporGagal(
            f"Revisi DIPA ke-{ke} tidak dapat dicatat: revisi ke-{terakhir} sudah tercatat "
            f"untuk tahun {impor.tahun}. Isi nomor revisi yang lebih besar."
        )
    return ke


def _total_rekaman(daun: list[Rekaman]) -> tuple[Decimal, Decimal]:
    """Σ pagu and Σ realisasi of the lines without children (``_daun``), as the budget tree
    counts them."""
    pagu = sum((Decimal(r[4]) for r in daun if r[4] != KOSONG_COPY), Decimal(0))
    realisasi = sum((Decimal(r[5]) for r in daun if r[5] != KOSONG_COPY), Decimal(0))
    return pagu, realisasi


def apply_impor(*, impor: ImporAnggaran, revisi: DataRevisi | None = None) -> dict:
    """Write the previewed lines in one transaction; returns counts of what was written.

    With their monthly realisation when the file gives it, and the DIPA revision: ``revisi``
    given on the preview form, else the pagu awal on a year's first import.

    Every line written is recorded in the history as an import ("impor") by the user of the
    request or command, else by the uploader, with the import's number and file name; the
    upload's lock, status and record are the shared machinery's (``riwayat.unggahan``)."""
    return terapkan(
        ALUR,
        impor,
        keterangan=f"Impor anggaran #{impor.pk}: {impor.nama_berkas}",
        revisi=revisi,
    )


def _terapkan(impor: ImporAnggaran, revisi: DataRevisi | None = None) -> dict:
    """The budget's own part of applying (inside ``riwayat.unggahan.menerapkan``)."""
    if impor.ringkasan.get("galat"):
        raise ImporGagal("Berkas masih berisi galat; perbaiki berkasnya lalu unggah lagi.")
    try:
        # COPY sends no signals and bypasses the ORM: the report lock is checked here.
        pastikan_bisa_diubah(satker=impor.satker, tahun=impor.tahun, model=BarisAnggaran)
    except ValidationError as galat:
        raise ImporGagal(" ".join(galat.messages)) from galat
    lama = _load_lama(impor.satker, impor.tahun)
    pastikan_dasar(
        dasar=impor.sidik_data,
        sekarang=compute_sidik(lama),
        apa=f"Anggaran tahun {impor.tahun}",
        saran="unggah berkasnya lagi untuk membuat pratinjau baru",
    )
    revisi = revisi or DataRevisi()
    ke = _ke_revisi(impor, revisi, tahun_baru=not lama)
    rekaman = _rekaman(impor.baris)
    bulan = _baca_bulan(impor.baris)
    impor.baris = None  # the lines now live in BarisAnggaran (and the JSON is freed early)
    hitung = _tulis(impor.satker, impor.tahun, rekaman, lama)
    hitung.update(_tulis_bulanan(impor.satker, impor.tahun, bulan))
    daun = _daun(rekaman)
    if ke is not None:
        RevisiDipa.objects.create(
            satker=impor.satker,
            tahun=impor.tahun,
            ke=ke,
            tanggal=revisi.tanggal,
            nomor=revisi.nomor,
            impor=impor,
            pagu=_pagu_daun(daun),
        )
        hitung["revisi_dipa"] = ke
    total_pagu, total_realisasi = _total_rekaman(daun)
    del rekaman, daun, lama
    impor.ringkasan = {
        **impor.ringkasan,
        **hitung,
        "total_pagu": str(total_pagu),
        "total_realisasi": str(total_realisasi),
    }
    impor.ringkasan.pop("contoh", None)
    return hitung


def cancel_impor(*, impor: ImporAnggaran) -> None:
    batalkan_unggahan(unggahan=impor)
