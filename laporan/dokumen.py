"""The LKjIP as one immutable object (STYLE.md "compute once, render many").

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

from anggaran.models import BarisAnggaran, Tingkat
from anggaran.services import BarisTabulasi, RingkasanAnggaran, build_pohon_anggaran, build_tabulasi
from kinerja.models import (
    BarisRKT,
    DokumenWajib,
    IndikatorKinerja,
    JenisTarget,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
)
from kinerja.services import (
    CapaianIndikator,
    Kategori,
    RingkasanKinerja,
    build_ringkasan_kinerja,
    get_pk_berlaku,
)
from laporan import grafik
from laporan.markup import render_html
from laporan.models import GambarOrganisasi, Laporan, Narasi
from laporan.placeholder import BERKODE, isi_placeholder
from laporan.services import BarisEfisiensi, build_efisiensi
from lkjip.angka import format_angka, format_jumlah, format_persen, format_rupiah
from lkjip.sidik import sidik
from lkjip.unduhan import bagian_nama
from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Polaritas,
    Renstra,
    SasaranStrategis,
    Tujuan,
)
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

    @property
    def logo_uri(self) -> str:
        return Path(self.logo).as_uri() if self.logo else ""


@dataclass(frozen=True)
class Penandatangan:
    nama: str
    jabatan: str


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


@dataclass(frozen=True)
class Gambar:
    nomor: int
    judul: str
    anchor: str
    berkas: str  # path of an uploaded image, "" for a chart drawn from the data
    svg: SafeString | None

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
    jumlah_indikator: int


@dataclass(frozen=True)
class Rumus:
    nama: str
    rumus: str
    keterangan: str


def _rentang(kategori: Kategori, berikut: Kategori | None) -> str:
    """The band from this bound up to the next one, in words: 'Lebih dari 75% sampai dengan 90%'."""
    bagian = []
    if kategori.batas_bawah is not None:
        batas = f"{format_angka(kategori.batas_bawah)}%"
        bagian.append(batas if kategori.termasuk_batas else f"lebih dari {batas}")
    if berikut is not None and berikut.batas_bawah is not None:
        batas = f"{format_angka(berikut.batas_bawah)}%"
        # A next band starting at "≥ x" leaves x out of this one; one starting at "> x" leaves x in.
        bagian.append(
            f"kurang dari {batas}" if berikut.termasuk_batas else f"sampai dengan {batas}"
        )
    elif bagian:
        bagian.append("atau lebih" if kategori.termasuk_batas else "")
    teks = " ".join(b for b in bagian if b) or "semua nilai"
    return teks[0].upper() + teks[1:]


def _skala_teks(skala: tuple[Kategori, ...]) -> tuple[tuple[str, str], ...]:
    urut = sorted(skala, key=lambda k: (k.batas_bawah is not None, k.batas_bawah or 0))
    return tuple(
        (k.nama, _rentang(k, urut[i + 1] if i + 1 < len(urut) else None))
        for i, k in enumerate(urut)
    )


def _rumus(indikator: Iterable[CapaianIndikator]) -> tuple[Rumus, ...]:
    """The formulas the measured indicators actually use (DOMAIN rules 1, 2, 5)."""
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
    anggaran_tahunan: Mapping[int, RingkasanAnggaran]  # the tabulation's years, this one included
    tahun_tabulasi: tuple[int, ...]
    tabulasi: tuple[BarisTabulasi, ...]
    serapan_tahunan: tuple[SerapanTahunan, ...]
    capaian_tahunan: tuple[CapaianTahunan, ...]
    efisiensi: tuple[BarisEfisiensi, ...]
    skala_teks: tuple[tuple[str, str], ...]  # (kategori, rentang) for Tabel 3.3
    rumus: tuple[Rumus, ...]
    gambar_struktur: tuple[Gambar, ...]
    grafik: Mapping[str, Gambar]  # "capaian", "serapan_kegiatan", "serapan_tahunan"
    daftar_tabel: tuple[EntriDaftar, ...]
    daftar_gambar: tuple[EntriDaftar, ...]
    daftar_isi: tuple[BabDaftar, ...]

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
    return f"LKjIP-{bagian_nama(satker.nama)}-{tahun}"


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
    )


def _penandatangan(satker: Satker, pk: PerjanjianKinerja | None) -> Penandatangan:
    """The Ketua signs: the satker's Ketua account, else the PK's pihak kedua (who is the Ketua)."""
    ketua = Pengguna.objects.filter(satker=satker, is_ketua=True, is_active=True).first()
    if ketua is not None:
        return Penandatangan(nama=ketua.get_full_name() or ketua.username, jabatan="Ketua")
    if pk is not None and pk.pihak_kedua_nama:
        return Penandatangan(nama=pk.pihak_kedua_nama, jabatan=pk.pihak_kedua_jabatan)
    return Penandatangan(nama="", jabatan="Ketua")


def _renstra(satker: Satker, tahun: int) -> RenstraLaporan | None:
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


def _perjanjian(pk: PerjanjianKinerja | None) -> PerjanjianLaporan | None:
    if pk is None:
        return None
    return PerjanjianLaporan(
        tahun=pk.tahun,
        versi=pk.versi,
        jenis=pk.get_jenis_display(),
        tanggal=pk.tanggal,
        alasan_perubahan=pk.alasan_perubahan,
        pihak_pertama=Penandatangan(pk.pihak_pertama_nama, pk.pihak_pertama_jabatan),
        pihak_kedua=Penandatangan(pk.pihak_kedua_nama, pk.pihak_kedua_jabatan),
    )


def _tabel(
    indikator: Iterable[CapaianIndikator],
    bagian: str,
    analisis: Mapping[str, TeksNarasi] | None = None,
) -> tuple[ProgramTabel, ...]:
    """Group the measured indicators of one part into programme → kelompok → sasaran."""
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
                        SasaranTabel(s["nomor"], s["uraian"], tuple(s["indikator"]))
                        for s in daftar.values()
                    ),
                )
                for judul, daftar in p["kelompok"].items()
            ),
            analisis=(analisis or {}).get(kode),
        )
        for i, (kode, p) in enumerate(program.items())
    )


def nilai_placeholder(
    *,
    satker: Satker,
    tahun: int,
    kinerja: RingkasanKinerja,
    anggaran: RingkasanAnggaran,
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The values narrative placeholders may use (``PLACEHOLDER``), formatted as printed."""
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
    }
    berkode: dict[tuple[str, str], str] = {}
    for node in anggaran.semua():
        for kode in {node.kode, node.kode_singkat}:
            berkode[("pagu", kode)] = format_rupiah(node.pagu)
            berkode[("realisasi", kode)] = format_rupiah(node.realisasi)
            berkode[("sisa", kode)] = format_rupiah(node.sisa)
            berkode[("serapan", kode)] = format_persen(node.serapan)
    assert nilai.keys() == PLACEHOLDER.keys()
    return nilai, berkode


def _narasi(
    satker: Satker, tahun: int, nilai: dict[str, str], berkode: dict[tuple[str, str], str]
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


def build_dokumen(*, satker: Satker, tahun: int) -> DokumenLaporan:
    """The whole LKjIP of a satker for a year (DOMAIN.md "The report")."""
    pk = get_pk_berlaku(satker=satker, tahun=tahun)
    kinerja = build_ringkasan_kinerja(satker=satker, tahun=tahun)
    tahun_tabulasi = (tahun - 2, tahun - 1, tahun)
    anggaran_tahunan = {t: build_pohon_anggaran(satker=satker, tahun=t) for t in tahun_tabulasi}
    anggaran = anggaran_tahunan[tahun]
    tabulasi = build_tabulasi(satker=satker, tahun_list=tahun_tabulasi, tingkat=Tingkat.KEGIATAN)
    serapan_tahunan = _serapan_tahunan(anggaran_tahunan)
    efisiensi = build_efisiensi(kinerja=kinerja, anggaran=anggaran)
    capaian_tahunan = tuple(
        CapaianTahunan(
            tahun=r.tahun,
            capaian_kinerja=r.capaian_kinerja_dibatasi,
            kategori=r.kategori,
            jumlah_indikator=r.jumlah_indikator_terukur,
        )
        for r in (
            *(build_ringkasan_kinerja(satker=satker, tahun=t) for t in tahun_tabulasi[:-1]),
            kinerja,
        )
    )
    nilai, berkode = nilai_placeholder(
        satker=satker, tahun=tahun, kinerja=kinerja, anggaran=anggaran
    )
    narasi = _narasi(satker, tahun, nilai, berkode)
    analisis = {n.kunci: n for n in narasi.values() if n.bagian == "analisis_sasaran" and n.kunci}
    laporan = Laporan.objects.filter(satker=satker, tahun=tahun).first()
    renstra = _renstra(satker, tahun)

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
            "serapan_kegiatan",
            f"Serapan Anggaran per Kegiatan Tahun {tahun}",
            grafik.grafik_serapan_kegiatan(
                baris=[(k.kode_singkat, k.uraian, k.serapan) for k in anggaran.kegiatan()],
                judul=f"Serapan anggaran per kegiatan tahun {tahun}",
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
    )
    grafik_laporan = {
        kunci: Gambar(
            nomor=n + i,
            judul=judul,
            anchor=f"gambar-{kunci.replace('_', '-')}",
            berkas="",
            svg=svg,
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
            ("3.7", f"Pagu dan Realisasi per Program Tahun {tahun}"),
            ("3.8", f"Pagu dan Realisasi per Kegiatan Tahun {tahun}"),
        )
    )
    daftar_gambar = tuple(
        EntriDaftar(f"Gambar {g.nomor}", g.judul, g.anchor)
        for g in (*struktur, *grafik_laporan.values())
    )

    return DokumenLaporan(
        satker=_profil(satker),
        tahun=tahun,
        tempat=(laporan.tempat if laporan and laporan.tempat else satker.kedudukan),
        tanggal=laporan.tanggal if laporan else None,
        penandatangan=_penandatangan(satker, pk),
        narasi=MappingProxyType(narasi),
        renstra=renstra,
        rkt=_rkt(satker, tahun),
        perjanjian=_perjanjian(pk),
        tabel_2_2=_tabel(kinerja.indikator, SasaranPK.Bagian.RINCIAN),
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
        skala_teks=_skala_teks(kinerja.skala),
        rumus=_rumus(kinerja.indikator),
        gambar_struktur=struktur,
        grafik=MappingProxyType(grafik_laporan),
        daftar_tabel=daftar_tabel,
        daftar_gambar=daftar_gambar,
        daftar_isi=_daftar_isi(tahun, renstra.periode if renstra else ""),
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
    """One kind of row the report of (satker, tahun) reads: the one declaration from which both
    the report's fingerprint (``sumber_laporan``) and the lock of a submitted or signed year
    (``pengesahan.guard``) are derived, so neither can miss a source the other has.

    ``satker`` is the lookup from the model to the satker's pk. ``tahun`` is the lookup to the
    row's year, and how the report reads it: ``TAHUN_INI`` only its own year's rows, ``TABULASI``
    the rows of its year and the two before it (the tables comparing three years), ``SAMPAI`` the
    rows of every year up to its own (the latest of them counts: the category scale),
    ``PERIODE`` the rows whose period (``tahun`` .. ``tahun_akhir``) holds its year (the Renstra);
    ``SATKER`` rows belong to no year (the satker's identity and its Ketua).
    """

    model: type[Model]
    satker: str
    baca: str = TAHUN_INI
    tahun: str = "tahun"
    tahun_akhir: str = ""
    kolom: tuple[str, ...] = ()  # only these columns are read; () = every column
    saring: tuple[tuple[str, object], ...] = ()  # further conditions, as (lookup, value)

    def queryset(self, satker: int, tahun: int) -> QuerySet:
        syarat = {self.satker: satker, **dict(self.saring)}
        if self.baca == TAHUN_INI:
            syarat[self.tahun] = tahun
        elif self.baca == TABULASI:
            syarat[f"{self.tahun}__in"] = (tahun - 2, tahun - 1, tahun)
        elif self.baca == SAMPAI:
            syarat[f"{self.tahun}__lte"] = tahun
        elif self.baca == PERIODE:
            syarat |= {f"{self.tahun}__lte": tahun, f"{self.tahun_akhir}__gte": tahun}
        qs = self.model.objects.filter(**syarat)
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


_PK = "perjanjian__"
_RENSTRA = "renstra__"

SUMBER_LAPORAN: tuple[Sumber, ...] = (
    Sumber(Satker, "pk", SATKER),
    Sumber(
        Pengguna,
        "satker",
        SATKER,
        kolom=("pk", "first_name", "last_name", "username", "is_active"),
        saring=(("is_ketua", True),),
    ),
    Sumber(KategoriCapaian, "satker", SAMPAI),
    Sumber(PerjanjianKinerja, "satker", TABULASI),
    *(
        Sumber(model, f"{jalur}{_PK}satker", TABULASI, f"{jalur}{_PK}tahun")
        for model, jalur in (
            (ProgramPK, ""),
            (SasaranPK, "program__"),
            (IndikatorKinerja, "sasaran__program__"),
            (DokumenWajib, "indikator__sasaran__program__"),
            (Realisasi, "indikator__sasaran__program__"),
        )
    ),
    Sumber(BarisAnggaran, "satker", TABULASI),
    Sumber(Narasi, "satker"),
    Sumber(Laporan, "satker"),
    Sumber(GambarOrganisasi, "satker"),
    Sumber(BarisRKT, "satker"),
    Sumber(Renstra, "satker", PERIODE, "tahun_mulai", "tahun_selesai"),
    *(
        Sumber(
            model,
            f"{jalur}{_RENSTRA}satker",
            PERIODE,
            *(f"{jalur}{_RENSTRA}{k}" for k in ("tahun_mulai", "tahun_selesai")),
        )
        for model, jalur in (
            (MaknaVisi, ""),
            (Misi, ""),
            (Tujuan, ""),
            (SasaranStrategis, ""),
            (IndikatorSasaran, "sasaran__"),
        )
    ),
)


def sumber_laporan(satker: int, tahun: int) -> tuple[QuerySet, ...]:
    """Every row ``build_dokumen`` reads for (satker, tahun), from ``SUMBER_LAPORAN``. Keep that
    in step with it (a test changes one value of each source and expects a new fingerprint)."""
    return tuple(s.queryset(satker, tahun) for s in SUMBER_LAPORAN)


def sidik_data(*, satker: Satker, tahun: int) -> str:
    """A fingerprint of every row ``build_dokumen`` reads for (satker, tahun): equal fingerprints
    mean an equal report, so a cached PDF or page can be served without building it again."""
    return sidik(sumber_laporan, satker=satker, tahun=tahun)


def find_placeholder_tidak_dikenal(*, satker: Satker, tahun: int, teks: str) -> tuple[str, ...]:
    """The placeholders of ``teks`` the report could not fill, for the writer's form: the names of
    ``PLACEHOLDER``, and the budget ones with a code of a line of that satker and year."""
    kode = set()
    for lengkap in BarisAnggaran.objects.filter(satker=satker, tahun=tahun).values_list(
        "kode", flat=True
    ):
        kode.update((lengkap, lengkap.rsplit(".", 1)[-1]))
    hasil = isi_placeholder(
        teks,
        nilai=dict.fromkeys(PLACEHOLDER, ""),
        nilai_berkode={(nama, k): "" for nama in BERKODE for k in kode},
    )
    return hasil.tidak_dikenal
