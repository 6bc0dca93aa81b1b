"""The indicator workbook for offline work: build, read, preview, apply.

The format is described in docs/buku_kerja.md. In short: one protected sheet "Realisasi" with one
row per indicator of the PK in force (and one row per required document of a document target),
where only the TW I–IV, Tersedia and Keterangan cells are unlocked; a very hidden sheet "_lkjip"
carries the satker, year, PK version, a checksum of the structure columns, and the values as they
were when the workbook was downloaded (the *basis*).

The basis makes an upload a three-way comparison per cell (basis, file, database): a cell the user
did not change never overwrites a value someone entered in the application meanwhile, and a cell
changed on both sides is a conflict, refused. Nothing is written before the preview is confirmed;
the file itself is never stored, only the values read from it (in the session).
"""

import hashlib
import json
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja.models import (
    DokumenWajib,
    JenisTarget,
    PerjanjianKinerja,
    Realisasi,
    SasaranPK,
)
from kinerja.renaksi import RencanaIndikator, simpan_rencana_aksi
from kinerja.services import (
    IsianRealisasi,
    get_pk_berlaku,
    list_sasaran_pk,
    update_realisasi_massal,
)
from lkjip.angka import KOSONG, AngkaTidakSah, format_angka, parse_angka
from lkjip.isian import IsianDitolak
from lkjip.unggah.baca import Masalah
from lkjip.unggah.berkas import BerkasDitolak, check_berkas
from lkjip.unggah.lembar import buka_lembar
from lkjip.unggah.terapkan import ImporGagal, pastikan_dasar
from riwayat.models import Unggahan
from satker.models import Pengguna, Satker

FORMAT = "lkjip-buku-kerja-indikator"
VERSI_FORMAT = "2"  # 2: the TW target columns
LEMBAR = "Realisasi"
LEMBAR_META = "_lkjip"
KOLOM = (
    "ID",
    "Program",
    "Bagian",
    "No.",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Target",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "Tersedia (Ya/Tidak)",
    "Keterangan (TW terakhir yang terisi)",
    "Target TW I",
    "Target TW II",
    "Target TW III",
    "Target TW IV",
)
LEBAR = (10, 30, 22, 6, 40, 50, 10, 12, 10, 10, 10, 10, 12, 36, 11, 11, 11, 11)
JUMLAH_STRUKTUR = 8  # ID … Target: never changed by the user
KOLOM_TW = (8, 9, 10, 11)
KOLOM_TERSEDIA = 12
KOLOM_KETERANGAN = 13
# The rencana aksi's TW targets (docs/triwulan.md), written through kinerja.renaksi's one path.
KOLOM_TARGET = (14, 15, 16, 17)
BARIS_KEPALA = 4
BARIS_META_BASIS = 12  # the basis table's header row on the hidden sheet
BATAS_BARIS = 20_000
BATAS_BARIS_KOSONG = 1000
BATAS_NILAI = Decimal(10) ** 10  # Realisasi.nilai: 14 digits, 4 of them decimals
NAMA_TW = ("TW I", "TW II", "TW III", "TW IV")
NAMA_TARGET = tuple(f"Target {tw}" for tw in NAMA_TW)
YA, TIDAK = "Ya", "Tidak"
PESAN_TERKUNCI = "kolom ini tidak boleh diubah"

ISI_BOLEH = PatternFill("solid", fgColor="FFF2CC")
ISI_KEPALA = PatternFill("solid", fgColor="D9E2F3")
ISI_KUNCI = PatternFill("solid", fgColor="F2F2F2")


# --- The rows, from the database -----------------------------------------------------------------


@dataclass(frozen=True)
class BarisBuku:
    id: str  # "IND-12" for an indicator, "DOK-7" for a required document
    struktur: tuple  # the JUMLAH_STRUKTUR structure values, as written
    indikator_id: int
    dokumen_id: int | None
    isi_tw: bool  # the TW cells may be filled (indicators with a numeric target)
    tw: tuple[Decimal | None, ...]
    keterangan: str
    tersedia: bool | None
    target_tw: tuple[Decimal | None, ...] = (None, None, None, None)  # the rencana aksi's
    rencana_tw: tuple[str, ...] = ("", "", "", "")  # kept as they are when a target changes

    @property
    def nomor(self) -> str:
        return self.struktur[3]

    @property
    def nama(self) -> str:
        return self.struktur[5]

    @property
    def satuan(self) -> str:
        return self.struktur[6]


def _keterangan_terakhir(realisasi: Sequence[Realisasi]) -> str:
    return max(realisasi, key=lambda r: r.triwulan).keterangan if realisasi else ""


def _muat(satker: Satker, tahun: int) -> tuple[PerjanjianKinerja | None, list[BarisBuku]]:
    """The PK in force and its rows in report order (constant number of queries)."""
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    if pk is None:
        return None, []
    daftar = list_sasaran_pk(pk=pk)
    baris = []
    for s in daftar:
        program = f"{s.program.kode} {s.program.nama}"
        bagian = SasaranPK.Bagian(s.bagian).label
        for ind in s.indikator.all():
            realisasi = list(ind.realisasi.all())
            nilai = {r.triwulan: r.nilai.normalize() for r in realisasi}
            aksi = {r.triwulan: r for r in ind.rencana_aksi.all()}
            rencana = {tw: r.target for tw, r in aksi.items()}
            dokumen = list(ind.dokumen_wajib.all())
            if ind.jenis_target == JenisTarget.DOKUMEN:
                target = " dan ".join(d.nama for d in dokumen) or KOSONG
                satuan = "dokumen"
            else:
                target = None if ind.target is None else ind.target.normalize()
                satuan = ind.satuan
            baris.append(
                BarisBuku(
                    id=f"IND-{ind.pk}",
                    struktur=(
                        f"IND-{ind.pk}",
                        program,
                        bagian,
                        s.nomor,
                        s.uraian,
                        ind.nama,
                        satuan,
                        target,
                    ),
                    indikator_id=ind.pk,
                    dokumen_id=None,
                    isi_tw=ind.jenis_target != JenisTarget.DOKUMEN,
                    tw=tuple(nilai.get(t) for t in (1, 2, 3, 4)),
                    keterangan=_keterangan_terakhir(realisasi),
                    tersedia=None,
                    target_tw=tuple(
                        None if rencana.get(t) is None else rencana[t].normalize()
                        for t in (1, 2, 3, 4)
                    )
                    if ind.jenis_target != JenisTarget.DOKUMEN
                    else (None, None, None, None),
                    rencana_tw=tuple(aksi[t].rencana if t in aksi else "" for t in (1, 2, 3, 4)),
                )
            )
            for d in dokumen if ind.jenis_target == JenisTarget.DOKUMEN else ():
                baris.append(
                    BarisBuku(
                        id=f"DOK-{d.pk}",
                        struktur=(
                            f"DOK-{d.pk}",
                            program,
                            bagian,
                            s.nomor,
                            s.uraian,
                            f"Dokumen wajib: {d.nama}",
                            "dokumen",
                            "wajib ada",
                        ),
                        indikator_id=ind.pk,
                        dokumen_id=d.pk,
                        isi_tw=False,
                        tw=(None, None, None, None),
                        keterangan="",
                        tersedia=d.tersedia,
                    )
                )
    return pk, baris


def _norm(nilai) -> str:
    """A cell value compared as text: numbers by their value, text without edge blanks."""
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return str(nilai)
    if isinstance(nilai, int | float | Decimal):
        angka = Decimal(str(nilai)).normalize()
        return format(angka, "f") if angka != 0 else "0"
    return str(nilai).replace("\r\n", "\n").strip()


def compute_struktur(pk_versi: int, baris: Sequence[BarisBuku]) -> str:
    """The checksum of the structure columns: another PK (or an edited one) gives another."""
    isi = [pk_versi, [[_norm(v) for v in b.struktur] for b in baris]]
    return hashlib.sha256(json.dumps(isi, ensure_ascii=False).encode()).hexdigest()


# --- Building the workbook -----------------------------------------------------------------------


def _teks(ws, baris: int, kolom: int, nilai: str):
    """A text cell that never becomes a formula (also when it starts with = + - @)."""
    sel = ws.cell(row=baris, column=kolom)
    sel.value = nilai
    sel.data_type = "s"
    sel.quotePrefix = True
    return sel


def _teks_tersedia(tersedia: bool | None) -> str:
    return "" if tersedia is None else (YA if tersedia else TIDAK)


def _basis_angka(nilai: Decimal | None) -> str:
    return "" if nilai is None else format(nilai, "f")


def buat_buku_kerja(*, satker: Satker, tahun: int) -> bytes:
    """The PK in force of a satker and year as a protected workbook to fill offline.

    Raises LookupError when the year has no Perjanjian Kinerja."""
    pk, daftar = _muat(satker, tahun)
    if pk is None:
        raise LookupError(f"Belum ada Perjanjian Kinerja tahun {tahun}.")
    wb = Workbook()
    ws = wb.active
    ws.title = LEMBAR
    wb.properties.title = f"Buku kerja realisasi indikator {satker.nama} {tahun}"
    wb.properties.creator = "LKjIP"
    wb.properties.language = "id-ID"

    judul = _teks(ws, 1, 1, f"Buku kerja realisasi indikator — {satker.nama} — Tahun {tahun}")
    judul.font = Font(bold=True, size=13)
    _teks(
        ws,
        2,
        1,
        f"{pk.get_jenis_display()} {tahun} versi {pk.versi}, diunduh "
        f"{timezone.localtime():%d/%m/%Y %H:%M}. Isi hanya sel kuning: realisasi TW I–IV, "
        "Tersedia (Ya/Tidak) untuk dokumen wajib, Keterangan, dan target TW I–IV (rencana "
        "aksi).",
    )
    _teks(
        ws,
        3,
        1,
        "Angka boleh ditulis 95,06 atau 1.250 (titik = ribuan, koma = desimal). Sel kosong berarti "
        "belum diisi, bukan nol. Kolom lain terkunci; buku kerja dibaca kembali melalui pratinjau.",
    )
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(KOLOM))
    for c, (teks, lebar) in enumerate(zip(KOLOM, LEBAR, strict=True), 1):
        sel = _teks(ws, BARIS_KEPALA, c, teks)
        sel.font = Font(bold=True)
        sel.fill = ISI_KEPALA
        sel.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = lebar

    validasi_angka = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Realisasi tidak sah",
        error="Isi angka 0 atau lebih (mis. 95,06), atau kosongkan bila belum ada realisasi.",
    )
    validasi_tersedia = DataValidation(
        type="list",
        formula1=f'"{YA},{TIDAK}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Isian tidak sah",
        error="Pilih Ya atau Tidak; kosongkan bila belum diperiksa.",
    )
    validasi_target = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Target tidak sah",
        error="Isi angka 0 atau lebih (mis. 25), atau kosongkan bila target TW belum ditetapkan.",
    )
    ws.add_data_validation(validasi_angka)
    ws.add_data_validation(validasi_tersedia)
    ws.add_data_validation(validasi_target)

    for r, b in enumerate(daftar, BARIS_KEPALA + 1):
        for c, nilai in enumerate(b.struktur, 1):
            if isinstance(nilai, Decimal):
                sel = ws.cell(row=r, column=c, value=int(nilai) if nilai == int(nilai) else nilai)
            else:
                sel = _teks(ws, r, c, nilai or "")
            sel.fill = ISI_KUNCI
            sel.alignment = Alignment(vertical="top", wrap_text=True)
        for kolom, nilai_tw, validasi in (
            (KOLOM_TW, b.tw, validasi_angka),
            (KOLOM_TARGET, b.target_tw, validasi_target),
        ):
            for i, c in enumerate(kolom):
                sel = ws.cell(row=r, column=c + 1)
                if b.isi_tw:
                    nilai = nilai_tw[i]
                    sel.value = (
                        None if nilai is None else (int(nilai) if nilai == int(nilai) else nilai)
                    )
                    sel.protection = Protection(locked=False)
                    sel.fill = ISI_BOLEH
                    validasi.add(sel.coordinate)
                else:
                    sel.fill = ISI_KUNCI
        sel = ws.cell(row=r, column=KOLOM_TERSEDIA + 1)
        if b.dokumen_id is not None:
            if b.tersedia is not None:
                _teks(ws, r, KOLOM_TERSEDIA + 1, _teks_tersedia(b.tersedia))
            sel.protection = Protection(locked=False)
            sel.fill = ISI_BOLEH
            validasi_tersedia.add(sel.coordinate)
        else:
            sel.fill = ISI_KUNCI
        sel = ws.cell(row=r, column=KOLOM_KETERANGAN + 1)
        if b.isi_tw:
            if b.keterangan:
                _teks(ws, r, KOLOM_KETERANGAN + 1, b.keterangan)
            sel.protection = Protection(locked=False)
            sel.fill = ISI_BOLEH
            sel.alignment = Alignment(vertical="top", wrap_text=True)
        else:
            sel.fill = ISI_KUNCI

    ws.freeze_panes = f"A{BARIS_KEPALA + 1}"
    ws.protection.sheet = True
    # Locked cells stay locked, but widths and heights may change so long texts can be read.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    meta = wb.create_sheet(LEMBAR_META)
    for r, (kunci, nilai) in enumerate(
        (
            ("format", FORMAT),
            ("versi_format", VERSI_FORMAT),
            ("satker", satker.kode),
            ("nama_satker", satker.nama),
            ("tahun", str(tahun)),
            ("pk_id", str(pk.pk)),
            ("pk_versi", str(pk.versi)),
            ("struktur", compute_struktur(pk.versi, daftar)),
            ("diunduh_pada", timezone.now().isoformat()),
        ),
        1,
    ):
        _teks(meta, r, 1, kunci)
        _teks(meta, r, 2, nilai)
    for c, teks in enumerate(("ID", *NAMA_TW, "Keterangan", "Tersedia", *NAMA_TARGET), 1):
        _teks(meta, BARIS_META_BASIS, c, teks)
    for r, b in enumerate(daftar, BARIS_META_BASIS + 1):
        nilai = (
            b.id,
            *(_basis_angka(t) for t in b.tw),
            b.keterangan,
            _teks_tersedia(b.tersedia),
            *(_basis_angka(t) for t in b.target_tw),
        )
        for c, teks in enumerate(nilai, 1):
            if teks:
                _teks(meta, r, c, teks)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)

    keluar = BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


# --- Reading an upload ---------------------------------------------------------------------------


@dataclass
class Isian:
    """What the file says for one row, beside the basis it was downloaded with."""

    id: str
    baris: int
    tw: list[str | None] = field(default_factory=lambda: [None] * 4)  # Decimal as text
    keterangan: str = ""
    tersedia: bool | None = None
    basis_tw: list[str | None] = field(default_factory=lambda: [None] * 4)
    basis_keterangan: str = ""
    basis_tersedia: bool | None = None
    target: list[str | None] = field(default_factory=lambda: [None] * 4)
    basis_target: list[str | None] = field(default_factory=lambda: [None] * 4)


@dataclass
class HasilBaca:
    nama_berkas: str
    sha256: str
    pk_id: int
    pk_versi: int
    isian: list[Isian] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    makro: bool = False

    @property
    def galat(self) -> list[Masalah]:
        return [m for m in self.masalah if m.galat]

    @property
    def peringatan(self) -> list[Masalah]:
        return [m for m in self.masalah if not m.galat]

    def to_json(self) -> dict:
        data = asdict(self)
        data["masalah"] = [m.to_json() for m in self.masalah]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "HasilBaca":
        data = dict(data)
        data["isian"] = [Isian(**i) for i in data["isian"]]
        data["masalah"] = [Masalah.from_json(m) for m in data["masalah"]]
        return cls(**data)


class _Salah(ValueError):
    pass


def _parse_nilai(nilai, number_format: str, nama: str = "Realisasi") -> tuple[Decimal | None, str]:
    """A realisation cell: numeric, or Indonesian text ('95,06', '1.250'); returns (value, note)."""
    catatan = ""
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return None, ""
    if isinstance(nilai, bool) or isinstance(nilai, datetime):
        raise _Salah(
            f"“{nilai}” terbaca sebagai {'tanggal' if isinstance(nilai, datetime) else 'logika'}, "
            "bukan angka; tulis angkanya, mis. 95,06."
        )
    if isinstance(nilai, str):
        try:
            angka = parse_angka(nilai)
        except AngkaTidakSah as exc:
            raise _Salah(str(exc)) from exc
    elif isinstance(nilai, int | float | Decimal):
        try:
            angka = Decimal(str(nilai))
        except InvalidOperation as exc:  # pragma: no cover - inf/nan are not stored by Excel
            raise _Salah(f"“{nilai}” bukan angka.") from exc
        if "%" in number_format.replace('"%"', ""):
            # A cell formatted as percent shows 95,06% but holds 0.9506.
            angka *= 100
            catatan = f"sel berformat persen: {nilai} dibaca sebagai {format_angka(angka)}"
    else:
        raise _Salah(f"“{nilai}” bukan angka.")
    if angka < 0:
        raise _Salah(f"{nama} tidak boleh negatif.")
    if angka >= BATAS_NILAI:
        raise _Salah(f"{format_angka(angka)} terlalu besar untuk {nama.lower()}.")
    if angka != angka.quantize(Decimal("0.0001")):
        raise _Salah(f"{nilai} memiliki lebih dari 4 angka desimal; bulatkan dulu (mis. 33,3333).")
    return angka.normalize(), catatan


def _parse_tersedia(nilai) -> bool | None:
    if nilai is None:
        return None
    if isinstance(nilai, bool):
        return nilai
    teks = str(nilai).strip().lower()
    if not teks:
        return None
    if teks in ("ya", "y", "ada", "tersedia"):
        return True
    if teks in ("tidak", "t", "tidak ada", "belum ada"):
        return False
    raise _Salah(f"“{nilai}” tidak dikenal: isi Ya atau Tidak, atau kosongkan.")


def _baca_meta(rows: Iterable) -> tuple[dict[str, str], dict[str, tuple]]:
    kunci: dict[str, str] = {}
    basis: dict[str, tuple] = {}
    kosong = 0
    for r, row in enumerate(rows, 1):
        row = tuple(row[:11])
        if r > BATAS_BARIS:
            break
        if r < BARIS_META_BASIS:
            if row and row[0] not in (None, ""):
                kunci[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
            continue
        if r == BARIS_META_BASIS:
            continue
        row = tuple(row) + (None,) * (11 - len(row))
        if row[0] in (None, ""):
            kosong += 1
            if kosong > BATAS_BARIS_KOSONG:
                break
            continue
        kosong = 0
        basis[str(row[0])] = row[1:]
    return kunci, basis


def _sel(row: tuple, c: int):
    return row[c] if c < len(row) else None


def baca_buku_kerja(
    *, berkas: bytes, satker: Satker, tahun: int, nama_berkas: str = "buku-kerja.xlsx"
) -> HasilBaca:
    """Read an uploaded workbook. BerkasDitolak when it is not this satker's, year's and PK's
    workbook (or not a sane .xlsx at all); problems inside it are in ``HasilBaca.masalah``."""
    info = check_berkas(berkas, nama_berkas=nama_berkas)
    pk, daftar = _muat(satker, tahun)
    if pk is None:
        raise BerkasDitolak(f"Belum ada Perjanjian Kinerja tahun {tahun} untuk {satker.nama}.")
    try:
        with warnings.catch_warnings(), buka_lembar(berkas, info) as buku:
            warnings.simplefilter("ignore")
            if LEMBAR not in buku.nama or LEMBAR_META not in buku.nama:
                raise BerkasDitolak(
                    "Berkas ini bukan buku kerja indikator LKjIP (lembar “Realisasi” dan "
                    "lembar data tersembunyi tidak ditemukan). Unduh buku kerja dari halaman "
                    "ringkasan, isi, lalu unggah berkas itu."
                )
            kunci, basis = _baca_meta(buku.baris(LEMBAR_META))
            _periksa_meta(kunci, satker=satker, tahun=tahun, pk=pk, daftar=daftar)
            hasil = HasilBaca(
                nama_berkas=nama_berkas[:255],
                sha256=hashlib.sha256(berkas).hexdigest(),
                pk_id=pk.pk,
                pk_versi=pk.versi,
                makro=info.makro,
            )
            # Cells, not values: a realisation formatted as percent is read as its percent.
            _baca_lembar(
                buku.sel(LEMBAR, max_col=len(KOLOM)),
                hasil,
                daftar,
                basis,
                buku.rumus_tanpa_nilai(LEMBAR),
            )
    except BerkasDitolak:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise BerkasDitolak(
            "Berkas .xlsx tidak dapat dibaca (isinya rusak atau tidak sesuai format). Unduh buku "
            f"kerja yang baru dan isi ulang. ({type(exc).__name__})"
        ) from exc
    return hasil


def _periksa_meta(
    kunci: dict[str, str],
    *,
    satker: Satker,
    tahun: int,
    pk: PerjanjianKinerja,
    daftar: Sequence[BarisBuku],
) -> None:
    if kunci.get("format") != FORMAT:
        raise BerkasDitolak("Berkas ini bukan buku kerja indikator LKjIP.")
    if kunci.get("versi_format") != VERSI_FORMAT:
        raise BerkasDitolak("Format buku kerja ini sudah tidak berlaku; unduh buku kerja baru.")
    if kunci.get("satker") != satker.kode:
        raise BerkasDitolak(
            f"Buku kerja ini milik {kunci.get('nama_satker') or 'satker lain'} "
            f"({kunci.get('satker')}), bukan {satker.nama}; berkas ditolak."
        )
    if kunci.get("tahun") != str(tahun):
        raise BerkasDitolak(
            f"Buku kerja ini untuk tahun {kunci.get('tahun')}, bukan {tahun}; berkas ditolak."
        )
    if kunci.get("pk_versi") != str(pk.versi) or kunci.get("pk_id") != str(pk.pk):
        raise BerkasDitolak(
            f"Buku kerja ini dibuat dari Perjanjian Kinerja versi {kunci.get('pk_versi')}, "
            f"sedangkan yang berlaku sekarang versi {pk.versi}. Unduh buku kerja baru dan isi "
            "ulang realisasinya."
        )
    if kunci.get("struktur") != compute_struktur(pk.versi, daftar):
        raise BerkasDitolak(
            "Perjanjian Kinerja (indikator, target atau dokumen wajib) sudah diubah sejak buku "
            "kerja ini diunduh. Unduh buku kerja baru dan isi ulang realisasinya."
        )


def _baca_lembar(
    rows: Iterable, hasil: HasilBaca, daftar, basis, rumus_tanpa_nilai: set[str]
) -> None:
    per_id = {b.id: b for b in daftar}
    terlihat: set[str] = set()
    kosong = 0

    def salah(pesan: str, r: int | None = None, c: int | None = None, galat=True) -> None:
        kolom = get_column_letter(c + 1) if c is not None else ""
        hasil.masalah.append(Masalah(pesan, LEMBAR, r, kolom, galat))

    for r, row in enumerate(rows, 1):
        if r > BATAS_BARIS:
            salah(f"Lembar lebih dari {BATAS_BARIS} baris; sisanya tidak dibaca.")
            break
        nilai = tuple(getattr(s, "value", None) for s in row)
        if r < BARIS_KEPALA:
            continue
        if r == BARIS_KEPALA:
            for c, judul in enumerate(KOLOM):
                if _norm(_sel(nilai, c)) != judul:
                    salah(f"Judul kolom harus “{judul}”: {PESAN_TERKUNCI}.", r, c)
            if hasil.galat:
                return
            continue
        if all(_norm(v) == "" for v in nilai):
            kosong += 1
            if kosong > BATAS_BARIS_KOSONG:
                break
            continue
        kosong = 0
        id_baris = _norm(_sel(nilai, 0))
        b = per_id.get(id_baris)
        if b is None:
            salah(
                f"ID “{id_baris}” tidak dikenal; baris tidak boleh ditambah atau ID diubah."
                if id_baris
                else "Baris tanpa ID; baris tidak boleh ditambah.",
                r,
                0,
            )
            continue
        if id_baris in terlihat:
            salah(f"ID {id_baris} muncul dua kali; baris tidak boleh disalin.", r, 0)
            continue
        terlihat.add(id_baris)
        for c, seharusnya in enumerate(b.struktur):
            if _norm(_sel(nilai, c)) != _norm(seharusnya):
                salah(
                    f"{KOLOM[c]}: {PESAN_TERKUNCI} (berisi “{_norm(_sel(nilai, c))}”, "
                    f"seharusnya “{_norm(seharusnya)}”).",
                    r,
                    c,
                )
        isian = Isian(id=id_baris, baris=r)
        dasar = basis.get(id_baris, (None,) * 10)
        dasar = tuple(dasar) + (None,) * (10 - len(dasar))
        isian.basis_target = [_norm(v) or None for v in dasar[6:10]]
        isian.basis_tw = [_norm(v) or None for v in dasar[:4]]
        isian.basis_keterangan = _norm(dasar[4])
        isian.basis_tersedia = _parse_tersedia(dasar[5])
        for i, c in enumerate(KOLOM_TW):
            isi = _sel(nilai, c)
            koordinat = f"{get_column_letter(c + 1)}{r}"
            if koordinat in rumus_tanpa_nilai:
                salah("Rumus tanpa nilai tersimpan; buka dan simpan ulang di Excel.", r, c)
                continue
            if not b.isi_tw:
                if _norm(isi):
                    salah(f"{NAMA_TW[i]} tidak diisi untuk baris ini: {PESAN_TERKUNCI}.", r, c)
                continue
            try:
                format_sel = getattr(row[c], "number_format", "") if c < len(row) else ""
                angka, catatan = _parse_nilai(isi, format_sel or "")
            except _Salah as exc:
                salah(f"{NAMA_TW[i]}: {exc}", r, c)
                continue
            if catatan:
                salah(f"{NAMA_TW[i]}: {catatan}.", r, c, galat=False)
            isian.tw[i] = None if angka is None else format(angka, "f")
        for i, c in enumerate(KOLOM_TARGET):
            isi = _sel(nilai, c)
            if f"{get_column_letter(c + 1)}{r}" in rumus_tanpa_nilai:
                salah("Rumus tanpa nilai tersimpan; buka dan simpan ulang di Excel.", r, c)
                continue
            if not b.isi_tw:
                if _norm(isi):
                    salah(f"{NAMA_TARGET[i]} tidak diisi untuk baris ini: {PESAN_TERKUNCI}.", r, c)
                continue
            try:
                format_sel = getattr(row[c], "number_format", "") if c < len(row) else ""
                angka, catatan = _parse_nilai(isi, format_sel or "", nama="Target")
            except _Salah as exc:
                salah(f"{NAMA_TARGET[i]}: {exc}", r, c)
                continue
            if catatan:
                salah(f"{NAMA_TARGET[i]}: {catatan}.", r, c, galat=False)
            isian.target[i] = None if angka is None else format(angka, "f")
        keterangan = _norm(_sel(nilai, KOLOM_KETERANGAN))
        if b.isi_tw:
            isian.keterangan = keterangan
            if keterangan != isian.basis_keterangan and not any(isian.tw):
                salah("Keterangan diisi tanpa realisasi TW mana pun.", r, KOLOM_KETERANGAN)
        elif keterangan:
            salah(f"Keterangan: {PESAN_TERKUNCI} untuk baris ini.", r, KOLOM_KETERANGAN)
        tersedia = _sel(nilai, KOLOM_TERSEDIA)
        if b.dokumen_id is not None:
            try:
                isian.tersedia = _parse_tersedia(tersedia)
            except _Salah as exc:
                salah(f"Tersedia: {exc}", r, KOLOM_TERSEDIA)
        elif _norm(tersedia):
            salah(f"Tersedia: {PESAN_TERKUNCI} untuk baris ini.", r, KOLOM_TERSEDIA)
        hasil.isian.append(isian)
    for b in daftar:
        if b.id not in terlihat:
            salah(f"Baris {b.id} ({b.nama[:60]}) tidak ada di berkas; baris tidak boleh dihapus.")


# --- Preview and apply ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Perubahan:
    jenis: str  # tambah, ubah, hapus
    id: str
    nomor: str
    indikator: str
    kolom: str  # "TW II", "Keterangan TW II", "Tersedia"
    lama: str
    baru: str
    baris: int


@dataclass(frozen=True)
class Pratinjau:
    perubahan: tuple[Perubahan, ...]
    masalah: tuple[Masalah, ...]
    dipertahankan: int  # cells changed in the application since download, untouched in the file
    sidik: str

    @property
    def galat(self) -> list[Masalah]:
        return [m for m in self.masalah if m.galat]

    @property
    def peringatan(self) -> list[Masalah]:
        return [m for m in self.masalah if not m.galat]


@dataclass
class _Tulis:
    """One write: a realisation (its value and/or keterangan), or a document's tersedia."""

    indikator_id: int
    triwulan: int | None
    dokumen_id: int | None
    ubah_nilai: bool = False  # with nilai None: delete the realisation
    nilai: Decimal | None = None
    keterangan: str | None = None  # None: keep
    tersedia: bool | None = None
    ubah_target: bool = False  # the rencana aksi's TW target: ``nilai`` (None: not set)


def compute_sidik(daftar: Sequence[BarisBuku]) -> str:
    """A fingerprint of the values the preview was computed from."""
    isi = [
        [
            b.id,
            [_basis_angka(t) for t in b.tw],
            b.keterangan,
            _teks_tersedia(b.tersedia),
            [_basis_angka(t) for t in b.target_tw],
        ]
        for b in daftar
    ]
    return hashlib.sha256(json.dumps(isi, ensure_ascii=False).encode()).hexdigest()


def _teks_angka(nilai: Decimal | None, satuan: str) -> str:
    if nilai is None:
        return KOSONG
    return f"{format_angka(nilai)}{'%' if satuan == '%' else ''}"


def _bandingkan(
    hasil: HasilBaca, daftar: Sequence[BarisBuku], keterangan_tw: dict[tuple[int, int], str]
) -> tuple[list[Perubahan], list[_Tulis], list[Masalah], int]:
    per_id = {b.id: b for b in daftar}
    perubahan: list[Perubahan] = []
    tulis: list[_Tulis] = []
    per_tw: dict[tuple[int, int], _Tulis] = {}
    masalah: list[Masalah] = []
    dipertahankan = 0

    def tiga_arah(berkas, dasar, db) -> str:
        if berkas == db:
            return "sama"
        if db == dasar:
            return "ubah"
        if berkas == dasar:
            return "pertahankan"
        return "konflik"

    for isian in hasil.isian:
        b = per_id.get(isian.id)
        if b is None:  # pragma: no cover - the structure checksum was checked on upload
            continue
        if b.dokumen_id is not None:
            keputusan = tiga_arah(isian.tersedia, isian.basis_tersedia, b.tersedia)
            if keputusan == "ubah":
                perubahan.append(
                    Perubahan(
                        "ubah" if b.tersedia is not None else "tambah",
                        b.id,
                        b.nomor,
                        b.nama,
                        "Tersedia",
                        _teks_tersedia(b.tersedia) or KOSONG,
                        _teks_tersedia(isian.tersedia) or KOSONG,
                        isian.baris,
                    )
                )
                tulis.append(_Tulis(b.indikator_id, None, b.dokumen_id, tersedia=isian.tersedia))
            elif keputusan == "pertahankan":
                dipertahankan += 1
            elif keputusan == "konflik":
                masalah.append(_konflik(isian.baris, KOLOM_TERSEDIA, b.nama, "Tersedia"))
            continue
        if not b.isi_tw:
            continue
        nilai_akhir = list(b.tw)
        # The TW values, then the TW targets (the rencana aksi): the same three-way comparison.
        for diketik, basis, tersimpan, kolom, nama, target in (
            (isian.tw, isian.basis_tw, b.tw, KOLOM_TW, NAMA_TW, False),
            (isian.target, isian.basis_target, b.target_tw, KOLOM_TARGET, NAMA_TARGET, True),
        ):
            for i in range(4):
                berkas = None if diketik[i] is None else Decimal(diketik[i])
                dasar = None if basis[i] is None else Decimal(basis[i])
                lama = tersimpan[i]
                keputusan = tiga_arah(berkas, dasar, lama)
                if keputusan == "pertahankan":
                    dipertahankan += 1
                elif keputusan == "konflik":
                    masalah.append(_konflik(isian.baris, kolom[i], b.nama, nama[i]))
                elif keputusan == "ubah":
                    jenis = "tambah" if lama is None else ("hapus" if berkas is None else "ubah")
                    perubahan.append(
                        Perubahan(
                            jenis,
                            b.id,
                            b.nomor,
                            b.nama,
                            nama[i],
                            _teks_angka(lama, b.satuan),
                            _teks_angka(berkas, b.satuan),
                            isian.baris,
                        )
                    )
                    if target:
                        t = _Tulis(b.indikator_id, i + 1, None, nilai=berkas, ubah_target=True)
                    else:
                        t = _Tulis(b.indikator_id, i + 1, None, ubah_nilai=True, nilai=berkas)
                        per_tw[(b.indikator_id, i + 1)] = t
                        nilai_akhir[i] = berkas
                    tulis.append(t)
        if isian.keterangan != isian.basis_keterangan:
            terisi = [i + 1 for i, v in enumerate(nilai_akhir) if v is not None]
            if terisi:
                tw = terisi[-1]
                lama = keterangan_tw.get((b.indikator_id, tw), "")
                if lama != isian.keterangan:
                    perubahan.append(
                        Perubahan(
                            "ubah" if lama else "tambah",
                            b.id,
                            b.nomor,
                            b.nama,
                            f"Keterangan {NAMA_TW[tw - 1]}",
                            lama or KOSONG,
                            isian.keterangan or KOSONG,
                            isian.baris,
                        )
                    )
                    t = per_tw.get((b.indikator_id, tw))
                    if t is not None:
                        t.keterangan = isian.keterangan
                    else:
                        tulis.append(_Tulis(b.indikator_id, tw, None, keterangan=isian.keterangan))
    return perubahan, tulis, masalah, dipertahankan


def _konflik(baris: int, kolom: int, indikator: str, nama_kolom: str) -> Masalah:
    return Masalah(
        f"{nama_kolom} “{indikator[:60]}” sudah diubah di aplikasi sejak buku kerja diunduh, dan "
        "juga diubah di berkas. Periksa nilainya di aplikasi, lalu unduh buku kerja baru.",
        LEMBAR,
        baris,
        get_column_letter(kolom + 1),
    )


def _keterangan_tw(daftar: Sequence[BarisBuku]) -> dict[tuple[int, int], str]:
    ids = [b.indikator_id for b in daftar if b.isi_tw]
    return {
        (r.indikator_id, r.triwulan): r.keterangan
        for r in Realisasi.objects.filter(indikator_id__in=ids).only(
            "indikator_id", "triwulan", "keterangan"
        )
    }


def build_pratinjau(*, satker: Satker, tahun: int, hasil: HasilBaca) -> Pratinjau:
    """What the upload would change now, with every problem (those of the file and conflicts)."""
    pk, daftar = _muat(satker, tahun)
    if pk is None or pk.pk != hasil.pk_id:
        raise ImporGagal("Perjanjian Kinerja yang berlaku sudah berganti; unggah ulang berkasnya.")
    perubahan, _, konflik, dipertahankan = _bandingkan(hasil, daftar, _keterangan_tw(daftar))
    return Pratinjau(
        perubahan=tuple(perubahan),
        masalah=(*hasil.masalah, *konflik),
        dipertahankan=dipertahankan,
        sidik=compute_sidik(daftar),
    )


def terapkan_buku_kerja(
    *, satker: Satker, tahun: int, hasil: HasilBaca, pengguna: Pengguna, sidik: str
) -> int:
    """Write the previewed changes; returns how many cells were written. Called inside
    ``riwayat.unggahan.menerapkan`` (one transaction, recorded in the history as an import, the
    satker-year locked), through ``AlurBukuKerja``.

    ``sidik`` is the fingerprint the preview was shown with: if the data changed since, nothing
    is written."""
    pk, daftar = _muat(satker, tahun)
    if pk is None or pk.pk != hasil.pk_id:
        raise ImporGagal("Perjanjian Kinerja yang berlaku sudah berganti; unggah ulang berkasnya.")
    pastikan_dasar(
        dasar=sidik,
        sekarang=compute_sidik(daftar),
        apa=f"Realisasi tahun {tahun}",
        saran="periksa pratinjau yang baru di bawah sebelum menyimpan",
    )
    perubahan, tulis, konflik, _ = _bandingkan(hasil, daftar, _keterangan_tw(daftar))
    if hasil.galat or konflik:
        raise ImporGagal("Berkas masih berisi galat; perbaiki berkasnya lalu unggah lagi.")
    # The realisations through their one write path (version, history, signed-year guard),
    # all read and locked before anything is written.
    try:
        _tulis_massal(tulis, pengguna)
    except IsianDitolak as exc:  # a closed TW (docs/triwulan.md): the whole upload is refused
        raise ImporGagal(f"Buku kerja tidak diterapkan: {exc.pesan}") from exc
    _terapkan_target(satker=satker, tahun=tahun, daftar=daftar, tulis=tulis, pengguna=pengguna)
    sekarang = timezone.now()
    for t in tulis:
        if t.dokumen_id is not None:
            # save(), not update(): the history and the signed-year guard see it.
            dokumen = DokumenWajib.objects.get(pk=t.dokumen_id)
            dokumen.tersedia, dokumen.diisi_oleh, dokumen.diisi_pada = (
                t.tersedia,
                pengguna,
                sekarang,
            )
            dokumen.save()
    return len(perubahan)


def _tulis_massal(tulis, pengguna: Pengguna) -> None:
    update_realisasi_massal(
        isian=[
            IsianRealisasi(
                indikator_id=t.indikator_id,
                triwulan=t.triwulan,
                nilai=t.nilai,
                ubah_nilai=t.ubah_nilai,
                keterangan=t.keterangan,
            )
            for t in tulis
            if t.dokumen_id is None and not t.ubah_target
        ],
        user=pengguna,
    )


def _terapkan_target(
    *,
    satker: Satker,
    tahun: int,
    daftar: Sequence[BarisBuku],
    tulis: Sequence[_Tulis],
    pengguna: Pengguna,
) -> None:
    """The TW targets through the rencana aksi's one write path (kinerja/renaksi.py): the other
    TWs' targets and the planned actions as stored; a closed TW or a signed year refuses all."""
    baru: dict[int, list[Decimal | None]] = {}
    per_indikator = {b.indikator_id: b for b in daftar if b.dokumen_id is None}
    for t in tulis:
        if t.ubah_target:
            target = baru.setdefault(t.indikator_id, list(per_indikator[t.indikator_id].target_tw))
            target[t.triwulan - 1] = t.nilai
    if not baru:
        return
    try:
        simpan_rencana_aksi(
            satker=satker,
            tahun=tahun,
            isian=[
                RencanaIndikator(
                    indikator_id=i,
                    target=tuple(target),
                    rencana=per_indikator[i].rencana_tw,
                )
                for i, target in baru.items()
            ],
            user=pengguna,
        )
    except IsianDitolak as exc:
        raise ImporGagal(exc.pesan) from exc


class AlurBukuKerja:
    """The indicator workbook as an upload flow (``riwayat.unggahan.Alur``): what was read waits
    in the upload record's ``hasil``; the preview's fingerprint comes back with the confirmation
    (the preview is a three-way comparison with the values at download, computed when shown)."""

    jenis = Unggahan.Jenis.BUKU_KERJA
    model = Unggahan

    def baca(self, *, satker: Satker, tahun: int, data: bytes, nama_berkas: str) -> HasilBaca:
        return baca_buku_kerja(berkas=data, satker=satker, tahun=tahun, nama_berkas=nama_berkas)

    def simpan(self, *, satker: Satker, tahun: int, hasil: HasilBaca, data: bytes) -> dict:
        return {
            "hasil": hasil.to_json(),
            "ringkasan": {"jumlah_baris": len(hasil.isian), "galat": len(hasil.galat)},
        }

    def pratinjau(self, unggahan: Unggahan) -> Pratinjau:
        return build_pratinjau(
            satker=unggahan.satker, tahun=unggahan.tahun, hasil=HasilBaca.from_json(unggahan.hasil)
        )

    def terapkan(self, unggahan: Unggahan, *, pengguna: Pengguna, sidik: str) -> int:
        jumlah = terapkan_buku_kerja(
            satker=unggahan.satker,
            tahun=unggahan.tahun,
            hasil=HasilBaca.from_json(unggahan.hasil),
            pengguna=pengguna,
            sidik=sidik,
        )
        unggahan.ringkasan = {**unggahan.ringkasan, "diubah": jumlah}
        return jumlah


ALUR = AlurBukuKerja()
