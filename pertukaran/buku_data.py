"""Reading a full data workbook (its format and export: ``laporan.buku_data``) back into an
installation: a new satker, or an existing satker whose year is still empty. Format, rules and
limits: docs/buku_data.md.

Import validates the whole workbook first (every problem with sheet, row and column), then writes
everything in one ``transaction.atomic()``. Users, the budget import log and who/when of
realisations are not carried.
"""

import base64
import binascii
import datetime
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from openpyxl.utils import get_column_letter
from PIL import Image

from anggaran.models import BarisAnggaran
from kinerja.jadwal import status_triwulan
from kinerja.models import (
    BarisRKT,
    DokumenWajib,
    IndikatorKinerja,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
)
from laporan.buku_data import (
    BULAT,
    FORMAT,
    LEMBAR,
    LEMBAR_MENURUT_NAMA,
    TEKS,
    VERSI_FORMAT,
    Lembar,
    isi_anggaran,
    isi_kategori,
    isi_renstra,
    nilai_sel,
)
from laporan.models import GambarOrganisasi, Laporan, Narasi
from lkjip.unggah.baca import Masalah
from lkjip.unggah.berkas import MB, BerkasDitolak, check_berkas
from lkjip.unggah.lembar import buka_lembar
from lkjip.unggah.terapkan import kunci_satker_tahun
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from riwayat.models import Unggahan
from riwayat.services import catat_tambah, konteks, konteks_aktif
from riwayat.unggahan import catat_unggahan
from satker.models import Pengguna, Satker

VERSI_DIBACA = ("2", "3")  # laporan.buku_data.VERSI_FORMAT and the one before it
BATAS_GAMBAR = 10 * MB  # one image, decoded
JENIS_GAMBAR = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
RE_DESIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


# --- import: reading and checking ---------------------------------------------------------------


class ImporDataDitolak(Exception):
    """The workbook was not imported; nothing was written. ``masalah`` lists every problem."""

    def __init__(self, masalah: list[Masalah]) -> None:
        super().__init__("\n".join(str(m) for m in masalah))
        self.masalah = masalah


@dataclass
class RingkasanImpor:
    kode_satker: str
    tahun: int
    satker_baru: bool
    dry_run: bool
    jumlah: dict[str, int] = field(default_factory=dict)  # sheet name -> rows written
    catatan: list[str] = field(default_factory=list)  # what was skipped or kept, and why


@dataclass(frozen=True)
class Baris:
    nomor: int  # row number in the sheet (the header is row 1)
    nilai: dict[str, Any]

    def kunci(self, *nama: str) -> tuple:
        return tuple(self.nilai[n] for n in nama)


def _baca_bulat(sel: Any) -> int | None:
    if sel is None or sel == "":
        return None
    if isinstance(sel, bool):
        raise ValueError("harus bilangan bulat.")
    if isinstance(sel, int):
        return sel
    if isinstance(sel, float) and sel.is_integer():
        return int(sel)
    if isinstance(sel, str) and sel.strip().isdigit():
        return int(sel.strip())
    raise ValueError(f"“{sel}” bukan bilangan bulat.")


def _baca_desimal(sel: Any) -> Decimal | None:
    if sel is None or sel == "":
        return None
    if isinstance(sel, bool):
        raise ValueError("harus angka.")
    if isinstance(sel, int):
        return Decimal(sel)
    if isinstance(sel, float):
        return Decimal(repr(sel))  # typed over in a spreadsheet; the export writes text
    if isinstance(sel, str) and RE_DESIMAL.match(sel.strip()):
        try:
            return Decimal(sel.strip())
        except InvalidOperation:
            pass
    raise ValueError(
        f"“{sel}” bukan angka desimal. Tulis dengan titik desimal tanpa pemisah ribuan, "
        "mis. 41469966000.00."
    )


def _baca_bool(sel: Any) -> bool | None:
    if sel is None or sel == "":
        return None
    if isinstance(sel, bool):
        return sel
    teks = str(sel).strip().lower()
    if teks in ("true", "ya", "1", "1.0"):
        return True
    if teks in ("false", "tidak", "0", "0.0"):
        return False
    raise ValueError(f"“{sel}” bukan nilai ya/tidak (TRUE/FALSE).")


def _baca_tanggal(sel: Any) -> datetime.date | None:
    if sel is None or sel == "":
        return None
    if isinstance(sel, datetime.datetime):
        return sel.date()
    if isinstance(sel, datetime.date):
        return sel
    if isinstance(sel, str):
        try:
            return datetime.date.fromisoformat(sel.strip())
        except ValueError:
            pass
    raise ValueError(f"“{sel}” bukan tanggal; tulis TTTT-BB-HH, mis. 2025-01-05.")


def _baca_teks(sel: Any) -> str:
    if sel is None:
        return ""
    if isinstance(sel, float) and sel.is_integer():
        return str(int(sel))
    if isinstance(sel, datetime.datetime | datetime.date):
        return sel.isoformat()
    return str(sel)


def _pembaca(lembar: Lembar, kolom: str):
    jenis = lembar.kunci.get(kolom)
    if jenis == BULAT:
        return _baca_bulat
    if jenis == TEKS:
        return lambda sel: _baca_teks(sel) or None
    medan = lembar.medan(kolom)
    if isinstance(medan, models.DecimalField):
        return _baca_desimal
    if isinstance(medan, models.BooleanField):
        return _baca_bool
    if isinstance(medan, models.DateField):
        return _baca_tanggal
    if isinstance(medan, models.IntegerField):
        return _baca_bulat
    return _baca_teks


class _Pembaca:
    def __init__(self) -> None:
        self.masalah: list[Masalah] = []
        self.versi = VERSI_FORMAT  # the workbook's, once its Info sheet is read

    def _kolom_wajib(self, lembar: Lembar) -> tuple[str, ...]:
        """The columns a workbook of this version has (a later version's are read as empty)."""
        return tuple(n for n in lembar.kolom if int(lembar.sejak.get(n, "0")) <= int(self.versi))

    def galat(
        self, pesan: str, lembar: str = "", baris: int | None = None, kolom: str = ""
    ) -> None:
        self.masalah.append(Masalah(pesan, lembar, baris, kolom))

    def read_info(self, rows: Iterable) -> dict[str, Any]:
        info: dict[str, Any] = {}
        for nomor, nilai in enumerate(rows, 1):
            if nomor == 1 or not nilai or nilai[0] is None:
                continue
            info[str(nilai[0]).strip()] = nilai[1] if len(nilai) > 1 else None
        return info

    def read_lembar(self, lembar: Lembar, rows: Iterable) -> list[Baris]:
        baris_list: list[Baris] = []
        posisi: dict[str, int] = {}
        for nomor, nilai in enumerate(rows, 1):
            if nomor == 1:
                judul = [None if n is None else str(n).strip() for n in nilai]
                posisi = {n: i for i, n in enumerate(judul) if n}
                for n in posisi:
                    if n not in lembar.kolom:
                        huruf = get_column_letter(posisi[n] + 1)
                        self.galat(f"kolom “{n}” tidak dikenal.", lembar.nama, 1, huruf)
                wajib = self._kolom_wajib(lembar)
                for n in wajib:
                    if n not in posisi:
                        self.galat(f"kolom “{n}” tidak ada di baris judul.", lembar.nama, 1)
                if any(n not in posisi for n in wajib):
                    return []
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in nilai):
                continue
            baris = self._read_baris(lembar, nomor, nilai, posisi)
            if baris is not None:
                baris_list.append(baris)
        if not posisi:
            self.galat("baris judul tidak ada.", lembar.nama, 1)
        return baris_list

    def _read_baris(
        self, lembar: Lembar, nomor: int, nilai: tuple, posisi: dict[str, int]
    ) -> Baris | None:
        hasil: dict[str, Any] = {}
        ada_galat = False
        for k in lembar.kolom:
            i = posisi.get(k, len(nilai))  # a column of a later format version: empty
            letak = f"{get_column_letter(i + 1)} ({k})"
            try:
                hasil[k] = _pembaca(lembar, k)(nilai[i] if i < len(nilai) else None)
            except ValueError as exc:
                self.galat(str(exc), lembar.nama, nomor, letak)
                ada_galat = True
                continue
            if k in lembar.kunci and k not in lembar.opsional and hasil[k] is None:
                self.galat("wajib diisi.", lembar.nama, nomor, letak)
                ada_galat = True
        if ada_galat:
            return None
        if lembar.model is not None:
            medan = {k: v for k, v in hasil.items() if lembar.medan(k) is not None}
            obj = lembar.model(**medan)
            lain = [f.name for f in lembar.model._meta.fields if f.name not in medan]
            try:
                obj.clean_fields(exclude=lain)
            except ValidationError as exc:
                for nama, pesan in exc.message_dict.items():
                    letak = f"{get_column_letter(posisi[nama] + 1)} ({nama})"
                    self.galat(" ".join(pesan), lembar.nama, nomor, letak)
                return None
        return Baris(nomor, hasil)


@dataclass
class _Buku:
    kode: str
    tahun: int
    isi: dict[str, list[Baris]]
    # decoded pictures: "logo" or the gambar nomor -> (bytes, file extension)
    gambar: dict[str | int, tuple[bytes, str]] = field(default_factory=dict)
    masalah: list[Masalah] = field(default_factory=list)  # found while reading the rows


def _read_buku(data: bytes, *, nama_berkas: str) -> _Buku:
    try:
        info_berkas = check_berkas(data, nama_berkas=nama_berkas)
    except BerkasDitolak as exc:
        raise ImporDataDitolak([Masalah(exc.pesan)]) from exc
    pembaca = _Pembaca()
    try:
        with warnings.catch_warnings(), buka_lembar(data, info_berkas) as buku:
            warnings.simplefilter("ignore")
            if "Info" not in buku.nama:
                raise ImporDataDitolak(
                    [Masalah("Lembar Info tidak ada: berkas ini bukan buku data LKjIP.")]
                )
            info = pembaca.read_info(buku.baris("Info"))
            if str(info.get("format") or "").strip() != FORMAT:
                raise ImporDataDitolak(
                    [Masalah("Lembar Info tidak menyebut format “lkjip-buku-data”.", "Info")]
                )
            versi = _baca_teks(info.get("versi_format")).strip()
            pembaca.versi = versi
            if versi not in VERSI_DIBACA:
                raise ImporDataDitolak(
                    [
                        Masalah(
                            f"Versi format buku data “{versi}” tidak dikenal; aplikasi ini "
                            f"membaca versi {' dan '.join(VERSI_DIBACA)}. Ekspor ulang dari "
                            "aplikasi yang sama versinya.",
                            "Info",
                        )
                    ]
                )
            for nama in buku.nama:
                for ref in sorted(buku.rumus_tanpa_nilai(nama)):
                    pembaca.galat("rumus tanpa nilai tersimpan; ketik nilainya.", nama, None, ref)
            isi = {}
            for lembar in LEMBAR:
                if lembar.nama not in buku.nama:
                    pembaca.galat(f"Lembar {lembar.nama} tidak ada.")
                    isi[lembar.nama] = []
                    continue
                isi[lembar.nama] = pembaca.read_lembar(lembar, buku.baris(lembar.nama))
    except ImporDataDitolak:
        raise
    except BerkasDitolak as exc:  # the time budget of the read (lkjip.unggah.berkas.Tenggat)
        raise ImporDataDitolak([Masalah(exc.pesan)]) from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise ImporDataDitolak(
            [
                Masalah(
                    "Berkas .xlsx tidak dapat dibaca (isinya rusak atau tidak sesuai format). "
                    f"({type(exc).__name__})"
                )
            ]
        ) from exc
    kode = _baca_teks(info.get("kode_satker")).strip()
    if not kode:
        pembaca.galat("kode_satker wajib diisi.", "Info")
    try:
        tahun = _baca_bulat(info.get("tahun"))
    except ValueError:
        tahun = None
    if tahun is None or not 2000 <= tahun <= 2100:
        pembaca.galat("tahun wajib berupa tahun 2000–2100.", "Info")
        tahun = None
    if tahun is None or not kode:
        raise ImporDataDitolak(pembaca.masalah)
    # Problems in rows are reported together with those between rows (_check_isi).
    return _Buku(kode=kode, tahun=tahun, isi=isi, masalah=pembaca.masalah)


def _unik(
    p: _Pembaca, baris_list: list[Baris], lembar: str, kunci: tuple[str, ...], apa: str
) -> dict[tuple, Baris]:
    hasil: dict[tuple, Baris] = {}
    for b in baris_list:
        k = b.kunci(*kunci)
        if k in hasil:
            p.galat(
                f"{apa} {_teks_kunci(k)} ganda (lihat baris {hasil[k].nomor}).", lembar, b.nomor
            )
        else:
            hasil[k] = b
    return hasil


def _teks_kunci(k: tuple) -> str:
    return "/".join("" if v is None else str(v) for v in k)


def _induk_ada(
    p: _Pembaca, baris_list: list[Baris], lembar: str, kunci: tuple[str, ...], induk: dict, apa: str
) -> None:
    for b in baris_list:
        k = b.kunci(*kunci)
        if k not in induk:
            p.galat(f"{apa} {_teks_kunci(k)} tidak ada.", lembar, b.nomor, "/".join(kunci))


def _check_isi(buku: _Buku) -> None:
    """Every rule between rows and sheets; raises ImporDataDitolak with all problems, those
    found while reading the rows first."""
    p = _Pembaca()
    p.masalah = list(buku.masalah)
    isi = buku.isi
    satker = isi["Satker"]
    if len(satker) != 1:
        p.galat(f"harus tepat satu baris, ada {len(satker)}.", "Satker")
    elif satker[0].nilai["kode"] != buku.kode:
        p.galat(
            f"kode {satker[0].nilai['kode']} berbeda dengan kode_satker {buku.kode} "
            "di lembar Info.",
            "Satker",
            satker[0].nomor,
            "kode",
        )
    _unik(p, isi["KategoriCapaian"], "KategoriCapaian", ("urutan",), "Urutan")
    _unik(p, isi["KategoriCapaian"], "KategoriCapaian", ("nama",), "Kategori")

    renstra = isi["Renstra"]
    if len(renstra) > 1:
        p.galat(f"paling banyak satu baris, ada {len(renstra)}.", "Renstra")
    for r in renstra[:1]:
        mulai, selesai = r.nilai["tahun_mulai"], r.nilai["tahun_selesai"]
        if selesai < mulai:
            p.galat("tahun selesai tidak boleh sebelum tahun mulai.", "Renstra", r.nomor)
        elif not mulai <= buku.tahun <= selesai:
            p.galat(f"periode {mulai}–{selesai} tidak mencakup tahun {buku.tahun}.", "Renstra")
    if not renstra:
        for nama in ("MaknaVisi", "Misi", "Tujuan", "SasaranStrategis"):
            if isi[nama]:
                p.galat("berisi baris, padahal lembar Renstra kosong.", nama)
    for nama in ("MaknaVisi", "Misi", "Tujuan"):
        _unik(p, isi[nama], nama, ("urutan",), "Urutan")
    sasaran = _unik(p, isi["SasaranStrategis"], "SasaranStrategis", ("urutan",), "Urutan")
    _induk_ada(p, isi["IndikatorSasaran"], "IndikatorSasaran", ("sasaran",), sasaran, "Sasaran")
    ind_renstra = _unik(
        p, isi["IndikatorSasaran"], "IndikatorSasaran", ("sasaran", "urutan"), "Indikator"
    )
    _induk_ada(
        p, isi["TargetRenstra"], "TargetRenstra", ("sasaran", "indikator"), ind_renstra, "Indikator"
    )
    _unik(p, isi["TargetRenstra"], "TargetRenstra", ("sasaran", "indikator", "tahun"), "Target")

    pk = _unik(p, isi["PerjanjianKinerja"], "PerjanjianKinerja", ("versi",), "Versi")
    for b in isi["PerjanjianKinerja"]:
        v = b.nilai
        if v["jenis"] != PerjanjianKinerja.Jenis.AWAL and not (
            v["alasan_perubahan"] and v["tanggal"]
        ):
            p.galat(
                "PK perubahan wajib memiliki tanggal dan alasan perubahan.",
                "PerjanjianKinerja",
                b.nomor,
            )
    _induk_ada(p, isi["ProgramPK"], "ProgramPK", ("versi",), pk, "PK versi")
    program = _unik(p, isi["ProgramPK"], "ProgramPK", ("versi", "urutan"), "Program")
    _induk_ada(p, isi["SasaranPK"], "SasaranPK", ("versi", "program"), program, "Program")
    sasaran_pk = _unik(
        p, isi["SasaranPK"], "SasaranPK", ("versi", "program", "bagian", "urutan"), "Sasaran"
    )
    for b in isi["SasaranPK"]:
        sr = b.nilai["sasaran_renstra"]
        if sr is not None and (sr,) not in sasaran:
            p.galat(f"sasaran strategis {sr} tidak ada.", "SasaranPK", b.nomor, "sasaran_renstra")
    indikator_kunci = ("versi", "program", "bagian", "sasaran")
    _induk_ada(
        p, isi["IndikatorKinerja"], "IndikatorKinerja", indikator_kunci, sasaran_pk, "Sasaran"
    )
    indikator = _unik(
        p, isi["IndikatorKinerja"], "IndikatorKinerja", (*indikator_kunci, "urutan"), "Indikator"
    )
    for b in isi["IndikatorKinerja"]:
        k = b.kunci("sasaran_renstra", "indikator_renstra")
        if k != (None, None) and k not in ind_renstra:
            p.galat(
                f"indikator renstra {_teks_kunci(k)} tidak ada (isi keduanya atau kosongkan).",
                "IndikatorKinerja",
                b.nomor,
                "sasaran_renstra/indikator_renstra",
            )
    kunci_anak = (*indikator_kunci, "indikator")
    for nama, sendiri in (("DokumenWajib", "urutan"), ("Realisasi", "triwulan")):
        _induk_ada(p, isi[nama], nama, kunci_anak, indikator, "Indikator")
        _unik(p, isi[nama], nama, (*kunci_anak, sendiri), sendiri.capitalize())

    _unik(p, isi["BarisRKT"], "BarisRKT", ("urutan",), "Urutan")
    anggaran = _unik(p, isi["BarisAnggaran"], "BarisAnggaran", ("tahun", "kode"), "Kode")
    for b in isi["BarisAnggaran"]:
        induk = b.nilai["induk"]
        if induk is None:
            continue
        if (b.nilai["tahun"], induk) not in anggaran:
            p.galat(
                f"induk {induk} tidak ada di tahun {b.nilai['tahun']}.",
                "BarisAnggaran",
                b.nomor,
                "induk",
            )
        elif not b.nilai["kode"].startswith(f"{induk}."):
            p.galat(
                f"kode harus diawali kode induknya ({induk}.).", "BarisAnggaran", b.nomor, "kode"
            )
    if len(isi["Laporan"]) > 1:
        p.galat(f"paling banyak satu baris, ada {len(isi['Laporan'])}.", "Laporan")
    _unik(p, isi["Narasi"], "Narasi", ("bagian", "kunci"), "Narasi")
    gambar = _unik(p, isi["GambarOrganisasi"], "GambarOrganisasi", ("nomor",), "Nomor")
    _check_berkas_gambar(p, buku, gambar)
    if p.masalah:
        raise ImporDataDitolak(p.masalah)


def _check_berkas_gambar(p: _Pembaca, buku: _Buku, gambar: dict[tuple, Baris]) -> None:
    potongan: dict[str | int, list[Baris]] = defaultdict(list)
    for b in buku.isi["Berkas"]:
        milik, nomor = b.nilai["milik"], b.nilai["nomor"]
        if milik == "logo" and nomor is None:
            potongan["logo"].append(b)
        elif milik == "gambar" and (nomor,) in gambar:
            potongan[nomor].append(b)
        else:
            p.galat(
                "milik harus “logo” (nomor kosong) atau “gambar” dengan nomor gambar yang ada.",
                "Berkas",
                b.nomor,
            )
    for milik, daftar in potongan.items():
        daftar.sort(key=lambda b: b.nilai["potongan"])
        apa = "logo" if milik == "logo" else f"gambar {milik}"
        if [b.nilai["potongan"] for b in daftar] != list(range(1, len(daftar) + 1)):
            p.galat(
                f"potongan {apa} harus bernomor 1, 2, 3 … tanpa celah.", "Berkas", daftar[0].nomor
            )
            continue
        teks = "".join(b.nilai["isi"] or "" for b in daftar)
        if len(teks) > BATAS_GAMBAR * 4 // 3 + 4:
            p.galat(f"{apa} lebih dari {BATAS_GAMBAR // MB} MB.", "Berkas", daftar[0].nomor)
            continue
        try:
            data = base64.b64decode(teks, validate=True)
        except (binascii.Error, ValueError):
            p.galat(f"isi {apa} bukan base64 yang sah.", "Berkas", daftar[0].nomor, "isi")
            continue
        ekstensi = _jenis_gambar(data)
        if ekstensi is None:
            p.galat(
                f"isi {apa} bukan gambar PNG, JPEG, GIF, atau WebP yang utuh.",
                "Berkas",
                daftar[0].nomor,
            )
            continue
        buku.gambar[milik] = (data, ekstensi)


def _jenis_gambar(data: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as img:
                jenis = img.format
                img.verify()
    except Exception:  # Pillow raises many kinds on broken or hostile images
        return None
    return JENIS_GAMBAR.get(jenis or "")


# --- import: the target --------------------------------------------------------------------------


def _sel_baris(lembar: Lembar, baris: list[Baris]) -> list[tuple]:
    return [tuple(nilai_sel(b.nilai[k], lembar.medan(k)) for k in lembar.kolom) for b in baris]


@dataclass
class _Rencana:
    buku: _Buku
    satker: Satker | None  # None: created from the Satker sheet
    kode: str
    renstra_ada: Renstra | None = None  # an identical Renstra already there: reused
    buat_kategori: bool = True
    tahun_anggaran: list[int] = field(default_factory=list)  # budget years to add
    ringkasan: RingkasanImpor | None = None


def _check_target(buku: _Buku, kode: str) -> _Rencana:
    masalah: list[Masalah] = []
    try:
        Satker._meta.get_field("kode").run_validators(kode)
    except ValidationError as exc:
        masalah.append(Masalah(f"Kode satker {kode}: {' '.join(exc.messages)}"))
        raise ImporDataDitolak(masalah) from exc
    satker = Satker.objects.filter(kode=kode).first()
    rencana = _Rencana(buku=buku, satker=satker, kode=kode)
    catatan: list[str] = []
    tahun = buku.tahun
    isi = buku.isi
    if satker is not None:
        ada = [
            (
                PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun).count(),
                "perjanjian kinerja",
            ),
            (Narasi.objects.filter(satker=satker, tahun=tahun).count(), "narasi"),
            (Laporan.objects.filter(satker=satker, tahun=tahun).count(), "laporan"),
            (BarisRKT.objects.filter(satker=satker, tahun=tahun).count(), "baris RKT"),
            (GambarOrganisasi.objects.filter(satker=satker, tahun=tahun).count(), "gambar"),
        ]
        ada = [f"{n} {apa}" for n, apa in ada if n]
        if ada:
            masalah.append(
                Masalah(
                    f"Satker {kode} sudah memiliki data tahun {tahun} ({', '.join(ada)}). "
                    "Buku data hanya diimpor ke satker baru atau ke tahun yang masih kosong; "
                    "tidak ada yang disimpan."
                )
            )
        # A closed TW's values do not change by an import either (docs/triwulan.md).
        status = status_triwulan(satker_id=satker.pk, tahun=tahun)
        tw_buku = {b.nilai["triwulan"] for b in isi["Realisasi"]}
        for tw in sorted(tw_buku):
            if tw in status and status[tw].tertutup:
                masalah.append(Masalah(status[tw].pesan_tertutup, "Realisasi"))
        catatan.append(
            f"Profil dan logo satker {kode} yang sudah ada dipertahankan (lembar Satker dan logo "
            "di buku data diabaikan)."
        )
        kategori_ada = isi_kategori(satker, tahun)
        kategori_buku = _sel_baris(LEMBAR_MENURUT_NAMA["KategoriCapaian"], isi["KategoriCapaian"])
        if sorted(kategori_ada) == sorted(kategori_buku):
            rencana.buat_kategori = False  # the year already uses this scale
        elif satker.kategori_capaian.filter(tahun=tahun).exists():
            rencana.buat_kategori = False
            catatan.append(
                f"Skala kategori capaian tahun {tahun} yang sudah ada dipertahankan; skala di "
                "buku data berbeda dan diabaikan."
            )
        if isi["Renstra"]:
            masalah += _check_renstra(satker, buku, rencana, catatan)
    anggaran: dict[int, list[Baris]] = defaultdict(list)
    for b in isi["BarisAnggaran"]:
        anggaran[b.nilai["tahun"]].append(b)
    lembar = LEMBAR_MENURUT_NAMA["BarisAnggaran"]
    anggaran_ada = isi_anggaran(satker) if satker is not None else []
    for t, baris in sorted(anggaran.items()):
        ada = [r for r in anggaran_ada if r[0] == t]
        if not ada:
            rencana.tahun_anggaran.append(t)
            continue
        if sorted(ada, key=repr) == sorted(_sel_baris(lembar, baris), key=repr):
            catatan.append(f"Anggaran tahun {t} sudah ada dan sama persis; dilewati.")
        else:
            masalah.append(
                Masalah(
                    f"Satker {kode} sudah memiliki anggaran tahun {t} ({len(ada)} baris) yang "
                    f"berbeda dengan buku data ({len(baris)} baris). Anggaran tahun yang sudah ada "
                    "hanya dilewati bila sama persis; ubah lewat impor anggaran.",
                    "BarisAnggaran",
                    baris[0].nomor,
                )
            )
    if masalah:
        raise ImporDataDitolak(masalah)
    jumlah = {lembar.nama: len(isi[lembar.nama]) for lembar in LEMBAR if lembar.nama != "Berkas"}
    if satker is not None:
        jumlah["Satker"] = 0
        if not rencana.buat_kategori:
            jumlah["KategoriCapaian"] = 0
    if rencana.renstra_ada is not None:
        for nama in isi_renstra(None):
            jumlah[nama] = 0
    jumlah["BarisAnggaran"] = sum(len(anggaran[t]) for t in rencana.tahun_anggaran)
    rencana.ringkasan = RingkasanImpor(
        kode_satker=kode,
        tahun=tahun,
        satker_baru=satker is None,
        dry_run=False,
        jumlah=jumlah,
        catatan=catatan,
    )
    return rencana


def _check_renstra(
    satker: Satker, buku: _Buku, rencana: _Rencana, catatan: list[str]
) -> list[Masalah]:
    r = buku.isi["Renstra"][0].nilai
    mulai, selesai = r["tahun_mulai"], r["tahun_selesai"]
    sama = Renstra.objects.filter(satker=satker, tahun_mulai=mulai).first()
    if sama is not None:
        ada = isi_renstra(sama)
        buku_renstra = {n: _sel_baris(LEMBAR_MENURUT_NAMA[n], buku.isi[n]) for n in ada}
        if all(sorted(ada[n], key=repr) == sorted(buku_renstra[n], key=repr) for n in ada):
            rencana.renstra_ada = sama
            catatan.append(f"Renstra {sama.periode} sudah ada dan sama persis; dipakai yang ada.")
            return []
        return [
            Masalah(
                f"Satker {satker.kode} sudah memiliki Renstra {sama.periode} yang berbeda dengan "
                "buku data; Renstra yang sudah ada tidak ditimpa.",
                "Renstra",
                buku.isi["Renstra"][0].nomor,
            )
        ]
    tumpang = Renstra.objects.filter(
        satker=satker, tahun_mulai__lte=selesai, tahun_selesai__gte=mulai
    ).first()
    if tumpang is not None:
        return [
            Masalah(
                f"Periode Renstra {mulai}–{selesai} tumpang tindih dengan Renstra "
                f"{tumpang.periode} satker {satker.kode} yang sudah ada.",
                "Renstra",
                buku.isi["Renstra"][0].nomor,
            )
        ]
    return []


# --- import: writing ----------------------------------------------------------------------------


def _medan(lembar: str, baris: Baris) -> dict[str, Any]:
    L = LEMBAR_MENURUT_NAMA[lembar]
    return {k: v for k, v in baris.nilai.items() if L.medan(k) is not None}


def _write(rencana: _Rencana, tersimpan: list[str]) -> Satker:
    buku, isi, tahun = rencana.buku, rencana.buku.isi, rencana.buku.tahun
    satker = rencana.satker
    if satker is None:
        satker = Satker(**{**_medan("Satker", isi["Satker"][0]), "kode": rencana.kode})
        if "logo" in buku.gambar:
            data, ekstensi = buku.gambar["logo"]
            satker.logo.save(f"{rencana.kode}{ekstensi}", ContentFile(data), save=False)
            tersimpan.append(satker.logo.name)
        satker.save()
    if rencana.buat_kategori:
        KategoriCapaian.objects.bulk_create(
            KategoriCapaian(satker=satker, tahun=tahun, **_medan("KategoriCapaian", b))
            for b in isi["KategoriCapaian"]
        )

    sasaran_renstra: dict[int, SasaranStrategis] = {}
    indikator_renstra: dict[tuple[int, int], IndikatorSasaran] = {}
    renstra = rencana.renstra_ada
    if renstra is not None:
        for s in renstra.sasaran.prefetch_related("indikator"):
            sasaran_renstra[s.urutan] = s
            for i in s.indikator.all():
                indikator_renstra[(s.urutan, i.urutan)] = i
    elif isi["Renstra"]:
        renstra = Renstra.objects.create(satker=satker, **_medan("Renstra", isi["Renstra"][0]))
        for model, nama in ((MaknaVisi, "MaknaVisi"), (Misi, "Misi"), (Tujuan, "Tujuan")):
            model.objects.bulk_create(model(renstra=renstra, **_medan(nama, b)) for b in isi[nama])
        for b in isi["SasaranStrategis"]:
            sasaran_renstra[b.nilai["urutan"]] = SasaranStrategis.objects.create(
                renstra=renstra, **_medan("SasaranStrategis", b)
            )
        for b in isi["IndikatorSasaran"]:
            indikator_renstra[b.kunci("sasaran", "urutan")] = IndikatorSasaran.objects.create(
                sasaran=sasaran_renstra[b.nilai["sasaran"]], **_medan("IndikatorSasaran", b)
            )
        TargetRenstra.objects.bulk_create(
            TargetRenstra(
                indikator=indikator_renstra[b.kunci("sasaran", "indikator")],
                **_medan("TargetRenstra", b),
            )
            for b in isi["TargetRenstra"]
        )

    pk: dict[int, PerjanjianKinerja] = {}
    for b in isi["PerjanjianKinerja"]:
        pk[b.nilai["versi"]] = PerjanjianKinerja.objects.create(
            satker=satker, tahun=tahun, **_medan("PerjanjianKinerja", b)
        )
    program: dict[tuple, ProgramPK] = {}
    for b in isi["ProgramPK"]:
        program[b.kunci("versi", "urutan")] = ProgramPK.objects.create(
            perjanjian=pk[b.nilai["versi"]], **_medan("ProgramPK", b)
        )
    sasaran: dict[tuple, SasaranPK] = {}
    for b in isi["SasaranPK"]:
        sr = b.nilai["sasaran_renstra"]
        sasaran[b.kunci("versi", "program", "bagian", "urutan")] = SasaranPK.objects.create(
            program=program[b.kunci("versi", "program")],
            sasaran_renstra=sasaran_renstra.get(sr) if sr is not None else None,
            **_medan("SasaranPK", b),
        )
    indikator: dict[tuple, IndikatorKinerja] = {}
    for b in isi["IndikatorKinerja"]:
        ir = b.kunci("sasaran_renstra", "indikator_renstra")
        indikator[b.kunci("versi", "program", "bagian", "sasaran", "urutan")] = (
            IndikatorKinerja.objects.create(
                sasaran=sasaran[b.kunci("versi", "program", "bagian", "sasaran")],
                indikator_renstra=indikator_renstra.get(ir),
                **_medan("IndikatorKinerja", b),
            )
        )
    kunci_indikator = ("versi", "program", "bagian", "sasaran", "indikator")
    # bulk_create sends no signals: the rows of tracked models are recorded in the history here
    # (the indicators above were saved one by one, and recorded by the signals).
    dicatat: list[models.Model] = []
    for model, nama in ((DokumenWajib, "DokumenWajib"), (Realisasi, "Realisasi")):
        dicatat += model.objects.bulk_create(
            [
                model(indikator=indikator[b.kunci(*kunci_indikator)], **_medan(nama, b))
                for b in isi[nama]
            ]
        )
    BarisRKT.objects.bulk_create(
        BarisRKT(satker=satker, tahun=tahun, **_medan("BarisRKT", b)) for b in isi["BarisRKT"]
    )
    dicatat += _write_anggaran(
        satker, [b for b in isi["BarisAnggaran"] if b.nilai["tahun"] in rencana.tahun_anggaran]
    )
    dicatat += Laporan.objects.bulk_create(
        [Laporan(satker=satker, tahun=tahun, **_medan("Laporan", b)) for b in isi["Laporan"]]
    )
    dicatat += Narasi.objects.bulk_create(
        [Narasi(satker=satker, tahun=tahun, **_medan("Narasi", b)) for b in isi["Narasi"]]
    )
    catat_tambah(satker=satker, tahun=tahun, objek=dicatat)
    for b in isi["GambarOrganisasi"]:
        gambar = GambarOrganisasi(satker=satker, tahun=tahun, **_medan("GambarOrganisasi", b))
        if b.nilai["nomor"] in buku.gambar:
            data, ekstensi = buku.gambar[b.nilai["nomor"]]
            nama = f"{rencana.kode}-{tahun}-{b.nilai['nomor']}{ekstensi}"
            gambar.berkas.save(nama, ContentFile(data), save=False)
            tersimpan.append(gambar.berkas.name)
        gambar.save()
    return satker


def _write_anggaran(satker: Satker, baris: list[Baris]) -> list[BarisAnggaran]:
    """Parents before children: a parent's code is a strict prefix, so sort by depth."""
    dibuat: dict[tuple[int, str], BarisAnggaran] = {}
    per_kedalaman: dict[int, list[Baris]] = defaultdict(list)
    for b in baris:
        per_kedalaman[b.nilai["kode"].count(".")].append(b)
    for kedalaman in sorted(per_kedalaman):
        daftar = per_kedalaman[kedalaman]
        objek = [
            BarisAnggaran(
                satker=satker,
                induk=dibuat[(b.nilai["tahun"], b.nilai["induk"])] if b.nilai["induk"] else None,
                **_medan("BarisAnggaran", b),
            )
            for b in daftar
        ]
        for b, obj in zip(daftar, BarisAnggaran.objects.bulk_create(objek), strict=True):
            dibuat[(b.nilai["tahun"], b.nilai["kode"])] = obj
    return list(dibuat.values())


def impor_data(
    *,
    berkas: bytes,
    kode_satker: str | None = None,
    tahun: int | None = None,
    dry_run: bool = False,
    nama_berkas: str = "buku-data.xlsx",
    pengguna: Pengguna | None = None,
) -> RingkasanImpor:
    """Import a full data workbook into a new satker (``kode_satker``, or the workbook's) or into
    an existing satker's empty year. ``tahun``, when given, must be the workbook's year.
    Raises ImporDataDitolak, having written nothing. The rows written are recorded in the
    history as an import ("impor") by ``pengguna`` (or the user of an enclosing context)."""
    buku = _read_buku(berkas, nama_berkas=nama_berkas)
    if tahun is not None and tahun != buku.tahun:
        raise ImporDataDitolak(
            [Masalah(f"Buku data ini untuk tahun {buku.tahun}, bukan {tahun}.", "Info")]
        )
    _check_isi(buku)
    kode = (kode_satker or buku.kode).strip()
    if dry_run:
        ringkasan = _check_target(buku, kode).ringkasan
        assert ringkasan is not None
        ringkasan.dry_run = True
        return ringkasan
    tersimpan: list[str] = []
    try:
        with konteks(sumber="impor", pengguna=pengguna, keterangan=f"Buku data {nama_berkas}"):
            # The target must still be empty when written: its years are locked first
            # (lkjip.unggah.terapkan, in ascending order), then checked, then written, so two
            # imports into the same year run one after the other and the second is refused.
            satker = Satker.objects.filter(kode=kode).first()
            if satker is not None:
                tahun_buku = {buku.tahun, *(b.nilai["tahun"] for b in buku.isi["BarisAnggaran"])}
                for t in sorted(tahun_buku):
                    kunci_satker_tahun(satker=satker, tahun=t)
            rencana = _check_target(buku, kode)
            satker = _write(rencana, tersimpan)
            assert rencana.ringkasan is not None
            # Recorded like the uploads previewed in the browser (riwayat.unggahan); its
            # preview is the command's --dry-run.
            catat_unggahan(
                satker=satker,
                tahun=buku.tahun,
                jenis=Unggahan.Jenis.BUKU_DATA,
                data=berkas,
                nama_berkas=nama_berkas,
                pengguna=konteks_aktif().pelaku,
                status=Unggahan.Status.DITERAPKAN,
                diterapkan_pada=timezone.now(),
                ringkasan={"jumlah": rencana.ringkasan.jumlah},
            )
    except BaseException:
        for nama in tersimpan:
            default_storage.delete(nama)
        raise
    assert rencana.ringkasan is not None
    return rencana.ringkasan
