from django.conf import settings
from django.db import models

from lkjip.kunci import QuerySetLaporan
from lkjip.pemilik import Pemilik, QuerySetPemilik
from satker.models import Satker


class Laporan(models.Model):
    """The LKjIP of a satker for a year: its date and place of signing (and later its workflow)."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="laporan")
    tahun = models.PositiveSmallIntegerField("tahun")
    tanggal = models.DateField("tanggal laporan", null=True, blank=True)
    tempat = models.CharField(
        "tempat penandatanganan",
        max_length=100,
        blank=True,
        help_text="Kosong: kedudukan satker (mis. Kuala Kurun).",
    )

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("tanggal", "tempat")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "laporan"
        verbose_name_plural = "laporan"
        ordering = ["satker", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun"], name="laporan_unik_tahun")
        ]

    def __str__(self) -> str:
        return f"LKjIP {self.tahun} {self.satker}"


class Narasi(models.Model):
    """A narrative section written by staff.

    Text format: paragraphs separated by a blank line; lines starting with ``- `` are bullets,
    ``1. `` / ``1) `` / ``a. `` numbered; two leading spaces nest a list; ``**tebal**`` and
    ``*miring*``. See ``laporan.markup``.
    """

    class Bagian(models.TextChoices):
        KATA_PENGANTAR = "kata_pengantar", "Kata Pengantar"
        IKHTISAR = "ikhtisar", "Ikhtisar Eksekutif"
        LATAR_BELAKANG = "latar_belakang", "BAB I.A Latar Belakang"
        KEDUDUKAN = "kedudukan", "BAB I.B Kedudukan"
        TUGAS_FUNGSI = "tugas_fungsi", "BAB I.C Tugas dan Fungsi"
        STRUKTUR = "struktur", "BAB I.D Struktur Organisasi"
        SISTEMATIKA = "sistematika", "BAB I.E Sistematika Penulisan"
        RENSTRA = "renstra", "BAB II.A Pengantar Rencana Strategis"
        RKT = "rkt", "BAB II.B Pengantar Rencana Kinerja Tahunan"
        PENETAPAN = "penetapan", "BAB II.C Pengantar Penetapan Kinerja"
        PENGUKURAN = "pengukuran", "BAB III.A Pengukuran Capaian Kinerja"
        ANALISIS_SASARAN = "analisis_sasaran", "BAB III.B Analisis per sasaran/program"
        CAPAIAN_ORGANISASI = "capaian_organisasi", "BAB III.C Capaian Kinerja Organisasi"
        ANALISIS_ANGGARAN = "analisis_anggaran", "BAB III.C Analisis serapan antar tahun"
        AKUNTABILITAS_KEUANGAN = "akuntabilitas_keuangan", "BAB III.D Akuntabilitas Keuangan"
        PENUTUP = "penutup", "BAB IV Penutup"

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="narasi")
    tahun = models.PositiveSmallIntegerField("tahun")
    bagian = models.CharField("bagian", max_length=30, choices=Bagian.choices)
    kunci = models.CharField(
        "kunci",
        max_length=30,
        blank=True,
        help_text="Untuk analisis per program: kode program (mis. 076.01.WA).",
    )
    teks = models.TextField("teks")
    diperbarui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diperbarui_pada = models.DateTimeField("diperbarui pada", auto_now=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("teks",)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "narasi"
        verbose_name_plural = "narasi"
        ordering = ["satker", "tahun", "bagian", "kunci"]
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "tahun", "bagian", "kunci"], name="narasi_unik_bagian"
            )
        ]

    def __str__(self) -> str:
        suffix = f" {self.kunci}" if self.kunci else ""
        return f"{self.get_bagian_display()}{suffix} {self.tahun}"


class GambarOrganisasi(models.Model):
    """Organisation charts of BAB I.D (Gambar 1–2)."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="gambar")
    tahun = models.PositiveSmallIntegerField("tahun")
    nomor = models.PositiveSmallIntegerField("nomor gambar")
    judul = models.CharField("judul", max_length=200)
    berkas = models.ImageField("berkas gambar", upload_to="struktur/")

    pemilik = Pemilik(satker="satker", tahun="tahun")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "gambar struktur organisasi"
        verbose_name_plural = "gambar struktur organisasi"
        ordering = ["satker", "tahun", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "nomor"], name="gambar_unik_nomor")
        ]

    def __str__(self) -> str:
        return f"Gambar {self.nomor}. {self.judul}"


class Komentar(models.Model):
    """A remark by anyone of the satker (Sekretaris and Komisioner included) on the year's report:
    on a narrative section (bagian + kunci), on an indicator, or on the report as a whole."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="komentar")
    tahun = models.PositiveSmallIntegerField("tahun")
    bagian = models.CharField(
        "bagian narasi", max_length=30, choices=Narasi.Bagian.choices, blank=True
    )
    kunci = models.CharField("kunci", max_length=30, blank=True)
    indikator = models.ForeignKey(
        "kinerja.IndikatorKinerja",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="komentar",
        verbose_name="indikator",
    )
    teks = models.TextField("komentar")
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="penulis",
    )
    dibuat_pada = models.DateTimeField("dibuat pada", auto_now_add=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "komentar"
        verbose_name_plural = "komentar"
        ordering = ["satker", "tahun", "dibuat_pada", "pk"]
        indexes = [models.Index(fields=["satker", "tahun", "bagian", "kunci"])]

    def __str__(self) -> str:
        return f"Komentar {self.tahun}: {self.teks[:60]}"


class DetakTugas(models.Model):
    """The heartbeat of a PDF being rendered by the background worker (laporan.tasks): the
    worker's process writes it every few seconds while it renders, so a task whose worker died
    (killed, out of memory, its machine gone) is found and queued again within a minute
    (docs/laporan_latar.md)."""

    tugas = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="detak",
    )
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    detak = models.DateTimeField()

    class Meta:
        verbose_name = "detak tugas PDF"
        verbose_name_plural = "detak tugas PDF"

    def __str__(self) -> str:
        return f"{self.tugas_id} @ {self.host}:{self.pid}"


class JadwalPDF(models.Model):
    """A satker-year whose PDF is kept current in the background (docs/laporan_latar.md): made by
    its first request or rendering; then every change of its data queues a rendering a few
    seconds later. ``tugas_id``: the task last queued for it (at most one waits at a time);
    ``berjalan_id``: the task rendering it now (at most one at a time)."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    tugas_id = models.CharField(max_length=64, blank=True)
    berjalan_id = models.CharField(max_length=64, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "jadwal PDF"
        verbose_name_plural = "jadwal PDF"
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun"], name="jadwal_pdf_satker_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.satker_id}-{self.tahun}"


class HasilPemeriksaan(models.Model):
    """The latest result of a satker-year's consistency check (``laporan.pemeriksaan``), kept so
    that a KPU Provinsi or KPU RI reads the counts of all its satker without building their
    reports (docs/pemantauan.md, Pemeriksaan tersimpan). ``revisi``: the data's revision the check
    was computed on (``satker.revisi``, its ``halaman`` mark). Not a report source: writing it
    meets neither the lock of a signed year nor the revision, and the history does not track it."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    revisi = models.CharField("revisi data", max_length=128)
    galat = models.PositiveIntegerField()
    peringatan = models.PositiveIntegerField()
    diperiksa_pada = models.DateTimeField("diperiksa pada")

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "hasil pemeriksaan"
        verbose_name_plural = "hasil pemeriksaan"
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "tahun"], name="hasil_pemeriksaan_satker_tahun"
            )
        ]

    def __str__(self) -> str:
        return f"{self.satker_id}-{self.tahun}: {self.galat} galat, {self.peringatan} peringatan"
