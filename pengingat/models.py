"""The reminders' data (docs/pengingat.md): who switched which kind off, every email sent, and
the day's runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from lkjip.pemilik import Pemilik, QuerySetPemilik
from satker.models import Pengguna, Satker


class Jenis(models.TextChoices):
    SEBELUM_BATAS = "sebelum_batas", "Batas pengisian triwulan mendekat"
    LEWAT_BATAS = "lewat_batas", "Batas pengisian triwulan terlewat"
    SIAP_VERIFIKASI = "siap_verifikasi", "Triwulan lengkap, menunggu verifikasi"
    LAPORAN_DIAJUKAN = "laporan_diajukan", "Laporan diajukan untuk disetujui"
    LAPORAN_DIKEMBALIKAN = "laporan_dikembalikan", "Laporan dikembalikan untuk diperbaiki"


class PengaturanPengingat(models.Model):
    """A user's choice for one kind of reminder; no row: the reminder is on."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pengaturan_pengingat"
    )
    jenis = models.CharField("jenis pengingat", max_length=24, choices=Jenis.choices)
    aktif = models.BooleanField("aktif", default=True)

    pemilik = Pemilik.lewat("pengguna", Pengguna)
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "pengaturan pengingat"
        verbose_name_plural = "pengaturan pengingat"
        constraints = [
            models.UniqueConstraint(fields=["pengguna", "jenis"], name="pengaturan_pengingat_unik")
        ]

    def __str__(self) -> str:
        return f"{self.pengguna}: {self.get_jenis_display()} {'aktif' if self.aktif else 'mati'}"


class EmailPengingat(models.Model):
    """One email of the reminders, claimed by its unique ``kunci`` before it is sent: a run that
    repeats (the job run twice, two workers) sends nothing twice. ``dikirim_pada`` empty with a
    ``galat``: not sent (no address, the mail server refused)."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="email_pengingat")
    tahun = models.PositiveSmallIntegerField("tahun")
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="penerima",
    )
    alamat = models.CharField("alamat email", max_length=254, blank=True)
    jenis = models.CharField("jenis", max_length=24, choices=Jenis.choices)
    kunci = models.CharField("kunci", max_length=120, unique=True)
    subjek = models.CharField("subjek", max_length=255)
    isi = models.TextField("isi")
    dibuat_pada = models.DateTimeField("dibuat pada", default=timezone.now)
    dikirim_pada = models.DateTimeField("dikirim pada", null=True, blank=True)
    galat = models.TextField("galat", blank=True)
    # The run that claimed the row (a random token), so it knows which rows are its own.
    jalan = models.CharField(max_length=32, blank=True, editable=False)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "email pengingat"
        verbose_name_plural = "email pengingat"
        ordering = ["-dibuat_pada", "-pk"]
        indexes = [
            models.Index(fields=["satker", "-dibuat_pada"], name="email_pengingat_satker_idx")
        ]

    def __str__(self) -> str:
        return self.subjek


class JalanHarian(models.Model):
    """The day's run of the reminders: one row per date, so it is queued once a day however many
    workers ask (docs/pengingat.md)."""

    tanggal = models.DateField("tanggal", unique=True)
    dimulai_pada = models.DateTimeField("dimulai pada", default=timezone.now)
    selesai_pada = models.DateTimeField("selesai pada", null=True, blank=True)
    jumlah_email = models.PositiveIntegerField("email", default=0)

    class Meta:
        verbose_name = "jalan harian pengingat"
        verbose_name_plural = "jalan harian pengingat"
        ordering = ["-tanggal"]

    def __str__(self) -> str:
        return str(self.tanggal)
