"""The full data workbook: everything of a satker and year in one .xlsx. Its format and its
export live here, next to the report, whose archival PDF carries it (``laporan.cetak``); reading
it back into an installation is the exchange floor's (``pertukaran.buku_data``), which uses the
format below.

One sheet per kind of row, a header row of model field names, references between sheets by
natural keys (urutan, versi, kode), never database ids. Format, rules and limits: docs/buku_data.md.
"""

import base64
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import models
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from anggaran.models import BarisAnggaran
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
from laporan.models import GambarOrganisasi, Laporan, Narasi
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from satker.models import Satker

FORMAT = "lkjip-buku-data"
# 2: the cap on the PK sheet, the scale of the year; 3: the national standard, causes and solution
# of an indicator (docs/buku_data.md). A version-2 workbook is still read: its missing columns
# (``Lembar.sejak``) are empty (pertukaran.buku_data).
VERSI_FORMAT = "3"
APLIKASI = "LKjIP"
UKURAN_POTONGAN = 32_000  # base64 characters per cell; Excel allows 32,767
BULAT = "bulat"  # a key column holding a whole number (urutan, versi)
TEKS = "teks"  # a key column holding text (bagian, kode induk)


@dataclass(frozen=True)
class Lembar:
    """A sheet: its columns in order. A column is a field of ``model`` unless it is in ``kunci``
    (a natural-key reference to another sheet); keys in ``opsional`` may be empty."""

    nama: str
    model: type[models.Model] | None
    kolom: tuple[str, ...]
    kunci: dict[str, str] = field(default_factory=dict)
    opsional: frozenset[str] = frozenset()
    sejak: dict[str, str] = field(default_factory=dict)  # column -> the format version adding it

    def medan(self, kolom: str) -> models.Field | None:
        if kolom in self.kunci or self.model is None:
            return None
        return self.model._meta.get_field(kolom)


_PK = {"versi": BULAT, "program": BULAT, "bagian": TEKS, "sasaran": BULAT}
_IND = {**_PK, "indikator": BULAT}
_RENSTRA = {"sasaran_renstra": BULAT, "indikator_renstra": BULAT}


def _lembar(
    nama: str,
    model: type[models.Model] | None,
    kolom: str,
    kunci=None,
    opsional: str = "",
    sejak: dict[str, str] | None = None,
) -> Lembar:
    return Lembar(
        nama, model, tuple(kolom.split()), kunci or {}, frozenset(opsional.split()), sejak or {}
    )


# fmt: off
LEMBAR = (
    _lembar("Satker", Satker, "kode jenis nama nama_lengkap wilayah provinsi kedudukan alamat"),
    _lembar("KategoriCapaian", KategoriCapaian, "urutan nama batas_bawah termasuk_batas"),
    _lembar("Renstra", Renstra, "tahun_mulai tahun_selesai nomor_keputusan visi"),
    _lembar("MaknaVisi", MaknaVisi, "urutan kata_kunci uraian"),
    _lembar("Misi", Misi, "urutan uraian"),
    _lembar("Tujuan", Tujuan, "urutan uraian"),
    _lembar("SasaranStrategis", SasaranStrategis, "urutan uraian"),
    _lembar("IndikatorSasaran", IndikatorSasaran, "sasaran urutan nama satuan polaritas",
            {"sasaran": BULAT}),
    _lembar("TargetRenstra", TargetRenstra, "sasaran indikator tahun nilai",
            {"sasaran": BULAT, "indikator": BULAT}),
    _lembar("PerjanjianKinerja", PerjanjianKinerja, "versi jenis tanggal alasan_perubahan "
            "pihak_pertama_nama pihak_pertama_jabatan pihak_kedua_nama pihak_kedua_jabatan "
            "batas_capaian"),
    _lembar("ProgramPK", ProgramPK, "versi urutan kode nama", {"versi": BULAT}),
    _lembar("SasaranPK", SasaranPK, "versi program bagian urutan nomor uraian kelompok "
            "sasaran_renstra", {"versi": BULAT, "program": BULAT, "sasaran_renstra": BULAT},
            "sasaran_renstra"),
    _lembar("IndikatorKinerja", IndikatorKinerja, "versi program bagian sasaran urutan nama "
            "kode_kegiatan polaritas agregasi jenis_target target satuan sasaran_renstra "
            "indikator_renstra standar_nasional sumber_standar_nasional penyebab solusi",
            {**_PK, **_RENSTRA}, "sasaran_renstra indikator_renstra",
            dict.fromkeys(("standar_nasional", "sumber_standar_nasional", "penyebab", "solusi"),
                          "3")),
    _lembar("DokumenWajib", DokumenWajib, "versi program bagian sasaran indikator urutan nama "
            "tersedia", _IND),
    _lembar("Realisasi", Realisasi, "versi program bagian sasaran indikator triwulan nilai "
            "keterangan", _IND),
    _lembar("BarisRKT", BarisRKT, "urutan program_kode program_nama sasaran indikator "
            "kode_kegiatan"),
    _lembar("BarisAnggaran", BarisAnggaran, "tahun kode induk tingkat uraian pagu realisasi "
            "catatan urutan", {"induk": TEKS}, "induk"),
    _lembar("Laporan", Laporan, "tanggal tempat"),
    _lembar("Narasi", Narasi, "bagian kunci teks"),
    _lembar("GambarOrganisasi", GambarOrganisasi, "nomor judul"),
    _lembar("Berkas", None, "milik nomor potongan isi",
            {"milik": TEKS, "nomor": BULAT, "potongan": BULAT, "isi": TEKS}, "nomor"),
)
# fmt: on
LEMBAR_MENURUT_NAMA = {lembar.nama: lembar for lembar in LEMBAR}


# --- cells --------------------------------------------------------------------------------------


def _teks_aman(teks: str) -> str:
    """Line breaks as LF (XML cannot keep a CR) and no control characters (XML cannot hold them)."""
    teks = teks.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", teks)


def nilai_sel(nilai: Any, medan: models.Field | None = None) -> str | int | bool | None:
    """A value as the workbook holds it. Decimals are exact text with the field's decimal places
    (an xlsx number is a float: 18 digits of money would not survive); dates are ISO text."""
    if nilai is None or nilai == "":
        return None
    if isinstance(nilai, bool):
        return nilai
    if isinstance(nilai, int):
        return nilai
    if isinstance(nilai, Decimal):
        tempat = getattr(medan, "decimal_places", None)
        if tempat is not None:
            nilai = nilai.quantize(Decimal(1).scaleb(-tempat))
        return format(nilai, "f")
    if isinstance(nilai, datetime.date):
        return nilai.isoformat()
    return _teks_aman(str(nilai))


def _baris(lembar: Lembar, obj: models.Model | None, **kunci: Any) -> tuple:
    return tuple(
        nilai_sel(kunci[k]) if k in lembar.kunci else nilai_sel(getattr(obj, k), lembar.medan(k))
        for k in lembar.kolom
    )


# --- export -------------------------------------------------------------------------------------


def _renstra_tahun(satker: Satker, tahun: int) -> Renstra | None:
    return (
        Renstra.objects.filter(satker=satker, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun)
        .order_by("-tahun_mulai")
        .first()
    )


def isi_renstra(renstra: Renstra | None) -> dict[str, list[tuple]]:
    L = LEMBAR_MENURUT_NAMA
    isi: dict[str, list[tuple]] = {
        n: []
        for n in (
            "Renstra",
            "MaknaVisi",
            "Misi",
            "Tujuan",
            "SasaranStrategis",
            "IndikatorSasaran",
            "TargetRenstra",
        )
    }
    if renstra is None:
        return isi
    isi["Renstra"].append(_baris(L["Renstra"], renstra))
    for model, nama in ((MaknaVisi, "MaknaVisi"), (Misi, "Misi"), (Tujuan, "Tujuan")):
        for obj in model.objects.filter(renstra=renstra).order_by("urutan"):
            isi[nama].append(_baris(L[nama], obj))
    sasaran_list = renstra.sasaran.order_by("urutan").prefetch_related("indikator__target_tahunan")
    for sasaran in sasaran_list:
        isi["SasaranStrategis"].append(_baris(L["SasaranStrategis"], sasaran))
        for ind in sorted(sasaran.indikator.all(), key=lambda i: i.urutan):
            isi["IndikatorSasaran"].append(
                _baris(L["IndikatorSasaran"], ind, sasaran=sasaran.urutan)
            )
            for t in sorted(ind.target_tahunan.all(), key=lambda t: t.tahun):
                isi["TargetRenstra"].append(
                    _baris(L["TargetRenstra"], t, sasaran=sasaran.urutan, indikator=ind.urutan)
                )
    return isi


def isi_kategori(satker: Satker, tahun: int) -> list[tuple]:
    """The scale the year uses (its own, else the latest earlier year's: kinerja.services)."""
    lembar = LEMBAR_MENURUT_NAMA["KategoriCapaian"]
    baris = list(satker.kategori_capaian.filter(tahun__lte=tahun).order_by("-tahun", "urutan"))
    return [_baris(lembar, k) for k in baris if k.tahun == baris[0].tahun]


def isi_anggaran(satker: Satker) -> list[tuple]:
    lembar = LEMBAR_MENURUT_NAMA["BarisAnggaran"]
    baris = BarisAnggaran.objects.filter(satker=satker).select_related("induk")
    return [
        _baris(lembar, b, induk=b.induk.kode if b.induk else None)
        for b in baris.order_by("tahun", "urutan", "kode")
    ]


def _isi_pk(satker: Satker, tahun: int, renstra: Renstra | None) -> dict[str, list[tuple]]:
    L = LEMBAR_MENURUT_NAMA
    isi: dict[str, list[tuple]] = {
        n: []
        for n in (
            "PerjanjianKinerja",
            "ProgramPK",
            "SasaranPK",
            "IndikatorKinerja",
            "DokumenWajib",
            "Realisasi",
        )
    }
    renstra_id = renstra.pk if renstra else None
    daftar_pk = (
        PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun)
        .order_by("versi")
        .prefetch_related(
            "program__sasaran__sasaran_renstra",
            "program__sasaran__indikator__indikator_renstra__sasaran",
            "program__sasaran__indikator__dokumen_wajib",
            "program__sasaran__indikator__realisasi",
        )
    )
    for pk in daftar_pk:
        isi["PerjanjianKinerja"].append(_baris(L["PerjanjianKinerja"], pk))
        for program in sorted(pk.program.all(), key=lambda p: p.urutan):
            isi["ProgramPK"].append(_baris(L["ProgramPK"], program, versi=pk.versi))
            for s in sorted(program.sasaran.all(), key=lambda s: (s.bagian, s.urutan)):
                # A reference to another Renstra than the exported one cannot be carried.
                sr = s.sasaran_renstra
                isi["SasaranPK"].append(
                    _baris(
                        L["SasaranPK"],
                        s,
                        versi=pk.versi,
                        program=program.urutan,
                        sasaran_renstra=sr.urutan if sr and sr.renstra_id == renstra_id else None,
                    )
                )
                kunci = {
                    "versi": pk.versi,
                    "program": program.urutan,
                    "bagian": s.bagian,
                    "sasaran": s.urutan,
                }
                for ind in sorted(s.indikator.all(), key=lambda i: i.urutan):
                    ir = ind.indikator_renstra
                    if ir is None or ir.sasaran.renstra_id != renstra_id:
                        ir = None
                    isi["IndikatorKinerja"].append(
                        _baris(
                            L["IndikatorKinerja"],
                            ind,
                            **kunci,
                            sasaran_renstra=ir.sasaran.urutan if ir else None,
                            indikator_renstra=ir.urutan if ir else None,
                        )
                    )
                    for d in sorted(ind.dokumen_wajib.all(), key=lambda d: d.urutan):
                        isi["DokumenWajib"].append(
                            _baris(L["DokumenWajib"], d, **kunci, indikator=ind.urutan)
                        )
                    for r in sorted(ind.realisasi.all(), key=lambda r: r.triwulan):
                        isi["Realisasi"].append(
                            _baris(L["Realisasi"], r, **kunci, indikator=ind.urutan)
                        )
    return isi


def _baca_berkas_media(berkas: models.fields.files.FieldFile) -> bytes | None:
    if not berkas:
        return None
    try:
        with berkas.open("rb") as f:
            return f.read()
    except OSError:
        return None  # missing from storage: the row is exported without its picture


def _potong(milik: str, nomor: int | None, data: bytes) -> list[tuple]:
    teks = base64.b64encode(data).decode("ascii")
    potongan = [teks[i : i + UKURAN_POTONGAN] for i in range(0, len(teks), UKURAN_POTONGAN)]
    return [(milik, nomor, i, isi) for i, isi in enumerate(potongan, 1)]


def _kumpulkan(satker: Satker, tahun: int) -> dict[str, list[tuple]]:
    L = LEMBAR_MENURUT_NAMA
    renstra = _renstra_tahun(satker, tahun)
    isi: dict[str, list[tuple]] = {"Satker": [_baris(L["Satker"], satker)]}
    isi["KategoriCapaian"] = isi_kategori(satker, tahun)
    isi.update(isi_renstra(renstra))
    isi.update(_isi_pk(satker, tahun, renstra))
    isi["BarisRKT"] = [
        _baris(L["BarisRKT"], r) for r in BarisRKT.objects.filter(satker=satker, tahun=tahun)
    ]
    isi["BarisAnggaran"] = isi_anggaran(satker)
    isi["Laporan"] = [
        _baris(L["Laporan"], lap) for lap in Laporan.objects.filter(satker=satker, tahun=tahun)
    ]
    isi["Narasi"] = [
        _baris(L["Narasi"], n)
        for n in Narasi.objects.filter(satker=satker, tahun=tahun).order_by("bagian", "kunci")
    ]
    gambar = list(GambarOrganisasi.objects.filter(satker=satker, tahun=tahun).order_by("nomor"))
    isi["GambarOrganisasi"] = [_baris(L["GambarOrganisasi"], g) for g in gambar]
    berkas: list[tuple] = []
    logo = _baca_berkas_media(satker.logo)
    if logo:
        berkas += _potong("logo", None, logo)
    for g in gambar:
        data = _baca_berkas_media(g.berkas)
        if data:
            berkas += _potong("gambar", g.nomor, data)
    isi["Berkas"] = berkas
    return isi


def _tulis_lembar(wb: Workbook, nama: str, kolom: Iterable[str], baris: list[tuple]) -> None:
    ws = wb.create_sheet(nama)
    ws.freeze_panes = "A2"
    judul = []
    for k in kolom:
        cell = WriteOnlyCell(ws, value=k)
        cell.font = Font(bold=True)
        judul.append(cell)
    ws.append(judul)
    for nilai_baris in baris:
        sel = []
        for nilai in nilai_baris:
            if isinstance(nilai, str):
                # Always text, never a formula: a narrative starting with "=" stays text.
                cell = WriteOnlyCell(ws, value=nilai)
                cell.data_type = "s"
                cell.number_format = "@"
                sel.append(cell)
            else:
                sel.append(nilai)
        ws.append(sel)


def ekspor_data(*, satker: Satker, tahun: int) -> bytes:
    """The full data workbook of a satker and year (docs/buku_data.md)."""
    isi = _kumpulkan(satker, tahun)
    wb = Workbook(write_only=True)
    info = (
        ("format", FORMAT),
        ("versi_format", VERSI_FORMAT),
        ("kode_satker", satker.kode),
        ("tahun", str(tahun)),
        ("dibuat_pada", timezone.localtime().isoformat(timespec="seconds")),
        ("aplikasi", APLIKASI),
    )
    _tulis_lembar(wb, "Info", ("kunci", "nilai"), list(info))
    for lembar in LEMBAR:
        _tulis_lembar(wb, lembar.nama, lembar.kolom, isi[lembar.nama])
    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()
