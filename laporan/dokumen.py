"""The LKjIP as one immutable object: computed once, rendered many times.

``build_dokumen`` reads everything through the services once; the web page, the PDF, the JSON and
the exports render the returned ``DokumenLaporan`` and never query the database themselves.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString

from anggaran.models import (
    BarisAnggaran,
    RealisasiBulanan,
    RencanaPenarikan,
    RevisiDipa,
    Tingkat,
)
from anggaran.services import (
    BarisTabulasi,
    RealisasiTahun,
    RingkasanAnggaran,
    RiwayatRevisi,
    build_pohon_anggaran,
    build_realisasi_tahun,
    build_tabulasi,
    list_revisi_dipa,
)
from kinerja.models import (
    BarisRKT,
    CatatanTriwulan,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    RencanaAksi,
    SasaranPK,
    TargetBulanan,
    Triwulan,
)
from kinerja.services import (
    CapaianIndikator,
    RingkasanKinerja,
    build_ringkasan_kinerja,
    compute_capaian,
    format_nilai,
    get_pk_berlaku,
)
from laporan import grafik
from laporan.markup import render_html
from laporan.models import GambarOrganisasi, Laporan, Narasi
from laporan.placeholder import BERKODE, NilaiTambahan, isi_placeholder, keterangan_tambahan
from laporan.services import BarisEfisiensi, build_efisiensi
from lkjip.angka import KOSONG, format_jumlah, format_persen, format_rupiah
from lkjip.pemilik import Pemilik
from lkjip.unduhan import nama_berkas_laporan
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Polaritas,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from renstra.services import teks_polaritas
from satker.kop import KopSurat, build_kop
from satker.models import Pengguna, Satker

# What narrative writers may embed, with what it means (the editor's picker lists these); budget
# figures take a code too: {pagu:076.01.CQ}, {serapan:6709} (see laporan.placeholder.BERKODE).
PLACEHOLDER = {
    "satker": "Nama satker, mis. KPU Kabupaten Gunung Mas",
    "nama_lengkap": "Nama lengkap satker",
    "wilayah": "Wilayah kerja",
    "provinsi": "Provinsi",
    "kedudukan": "Ibu kota / kedudukan",
    "tahun": "Tahun laporan",
    "tahun_lalu": "Tahun sebelum tahun laporan",
    "capaian_kinerja": "Capaian kinerja (rata-rata indikator terukur)",
    "kategori_kinerja": "Kategori capaian kinerja",
    "jumlah_sasaran": "Jumlah sasaran strategis (Tabel 3.1)",
    "jumlah_sasaran_terukur": "Jumlah sasaran terukur (Tabel 3.2)",
    "jumlah_indikator": "Jumlah indikator terukur (Tabel 3.2)",
    "pagu_total": "Total pagu anggaran",
    "realisasi_total": "Total realisasi anggaran",
    "sisa_total": "Total sisa anggaran",
    "serapan_total": "Serapan anggaran total (Σ realisasi ÷ Σ pagu)",
    # Lists from the data, for the Ikhtisar's "tujuan … sasaran … indikator" (written on a line of
    # their own, they print as a numbered list).
    "daftar_tujuan": "Daftar bernomor tujuan Renstra (tulis di baris tersendiri)",
    "daftar_sasaran": "Daftar bernomor sasaran strategis Renstra (tulis di baris tersendiri)",
    "daftar_iku": "Daftar bernomor indikator kinerja utama, Tabel 3.1 (tulis di baris tersendiri)",
}

ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class TeksNarasi:
    bagian: str
    kunci: str
    judul: str
    teks: str  # placeholders already filled
    tidak_dikenal: tuple[str, ...]  # placeholders that could not be filled

    @property
    def html(self) -> SafeString:
        return render_html(self.teks)

    @property
    def kosong(self) -> bool:
        return not self.teks.strip()


@dataclass(frozen=True)
class ProfilSatker:
    kode: str
    nama: str
    nama_lengkap: str
    wilayah: str
    provinsi: str
    kedudukan: str
    alamat: str
    logo: str  # path of the logo file, "" when there is none
    id: int = 0  # the satker's row, for the consistency check's links

    @property
    def logo_uri(self) -> str:
        return Path(self.logo).as_uri() if self.logo else ""


@dataclass(frozen=True)
class Penandatangan:
    nama: str
    jabatan: str
    nip: str = ""
    pengguna_id: int | None = None  # the account the name comes from (the Ketua), if any


@dataclass(frozen=True)
class SasaranRenstraLaporan:
    uraian: str
    indikator: tuple[tuple[str, str], ...]  # (nama, polaritas)


@dataclass(frozen=True)
class RenstraLaporan:
    periode: str
    nomor_keputusan: str
    visi: str
    makna_visi: tuple[tuple[str, str], ...]  # (kata kunci, makna)
    misi: tuple[str, ...]
    tujuan: tuple[str, ...]
    sasaran: tuple[SasaranRenstraLaporan, ...]


@dataclass(frozen=True)
class BarisRKTLaporan:
    nomor: int
    sasaran: str
    indikator: str
    kode_kegiatan: str


@dataclass(frozen=True)
class ProgramRKT:
    nomor: str
    kode: str
    nama: str
    baris: tuple[BarisRKTLaporan, ...]


@dataclass(frozen=True)
class SasaranTabel:
    nomor: str
    uraian: str
    indikator: tuple[CapaianIndikator, ...]


@dataclass(frozen=True)
class KelompokTabel:
    judul: str
    sasaran: tuple[SasaranTabel, ...]


@dataclass(frozen=True)
class ProgramTabel:
    nomor: str
    kode: str
    nama: str
    kelompok: tuple[KelompokTabel, ...]
    analisis: TeksNarasi | None  # the narrative analysis of this programme (BAB III.B)

    @property
    def sasaran(self) -> tuple[SasaranTabel, ...]:
        return tuple(s for k in self.kelompok for s in k.sasaran)


@dataclass(frozen=True)
class PerjanjianLaporan:
    tahun: int
    versi: int
    jenis: str
    tanggal: date | None
    alasan_perubahan: str
    pihak_pertama: Penandatangan
    pihak_kedua: Penandatangan
    tempat: str = ""  # the PK's own place of signing, else the satker's seat
    id: int = 0


@dataclass(frozen=True)
class Gambar:
    nomor: int
    judul: str
    anchor: str
    berkas: str  # path of an uploaded image, "" for a chart drawn from the data
    svg: SafeString | None
    catatan: str = ""  # printed under the caption, e.g. what the compared years cover

    @property
    def uri(self) -> str:
        return Path(self.berkas).as_uri() if self.berkas else ""


@dataclass(frozen=True)
class EntriDaftar:
    label: str  # "Tabel 3.2", "Gambar 1"
    judul: str
    anchor: str


@dataclass(frozen=True)
class BabDaftar:
    judul: str
    anchor: str
    sub: tuple[EntriDaftar, ...]


def _daftar_isi(tahun: int, periode: str) -> tuple[BabDaftar, ...]:
    """The chapters and sections: the Daftar Isi and the headings both read this one list."""
    bab = (
        (
            "bab_1",
            "BAB I PENDAHULUAN",
            (
                "A. Latar Belakang",
                "B. Kedudukan",
                "C. Tugas dan Fungsi",
                "D. Struktur Organisasi",
                "E. Sistematika Penulisan",
            ),
        ),
        (
            "bab_2",
            "BAB II PERENCANAAN KINERJA",
            (
                f"A. Rencana Strategis {periode}".strip(),
                f"B. Rencana Kinerja Tahun {tahun}",
                f"C. Penetapan Kinerja Tahun {tahun}",
            ),
        ),
        (
            "bab_3",
            "BAB III AKUNTABILITAS KINERJA",
            (
                f"A. Pengukuran Capaian Kinerja Tahun {tahun}",
                f"B. Pengukuran dan Analisis Capaian Kinerja Tahun {tahun}",
                "C. Capaian Kinerja Organisasi",
                "D. Akuntabilitas Keuangan",
                "E. Analisis Capaian Kinerja per Indikator",
            ),
        ),
        ("bab_4", "BAB IV PENUTUP", ()),
    )
    return tuple(
        BabDaftar(
            judul=judul,
            anchor=anchor,
            sub=tuple(
                EntriDaftar(label="", judul=j, anchor=f"{anchor}_{j[0].lower()}") for j in sub
            ),
        )
        for anchor, judul, sub in bab
    )


@dataclass(frozen=True)
class CapaianTahunan:
    tahun: int
    capaian_kinerja: Decimal | None
    kategori: str | None
    jumlah_indikator: int  # the indicators averaged: those with a capaian
    keterangan: str = ""  # why there is no capaian, as the report says it


@dataclass(frozen=True)
class Rumus:
    nama: str
    rumus: str
    keterangan: str


def _rumus(indikator: Iterable[CapaianIndikator]) -> tuple[Rumus, ...]:
    """The formulas the measured indicators actually use (docs/aturan.md rules 1, 2, 5)."""
    indikator = tuple(indikator)
    hasil = [
        Rumus(
            "Polaritas positif (makin tinggi makin baik)",
            "Capaian = Realisasi ÷ Target × 100%",
            "Berlaku juga untuk target berupa jumlah (laporan, dokumen, layanan).",
        )
    ]
    if any(c.polaritas == Polaritas.NEGATIF for c in indikator):
        hasil.append(
            Rumus(
                "Polaritas negatif (makin rendah makin baik)",
                "Capaian = (2 × Target − Realisasi) ÷ Target × 100%, paling rendah 0%",
                "Dengan target 0: realisasi 0 berarti 100%, realisasi di atas 0 berarti 0%.",
            )
        )
    if any(c.jenis_target == JenisTarget.DOKUMEN for c in indikator):
        hasil.append(
            Rumus(
                "Target berupa daftar dokumen",
                "Capaian = Dokumen tersedia ÷ Dokumen wajib × 100%",
                "",
            )
        )
    return tuple(hasil)


@dataclass(frozen=True)
class BarisRenstraLaporan:
    """A Renstra indicator (with a PK indicator of the year that measures it, if any) against its
    target for the year and at the end of the period (Tabel 3.9)."""

    nomor: str  # "1.2": sasaran strategis and indicator order
    indikator: str
    satuan: str
    polaritas_teks: str
    target_tahun: Decimal | None
    target_tahun_teks: str
    target_akhir: Decimal | None
    target_akhir_teks: str
    indikator_pk: str  # the PK indicator measuring it this year, "" when none is linked
    realisasi: Decimal | None
    realisasi_teks: str
    capaian_tahun: Decimal | None
    capaian_akhir: Decimal | None


@dataclass(frozen=True)
class TabelRenstra:
    periode: str
    tahun_akhir: int
    baris: tuple[BarisRenstraLaporan, ...]


@dataclass(frozen=True)
class NilaiTahunan:
    tahun: int
    ada: bool  # the indicator was found in that year's PK
    realisasi_teks: str
    capaian: Decimal | None


@dataclass(frozen=True)
class BarisTahunan:
    """An indicator of Tabel 3.2 and the same indicator in the PK of the two years before
    (Tabel 3.10; how an indicator is matched across years: ``_indikator_sama``)."""

    nomor: str
    nama: str
    polaritas_teks: str
    per_tahun: tuple[NilaiTahunan, ...]  # oldest first, the report's year last


@dataclass(frozen=True)
class BarisStandar:
    nomor: str
    nama: str
    polaritas_teks: str
    standar: Decimal
    standar_teks: str
    sumber: str
    realisasi_teks: str
    capaian: Decimal | None  # the realisation against the national standard


@dataclass(frozen=True)
class AnalisisIndikator:
    """Causes and solution of an indicator of Tabel 3.2, written by staff on the realisation page;
    required for an indicator below "Baik" (``wajib``)."""

    indikator_id: int
    nomor: str
    nama: str
    capaian: Decimal | None
    kategori: str | None
    wajib: bool
    penyebab: str
    solusi: str
    # The notes of the TWs in which it fell below Baik (docs/triwulan.md), in TW order.
    catatan_tw: tuple["CatatanTriwulanLaporan", ...] = ()


@dataclass(frozen=True)
class CatatanTriwulanLaporan:
    triwulan: str  # "TW I"
    penyebab: str
    perbaikan: str


@dataclass(frozen=True)
class SerapanTahunan:
    tahun: int
    pagu: Decimal | None
    realisasi: Decimal | None
    serapan: Decimal | None


# The longest amount (Rp99.999.999.999, below a hundred billion) Tabel 3.7 and 3.8 print on a
# portrait page beside a name column that still holds a long word; a longer one puts them on a
# landscape page.
RUPIAH_TEGAK = len("Rp99.999.999.999")


@dataclass(frozen=True)
class DokumenLaporan:
    satker: ProfilSatker
    kop: KopSurat
    tahun: int
    tempat: str
    tanggal: date | None
    penandatangan: Penandatangan
    narasi: Mapping[str, TeksNarasi]  # by bagian, or bagian_kunci ("renstra_misi")
    renstra: RenstraLaporan | None
    rkt: tuple[ProgramRKT, ...]
    perjanjian: PerjanjianLaporan | None
    tabel_2_2: tuple[ProgramTabel, ...]
    tabel_3_1: tuple[ProgramTabel, ...]
    tabel_3_2: tuple[ProgramTabel, ...]
    kinerja: RingkasanKinerja
    anggaran: RingkasanAnggaran
    # The year's budget over the months: its period ("s.d. TW III 2024" / "Tahun 2024", rule 14)
    # and the DIPA revision in force (None when none is recorded).
    realisasi_anggaran: RealisasiTahun
    revisi_dipa: RiwayatRevisi | None
    anggaran_tahunan: Mapping[int, RingkasanAnggaran]  # the tabulation's years, this one included
    tahun_tabulasi: tuple[int, ...]
    tabulasi: tuple[BarisTabulasi, ...]
    serapan_tahunan: tuple[SerapanTahunan, ...]
    capaian_tahunan: tuple[CapaianTahunan, ...]
    efisiensi: tuple[BarisEfisiensi, ...]
    tabel_renstra: TabelRenstra | None  # Tabel 3.9; None without a Renstra for the year
    perbandingan_tahunan: tuple[BarisTahunan, ...]  # Tabel 3.10
    standar_nasional: tuple[BarisStandar, ...]  # Tabel 3.11, printed only when not empty
    analisis_indikator: tuple[AnalisisIndikator, ...]
    skala_teks: tuple[tuple[str, str], ...]  # (kategori, rentang) for Tabel 3.3
    rumus: tuple[Rumus, ...]
    gambar_struktur: tuple[Gambar, ...]
    grafik: Mapping[str, Gambar]  # "capaian", "serapan_kegiatan", "serapan_tahunan"
    daftar_tabel: tuple[EntriDaftar, ...]
    daftar_gambar: tuple[EntriDaftar, ...]
    daftar_isi: tuple[BabDaftar, ...]
    laporan_id: int | None = None  # the Laporan row holding date and place, None: not yet made

    @property
    def indikator_3_2(self) -> tuple[CapaianIndikator, ...]:
        """The indicator rows Tabel 3.2 prints; every count the text gives of them is taken from
        this list, so text and table cannot disagree."""
        return tuple(c for p in self.tabel_3_2 for s in p.sasaran for c in s.indikator)

    @property
    def indikator_dirata(self) -> tuple[CapaianIndikator, ...]:
        """The rows of Tabel 3.2 the capaian kinerja averages: those with a capaian (rule 3)."""
        return tuple(c for c in self.indikator_3_2 if c.capaian_dibatasi is not None)

    @property
    def jumlah_indikator(self) -> int:
        return len(self.indikator_3_2)

    @property
    def jumlah_indikator_dirata(self) -> int:
        return len(self.indikator_dirata)

    @property
    def jumlah_indikator_tanpa_capaian(self) -> int:
        return self.jumlah_indikator - self.jumlah_indikator_dirata

    @property
    def jumlah_sasaran_terukur(self) -> int:
        return sum(len(p.sasaran) for p in self.tabel_3_2)

    @property
    def jumlah_sasaran_program(self) -> int:
        return sum(len(p.sasaran) for p in self.tabel_3_1)

    @property
    def indikator_negatif(self) -> tuple[CapaianIndikator, ...]:
        """Rows of Tabel 3.2 where lower is better: the report says so beside their capaian."""
        return tuple(c for c in self.indikator_3_2 if c.polaritas == Polaritas.NEGATIF)

    @property
    def efisiensi_per_triwulan(self) -> bool:
        """Tabel 3.6 has rows per TW (docs/aturan.md rule 14)."""
        return any(e.per_triwulan for e in self.efisiensi)

    @property
    def anggaran_ada(self) -> bool:
        """Whether any budget line is recorded for the year: without one the report says so
        instead of printing a pagu of Rp0 (rule 3)."""
        return bool(self.anggaran.program)

    @property
    def anggaran_ada_kosong(self) -> bool:
        """Whether Tabel 3.7/3.8 print a '—' (a line without pagu or realisasi)."""
        return any(n.pagu is None or n.realisasi is None for n in self.anggaran.semua())

    @property
    def tabulasi_ada_kosong(self) -> bool:
        """Whether Tabel 3.5 prints a '—' (a kegiatan without budget in one of the years)."""
        return any(
            n is None or n.pagu is None or n.realisasi is None
            for b in self.tabulasi
            for _, n in b.per_tahun
        )

    @property
    def judul_dokumen(self) -> str:
        return f"Laporan Kinerja Instansi Pemerintah (LKjIP) {self.satker.nama} Tahun {self.tahun}"

    @property
    def judul(self) -> Mapping[str, str]:
        """Heading text by anchor (``judul.bab_3_c``), from the same list as the Daftar Isi."""
        hasil = {}
        for bab in self.daftar_isi:
            hasil[bab.anchor] = bab.judul
            hasil.update((sub.anchor, sub.judul) for sub in bab.sub)
        return hasil

    @property
    def anggaran_lebar(self) -> bool:
        """Whether Tabel 3.7 and 3.8 go on a landscape page: beside three amount columns as wide
        as the longest amount, portrait would leave the names too narrow (docs/tata_letak.md)."""
        a = self.anggaran
        angka = [a.total_pagu, a.total_realisasi, a.total_sisa]
        angka += [x for n in a.semua() for x in (n.pagu, n.realisasi, n.sisa)]
        return max(len(format_rupiah(x)) for x in angka) > RUPIAH_TEGAK


def nama_berkas(*, satker: Satker, tahun: int) -> str:
    """'LKjIP-KPU-Kabupaten-Gunung-Mas-2024': the download's file name, without its extension."""
    return nama_berkas_laporan(nama_satker=satker.nama, tahun=tahun)


# --- Builders -------------------------------------------------------------------------------


def _profil(satker: Satker) -> ProfilSatker:
    return ProfilSatker(
        kode=satker.kode,
        nama=satker.nama,
        nama_lengkap=satker.nama_lengkap,
        wilayah=satker.wilayah,
        provinsi=satker.provinsi,
        kedudukan=satker.kedudukan,
        alamat=satker.alamat,
        logo=satker.logo.path if satker.logo else "",
        id=satker.pk,
    )


def _penandatangan(satker: Satker, pk: PerjanjianKinerja | None) -> Penandatangan:
    """The Ketua signs: the name of the satker's Ketua account, else the PK's pihak kedua (who is
    the Ketua). A login name is never printed as a person's name: without either, the name is ""
    and the consistency check reports it."""
    ketua = Pengguna.objects.filter(satker=satker, is_ketua=True, is_active=True).first()
    if ketua is not None and ketua.get_full_name().strip():
        return Penandatangan(
            nama=ketua.get_full_name().strip(), jabatan="Ketua", pengguna_id=ketua.pk
        )
    if pk is not None and pk.pihak_kedua_nama.strip():
        return Penandatangan(nama=pk.pihak_kedua_nama.strip(), jabatan=pk.pihak_kedua_jabatan)
    return Penandatangan(
        nama="", jabatan="Ketua", pengguna_id=ketua.pk if ketua is not None else None
    )


def build_renstra(*, satker: Satker, tahun: int) -> RenstraLaporan | None:
    renstra = (
        Renstra.objects.filter(satker=satker, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun)
        .prefetch_related("makna_visi", "misi", "tujuan", "sasaran__indikator")
        .first()
    )
    if renstra is None:
        return None
    return RenstraLaporan(
        periode=renstra.periode,
        nomor_keputusan=renstra.nomor_keputusan,
        visi=renstra.visi,
        makna_visi=tuple((m.kata_kunci, m.uraian) for m in renstra.makna_visi.all()),
        misi=tuple(m.uraian for m in renstra.misi.all()),
        tujuan=tuple(t.uraian for t in renstra.tujuan.all()),
        sasaran=tuple(
            SasaranRenstraLaporan(
                uraian=s.uraian,
                indikator=tuple((i.nama, i.polaritas) for i in s.indikator.all()),
            )
            for s in renstra.sasaran.all()
        ),
    )


def _tabel_renstra(satker: Satker, tahun: int, kinerja: RingkasanKinerja) -> TabelRenstra | None:
    """Tabel 3.9: every indicator of the Renstra in force, its target for the year and for the
    end of the period (the target of the period's last year), and the realisation of the PK
    indicator(s) linked to it (``IndikatorKinerja.indikator_renstra``), measured with the Renstra
    indicator's polarity by ``compute_capaian``."""
    renstra = (
        Renstra.objects.filter(satker=satker, tahun_mulai__lte=tahun, tahun_selesai__gte=tahun)
        .order_by("-tahun_mulai")
        .first()
    )
    if renstra is None:
        return None
    target = {
        (t.indikator_id, t.tahun): t.nilai
        for t in TargetRenstra.objects.filter(
            indikator__sasaran__renstra=renstra, tahun__in=(tahun, renstra.tahun_selesai)
        )
    }
    terkait: dict[int, list[CapaianIndikator]] = {}
    for c in kinerja.indikator:
        if c.indikator_renstra_id is not None:
            terkait.setdefault(c.indikator_renstra_id, []).append(c)
    baris = []
    for ind in (
        IndikatorSasaran.objects.filter(sasaran__renstra=renstra)
        .select_related("sasaran")
        .order_by("sasaran__urutan", "urutan")
    ):
        t_tahun = target.get((ind.pk, tahun))
        t_akhir = target.get((ind.pk, renstra.tahun_selesai))
        for c in terkait.get(ind.pk) or [None]:
            realisasi = c.realisasi if c is not None else None
            baris.append(
                BarisRenstraLaporan(
                    nomor=f"{ind.sasaran.urutan}.{ind.urutan}",
                    indikator=ind.nama,
                    satuan=ind.satuan,
                    polaritas_teks=teks_polaritas(ind.polaritas),
                    target_tahun=t_tahun,
                    target_tahun_teks=format_nilai(nilai=t_tahun, satuan=ind.satuan),
                    target_akhir=t_akhir,
                    target_akhir_teks=format_nilai(nilai=t_akhir, satuan=ind.satuan),
                    indikator_pk=c.nama if c is not None else "",
                    realisasi=realisasi,
                    realisasi_teks=c.realisasi_teks if c is not None else "—",
                    capaian_tahun=compute_capaian(
                        target=t_tahun, realisasi=realisasi, polaritas=ind.polaritas
                    ),
                    capaian_akhir=compute_capaian(
                        target=t_akhir, realisasi=realisasi, polaritas=ind.polaritas
                    ),
                )
            )
    return TabelRenstra(
        periode=renstra.periode, tahun_akhir=renstra.tahun_selesai, baris=tuple(baris)
    )


def _nama_baku(nama: str) -> str:
    return " ".join(nama.split()).casefold()


def _indikator_sama(c: CapaianIndikator, lain: RingkasanKinerja) -> CapaianIndikator | None:
    """The same indicator in another year's PK: the one linked to the same Renstra indicator,
    else the measured indicator (Tabel 3.2) with the same name (case and spacing ignored)."""
    if c.indikator_renstra_id is not None:
        for x in lain.terukur:
            if x.indikator_renstra_id == c.indikator_renstra_id:
                return x
    nama = _nama_baku(c.nama)
    return next((x for x in lain.terukur if _nama_baku(x.nama) == nama), None)


def _perbandingan_tahunan(
    kinerja: RingkasanKinerja, sebelumnya: Iterable[RingkasanKinerja]
) -> tuple[BarisTahunan, ...]:
    sebelumnya = tuple(sebelumnya)
    hasil = []
    for c in kinerja.terukur:
        per_tahun = []
        for r in sebelumnya:
            x = _indikator_sama(c, r)
            per_tahun.append(
                NilaiTahunan(r.tahun, x is not None, x.realisasi_teks, x.capaian)
                if x is not None
                else NilaiTahunan(r.tahun, False, "—", None)
            )
        per_tahun.append(NilaiTahunan(kinerja.tahun, True, c.realisasi_teks, c.capaian))
        hasil.append(
            BarisTahunan(c.sasaran_nomor, c.nama, teks_polaritas(c.polaritas), tuple(per_tahun))
        )
    return tuple(hasil)


def _standar_nasional(kinerja: RingkasanKinerja) -> tuple[BarisStandar, ...]:
    return tuple(
        BarisStandar(
            nomor=c.sasaran_nomor,
            nama=c.nama,
            polaritas_teks=teks_polaritas(c.polaritas),
            standar=c.standar_nasional,
            standar_teks=format_nilai(nilai=c.standar_nasional, satuan=c.satuan),
            sumber=c.sumber_standar_nasional,
            realisasi_teks=c.realisasi_teks,
            capaian=compute_capaian(
                target=c.standar_nasional, realisasi=c.realisasi, polaritas=c.polaritas
            ),
        )
        for c in kinerja.terukur
        if c.standar_nasional is not None
    )


def _analisis_indikator(kinerja: RingkasanKinerja) -> tuple[AnalisisIndikator, ...]:
    """Indicators below "Baik" (causes and solution required) and any other with them written,
    or with a TW note (docs/triwulan.md)."""
    hasil = []
    for c in kinerja.terukur:
        wajib = kinerja.skala.di_bawah_baik(c.kategori)
        catatan_tw = tuple(
            CatatanTriwulanLaporan(Triwulan(tw).label, n.penyebab.strip(), n.perbaikan.strip())
            for tw, n in zip(Triwulan.values, c.catatan_tw, strict=True)
            if n is not None
        )
        if wajib or c.penyebab.strip() or c.solusi.strip() or catatan_tw:
            hasil.append(
                AnalisisIndikator(
                    indikator_id=c.indikator_id,
                    nomor=c.sasaran_nomor,
                    nama=c.nama,
                    capaian=c.capaian,
                    kategori=c.kategori,
                    wajib=wajib,
                    penyebab=c.penyebab.strip(),
                    solusi=c.solusi.strip(),
                    catatan_tw=catatan_tw,
                )
            )
    return tuple(hasil)


def _rkt(satker: Satker, tahun: int) -> tuple[ProgramRKT, ...]:
    program: dict[str, tuple[str, list[BarisRKTLaporan]]] = {}
    for baris in satker.rkt.filter(tahun=tahun).order_by("urutan"):
        _, daftar = program.setdefault(baris.program_kode, (baris.program_nama, []))
        daftar.append(
            BarisRKTLaporan(
                nomor=len(daftar) + 1,
                sasaran=baris.sasaran,
                indikator=baris.indikator,
                kode_kegiatan=baris.kode_kegiatan,
            )
        )
    return tuple(
        ProgramRKT(nomor=ROMAWI[i], kode=kode, nama=nama, baris=tuple(daftar))
        for i, (kode, (nama, daftar)) in enumerate(program.items())
    )


def _perjanjian(satker: Satker, pk: PerjanjianKinerja | None) -> PerjanjianLaporan | None:
    if pk is None:
        return None
    return PerjanjianLaporan(
        tahun=pk.tahun,
        versi=pk.versi,
        jenis=pk.get_jenis_display(),
        tanggal=pk.tanggal,
        alasan_perubahan=pk.alasan_perubahan,
        pihak_pertama=Penandatangan(
            pk.pihak_pertama_nama.strip(),
            pk.pihak_pertama_jabatan.strip(),
            nip=pk.pihak_pertama_nip.strip(),
        ),
        pihak_kedua=Penandatangan(pk.pihak_kedua_nama.strip(), pk.pihak_kedua_jabatan.strip()),
        tempat=pk.tempat.strip() or satker.kedudukan.strip(),
        id=pk.pk,
    )


def _tabel(
    indikator: Iterable[CapaianIndikator],
    bagian: str,
    analisis: Mapping[str, TeksNarasi] | None = None,
    *,
    nomor_urut: bool = False,
) -> tuple[ProgramTabel, ...]:
    """Group the measured indicators of one part into programme → kelompok → sasaran.

    ``nomor_urut``: number the sasaran 1, 2, 3 … in each kelompok as printed (Tabel 2.2), not by
    their stored number, which may skip one when a row was merged into another."""
    program: dict[str, dict] = {}
    for c in indikator:
        if c.bagian != bagian:
            continue
        p = program.setdefault(c.program_kode, {"nama": c.program_nama, "kelompok": {}})
        kelompok = p["kelompok"].setdefault(c.kelompok, {})
        sasaran = kelompok.setdefault(c.sasaran_id, {"nomor": c.sasaran_nomor, "uraian": c.sasaran})
        sasaran.setdefault("indikator", []).append(c)
    return tuple(
        ProgramTabel(
            nomor=ROMAWI[i],
            kode=kode,
            nama=p["nama"],
            kelompok=tuple(
                KelompokTabel(
                    judul=judul,
                    sasaran=tuple(
                        SasaranTabel(
                            str(j) if nomor_urut else s["nomor"],
                            s["uraian"],
                            tuple(s["indikator"]),
                        )
                        for j, s in enumerate(daftar.values(), 1)
                    ),
                )
                for judul, daftar in p["kelompok"].items()
            ),
            analisis=(analisis or {}).get(kode),
        )
        for i, (kode, p) in enumerate(program.items())
    )


def _daftar_bernomor(butir: Iterable[str]) -> str:
    """Items as the narrative's numbered list ("1. …" a line), or "—" when there are none."""
    return "\n".join(f"{i}. {b.strip()}" for i, b in enumerate(butir, 1)) or KOSONG


def nilai_placeholder(
    *,
    satker: Satker,
    tahun: int,
    kinerja: RingkasanKinerja,
    anggaran: RingkasanAnggaran,
    renstra: RenstraLaporan | None,
) -> tuple[Mapping[str, str], dict[tuple[str, str], str]]:
    """The values narrative placeholders may use (``PLACEHOLDER``, and those a higher floor adds
    for this satker: ``laporan.placeholder.NilaiTambahan``), formatted as printed."""
    iku = dict.fromkeys(c.nama for c in kinerja.indikator if c.bagian == SasaranPK.Bagian.PROGRAM)
    nilai = {
        "satker": satker.nama,
        "nama_lengkap": satker.nama_lengkap,
        "wilayah": satker.wilayah,
        "provinsi": satker.provinsi,
        "kedudukan": satker.kedudukan,
        "tahun": str(tahun),
        "tahun_lalu": str(tahun - 1),
        "capaian_kinerja": format_persen(kinerja.capaian_kinerja_dibatasi),
        "kategori_kinerja": kinerja.kategori or "—",
        "jumlah_sasaran": format_jumlah(kinerja.jumlah_sasaran_program),
        "jumlah_sasaran_terukur": format_jumlah(kinerja.jumlah_sasaran_terukur),
        "jumlah_indikator": format_jumlah(kinerja.jumlah_indikator_terukur),
        "pagu_total": format_rupiah(anggaran.total_pagu),
        "realisasi_total": format_rupiah(anggaran.total_realisasi),
        "sisa_total": format_rupiah(anggaran.total_sisa),
        "serapan_total": format_persen(anggaran.serapan),
        "daftar_tujuan": _daftar_bernomor(renstra.tujuan if renstra else ()),
        "daftar_sasaran": _daftar_bernomor(s.uraian for s in (renstra.sasaran if renstra else ())),
        "daftar_iku": _daftar_bernomor(iku),
    }
    berkode: dict[tuple[str, str], str] = {}
    for node in anggaran.semua():
        for kode in {node.kode, node.kode_singkat}:
            berkode[("pagu", kode)] = format_rupiah(node.pagu)
            berkode[("realisasi", kode)] = format_rupiah(node.realisasi)
            berkode[("sisa", kode)] = format_rupiah(node.sisa)
            berkode[("serapan", kode)] = format_persen(node.serapan)
    assert nilai.keys() == PLACEHOLDER.keys()
    return NilaiTambahan(nilai, satker=satker, tahun=tahun), berkode


def _narasi(
    satker: Satker, tahun: int, nilai: Mapping[str, str], berkode: dict[tuple[str, str], str]
) -> dict[str, TeksNarasi]:
    hasil = {}
    for n in Narasi.objects.filter(satker=satker, tahun=tahun):
        isi = isi_placeholder(n.teks, nilai=nilai, nilai_berkode=berkode)
        kunci = f"{n.bagian}_{n.kunci}" if n.kunci else n.bagian
        hasil[kunci] = TeksNarasi(
            bagian=n.bagian,
            kunci=n.kunci,
            judul=n.get_bagian_display(),
            teks=isi.teks,
            tidak_dikenal=isi.tidak_dikenal,
        )
    # Every section exists in the object, empty when not yet written, so templates and the
    # consistency check treat a missing section the same way.
    for bagian in Narasi.Bagian:
        hasil.setdefault(bagian.value, TeksNarasi(bagian.value, "", bagian.label, "", ()))
    return hasil


def _serapan_tahunan(
    anggaran_tahunan: Mapping[int, RingkasanAnggaran],
) -> tuple[SerapanTahunan, ...]:
    return tuple(
        SerapanTahunan(tahun=t, pagu=None, realisasi=None, serapan=None)
        if not pohon.program
        else SerapanTahunan(
            tahun=t, pagu=pohon.total_pagu, realisasi=pohon.total_realisasi, serapan=pohon.serapan
        )
        for t, pohon in anggaran_tahunan.items()
    )


def _capaian_tahunan(r: RingkasanKinerja) -> CapaianTahunan:
    """One row of Tabel 3.4; a year without a capaian says why, in the report's words."""
    dirata = sum(1 for c in r.terukur if c.capaian_dibatasi is not None)
    keterangan = ""
    if r.pk_id is None:
        keterangan = f"Tidak diukur: data Perjanjian Kinerja Tahun {r.tahun} tidak tersedia."
    elif not r.terukur:
        keterangan = (
            f"Tidak diukur: Perjanjian Kinerja Tahun {r.tahun} tidak memuat indikator kinerja "
            "sasaran."
        )
    elif not dirata:
        keterangan = f"Tidak diukur: realisasi indikator kinerja Tahun {r.tahun} tidak tersedia."
    return CapaianTahunan(
        tahun=r.tahun,
        capaian_kinerja=r.capaian_kinerja_dibatasi,
        kategori=r.kategori,
        jumlah_indikator=dirata,
        keterangan=keterangan,
    )


def _cakupan_tahunan(anggaran_tahunan: Mapping[int, RingkasanAnggaran]) -> str:
    """What each year's budget total covers, when the years compared hold different kegiatan
    (the tabulation of earlier years often has only some): a total of ten kegiatan next to one of
    five is not a like-for-like comparison, and the chart must say so. "" when all years hold the
    same kegiatan."""
    cakupan = {
        t: (tuple(p.kode for p in a.program), tuple(k.kode_cetak or k.uraian for k in a.kegiatan()))
        for t, a in anggaran_tahunan.items()
        if a.program
    }
    if len({frozenset(k) for _, k in cakupan.values()}) <= 1:
        return ""
    bagian = [
        f"{t}: {format_jumlah(len(kegiatan))} kegiatan pada program {' dan '.join(program)} "
        f"({', '.join(kegiatan)})"
        for t, (program, kegiatan) in cakupan.items()
    ]
    return (
        "Cakupan data tiap tahun berbeda — "
        + "; ".join(bagian)
        + ". Total antar tahun karena itu tidak sebanding langsung; perbandingan per kegiatan "
        "ada pada Tabel 3.5."
    )


def build_dokumen(*, satker: Satker, tahun: int) -> DokumenLaporan:
    """The whole LKjIP of a satker for a year (docs/aturan.md, "What the report contains")."""
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    tahun_tabulasi = (tahun - 2, tahun - 1, tahun)
    anggaran_tahunan = {t: build_pohon_anggaran(satker=satker, tahun=t) for t in tahun_tabulasi}
    anggaran = anggaran_tahunan[tahun]
    tabulasi = build_tabulasi(satker=satker, tahun_list=tahun_tabulasi, tingkat=Tingkat.KEGIATAN)
    serapan_tahunan = _serapan_tahunan(anggaran_tahunan)
    realisasi_anggaran, realisasi_kegiatan = build_realisasi_tahun(
        satker=satker, tahun=tahun, anggaran=anggaran
    )
    periode = realisasi_anggaran.periode
    revisi_dipa = list_revisi_dipa(satker=satker, tahun=tahun)
    efisiensi = build_efisiensi(
        kinerja=kinerja, anggaran=anggaran, realisasi_kegiatan=realisasi_kegiatan
    )
    kinerja_sebelumnya = tuple(
        build_ringkasan_kinerja(satker=satker, tahun=t) for t in tahun_tabulasi[:-1]
    )
    capaian_tahunan = tuple(_capaian_tahunan(r) for r in (*kinerja_sebelumnya, kinerja))
    renstra = build_renstra(satker=satker, tahun=tahun)
    tabel_renstra = _tabel_renstra(satker, tahun, kinerja)
    standar_nasional = _standar_nasional(kinerja)
    nilai, berkode = nilai_placeholder(
        satker=satker, tahun=tahun, kinerja=kinerja, anggaran=anggaran, renstra=renstra
    )
    narasi = _narasi(satker, tahun, nilai, berkode)
    analisis = {n.kunci: n for n in narasi.values() if n.bagian == "analisis_sasaran" and n.kunci}
    laporan = Laporan.objects.filter(satker=satker, tahun=tahun).first()

    struktur = tuple(
        Gambar(
            nomor=i,
            judul=g.judul,
            anchor=f"gambar-{i}",
            berkas=g.berkas.path if g.berkas else "",
            svg=None,
        )
        for i, g in enumerate(
            GambarOrganisasi.objects.filter(satker=satker, tahun=tahun).order_by("nomor"), 1
        )
    )
    n = len(struktur)
    tiga_tahun = f"{tahun_tabulasi[0]}–{tahun}"
    # In the order the charts are printed (BAB III.B, III.C, III.D): figures are numbered in page
    # order, and the Daftar Gambar follows the numbers.
    grafik_data = (
        (
            "capaian",
            f"Capaian Kinerja per Indikator Tahun {tahun}",
            grafik.grafik_capaian(
                baris=[(c.sasaran_nomor, c.capaian) for c in kinerja.terukur],
                skala=kinerja.skala,
                judul=f"Capaian kinerja per indikator tahun {tahun}",
            ),
        ),
        (
            "serapan_tahunan",
            f"Serapan Anggaran Tahun {tiga_tahun}",
            grafik.grafik_serapan_tahunan(
                baris=[(s.tahun, s.pagu, s.realisasi, s.serapan) for s in serapan_tahunan],
                judul=f"Pagu, realisasi dan serapan anggaran {tiga_tahun}",
            ),
        ),
        (
            "serapan_kegiatan",
            f"Serapan Anggaran per Kegiatan {periode}",
            grafik.grafik_serapan_kegiatan(
                baris=[(k.kode_cetak, k.uraian, k.serapan) for k in anggaran.kegiatan()],
                judul=f"Serapan anggaran per kegiatan {periode[0].lower()}{periode[1:]}",
            ),
        ),
    )
    grafik_laporan = {
        kunci: Gambar(
            nomor=n + i,
            judul=judul,
            anchor=f"gambar-{kunci.replace('_', '-')}",
            berkas="",
            svg=svg,
            catatan=_cakupan_tahunan(anggaran_tahunan) if kunci == "serapan_tahunan" else "",
        )
        for i, (kunci, judul, svg) in enumerate(grafik_data, 1)
    }
    daftar_tabel = tuple(
        EntriDaftar(f"Tabel {nomor}", judul, f"tabel-{nomor.replace('.', '-')}")
        for nomor, judul in (
            ("2.1", f"Rencana Kinerja Tahunan {tahun}"),
            ("2.2", f"Perjanjian Kinerja Tahun {tahun}"),
            ("3.1", f"Target Kinerja Tahun {tahun}"),
            ("3.2", "Pengukuran dan Analisis Capaian Kinerja Sasaran"),
            ("3.3", "Skala Kategori Capaian Kinerja"),
            ("3.4", f"Capaian Kinerja Tahun {tiga_tahun}"),
            ("3.5", f"Tabulasi Anggaran per Kegiatan Tahun {tiga_tahun}"),
            ("3.6", "Capaian Kinerja dan Serapan Anggaran per Kegiatan"),
            ("3.7", f"Pagu dan Realisasi per Program {periode}"),
            ("3.8", f"Pagu dan Realisasi per Kegiatan {periode}"),
            ("3.9", f"Realisasi Tahun {tahun} terhadap Target Renstra"),
            ("3.10", f"Capaian per Indikator Tahun {tiga_tahun}"),
            *((("3.11", "Realisasi terhadap Standar Nasional"),) if standar_nasional else ()),
        )
    )
    daftar_gambar = tuple(
        EntriDaftar(f"Gambar {g.nomor}", g.judul, g.anchor)
        for g in (*struktur, *grafik_laporan.values())
    )

    return DokumenLaporan(
        satker=_profil(satker),
        kop=build_kop(satker),
        tahun=tahun,
        tempat=(laporan.tempat.strip() if laporan and laporan.tempat.strip() else satker.kedudukan),
        tanggal=laporan.tanggal if laporan else None,
        penandatangan=_penandatangan(satker, pk),
        narasi=MappingProxyType(narasi),
        renstra=renstra,
        rkt=_rkt(satker, tahun),
        perjanjian=_perjanjian(satker, pk),
        tabel_2_2=_tabel(kinerja.indikator, SasaranPK.Bagian.RINCIAN, nomor_urut=True),
        tabel_3_1=_tabel(kinerja.indikator, SasaranPK.Bagian.PROGRAM),
        tabel_3_2=_tabel(kinerja.indikator, SasaranPK.Bagian.KINERJA, analisis),
        kinerja=kinerja,
        anggaran=anggaran,
        anggaran_tahunan=MappingProxyType(anggaran_tahunan),
        tahun_tabulasi=tahun_tabulasi,
        tabulasi=tabulasi,
        serapan_tahunan=serapan_tahunan,
        capaian_tahunan=capaian_tahunan,
        efisiensi=efisiensi,
        realisasi_anggaran=realisasi_anggaran,
        revisi_dipa=revisi_dipa[-1] if revisi_dipa else None,
        tabel_renstra=tabel_renstra,
        perbandingan_tahunan=_perbandingan_tahunan(kinerja, kinerja_sebelumnya),
        standar_nasional=standar_nasional,
        analisis_indikator=_analisis_indikator(kinerja),
        skala_teks=tuple((r.nama, r.uraian) for r in kinerja.skala.rentang),
        rumus=_rumus(kinerja.indikator),
        gambar_struktur=struktur,
        grafik=MappingProxyType(grafik_laporan),
        daftar_tabel=daftar_tabel,
        daftar_gambar=daftar_gambar,
        daftar_isi=_daftar_isi(tahun, renstra.periode if renstra else ""),
        laporan_id=laporan.pk if laporan else None,
    )


# How the report of a year reads a kind of row (see ``Sumber``).
TAHUN_INI, TABULASI, SAMPAI, PERIODE, SATKER = (
    "tahun_ini",
    "tabulasi",
    "sampai",
    "periode",
    "satker",
)


@dataclass(frozen=True)
class Sumber:
    """One kind of row the report of (satker, tahun) reads: the one declaration from which the lock
    of a submitted or signed year is derived (``pengesahan.guard``), and with it the data's
    revision that keys the PDF and the pages (every write the lock checks renews it:
    ``satker.revisi``), so neither can miss a source of the report.

    Which satker and year a row belongs to is its model's own declaration (``model.pemilik``,
    ``lkjip.pemilik``); here only how the report reads those rows: ``TAHUN_INI`` only its own
    year's rows, ``TABULASI`` the rows of its year and the two before it (the tables comparing
    three years), ``SAMPAI`` the rows of every year up to its own (the latest of them counts: the
    category scale), ``PERIODE`` the rows whose period holds its year (the Renstra); ``SATKER``
    rows belong to no year (the satker's identity and its Ketua).
    """

    model: type[Model]
    baca: str = TAHUN_INI
    kolom: tuple[str, ...] = ()  # only these columns are read; () = every column
    saring: tuple[tuple[str, object], ...] = ()  # further conditions, as (lookup, value)

    @property
    def pemilik(self) -> Pemilik:
        return self.model.pemilik

    def queryset(self, satker: int, tahun: int) -> QuerySet:
        qs = self.model.objects.milik(satker=satker).filter(**dict(self.saring))
        kolom_tahun = self.pemilik.tahun
        if self.baca in (TAHUN_INI, PERIODE):
            qs = qs.milik(tahun=tahun)
        elif self.baca == TABULASI:
            qs = qs.filter(**{f"{kolom_tahun}__in": (tahun - 2, tahun - 1, tahun)})
        elif self.baca == SAMPAI:
            qs = qs.filter(**{f"{kolom_tahun}__lte": tahun})
        return qs.values_list(*self.kolom) if self.kolom else qs

    def tahun_pembaca(self, tahun: int, tahun_akhir: int | None = None) -> tuple[int, int | None]:
        """The first and last year whose report reads a row of year ``tahun`` (and, for a
        period, ``tahun_akhir``); a last year None: every later year (``SAMPAI``)."""
        if self.baca == TABULASI:
            return tahun, tahun + 2
        if self.baca == PERIODE:
            return tahun, tahun_akhir
        if self.baca == SAMPAI:
            return tahun, None
        return tahun, tahun


SUMBER_LAPORAN: tuple[Sumber, ...] = (
    Sumber(Satker, SATKER),
    Sumber(
        Pengguna,
        SATKER,
        kolom=("pk", "first_name", "last_name", "username", "is_active"),
        saring=(("is_ketua", True),),
    ),
    Sumber(KategoriCapaian, SAMPAI),
    *(
        Sumber(model, TABULASI)
        for model in (
            PerjanjianKinerja,
            ProgramPK,
            SasaranPK,
            IndikatorKinerja,
            DokumenWajib,
            Realisasi,
            BarisAnggaran,
        )
    ),
    # The rencana aksi and the notes of a TW below Baik (BAB III's analysis reads them).
    Sumber(RencanaAksi),
    Sumber(TargetBulanan),
    Sumber(CatatanTriwulan),
    Sumber(RealisasiBulanan),
    Sumber(RevisiDipa),
    Sumber(RencanaPenarikan),
    Sumber(Narasi),
    Sumber(Laporan),
    Sumber(GambarOrganisasi),
    Sumber(BarisRKT),
    *(
        Sumber(model, PERIODE)
        for model in (
            Renstra,
            MaknaVisi,
            Misi,
            Tujuan,
            SasaranStrategis,
            IndikatorSasaran,
            TargetRenstra,
        )
    ),
)


def find_placeholder_tidak_dikenal(*, satker: Satker, tahun: int, teks: str) -> tuple[str, ...]:
    """The placeholders of ``teks`` the report could not fill, for the writer's form: the names of
    ``PLACEHOLDER`` and those added for this satker, and the budget ones with a code of a line of
    that satker and year."""
    kode = set()
    for lengkap in BarisAnggaran.objects.filter(satker=satker, tahun=tahun).values_list(
        "kode", flat=True
    ):
        kode.update((lengkap, lengkap.rsplit(".", 1)[-1]))
    hasil = isi_placeholder(
        teks,
        nilai=dict.fromkeys([*PLACEHOLDER, *keterangan_tambahan(satker=satker)], ""),
        nilai_berkode={(nama, k): "" for nama in BERKODE for k in kode},
    )
    return hasil.tidak_dikenal
