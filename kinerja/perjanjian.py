"""The Perjanjian Kinerja as a printable document.

``build_perjanjian`` reads one version of the PK, its rows and the year's budget once; the web page
and the PDF both render the returned ``DokumenPerjanjian`` and never query the database.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anggaran.services import build_pohon_anggaran
from kinerja.models import JenisTarget, PerjanjianKinerja, ProgramPK, SasaranPK
from kinerja.services import list_sasaran_pk
from lkjip.angka import KOSONG, format_angka
from lkjip.unduhan import bagian_nama
from satker.kop import KopSurat, build_kop
from satker.models import Satker

ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class Pihak:
    nama: str  # "" when not yet filled: the document prints a blank line to write on
    jabatan: str
    nip: str = ""


def list_isian_kosong(
    *,
    pihak_pertama: Pihak,
    pihak_kedua: Pihak,
    tanggal: date | None,
    tempat: str,
) -> tuple[tuple[str, str], ...]:
    """(jenis, pesan) of every value a signed PK must state and this one lacks: both names, the
    NIP of the pihak pertama (the Sekretaris, a civil servant), the date and the place. The PK
    page lists them; the report's consistency check makes each a galat."""
    pertama = pihak_pertama.jabatan or "Sekretaris"
    kedua = pihak_kedua.jabatan or "Ketua"
    kosong = (
        (not pihak_pertama.nama, "pk_pihak_pertama_kosong", f"Nama pihak pertama ({pertama})"),
        (
            not pihak_pertama.nip,
            "pk_nip_kosong",
            f"NIP pihak pertama ({pertama}; pegawai negeri sipil, namanya dicetak dengan NIP)",
        ),
        (not pihak_kedua.nama, "pk_pihak_kedua_kosong", f"Nama pihak kedua ({kedua})"),
        (tanggal is None, "pk_tanggal_kosong", "Tanggal penetapan Perjanjian Kinerja"),
        (not tempat, "pk_tempat_kosong", "Tempat penandatanganan Perjanjian Kinerja"),
    )
    return tuple((jenis, f"{apa} belum diisi.") for hilang, jenis, apa in kosong if hilang)


@dataclass(frozen=True)
class IndikatorPerjanjian:
    nama: str
    target: str  # "100", "1", "—" when not set; for a document target, the number of documents
    satuan: str
    dokumen: tuple[str, ...]  # the required documents of a document target


@dataclass(frozen=True)
class SasaranPerjanjian:
    nomor: str
    uraian: str
    indikator: tuple[IndikatorPerjanjian, ...]


@dataclass(frozen=True)
class KelompokPerjanjian:
    judul: str
    sasaran: tuple[SasaranPerjanjian, ...]


@dataclass(frozen=True)
class ProgramPerjanjian:
    nomor: str
    kode: str
    nama: str
    kelompok: tuple[KelompokPerjanjian, ...]
    pagu: Decimal | None  # from the year's budget; None when the budget has no such programme


@dataclass(frozen=True)
class DokumenPerjanjian:
    kode_satker: str
    kop: KopSurat
    satker: str  # "KPU Kabupaten Gunung Mas"
    nama_lengkap: str
    tahun: int
    versi: int
    versi_semua: tuple[int, ...]  # every version of the year's PK, ascending
    jenis: str  # "awal" / "perubahan"
    jenis_teks: str  # "PK awal"
    tanggal: date | None
    alasan_perubahan: str
    tempat: str
    pihak_pertama: Pihak
    pihak_kedua: Pihak
    program: tuple[ProgramPerjanjian, ...]
    total_pagu: Decimal | None
    id: int = 0

    @property
    def isian_kosong(self) -> tuple[tuple[str, str], ...]:
        return list_isian_kosong(
            pihak_pertama=self.pihak_pertama,
            pihak_kedua=self.pihak_kedua,
            tanggal=self.tanggal,
            tempat=self.tempat,
        )

    @property
    def terkini(self) -> bool:
        return self.versi == self.versi_semua[-1]

    @property
    def judul(self) -> str:
        return f"Perjanjian Kinerja Tahun {self.tahun} {self.satker}"


def nama_berkas_perjanjian(*, satker: Satker, tahun: int, versi: int | None = None) -> str:
    """'PK-KPU-Kabupaten-Gunung-Mas-2024' (with '-v2' for an earlier version), no extension."""
    dasar = f"PK-{bagian_nama(satker.nama)}-{tahun}"
    return f"{dasar}-v{versi}" if versi is not None else dasar


def _jabatan(jabatan: str, satker: Satker) -> str:
    """'Sekretaris' -> 'Sekretaris KPU Kabupaten Gunung Mas', unless it already names the satker."""
    jabatan = jabatan.strip()
    if not jabatan or satker.nama.lower() in jabatan.lower():
        return jabatan
    return f"{jabatan} {satker.nama}"


def _indikator(ind) -> IndikatorPerjanjian:
    if ind.jenis_target == JenisTarget.DOKUMEN:
        dokumen = tuple(d.nama for d in ind.dokumen_wajib.all())
        return IndikatorPerjanjian(
            nama=ind.nama,
            target=str(len(dokumen)) if dokumen else KOSONG,
            satuan="dokumen",
            dokumen=dokumen,
        )
    return IndikatorPerjanjian(
        nama=ind.nama, target=format_angka(ind.target), satuan=ind.satuan.strip(), dokumen=()
    )


def _program(
    program_pk: list[ProgramPK], daftar_sasaran: list[SasaranPK], pagu: dict[str, Decimal | None]
) -> tuple[ProgramPerjanjian, ...]:
    # The signed agreement's own rows (bagian rincian); a PK entered without them prints its
    # programme and measured sasaran instead, so the document is never empty.
    rincian = [s for s in daftar_sasaran if s.bagian == SasaranPK.Bagian.RINCIAN]
    kelompok: dict[int, dict[str, list[SasaranPerjanjian]]] = {p.pk: {} for p in program_pk}
    for s in rincian or daftar_sasaran:
        kelompok[s.program_id].setdefault(s.kelompok if rincian else "", []).append(
            SasaranPerjanjian(
                nomor=s.nomor,
                uraian=s.uraian,
                indikator=tuple(_indikator(i) for i in s.indikator.all()),
            )
        )
    return tuple(
        ProgramPerjanjian(
            nomor=ROMAWI[i] if i < len(ROMAWI) else str(i + 1),
            kode=p.kode,
            nama=p.nama,
            kelompok=tuple(
                KelompokPerjanjian(judul=judul, sasaran=tuple(sasaran))
                for judul, sasaran in kelompok[p.pk].items()
            ),
            pagu=pagu.get(p.kode),
        )
        for i, p in enumerate(program_pk)
    )


def get_perjanjian(*, satker: Satker, tahun: int, versi: int | None = None):
    """The PK version asked for, or the one in force (highest versi); None when there is none."""
    qs = PerjanjianKinerja.objects.filter(satker=satker, tahun=tahun)
    if versi is not None:
        return qs.filter(versi=versi).first()
    return qs.order_by("-versi").first()


def build_perjanjian(*, satker: Satker, pk: PerjanjianKinerja) -> DokumenPerjanjian:
    """The whole PK document: pihak, table rows and programmes with their pagu."""
    daftar_sasaran = list_sasaran_pk(pk=pk)
    pohon = build_pohon_anggaran(satker=satker, tahun=pk.tahun)
    program_pk = list(pk.program.order_by("urutan"))
    pagu = {}
    for p in program_pk:
        node = pohon.cari(p.kode)
        pagu[p.kode] = node.pagu if node is not None else None
    program = _program(program_pk, daftar_sasaran, pagu)
    hadir = [p.pagu for p in program if p.pagu is not None]
    versi_semua = tuple(
        PerjanjianKinerja.objects.filter(satker=satker, tahun=pk.tahun)
        .order_by("versi")
        .values_list("versi", flat=True)
    )
    # The PK's own place of signing; the satker's seat when not given (as the report's).
    tempat = pk.tempat.strip() or satker.kedudukan.strip()
    return DokumenPerjanjian(
        kode_satker=satker.kode,
        kop=build_kop(satker),
        satker=satker.nama,
        nama_lengkap=satker.nama_lengkap,
        tahun=pk.tahun,
        versi=pk.versi,
        versi_semua=versi_semua,
        jenis=pk.jenis,
        jenis_teks=pk.get_jenis_display(),
        tanggal=pk.tanggal,
        alasan_perubahan=pk.alasan_perubahan,
        tempat=tempat,
        pihak_pertama=Pihak(
            pk.pihak_pertama_nama.strip(),
            _jabatan(pk.pihak_pertama_jabatan, satker),
            pk.pihak_pertama_nip.strip(),
        ),
        pihak_kedua=Pihak(pk.pihak_kedua_nama.strip(), _jabatan(pk.pihak_kedua_jabatan, satker)),
        program=program,
        total_pagu=sum(hadir, Decimal(0)) if hadir else None,
        id=pk.pk,
    )
