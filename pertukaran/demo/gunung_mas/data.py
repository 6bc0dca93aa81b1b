"""KPU Kabupaten Gunung Mas, LKjIP 2024, transcribed from the published report (see CATATAN.md).

Plain literals only; ``pertukaran/management/commands/muat_gunung_mas.py`` turns them into rows.
Amounts and targets are strings, converted to ``Decimal`` by the loader.

A PK indicator is ``(nama, target)`` or ``(nama, target, realisasi_tw4)``; ``target`` is
``"100 %"`` / ``"1 laporan"`` (number and unit), ``None`` (not set in the seed), or a list of the
required documents of a document target ("BA dan SK").
"""

SATKER = {
    "kode": "6210",
    "jenis": "kabupaten",
    "nama": "KPU Kabupaten Gunung Mas",
    "nama_lengkap": "Komisi Pemilihan Umum Kabupaten Gunung Mas",
    "wilayah": "Kabupaten Gunung Mas",
    "provinsi": "Kalimantan Tengah",
    "kedudukan": "Kuala Kurun",
}

# (urutan, nama, batas_bawah, termasuk_batas): docs/aturan.md rule 7, the seed's scale with its
# gaps closed.
KATEGORI_CAPAIAN = [
    (1, "Gagal", None, True),
    (2, "Cukup Baik", "55", True),
    (3, "Baik", "75", False),
    (4, "Sangat Baik", "90", False),
]

RENSTRA = {
    "tahun_mulai": 2020,
    "tahun_selesai": 2024,
    "nomor_keputusan": "01.a/PR.01.3-Kpt/6210/KPU-Kab/I/2020",
    "visi": (
        "Menjadi penyelenggara Pemilihan Umum dan Pemilihan yang Mandiri, Profesional dan "
        "Berintegritas untuk terwujudnya Pemilihan Umum dan Pemilihan yang Langsung, Umum, Bebas, "
        "Rahasia, Jujur dan Adil."
    ),
    # (kata_kunci, uraian)
    "makna_visi": [
        (
            "Berintegritas",
            "Penyelenggara Pemilu yang berdasarkan kejujuran dan etika yang konsisten dan tanpa "
            "kompromi dalam pelaksanaan Pemilu, sehingga meningkatkan kepercayaan publik dan "
            "kewibawaan lembaga.",
        ),
        (
            "Profesional",
            "Penyelenggaraan Pemilu berdasarkan pada kompetensi, keterampilan dan komitmen pada "
            "kualitas kerja yang maksimal dalam pelaksanaan Pemilu.",
        ),
        (
            "Mandiri",
            "Penyelenggaraan Pemilu yang bebas dari pengaruh pihak manapun, terbuka dan dapat "
            "dipertanggungjawabkan segala keputusan dan kebijakannya.",
        ),
    ],
    "misi": [
        "Membangun sumber daya manusia (SDM) yang kompeten sebagai upaya menciptakan "
        "penyelenggara Pemilu yang profesional;",
        "Menyusun regulasi kepemiluan yang memberikan kepastian hukum, progresif dan partisipatif;",
        "Meningkatkan kualitas pelayanan Pemilu, khususnya untuk para pemangku kepentingan dan "
        "umumnya untuk seluruh masyarakat;",
        "Meningkatkan partisipasi dan kualitas pemilih melalui sosialisasi dan pendidikan pemilih "
        "yang berkelanjutan;",
        "Memperkuat kedudukan organisasi dalam ketatanegaraan;",
        "Meningkatkan integritas penyelenggaraan Pemilu dengan memberikan pemahaman secara "
        "intensif dan komprehensif khususnya mengenai kode etik penyelenggara Pemilu;",
        "Mewujudkan penyelenggara Pemilu yang efektif dan efisien, transparan, akuntabel serta "
        "aksesabel.",
    ],
    "tujuan": [
        "Terwujudnya lembaga KPU Kabupaten Gunung Mas yang memiliki integritas, kompetensi, "
        "kredibilitas, dan kapabilitas dalam menyelenggarakan Pemilu;",
        "Terselenggaranya Pemilu sesuai dengan peraturan perundang-undangan yang berlaku;",
        "Meningkatnya partisipasi politik masyarakat dalam pelaksanaan demokrasi di wilayah "
        "Kabupaten Gunung Mas;",
        "Meningkatnya kesadaran masyarakat untuk berpartisipasi dalam Pemilu;",
        "Terselenggaranya Pemilu yang efektif dan efisien, transparan, akuntabel dan aksesibel.",
    ],
    # (uraian, [(indikator, satuan, polaritas), ...])
    "sasaran": [
        (
            "Meningkatnya kualitas penyelenggaraan Pemilu",
            [
                ("Persentase partisipasi pemilih dalam Pemilu", "%", "positif"),
                ("Persentase partisipasi pemilih perempuan dalam Pemilu", "%", "positif"),
                (
                    "Persentase pemilih disabilitas yang terdaftar dalam Daftar Pemilih Tetap "
                    "(DPT) yang menggunakan hak pilihnya",
                    "%",
                    "positif",
                ),
                (
                    "Persentase pemilih yang berhak memilih tetapi tidak masuk dalam daftar "
                    "pemilih",
                    "%",
                    "negatif",
                ),
                (
                    "Persentase KPPS yang telah menerima perlengkapan pemungutan dan penghitungan "
                    "suara paling lambat 1 (satu) hari sebelum hari pemungutan suara tepat jumlah "
                    "dan kualitas",
                    "%",
                    "positif",
                ),
            ],
        ),
        (
            "Meningkatnya kapasitas penyelenggara Pemilu",
            [
                (
                    "Persentase terpenuhinya jumlah pegawai organik kesekretariatan KPU",
                    "%",
                    "positif",
                ),
                (
                    "Persentase ketepatan waktu penyelesaian administrasi kepegawaian",
                    "%",
                    "positif",
                ),
                ("Persentase pelanggaran kode etik terhadap penyelenggara Pemilu", "%", "negatif"),
                ("Opini BPK atas LHP", "opini", "positif"),
                (
                    "Persentase ketepatan waktu dalam verifikasi partai politik pasca Pemilu",
                    "%",
                    "positif",
                ),
                (
                    "Persentase ketepatan waktu dalam verifikasi pencalonan Presiden dan Wakil "
                    "Presiden, Gubernur, Bupati/Walikota",
                    "%",
                    "positif",
                ),
            ],
        ),
        (
            "Meningkatnya kualitas regulasi kepemiluan",
            [
                (
                    "Persentase partisipasi pemangku kepentingan dalam penyusunan regulasi",
                    "%",
                    "positif",
                ),
                (
                    "Persentase sengketa hukum yang dimenangkan oleh KPU Kabupaten Gunung Mas",
                    "%",
                    "positif",
                ),
            ],
        ),
    ],
}

PROGRAM = {
    "076.01.WA": "Program Dukungan Manajemen",
    "076.01.CQ": "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
}

# Tabel 2.1: (program_kode, sasaran, indikator, kode_kegiatan); urutan is the position.
RKT_2024 = [
    (
        "076.01.WA",
        "Terlaksananya Pengelolaan Keuangan dan Barang Milik Negara",
        "Persentase ketepatan waktu dalam pembayaran honorarium, uang kehormatan, gaji dan "
        "tunjangan pegawai serta pengelolaan barang milik negara KPU Kabupaten Gunung Mas",
        "3355",
    ),
    (
        "076.01.WA",
        "Terlaksananya Penyelenggaraan Operasional Perkantoran dan Dukungan sarana dan Prasarana",
        "Persentase pemenuhan sarana dan fasilitas perkantoran untuk mendukung kinerja pegawai "
        "yang berfungsi dengan baik",
        "3360",
    ),
    (
        "076.01.CQ",
        "Terlaksananya Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan "
        "Penyelenggaraan Pemilu",
        "Persentase KPU Kabupaten Gunung Mas dalam Perencanaan Program dan Anggaran, serta "
        "Penyusunan Peraturan Pelaksanaan Penyelenggaraan Pemilu",
        "6709",
    ),
    (
        "076.01.CQ",
        "Terlaksananya Pembentukan Badan Adhoc",
        "Persentase KPU Kabupaten Gunung Mas dalam penyelenggaraan Pembentukan Badan Adhoc",
        "6867",
    ),
    (
        "076.01.CQ",
        "Terlaksananya Kegiatan Masa Kampanye Pemilu",
        "Persentase KPU Kabupaten Gunung Mas dalam penyelenggaraan Kegiatan Masa Kampanye Pemilu",
        "6870",
    ),
    (
        "076.01.CQ",
        "Terlaksananya Kegiatan Pengelolaan, Pengadaan, Laporan dan Dokumentasi Logistik",
        "Persentase KPU Kabupaten Gunung Mas dalam penyelenggaraan Kegiatan Pengelolaan, "
        "Pengadaan, Laporan dan Dokumentasi Logistik",
        "6871",
    ),
    (
        "076.01.CQ",
        "Terwujudnya pelaksanaan kegiatan Pemungutan dan Penghitungan Suara",
        "Persentase KPU Kabupaten Gunung Mas dalam penyelenggaraan kegiatan Pemungutan dan "
        "Penghitungan Suara",
        "6872",
    ),
    (
        "076.01.CQ",
        "Terlaksananya Pengucapan Sumpah/Janji Presiden dan Wakil Presiden serta Anggota DPR, "
        "DPD, DPRD Provinsi, dan DPRD Kabupaten/Kota",
        "Persentase KPU Kabupaten Gunung Mas dalam dukungan proses pelaksanaan Sumpah Janji",
        "6981",
    ),
    (
        "076.01.CQ",
        "Penetapan Hasil Pemilu",
        "Persentase KPU Kabupaten Gunung Mas dalam Menetapkan Hasil Pemilu dan Pemilihan di "
        "Wilayah Kabupaten Gunung Mas",
        "6982",
    ),
]

# Tabel 2.2 group headings (kelompok).
K3355 = "Pelaksanaan Pengelolaan Keuangan dan Barang Milik Negara (3355)"
K3360 = "Penyelenggaraan Operasional Perkantoran dan Dukungan Sarana dan Prasarana (3360)"
K6709 = (
    "Pelaksanaan Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan "
    "Penyelenggaraan Pemilu (6709)"
)
K6867 = "Pembentukan Badan Ad Hoc (6867)"
K6870 = "Masa Kampanye Pemilu (6870)"
K6871 = "Pengelolaan, Pengadaan, Laporan, dan Dokumentasi Logistik (6871)"
K6872 = "Pemungutan dan Penghitungan Suara (6872)"
K6981 = (
    "Pengucapan Sumpah/Janji Presiden dan Wakil Presiden serta Anggota DPR, DPD, DPRD Provinsi, "
    "dan DPRD Kabupaten/Kota (6981)"
)
K6982 = "Penetapan Hasil Pemilu (6982)"

IND_GAJI = (
    "Persentase ketepatan waktu dalam pembayaran honorarium, uang kehormatan, gaji dan tunjangan "
    "pegawai KPU Kabupaten Gunung Mas"
)
IND_SARPRAS = (
    "Persentase pemenuhan sarana dan fasilitas perkantoran untuk mendukung kinerja pegawai yang "
    "berfungsi dengan baik"
)
IND_LAPORAN_BMN = (
    "Tersedianya Laporan Barang Milik Negara berdasarkan SIMAK BMN yang datanya sesuai Data SAK"
)
IND_PERBENDAHARAAN = (
    "Persentase Pejabat Perbendaharaan yang menyelesaikan pertanggungjawaban penggunaan anggaran "
    "sesuai ketentuan"
)
SASARAN_GAJI = "Terlaksananya pembayaran Gaji dan Tunjangan yang tepat waktu"
SASARAN_BMN = "Terlaksananya Pengelolaan Barang Milik Negara"

# Per programme, per bagian: [(kelompok, [(nomor, uraian, kode_kegiatan, [indikator, ...]), ...])]
PK_2024 = {
    "tahun": 2024,
    "versi": 1,
    "jenis": "awal",
    # The seed names neither the Sekretaris nor their NIP nor the PK's date: left empty, so the
    # report's check shows them as galat until the satker fills them in (CATATAN.md). The place:
    # empty = the satker's seat (Kuala Kurun).
    "pihak_pertama_nama": "",
    "pihak_pertama_nip": "",
    "tanggal": None,
    "tempat": "",
    "pihak_pertama_jabatan": "Sekretaris",
    "pihak_kedua_nama": "ELFRINIS G. TUMON",
    "pihak_kedua_jabatan": "Ketua",
    "program": [
        (
            "076.01.WA",
            {
                "program": [
                    (
                        "",
                        [
                            (
                                "1",
                                "Meningkatnya akuntabilitas keuangan dan kinerja serta dukungan "
                                "sarana dan prasarana KPU",
                                "",
                                [
                                    (
                                        "Persentase (%) meningkatnya akuntabilitas keuangan dan "
                                        "kinerja serta tersedianya dukungan sarana dan prasarana "
                                        "KPU",
                                        "100 %",
                                    )
                                ],
                            )
                        ],
                    )
                ],
                "kinerja": [
                    (
                        "",
                        [
                            ("1.1", SASARAN_GAJI, "3355", [(IND_GAJI, "100 %", "100")]),
                            (
                                "1.2",
                                "Terpenuhinya keperluan perkantoran sehari-hari sebagai penunjang "
                                "kegiatan operasional kantor selama 1 (satu) tahun",
                                "3360",
                                [(IND_SARPRAS, "100 %", "100")],
                            ),
                        ],
                    )
                ],
                "rincian": [
                    (
                        "Pelaksanaan Pengelolaan Keuangan dan Barang Milik Negara (3355) dan "
                        "Penyelenggaraan Operasional Perkantoran dan Dukungan Sarana dan "
                        "Prasarana (3360)",
                        [
                            ("1", SASARAN_GAJI, "3355", [(IND_GAJI, "100 %")]),
                            (
                                "2",
                                "Terwujudnya Dukungan Sarana dan Prasarana untuk kelancaran Tugas "
                                "KPU 1 (satu) tahun",
                                "3360",
                                [(IND_SARPRAS, "100 %")],
                            ),
                            ("3", SASARAN_BMN, "3360", [(IND_LAPORAN_BMN, "100 %")]),
                            (
                                "4",
                                "Meningkatnya pembinaan Perbendaharaan",
                                "3355",
                                [(IND_PERBENDAHARAAN, "100 %")],
                            ),
                        ],
                    )
                ],
            },
        ),
        (
            "076.01.CQ",
            {
                "program": [
                    (
                        "",
                        [
                            (
                                "2",
                                "Meningkatnya kapasitas dan kredibilitas organisasi penyelenggara "
                                "Pemilu dan Pemilihan Kepala Daerah di KPU, KPU Provinsi dan KPU "
                                "Kab/Kota",
                                "",
                                [
                                    (
                                        "Persentase (%) meningkatnya Penyiapan dan "
                                        "Penyelenggaraan Pemilu yang Tepat Waktu dan Akuntabel",
                                        "100 %",
                                    )
                                ],
                            )
                        ],
                    )
                ],
                "kinerja": [
                    (
                        "",
                        [
                            (
                                "2.1",
                                "Teknis Penyelenggaraan Pemilu dan Pemilihan",
                                "HIBAH",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam "
                                        "Penyelenggaraan Pemilihan Kepala Daerah Tahun 2024",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.2",
                                "Terlaksananya Perencanaan Program dan Anggaran, serta Penyusunan "
                                "Peraturan Pelaksanaan Penyelenggaraan Pemilu",
                                "6709",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam Perencanaan "
                                        "Program dan Anggaran, serta Penyusunan Peraturan "
                                        "Pelaksanaan Penyelenggaraan Pemilu",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.3",
                                "Terlaksananya Pembentukan Badan Adhoc",
                                "6867",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam "
                                        "penyelenggaraan Pembentukan Badan Adhoc",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.4",
                                "Terlaksananya Masa Kampanye Pemilu",
                                "6870",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam pelaksanaan "
                                        "masa kampanye",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.5",
                                "Terlaksananya Kegiatan Pengelolaan, Pengadaan, Laporan dan "
                                "Dokumentasi Logistik",
                                "6871",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam "
                                        "penyelenggaraan Kegiatan Pengelolaan, Pengadaan, "
                                        "Laporan dan Dokumentasi Logistik",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.6",
                                "Terwujudnya pelaksanaan kegiatan Pemungutan dan Penghitungan "
                                "Suara",
                                "6872",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam "
                                        "penyelenggaraan kegiatan Bimtek dan Pelatihan penyiapan "
                                        "Pemungutan dan Penghitungan Suara",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.7",
                                "Terlaksananya Pengucapan Sumpah/Janji Presiden dan Wakil "
                                "Presiden serta Anggota DPR, DPD, DPRD Provinsi, dan DPRD "
                                "Kabupaten/Kota",
                                "6981",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam dukungan "
                                        "proses pelaksanaan Sumpah Janji",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                            (
                                "2.8",
                                "Penetapan Hasil Pemilu",
                                "6982",
                                [
                                    (
                                        "Persentase KPU Kabupaten Gunung Mas dalam Menetapkan "
                                        "Hasil Pemilu dan Pemilihan di Wilayah Kabupaten Gunung "
                                        "Mas",
                                        "100 %",
                                        "100",
                                    )
                                ],
                            ),
                        ],
                    )
                ],
                "rincian": [
                    (
                        K3355,
                        [
                            (
                                "1",
                                "Meningkatnya pembinaan Perbendaharaan",
                                "3355",
                                [(IND_PERBENDAHARAAN, "100 %")],
                            ),
                            (
                                "2",
                                "Terlaksananya sistem Akuntansi dan Pelaporan Keuangan",
                                "3355",
                                [
                                    (
                                        "Jumlah Laporan sistem akuntansi dan Pelaporan Keuangan",
                                        "1 laporan",
                                    )
                                ],
                            ),
                            (
                                "3",
                                "Tersusunnya Laporan Pertanggungjawaban penggunaan anggaran",
                                "3355",
                                [
                                    (
                                        "Persentase KPU Provinsi dan KPU Kabupaten/Kota yang "
                                        "menyampaikan Laporan Pertanggungjawaban Penggunaan "
                                        "Anggaran berbasis SIMONIKA yang Tepat Waktu dan Valid",
                                        "1 laporan",
                                    )
                                ],
                            ),
                            (
                                "4",
                                SASARAN_GAJI,
                                "3355",
                                [
                                    (
                                        "Persentase ketepatan waktu dalam pembayaran honorarium, "
                                        "uang kehormatan, gaji dan tunjangan PNS KPU",
                                        "1 layanan",
                                    )
                                ],
                            ),
                        ],
                    ),
                    (
                        K3360,
                        [
                            (
                                "1",
                                SASARAN_BMN,
                                "3360",
                                [
                                    (
                                        "Persentase kepatuhan dalam tertib pengelolaan Barang "
                                        "Milik Negara yang Material",
                                        "80 %",
                                    ),
                                    (IND_LAPORAN_BMN, "1 dokumen"),
                                    # Printed as row 2 with no sasaran of its own: see CATATAN.md.
                                    ("Tersedianya Laporan Persediaan (Stock Opname)", "1 dokumen"),
                                ],
                            ),
                            (
                                "3",
                                "Terwujudnya Dukungan Sarana dan Prasarana untuk kelancaran Tugas "
                                "KPU",
                                "3360",
                                [("Layanan Perkantoran", "1 layanan")],
                            ),
                        ],
                    ),
                    (
                        K6709,
                        [
                            (
                                "1",
                                "Terlaksananya pengelolaan Program dan anggaran yang efisien dan "
                                "terintegritas",
                                "6709",
                                [
                                    (
                                        "Persentase Penyusunan perencanaan kegiatan dalam "
                                        "menghadapi Pemilu serentak",
                                        "80 %",
                                    ),
                                    (
                                        "Persentase pencapaian target kinerja sesuai dengan "
                                        "Tahapan Pemilihan",
                                        "80 %",
                                    ),
                                ],
                            ),
                            (
                                "2",
                                "Terlaksananya penyelenggaraan pelatihan Bimbingan Teknis "
                                "Kepemiluan",
                                "6709",
                                [
                                    ("Persentase pembelajaran bimtek kepemiluan", "80 %"),
                                    (
                                        "Persentase laporan Realisasi keikutsertaan "
                                        "penyelenggaraan bimtek kepemiluan",
                                        "80 %",
                                    ),
                                ],
                            ),
                            (
                                "3",
                                "Tersedianya Sarana Kebutuhan Bidang Teknologi dan Informasi",
                                "6709",
                                [
                                    ("Pelaksanaan Rapat Pembahasan Sarana IT Pemilu", "90 %"),
                                    (
                                        "Persentase Pemenuhan Kebutuhan Sarana IT dalam pemilu "
                                        "dan Pilkada",
                                        "100 %",
                                    ),
                                ],
                            ),
                        ],
                    ),
                    (
                        K6867,
                        [
                            (
                                "1",
                                "Pembentukan Badan Ad Hoc",
                                "6867",
                                [("Pelaksanaan Rekrutmen KPPS", "1 laporan")],
                            ),
                            (
                                "2",
                                "Honorarium Badan Adhoc",
                                "6867",
                                [("Dukungan Operasional Badan Adhoc", "100 %")],
                            ),
                        ],
                    ),
                    (
                        K6870,
                        [
                            (
                                "1",
                                "Persiapan Kampanye Pemilu dan Pilkada",
                                "6870",
                                [("Laporan Persiapan Kampanye Pemilu", "1 laporan")],
                            ),
                            (
                                "2",
                                "Pengelolaan Kampanye Pemilu dan Pilkada",
                                "6870",
                                [
                                    (
                                        "Pelaksanaan dan Pengelolaan Kampanye Pemilu dan Pilkada",
                                        "1 laporan",
                                    )
                                ],
                            ),
                            (
                                "3",
                                "Evaluasi dan Laporan Kegiatan Kampanye Pemilu",
                                "6870",
                                [("Laporan Pelaksanaan Kegiatan Kampanye Pemilu", "1 laporan")],
                            ),
                        ],
                    ),
                    (
                        K6871,
                        [
                            (
                                "1",
                                "Penyiapan dan Pengelolaan Logistik Pemilu",
                                "6871",
                                [("Penyusunan daftar Kebutuhan Logistik Pemilu dan Pilkada", None)],
                            ),
                            (
                                "2",
                                "Pengelolaan Pengadaan Barang dan Jasa",
                                "6871",
                                [
                                    (
                                        "Pengadaan, Pengiriman, pengelolaan, pengawasan produksi, "
                                        "supervisi dan monitoring logistik Pemilu dan Pilkada",
                                        "100 %",
                                    )
                                ],
                            ),
                            (
                                "3",
                                "Pengelolaan Dokumentasi Logistik",
                                "6871",
                                [("Rapat, Penyusunan Laporan Pemilu dan Pilkada", None)],
                            ),
                        ],
                    ),
                    (
                        K6872,
                        [
                            (
                                "1",
                                "Fasilitasi Penyiapan Tahapan Pemungutan dan Penghitungan Suara",
                                "6872",
                                [
                                    (
                                        "Terlaksananya Fasilitasi penyiapan tahapan pemungutan "
                                        "dan penghitungan suara",
                                        "100 %",
                                    )
                                ],
                            ),
                            (
                                "2",
                                "Pelaksanaan Tahapan Pemungutan dan Penghitungan Suara",
                                "6872",
                                [
                                    (
                                        "Terlaksananya Pelaksanaan tahapan pemungutan dan "
                                        "penghitungan suara Pemilu dan Pilkada",
                                        "100 %",
                                    )
                                ],
                            ),
                            (
                                "3",
                                "Evaluasi Tungsura",
                                "6872",
                                [
                                    (
                                        "Pelaksanaan Evaluasi Tahapan Tungsura Pemilu dan Pilkada",
                                        "1 laporan",
                                    )
                                ],
                            ),
                        ],
                    ),
                    (
                        K6981,
                        [
                            (
                                "1",
                                "Fasilitasi Penyiapan Sumpah Janji",
                                "6981",
                                [("Terlaksananya rapat persiapan sumpah janji", "1 laporan")],
                            ),
                            (
                                "2",
                                "Pelaksanaan Kegiatan Sumpah Janji",
                                "6981",
                                [("Terlaksananya kegiatan sumpah janji", "1 laporan")],
                            ),
                        ],
                    ),
                    (
                        K6982,
                        [
                            (
                                "1",
                                "Pelaksanaan Tahapan Penetapan Hasil Pemilu dan Pilkada",
                                "6982",
                                [
                                    (
                                        "Terlaksananya penetapan hasil pemilu dan Pilkada",
                                        ["Berita Acara", "Surat Keputusan"],
                                    )
                                ],
                            ),
                            (
                                "2",
                                "Penyelesaian Sengketa Penetapan Hasil Pemilu dan Pilkada",
                                "6982",
                                [
                                    (
                                        "Terselesaikannya sengketa penetapan hasil pemilu dan "
                                        "Pilkada",
                                        "1 laporan",
                                    )
                                ],
                            ),
                        ],
                    ),
                ],
            },
        ),
    ],
}

KEGIATAN = {
    "3355": "Pengelolaan Keuangan dan Barang Milik Negara",
    "3360": "Kegiatan Operasional Perkantoran dan Dukungan Sarana dan Prasarana",
    "HIBAH": "Teknis Penyelenggaraan Pemilu/Pemilihan (hibah Pilkada 2024)",
    "6709": (
        "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan "
        "Penyelenggaraan Pemilu"
    ),
    "6710": "Pendaftaran, Verifikasi dan Penetapan Peserta Pemilu",
    "6867": "Pembentukan Badan Ad Hoc",
    "6870": "Masa Kampanye Pemilu",
    "6871": "Pengelolaan, Pengadaan, Laporan dan Dokumentasi Logistik",
    "6872": "Pemungutan dan Penghitungan Suara",
    "6887": "Pemutakhiran Data Pemilih dan Penyusunan Daftar Pemilih",
    "6888": "Penetapan Peserta Pemilu",
    "6889": "Penetapan Jumlah Kursi dan Penetapan Daerah Pemilihan",
    "6890": (
        "Pencalonan Presiden dan Wakil Presiden serta Pencalonan Anggota DPR, DPD, DPRD Provinsi "
        "dan DPRD Kabupaten/Kota"
    ),
    "6981": (
        "Pengucapan Sumpah/Janji Presiden dan Wakil Presiden serta Anggota DPR, DPD, DPRD "
        "Provinsi, dan DPRD Kabupaten/Kota"
    ),
    "6982": "Penetapan Hasil Pemilu",
}

# {tahun: [(program_kode, pagu, realisasi, [(kode_kegiatan, pagu, realisasi), ...]), ...]}
# in print order. A programme's own pagu/realisasi is the total printed in the seed (None: none).
ANGGARAN = {
    2022: [
        (
            "076.01.CQ",
            None,
            None,
            [
                ("6709", "750540000", "744049227"),
                ("6710", "570719000", "569840984"),
                ("6887", "56928000", "56721669"),
                ("6889", "225090000", "223854850"),
                ("6890", "60501000", "59561180"),
            ],
        ),
    ],
    2023: [
        (
            "076.01.CQ",
            None,
            None,
            [
                ("6709", "1166101000", "1085326419"),
                ("6710", "26445000", "25917000"),
                ("6867", "16903741000", "16711857776"),
                ("6870", "76676000", "46496642"),
                ("6871", "924337000", "782469442"),
                ("6872", "45095000", "22749200"),
                ("6887", "120788000", "119227340"),
                ("6888", "13892000", "7740960"),
                ("6889", "166725000", "164248924"),
                ("6890", "313605000", "298835470"),
            ],
        ),
    ],
    2024: [
        (
            "076.01.CQ",
            "39196465000",
            "37185527317",
            [
                ("HIBAH", "25054921000", "23127654846"),
                ("6709", "1191810000", "1172222002"),
                ("6867", "9870623000", "9870621847"),
                ("6870", "552674000", "551769840"),
                ("6871", "952059000", "888886563"),
                ("6872", "1572222000", "1572219719"),
                ("6981", "2000", "0"),
                ("6982", "2154000", "2152500"),
            ],
        ),
        (
            "076.01.WA",
            "2273501000",
            "2235154895",
            [
                ("3355", "2160190000", "2121844395"),
                ("3360", "113311000", "113310500"),
            ],
        ),
    ],
}

LAPORAN_2024 = {"tahun": 2024, "tanggal": "2025-01-05", "tempat": ""}

# (bagian, kunci, berkas in narasi/) for the 2024 report.
NARASI_2024 = [
    ("kata_pengantar", "", "kata_pengantar.txt"),
    ("ikhtisar", "", "ikhtisar.txt"),
    ("latar_belakang", "", "latar_belakang.txt"),
    ("kedudukan", "", "kedudukan.txt"),
    ("tugas_fungsi", "", "tugas_fungsi.txt"),
    ("struktur", "", "struktur.txt"),
    ("sistematika", "", "sistematika.txt"),
    ("renstra", "", "renstra.txt"),
    ("renstra", "makna_visi", "renstra_makna_visi.txt"),
    ("renstra", "misi", "renstra_misi.txt"),
    ("renstra", "tujuan", "renstra_tujuan.txt"),
    ("renstra", "sasaran", "renstra_sasaran.txt"),
    ("rkt", "", "rkt.txt"),
    ("penetapan", "", "penetapan.txt"),
    ("pengukuran", "", "pengukuran.txt"),
    ("analisis_sasaran", "", "analisis_sasaran.txt"),
    ("analisis_sasaran", "076.01.WA", "analisis_sasaran_wa.txt"),
    ("analisis_sasaran", "076.01.CQ", "analisis_sasaran_cq.txt"),
    ("capaian_organisasi", "", "capaian_organisasi.txt"),
    ("analisis_anggaran", "", "analisis_anggaran.txt"),
    ("akuntabilitas_keuangan", "", "akuntabilitas_keuangan.txt"),
    ("penutup", "", "penutup.txt"),
]
