"""A stress satker for the report's layout: the longest realistic names (satker, programmes,
kegiatan, sasaran and indicators of about 250 characters), 15-digit amounts (up to
Rp999.999.999.999.999), 80 measured indicators, 6 programmes of 4 kegiatan, three budget years,
and realisations, so that every table of the report has rows and the widest content it can
meet. Written by the national loader (``buat_data_nasional.write_batch``) from the specs below;
used by the layout tests and ``bench/tata_letak.py``."""

import datetime
from decimal import Decimal

from django.db import transaction

from pertukaran.demo.nasional import (
    BarisSpec,
    IndikatorSpec,
    KepalaPK,
    ProfilSatker,
    ProgramSpec,
    SasaranSpec,
    narasi,
)
from pertukaran.management.commands.buat_data_nasional import write_batch
from satker.models import Satker

KODE = "9801"
TAHUN = 2024
TAHUN_SEMUA = (2022, 2023, 2024)
# 80 measured indicators over the 6 programmes.
INDIKATOR_PER_PROGRAM = (14, 13, 13, 14, 13, 13)
# The largest amount the report has to print (pagu of the year, 15 digits).
PAGU_TERBESAR = Decimal("999999999999999")

_WILAYAH = (
    "Kabupaten Kepulauan Tanjung Sembilan Batu Berlayar Pegunungan Tinggi Sungai Rantau Utara"
)
PROFIL = ProfilSatker(
    kode=KODE,
    jenis="kabupaten",
    nama=f"KPU {_WILAYAH}",
    nama_lengkap=f"Komisi Pemilihan Umum {_WILAYAH} Ilir Provinsi Sulawesi Utara",
    wilayah=_WILAYAH,
    provinsi="Kepulauan Bangka Belitung Nusa Tenggara Timur Sulawesi Utara",
    kedudukan="Tanjung Sembilan Batu Berlayar Pegunungan Tinggi Sungai Rantau",
    alamat=(
        "Jl. Jenderal Sudirman Nomor 123 Kompleks Perkantoran Pemerintah Kabupaten, Kelurahan "
        "Batu Berlayar, Kecamatan Sembilan Barat, Tanjung Sembilan, Sulawesi Utara 95861"
    ),
)

_PROGRAM = [
    ("076.01.WA", "Program Dukungan Manajemen"),
    ("076.01.CQ", "Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi"),
    ("076.01.DL", "Program Pendidikan Pemilih dan Partisipasi Masyarakat"),
    ("076.01.DM", "Program Pemutakhiran Data Pemilih dan Daftar Pemilih Berkelanjutan"),
    ("076.01.DN", "Program Logistik Pemilu dan Pemilihan"),
    ("076.01.DP", "Program Teknologi Informasi dan Keterbukaan Informasi Publik"),
]
_LANJUTAN_PROGRAM = (
    " yang Berintegritas, Transparan, Akuntabel, Efektif dan Efisien melalui Penguatan "
    "Kelembagaan, Tata Kelola Sekretariat, Sumber Daya Manusia dan Sarana Prasarana pada Satuan "
    "Kerja Komisi Pemilihan Umum Kabupaten/Kota Tahun Anggaran Berjalan"
)
_KEGIATAN = [
    "Perencanaan, Penganggaran, Pemantauan dan Evaluasi Program serta Pelaporan Kinerja",
    "Pengelolaan Keuangan, Barang Milik Negara, Kearsipan dan Layanan Pengadaan",
    "Fasilitasi Tahapan Pencalonan, Kampanye, Pemungutan dan Penghitungan Suara",
    "Pembentukan, Pembinaan dan Evaluasi Badan Ad Hoc (PPK, PPS, KPPS dan Pantarlih)",
]
_LANJUTAN_KEGIATAN = (
    " pada Sekretariat Komisi Pemilihan Umum Kabupaten di Seluruh Kecamatan, Kelurahan dan Desa "
    "termasuk Wilayah Kepulauan Terluar, Terpencil dan Sulit Dijangkau sesuai Ketentuan "
    "Peraturan Perundang-undangan"
)
_SASARAN = [
    "Meningkatnya kualitas perencanaan, penganggaran dan akuntabilitas kinerja",
    "Terselenggaranya tahapan Pemilu dan Pemilihan yang tepat waktu dan sesuai aturan",
    "Meningkatnya partisipasi dan literasi politik pemilih pemula, perempuan dan disabilitas",
]
_LANJUTAN_SASARAN = (
    " secara terukur, transparan dan akuntabel di seluruh wilayah kerja, sesuai Keputusan KPU "
    "Nomor 1234/PL.02.1-Kpt/06/KPU/XII/2024 tentang Pedoman Teknis, dengan dukungan sarana, "
    "prasarana dan teknologi informasi yang memadai"
)
_INDIKATOR = [
    ("Persentase dokumen perencanaan dan penganggaran yang tersusun tepat waktu", "%", "100"),
    ("Jumlah pemilih dalam Daftar Pemilih Tetap yang dimutakhirkan", "Pemilih", "1234567"),
    ("Jumlah laporan kinerja dan keuangan yang disusun dan dilaporkan", "Laporan", "12"),
    ("Jumlah pelanggaran kode etik oleh penyelenggara Pemilu dan badan ad hoc", "Kasus", "0"),
    ("Persentase partisipasi pemilih pada pemungutan suara", "%", "77.5"),
]
_LANJUTAN_INDIKATOR = (
    " dan diverifikasi oleh Inspektorat serta dipublikasikan melalui Pejabat Pengelola "
    "Informasi dan Dokumentasi (PPID) sesuai standar pelayanan minimal pada setiap tahapan "
    "penyelenggaraan Pemilu dan Pemilihan"
)


def _panjang(awal: str, lanjutan: str, panjang: int = 250) -> str:
    """``awal`` continued by ``lanjutan`` up to about ``panjang`` characters, cut at a word."""
    teks = (awal + lanjutan)[:panjang]
    return teks.rsplit(" ", 1)[0] if len(awal + lanjutan) > panjang else teks


def nama_program(i: int) -> str:
    return _panjang(_PROGRAM[i][1], _LANJUTAN_PROGRAM, 250)  # ProgramPK.nama holds 250


def _kegiatan(i: int) -> tuple[str, str]:
    """The i-th kegiatan (0–23): its own code segment and its name."""
    return f"{7001 + i}", _panjang(_KEGIATAN[i % 4], _LANJUTAN_KEGIATAN)


def _realisasi(satuan: str, target: Decimal, nomor: int) -> tuple[Decimal, ...]:
    if target == 0:  # a count of violations: one in the last quarter
        return (Decimal(0), Decimal(0), Decimal(0), Decimal(1 if nomor % 2 else 0))
    akhir = target * Decimal(("1", "0.95", "0.8", "1.05")[nomor % 4])
    if satuan == "%":
        akhir = min(akhir, Decimal(100))
    bagian = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1))
    return tuple((akhir * b).quantize(Decimal("0.01")) for b in bagian)


class SumberStres:
    """``pertukaran.demo.nasional.SumberData`` of the stress satker; every year the same shape."""

    def pk(self, profil: ProfilSatker, tahun: int) -> tuple[KepalaPK, tuple[ProgramSpec, ...]]:
        kepala = KepalaPK(
            tanggal=datetime.date(tahun, 1, 2),
            pihak_pertama_nama=(
                "DR. IR. MUHAMMAD SYAHRUL RAMADHAN NAINGGOLAN LUMBAN TOBING, S.H., M.SI."
            ),
            pihak_kedua_nama="PROF. DR. HJ. KARTIKA SRIWAHYUNI PURBASARI, S.IP., M.A.P.",
            pihak_pertama_nip="197001011995031001",
        )
        program = []
        nomor = 0
        for p, jumlah in enumerate(INDIKATOR_PER_PROGRAM):
            kode, _ = _PROGRAM[p]
            kinerja = []
            for s in range(3):
                indikator = []
                for j in range(s, jumlah, 3):
                    nama, satuan, target = _INDIKATOR[nomor % len(_INDIKATOR)]
                    kegiatan, _ = _kegiatan(p * 4 + j % 4)
                    indikator.append(
                        IndikatorSpec(
                            nama=_panjang(f"{nama} (indikator {nomor + 1})", _LANJUTAN_INDIKATOR),
                            kode_kegiatan=kegiatan,
                            satuan=satuan,
                            target=Decimal(target),
                            polaritas="negatif" if target == "0" else "positif",
                            realisasi=_realisasi(satuan, Decimal(target), nomor),
                        )
                    )
                    nomor += 1
                kinerja.append(
                    SasaranSpec(
                        "kinerja",
                        f"{p + 1}.{s + 1}",
                        _panjang(_SASARAN[s], _LANJUTAN_SASARAN),
                        tuple(indikator),
                    )
                )
            utama = SasaranSpec(
                "program",
                str(p + 1),
                _panjang(_SASARAN[p % 3], _LANJUTAN_SASARAN),
                (
                    IndikatorSpec(
                        nama=_panjang(f"Indeks kepuasan layanan {_PROGRAM[p][1]}", ""),
                        kode_kegiatan="",
                        satuan="%",
                        target=Decimal(100),
                        realisasi=_realisasi("%", Decimal(100), p),
                    ),
                ),
            )
            # Tabel 2.2: the same indicators, grouped under their kegiatan, without realisations.
            rincian = [
                SasaranSpec(
                    "rincian",
                    str(i),
                    s.uraian,
                    tuple(
                        IndikatorSpec(
                            nama=x.nama,
                            kode_kegiatan=x.kode_kegiatan,
                            satuan=x.satuan,
                            target=x.target,
                            polaritas=x.polaritas,
                        )
                        for x in s.indikator
                    ),
                    kelompok=f"Kegiatan {_kegiatan(p * 4 + i - 1)[1]}",
                )
                for i, s in enumerate(kinerja, 1)
            ]
            program.append(ProgramSpec(kode, nama_program(p), (utama, *kinerja, *rincian)))
        return kepala, tuple(program)

    def anggaran(self, profil: ProfilSatker, tahun: int) -> list[BarisSpec]:
        """6 programmes × 4 kegiatan. In the report year the pagu is PAGU_TERBESAR: one kegiatan
        holds most of it, the others 14 digits; earlier years are smaller, without one kegiatan."""
        skala = {TAHUN: Decimal(1), TAHUN - 1: Decimal("0.9"), TAHUN - 2: Decimal("0.8")}[tahun]
        kecil = (Decimal("12345678901234") * skala).quantize(Decimal(1))
        jumlah_kegiatan = 4 * len(_PROGRAM)
        pagu = [kecil] * jumlah_kegiatan
        pagu[4] = (PAGU_TERBESAR * skala).quantize(Decimal(1)) - kecil * (jumlah_kegiatan - 1)
        hasil = []
        urutan = 0
        for p, (kode, _) in enumerate(_PROGRAM):
            anak = []
            for k in range(4):
                i = p * 4 + k
                if tahun != TAHUN and i == jumlah_kegiatan - 1:
                    continue  # a kegiatan new in the report year: "—" in Tabel 3.5
                kode_kegiatan, uraian = _kegiatan(i)
                realisasi = {
                    0: pagu[i],
                    1: Decimal(0),
                }.get(i % 7, (pagu[i] * Decimal("0.9731")).quantize(Decimal(1)))
                anak.append((kode_kegiatan, uraian, pagu[i], realisasi))
            urutan += 1
            hasil.append(
                BarisSpec(
                    kode=kode,
                    induk=None,
                    tingkat="program",
                    uraian=nama_program(p),
                    pagu=sum(a[2] for a in anak),
                    realisasi=sum(a[3] for a in anak),
                    urutan=urutan,
                )
            )
            for kode_kegiatan, uraian, pagu_k, realisasi in anak:
                urutan += 1
                hasil.append(
                    BarisSpec(
                        kode=f"{kode}.{kode_kegiatan}",
                        induk=kode,
                        tingkat="kegiatan",
                        uraian=uraian,
                        pagu=pagu_k,
                        realisasi=realisasi,
                        urutan=urutan,
                        catatan=(
                            "revisi anggaran karena penambahan tahapan Pemungutan Suara Ulang "
                            "di beberapa TPS di wilayah kepulauan"
                            if realisasi == 0
                            else ""
                        ),
                    )
                )
        return hasil

    def narasi(self, profil: ProfilSatker, tahun: int) -> list[tuple[str, str, str]]:
        """The national minimal narrative (analysis of WA and CQ) and the other programmes'."""
        lain = [
            ("analisis_sasaran", kode, f"Analisis capaian {nama} Tahun {tahun}.")
            for kode, nama in _PROGRAM[2:]
        ]
        return [*narasi(profil, tahun), *lain]


def buat_satker_stres() -> Satker:
    """The stress satker with its data for 2022–2024, written where it is missing."""
    with transaction.atomic():
        write_batch([PROFIL], list(TAHUN_SEMUA), SumberStres())
    return Satker.objects.get(kode=KODE)
