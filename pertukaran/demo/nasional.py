"""Synthetic national data for load and scale tests: 38 KPU Provinsi and 514 KPU Kabupaten/Kota
with generated names and codes shaped like the national region codes (2 digits for a province,
4 for a kabupaten, 71+ for a kota), and per satker-year a Perjanjian Kinerja of 15 indicators
with quarterly realisations and a budget tree of 300 lines.

Pure functions of a seed: the same seed gives the same names and figures, and every
satker-year draws from its own generator, so a partial run resumed later fills exactly what a
complete run would have. Nothing here touches the database (``buat_data_nasional`` does)."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from pertukaran.demo.gunung_mas.data import KEGIATAN, PROGRAM

JUMLAH_PROVINSI = 38
JUMLAH_KABUPATEN_KOTA = 514

# Island groups of the first code digit and how many provinces each has here.
PULAU = [(1, 9), (2, 1), (3, 6), (5, 3), (6, 5), (7, 6), (8, 2), (9, 6)]

_AWALAN = [
    "Sungai",
    "Tanjung",
    "Bukit",
    "Muara",
    "Kuala",
    "Pulau",
    "Batu",
    "Air",
    "Teluk",
    "Lubuk",
    "Padang",
    "Rantau",
    "Simpang",
    "Kota",
    "Tanah",
    "Gunung",
    "Pematang",
    "Labuhan",
    "Sei",
]
_SUKU = [
    "ba",
    "ka",
    "ma",
    "ra",
    "sa",
    "ta",
    "lu",
    "wa",
    "ja",
    "ro",
    "to",
    "pa",
    "se",
    "ti",
    "nga",
    "mbo",
    "ndu",
    "la",
    "gi",
    "bu",
    "ku",
    "da",
    "no",
    "ri",
    "si",
    "mu",
    "le",
    "ha",
    "tu",
    "ne",
    "kan",
    "ran",
    "sang",
    "lem",
    "bang",
    "jang",
    "dang",
    "pan",
    "wan",
    "ling",
]
_AKHIRAN = ["", "", "", " Raya", " Jaya", " Utara", " Selatan", " Barat", " Timur", " Tengah"]

_NAMA_DEPAN = [
    "Ahmad",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gusti",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putu",
    "Rahmat",
    "Siti",
    "Teguh",
    "Wahyu",
    "Yohanes",
]
_NAMA_BELAKANG = [
    "Saputra",
    "Hidayat",
    "Siregar",
    "Nainggolan",
    "Wibowo",
    "Lumban Tobing",
    "Pratama",
    "Rahayu",
    "Sinaga",
    "Kurniawan",
    "Manurung",
    "Setiawan",
    "Tumon",
    "Lubis",
    "Harahap",
]


@dataclass(frozen=True)
class ProfilSatker:
    kode: str
    jenis: str  # provinsi | kabupaten | kota (satker.models.Satker.Jenis)
    nama: str
    nama_lengkap: str
    wilayah: str
    provinsi: str
    kedudukan: str
    alamat: str


def _nama_tempat(rng: random.Random, dipakai: set[str]) -> str:
    while True:
        inti = "".join(rng.choice(_SUKU) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        nama = inti
        if rng.random() < 0.4:
            nama = f"{rng.choice(_AWALAN)} {inti}"
        nama += rng.choice(_AKHIRAN)
        if nama not in dipakai and len(nama) <= 40:
            dipakai.add(nama)
            return nama


def _bagi(rng: random.Random, total: int, jumlah: int) -> list[int]:
    """``total`` split into ``jumlah`` positive parts of uneven size."""
    bobot = [rng.uniform(0.3, 2.0) for _ in range(jumlah)]
    bagian = [max(1, int(total * b / sum(bobot))) for b in bobot]
    i = 0
    while sum(bagian) != total:
        langkah = 1 if sum(bagian) < total else -1
        if bagian[i % jumlah] + langkah >= 1:
            bagian[i % jumlah] += langkah
        i += 1
    return bagian


def list_satker(*, seed: int) -> list[ProfilSatker]:
    """Every satker of the country: each province followed by its kabupaten and kota."""
    rng = random.Random(f"nasional:{seed}")
    dipakai: set[str] = set()
    kode_provinsi = [f"{pulau}{i}" for pulau, n in PULAU for i in range(1, n + 1)]
    assert len(kode_provinsi) == JUMLAH_PROVINSI
    jumlah_daerah = _bagi(rng, JUMLAH_KABUPATEN_KOTA, JUMLAH_PROVINSI)
    hasil = []
    for kode, n in zip(kode_provinsi, jumlah_daerah, strict=True):
        provinsi = _nama_tempat(rng, dipakai)
        hasil.append(_profil(rng, kode, "provinsi", provinsi, provinsi, dipakai))
        jumlah_kota = min(n - 1, round(n * rng.uniform(0.1, 0.3))) if n > 1 else 0
        for i in range(1, n - jumlah_kota + 1):
            nama = _nama_tempat(rng, dipakai)
            hasil.append(_profil(rng, f"{kode}{i:02d}", "kabupaten", nama, provinsi, dipakai))
        for i in range(71, 71 + jumlah_kota):
            nama = _nama_tempat(rng, dipakai)
            hasil.append(_profil(rng, f"{kode}{i:02d}", "kota", nama, provinsi, dipakai))
    return hasil


def _profil(
    rng: random.Random, kode: str, jenis: str, nama: str, provinsi: str, dipakai: set[str]
) -> ProfilSatker:
    sebutan = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}[jenis]
    kedudukan = nama if jenis == "kota" else _nama_tempat(rng, dipakai)
    return ProfilSatker(
        kode=kode,
        jenis=jenis,
        nama=f"KPU {sebutan} {nama}",
        nama_lengkap=f"Komisi Pemilihan Umum {sebutan} {nama}",
        wilayah=f"{sebutan} {nama}",
        provinsi=provinsi,
        kedudukan=kedudukan,
        alamat=f"Jl. {_nama_tempat(rng, set())} No. {rng.randint(1, 150)}, {kedudukan}",
    )


def nama_orang(rng: random.Random) -> str:
    return f"{rng.choice(_NAMA_DEPAN)} {rng.choice(_NAMA_BELAKANG)}".upper()


def nip(rng: random.Random) -> str:
    """An 18-digit NIP as civil servants have: birth date, appointment year and month, sex, a
    sequence number (generated, nobody's)."""
    lahir = f"{rng.randint(1965, 1995)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    angkat = f"{rng.randint(int(lahir[:4]) + 22, int(lahir[:4]) + 30)}{rng.randint(1, 12):02d}"
    return f"{lahir}{angkat}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


# --- Budget --------------------------------------------------------------------------------

# Election cycle: Pilkada 2020, quiet 2021–2022, Pemilu 2023–2024 (pagu of a typical year = 1).
SKALA_TAHUN = {2020: 0.6, 2021: 0.2, 2022: 0.35, 2023: 1.0, 2024: 1.5}

KEGIATAN_CQ = {
    2020: ["6709", "6887", "6867", "6871", "6872"],
    2021: ["6709", "6887"],
    2022: ["6709", "6887", "6710"],
    2023: ["6709", "6710", "6867", "6887", "6888", "6889", "6890", "6871"],
    2024: ["6709", "6867", "6870", "6871", "6872", "6887", "6981", "6982"],
}
KEGIATAN_WA = ["3355", "3360"]
PORSI_WA = {2020: 0.3, 2021: 0.7, 2022: 0.55, 2023: 0.15, 2024: 0.06}

KRO = {
    "QAH": "Layanan Manajemen Kinerja Internal",
    "QDB": "Fasilitasi dan Pembinaan Lembaga",
    "QDC": "Fasilitasi dan Pembinaan Pemerintah Daerah",
    "EBA": "Layanan Dukungan Manajemen Internal",
    "EBB": "Layanan Sarana dan Prasarana Internal",
    "EBD": "Layanan Manajemen Kinerja Internal",
    "QMA": "Data dan Informasi Publik",
    "QIB": "Pelayanan Publik kepada Masyarakat",
    "FAB": "Sistem Informasi Pemerintahan",
    "RAB": "Sarana Bidang Teknologi Informasi dan Komunikasi",
    "SCM": "Sosialisasi dan Diseminasi",
    "UAB": "Pemberdayaan Masyarakat",
}
KOMPONEN = [
    "Gaji dan Tunjangan",
    "Operasional dan Pemeliharaan Kantor",
    "Honorarium Badan Ad Hoc",
    "Bimbingan Teknis",
    "Rapat Koordinasi",
    "Pengadaan Logistik",
    "Sosialisasi dan Pendidikan Pemilih",
    "Monitoring dan Evaluasi",
    "Perjalanan Dinas",
    "Penyusunan Laporan",
    "Distribusi Logistik",
    "Layanan Informasi Publik",
]
JUMLAH_BARIS = 300


@dataclass(frozen=True)
class BarisSpec:
    kode: str
    induk: str | None
    tingkat: str
    uraian: str
    pagu: Decimal
    realisasi: Decimal
    urutan: int
    catatan: str = ""


@dataclass
class _Simpul:
    kode: str
    tingkat: str
    uraian: str
    anak: list["_Simpul"] = field(default_factory=list)
    pagu: int = 0
    realisasi: int = 0


def pagu_dasar(rng: random.Random, jenis: str) -> int:
    """A satker's yearly pagu in a typical year: 3–25 billion rupiah for a kabupaten."""
    kali = {"provinsi": 2.5, "kabupaten": 1.0, "kota": 0.8}[jenis]
    return int(3e9 * (25 / 3) ** rng.random() * kali)


def build_anggaran(rng: random.Random, *, tahun: int, pagu: int) -> list[BarisSpec]:
    """300 budget lines, program → kegiatan → KRO → RO → komponen. Pagu sits on the komponen
    (in whole thousands, as in a DIPA), realisasi 70–100 % of it; every parent holds the sums of
    its children, so the stored totals agree with the computed ones (docs/aturan.md rule 12)."""
    kegiatan_cq = KEGIATAN_CQ.get(tahun, KEGIATAN_CQ[2022])
    program = [
        _Simpul("076.01.WA", "program", PROGRAM["076.01.WA"]),
        _Simpul("076.01.CQ", "program", PROGRAM["076.01.CQ"]),
    ]
    semua_kegiatan = []
    for prog, daftar in zip(program, (KEGIATAN_WA, kegiatan_cq), strict=True):
        for kode in daftar:
            keg = _Simpul(f"{prog.kode}.{kode}", "kegiatan", KEGIATAN[kode])
            prog.anak.append(keg)
            semua_kegiatan.append(keg)
    ro_semua = []
    for keg in semua_kegiatan:
        for kro in rng.sample(sorted(KRO), 3):
            simpul_kro = _Simpul(f"{keg.kode}.{kro}", "kro", KRO[kro])
            keg.anak.append(simpul_kro)
            for i in (1, 2):
                ro = _Simpul(f"{simpul_kro.kode}.{i:03d}", "ro", f"{KRO[kro]} ({i})")
                simpul_kro.anak.append(ro)
                ro_semua.append(ro)
    sisa = JUMLAH_BARIS - len(program) - len(semua_kegiatan) * 10
    for ro, jumlah in zip(ro_semua, _bagi(rng, sisa, len(ro_semua)), strict=True):
        for i, uraian in enumerate(rng.sample(KOMPONEN * 3, jumlah), 1):
            ro.anak.append(_Simpul(f"{ro.kode}.{50 + i:03d}", "komponen", uraian))
    # Management costs are steady; election activities carry the cycle (Gunung Mas 2024: the
    # management programme is 5 % of the pagu).
    porsi_wa = PORSI_WA.get(tahun, 0.5)
    for prog, porsi in zip(program, (porsi_wa, 1 - porsi_wa), strict=True):
        daun = [k for keg in prog.anak for kro in keg.anak for ro in kro.anak for k in ro.anak]
        bobot = [rng.lognormvariate(0, 0.9) for _ in daun]
        for d, b in zip(daun, bobot, strict=True):
            d.pagu = max(1000, round(pagu * porsi * b / sum(bobot), -3))
            # Mostly well spent, never below 70 %.
            d.realisasi = (
                d.pagu if rng.random() < 0.15 else int(d.pagu * (1 - 0.3 * rng.random() ** 2))
            )
    hasil: list[BarisSpec] = []

    def jumlahkan(s: _Simpul, induk: str | None) -> None:
        posisi = len(hasil)
        hasil.append(None)  # type: ignore[arg-type]  # the parent goes before its children
        for a in s.anak:
            jumlahkan(a, s.kode)
        if s.anak:
            s.pagu = sum(a.pagu for a in s.anak)
            s.realisasi = sum(a.realisasi for a in s.anak)
        hasil[posisi] = BarisSpec(
            kode=s.kode,
            induk=induk,
            tingkat=s.tingkat,
            uraian=s.uraian,
            pagu=Decimal(s.pagu),
            realisasi=Decimal(s.realisasi),
            urutan=posisi + 1,
        )

    for p in program:
        jumlahkan(p, None)
    return hasil


# A generated indicator far enough below its target that a satker must explain it (below "Baik"
# needs its causes and a solution before submission): the generator writes them, as staff would.
PENYEBAB_UJI = "Sebagian kegiatan pendukung indikator ini tertunda karena jadwal tahapan bergeser."
SOLUSI_UJI = "Jadwal kegiatan disusun ulang dan pelaksanaannya dipantau tiap triwulan."
BATAS_PERLU_ANALISIS = Decimal(90)


def perlu_analisis(ind: "IndikatorSpec") -> bool:
    """Whether the generated indicator's capaian falls below the Sangat Baik band (a margin over
    "below Baik", so every indicator that needs its causes has them)."""
    from kinerja.services import aggregate_triwulan, compute_capaian, compute_capaian_dokumen

    if ind.dokumen:
        capaian = compute_capaian_dokumen(
            tersedia=sum(ind.dokumen_tersedia), wajib=len(ind.dokumen)
        )
    else:
        tahunan = aggregate_triwulan(
            nilai_tw={i: v for i, v in enumerate(ind.realisasi, start=1) if v is not None},
            agregasi=ind.agregasi,
        )
        capaian = compute_capaian(target=ind.target, realisasi=tahunan, polaritas=ind.polaritas)
    return capaian is not None and capaian <= BATAS_PERLU_ANALISIS


# --- Perjanjian Kinerja ---------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorSpec:
    nama: str
    kode_kegiatan: str
    satuan: str
    target: Decimal | None
    polaritas: str = "positif"
    agregasi: str = "nilai_akhir"
    dokumen: tuple[str, ...] = ()
    realisasi: tuple[Decimal, ...] = ()  # TW I..IV
    dokumen_tersedia: tuple[bool, ...] = ()


@dataclass(frozen=True)
class SasaranSpec:
    bagian: str  # program | kinerja | rincian
    nomor: str
    uraian: str
    indikator: tuple[IndikatorSpec, ...]
    kelompok: str = ""  # the kegiatan heading of a rincian row in Tabel 2.2


@dataclass(frozen=True)
class ProgramSpec:
    kode: str
    nama: str
    sasaran: tuple[SasaranSpec, ...]


# (nama, kegiatan, satuan, target, polaritas, agregasi)
_INDIKATOR_WA = [
    ("Persentase pembayaran gaji dan tunjangan yang tepat waktu", "3355", "%", "100"),
    ("Persentase terpenuhinya kebutuhan operasional perkantoran", "3360", "%", "100"),
    ("Jumlah laporan keuangan dan BMN yang disusun tepat waktu", "3355", "Laporan", "4"),
]
_INDIKATOR_CQ = {
    "6709": [
        (
            "Persentase dokumen perencanaan program dan anggaran yang tersusun tepat waktu",
            "%",
            "100",
        ),
        ("Persentase permohonan informasi publik yang dijawab tepat waktu", "%", "100"),
        ("Jumlah pelanggaran kode etik penyelenggara Pemilu", "Kasus", "0", "negatif"),
        ("Persentase produk hukum yang ditetapkan tepat waktu", "%", "100"),
        (
            "Jumlah kegiatan sosialisasi dan pendidikan pemilih",
            "Kegiatan",
            "12",
            "positif",
            "kumulatif",
        ),
        ("Persentase arsip yang dikelola sesuai standar", "%", "90"),
    ],
    "6887": [
        (
            "Persentase pemilih yang berhak memilih tetapi tidak masuk daftar pemilih",
            "%",
            "2",
            "negatif",
        ),
        ("Persentase akurasi data pemilih berkelanjutan", "%", "95"),
    ],
    "6710": [("Persentase partai politik yang diverifikasi sesuai jadwal", "%", "100")],
    "6867": [("Persentase badan ad hoc yang terbentuk tepat waktu", "%", "100")],
    "6870": [("Persentase fasilitasi kampanye yang terlaksana sesuai jadwal", "%", "100")],
    "6871": [("Persentase logistik yang diterima KPPS tepat jumlah dan tepat waktu", "%", "100")],
    "6872": [("Persentase partisipasi pemilih", "%", "77.5")],
    "6888": [("Persentase peserta Pemilu yang ditetapkan sesuai jadwal", "%", "100")],
    "6889": [("Persentase daerah pemilihan yang ditetapkan tepat waktu", "%", "100")],
    "6890": [("Persentase verifikasi pencalonan yang selesai tepat waktu", "%", "100")],
    "6981": [("Persentase pengucapan sumpah/janji yang terfasilitasi", "%", "100")],
    "6982": [("Persentase hasil Pemilu yang ditetapkan tepat waktu", "%", "100")],
}
JUMLAH_INDIKATOR_CQ = 10


def _dua(x: float) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _realisasi_tw(rng: random.Random, spec: tuple) -> tuple[Decimal, ...]:
    satuan, target = spec[1], Decimal(spec[2])
    polaritas = spec[3] if len(spec) > 3 else "positif"
    agregasi = spec[4] if len(spec) > 4 else "nilai_akhir"
    if agregasi == "kumulatif":
        total = max(0, round(float(target) * rng.uniform(0.75, 1.2)))
        bagian = [total // 4] * 4
        bagian[-1] += total - sum(bagian)
        return tuple(Decimal(b) for b in bagian)
    if polaritas == "negatif":
        if target == 0:
            akhir = 1.0 if rng.random() < 0.1 else 0.0
            return tuple(Decimal(0) for _ in range(3)) + (_dua(akhir),)
        akhir = float(target) * rng.uniform(0.5, 1.5)
        return tuple(_dua(akhir * f) for f in (1.6, 1.3, 1.1, 1.0))
    batas = 100.0 if satuan == "%" else float(target) * 1.2
    akhir = float(target) if rng.random() < 0.5 else float(target) * rng.uniform(0.8, 1.05)
    akhir = min(batas, akhir)
    return tuple(_dua(akhir * f) for f in (0.25, 0.5, 0.75, 1.0))


def _indikator(rng: random.Random, kegiatan: str, spec: tuple) -> IndikatorSpec:
    return IndikatorSpec(
        nama=spec[0],
        kode_kegiatan=kegiatan,
        satuan=spec[1],
        target=Decimal(spec[2]),
        polaritas=spec[3] if len(spec) > 3 else "positif",
        agregasi=spec[4] if len(spec) > 4 else "nilai_akhir",
        realisasi=_realisasi_tw(rng, spec),
    )


def build_pk(rng: random.Random, *, tahun: int) -> tuple[ProgramSpec, ...]:
    """15 measured indicators: one per programme (Tabel 3.1) and 13 in Tabel 3.2, among them a
    count summed over the quarters, two of negative polarity (one with target 0) and a document
    target; Tabel 2.2 repeats the measured ones without realisations."""
    wa = [
        SasaranSpec(
            "kinerja",
            f"1.{i}",
            f"Terlaksananya {KEGIATAN[keg].lower()}",
            (_indikator(rng, keg, (nama, satuan, target, "positif", agregasi)),),
        )
        for i, (nama, keg, satuan, target, agregasi) in enumerate(
            [(*x, "kumulatif" if x[2] == "Laporan" else "nilai_akhir") for x in _INDIKATOR_WA],
            1,
        )
    ]
    dokumen = ("Berita Acara Rekonsiliasi", "Surat Keputusan Pengelola Anggaran")
    tersedia = tuple(rng.random() > 0.1 for _ in dokumen)
    wa[0] = SasaranSpec(
        wa[0].bagian,
        wa[0].nomor,
        wa[0].uraian,
        wa[0].indikator
        + (
            IndikatorSpec(
                nama="Dokumen pertanggungjawaban pengelolaan anggaran",
                kode_kegiatan="3355",
                satuan="",
                target=None,
                dokumen=dokumen,
                dokumen_tersedia=tersedia,
            ),
        ),
    )
    kegiatan_cq = KEGIATAN_CQ.get(tahun, KEGIATAN_CQ[2022])
    pilihan = [(k, s) for k in kegiatan_cq if k != "6709" for s in _INDIKATOR_CQ[k]]
    pilihan += [("6709", s) for s in _INDIKATOR_CQ["6709"]]
    pilihan = pilihan[:JUMLAH_INDIKATOR_CQ]
    per_kegiatan: dict[str, list[IndikatorSpec]] = {}
    for keg, spec in pilihan:
        per_kegiatan.setdefault(keg, []).append(_indikator(rng, keg, spec))
    cq = [
        SasaranSpec("kinerja", f"2.{i}", f"Terlaksananya {KEGIATAN[keg].lower()}", tuple(ind))
        for i, (keg, ind) in enumerate(per_kegiatan.items(), 1)
    ]
    program_wa = SasaranSpec(
        "program",
        "1",
        "Meningkatnya akuntabilitas keuangan dan kinerja serta dukungan sarana dan prasarana KPU",
        (
            _indikator(
                rng,
                "",
                (
                    "Persentase terpenuhinya dukungan manajemen dan akuntabilitas kinerja",
                    "%",
                    "100",
                ),
            ),
        ),
    )
    program_cq = SasaranSpec(
        "program",
        "2",
        "Meningkatnya kualitas penyelenggaraan Pemilu dan Pemilihan",
        (_indikator(rng, "", ("Persentase tahapan yang terlaksana sesuai jadwal", "%", "100")),),
    )

    def rincian(daftar: list[SasaranSpec]) -> list[SasaranSpec]:
        return [
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
                        agregasi=x.agregasi,
                        dokumen=x.dokumen,
                    )
                    for x in s.indikator
                ),
            )
            for i, s in enumerate(daftar, 1)
        ]

    return (
        ProgramSpec("076.01.WA", PROGRAM["076.01.WA"], (program_wa, *wa, *rincian(wa))),
        ProgramSpec("076.01.CQ", PROGRAM["076.01.CQ"], (program_cq, *cq, *rincian(cq))),
    )


def narasi(profil: ProfilSatker, tahun: int) -> list[tuple[str, str, str]]:
    """Minimal narrative, (bagian, kunci, teks): the sections the report cannot do without."""
    return [
        (
            "kata_pengantar",
            "",
            f"Laporan Kinerja Instansi Pemerintah (LKjIP) {profil.nama} Tahun {tahun} disusun "
            "sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi selama satu "
            "tahun anggaran.",
        ),
        (
            "ikhtisar",
            "",
            f"Ikhtisar ini merangkum capaian kinerja dan realisasi anggaran {profil.nama} "
            f"Tahun {tahun}.",
        ),
        (
            "latar_belakang",
            "",
            f"{profil.nama} menyusun LKjIP Tahun {tahun} berdasarkan Peraturan Presiden Nomor 29 "
            "Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah.",
        ),
        (
            "tugas_fungsi",
            "",
            f"{profil.nama} bertugas menyelenggarakan Pemilu dan Pemilihan di {profil.wilayah} "
            "sesuai peraturan perundang-undangan.",
        ),
        (
            "analisis_sasaran",
            "076.01.WA",
            "Dukungan manajemen terlaksana sesuai rencana; kendala kecil diselesaikan dalam tahun "
            "berjalan.",
        ),
        (
            "analisis_sasaran",
            "076.01.CQ",
            "Tahapan penyelenggaraan terlaksana sesuai jadwal; capaian tiap indikator diuraikan "
            "pada tabel pengukuran.",
        ),
        (
            "penutup",
            "",
            f"Capaian kinerja Tahun {tahun} menjadi bahan evaluasi untuk perbaikan perencanaan "
            "dan pelaksanaan program pada tahun berikutnya.",
        ),
    ]


# --- Sources of a satker-year ---------------------------------------------------------------


@dataclass(frozen=True)
class KepalaPK:
    tanggal: datetime.date
    pihak_pertama_nama: str
    pihak_kedua_nama: str
    pihak_pertama_nip: str = ""


class SumberData(Protocol):
    """What ``buat_data_nasional.write_batch`` writes for one satker-year."""

    def pk(self, profil: ProfilSatker, tahun: int) -> tuple[KepalaPK, tuple[ProgramSpec, ...]]: ...

    def anggaran(self, profil: ProfilSatker, tahun: int) -> list[BarisSpec]: ...

    def narasi(self, profil: ProfilSatker, tahun: int) -> list[tuple[str, str, str]]: ...


@dataclass(frozen=True)
class SumberNasional:
    """The national data of one seed; each satker-year draws from its own generators."""

    seed: int

    def pk(self, profil: ProfilSatker, tahun: int) -> tuple[KepalaPK, tuple[ProgramSpec, ...]]:
        rng = random.Random(f"pk:{self.seed}:{profil.kode}:{tahun}")
        kepala = KepalaPK(
            tanggal=datetime.date(tahun, 1, rng.randint(2, 31)),
            pihak_pertama_nama=nama_orang(rng),
            pihak_kedua_nama=nama_orang(rng),
            # Its own generator, so the rest of the generated data stays as it was.
            pihak_pertama_nip=nip(random.Random(f"nip:{self.seed}:{profil.kode}:{tahun}")),
        )
        return kepala, build_pk(rng, tahun=tahun)

    def anggaran(self, profil: ProfilSatker, tahun: int) -> list[BarisSpec]:
        rng = random.Random(f"anggaran:{self.seed}:{profil.kode}:{tahun}")
        pagu = int(pagu_dasar(random.Random(f"pagu:{self.seed}:{profil.kode}"), profil.jenis))
        pagu = int(pagu * SKALA_TAHUN.get(tahun, 0.5))
        return build_anggaran(rng, tahun=tahun, pagu=pagu)

    def narasi(self, profil: ProfilSatker, tahun: int) -> list[tuple[str, str, str]]:
        return narasi(profil, tahun)
