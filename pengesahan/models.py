import uuid

from django.conf import settings
from django.db import models

from lkjip.pemilik import Pemilik, QuerySetPemilik
from lkjip.unduhan import bagian_nama
from satker.models import Satker
from satker.revisi import QuerySetBerevisi


class Pengesahan(models.Model):
    """The review workflow of one satker's report for one year."""

    class Status(models.TextChoices):
        DRAF = "draf", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DISETUJUI = "disetujui", "Disetujui"
        DITANDATANGANI = "ditandatangani", "Ditandatangani"

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="pengesahan")
    tahun = models.PositiveSmallIntegerField("tahun")
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.DRAF)
    versi = models.PositiveSmallIntegerField(
        "versi",
        default=1,
        help_text="Naik satu setiap kali Revisi membuka laporan yang sudah ditandatangani.",
    )
    # The PDF as approved: what the Ketua signs, byte for byte (docs/pengesahan.md).
    pdf_disetujui = models.BinaryField("PDF yang disetujui", null=True, blank=True)
    sha256_disetujui = models.CharField("SHA-256 PDF yang disetujui", max_length=64, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    # Bulk writes renew the revision of the satker's pages too (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "pengesahan"
        verbose_name_plural = "pengesahan"
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun"], name="pengesahan_satu_per_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.satker} {self.tahun}: {self.get_status_display()}"


class Langkah(models.Model):
    """One step of the workflow: who did what, when, and why."""

    class Aksi(models.TextChoices):
        AJUKAN = "ajukan", "Diajukan"
        SETUJUI = "setujui", "Disetujui"
        KEMBALIKAN = "kembalikan", "Dikembalikan"
        TANDATANGANI = "tandatangani", "Ditandatangani"
        REVISI = "revisi", "Revisi dibuka"

    pengesahan = models.ForeignKey(Pengesahan, on_delete=models.CASCADE, related_name="langkah")
    aksi = models.CharField("aksi", max_length=16, choices=Aksi.choices)
    versi = models.PositiveSmallIntegerField("versi")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="langkah_pengesahan"
    )
    waktu = models.DateTimeField("waktu", auto_now_add=True)
    komentar = models.TextField("komentar", blank=True)
    # [{"jenis", "lokasi", "pesan", "alasan"}]: warnings the Operator acknowledged on submitting.
    peringatan_diakui = models.JSONField("peringatan yang diakui", default=list, blank=True)

    pemilik = Pemilik.lewat("pengesahan", Pengesahan)
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "langkah pengesahan"
        verbose_name_plural = "langkah pengesahan"
        ordering = ["waktu", "pk"]

    def __str__(self) -> str:
        return f"{self.get_aksi_display()} oleh {self.oleh} ({self.waktu:%d-%m-%Y %H:%M})"


class DokumenTertandatangani(models.Model):
    """A signed PDF, frozen: served byte for byte, identified by the UUID printed in its QR code."""

    id = models.UUIDField("ID dokumen", primary_key=True, default=uuid.uuid4, editable=False)
    pengesahan = models.ForeignKey(Pengesahan, on_delete=models.PROTECT, related_name="dokumen")
    versi = models.PositiveSmallIntegerField("versi")
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    penandatangan_nama = models.CharField("nama penandatangan", max_length=150)
    penandatangan_jabatan = models.CharField("jabatan penandatangan", max_length=100)
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dokumen_tertandatangani"
    )
    waktu = models.DateTimeField("waktu penandatanganan")
    digantikan = models.BooleanField("sudah digantikan", default=False)
    sertifikat_uji = models.BooleanField(
        "sertifikat uji",
        default=False,
        help_text="Ditandatangani dengan sertifikat uji (kunci demo): bukan tanda tangan resmi.",
    )

    pemilik = Pemilik.lewat("pengesahan", Pengesahan)
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "dokumen tertandatangani"
        verbose_name_plural = "dokumen tertandatangani"
        ordering = ["-versi"]
        constraints = [
            models.UniqueConstraint(fields=["pengesahan", "versi"], name="dokumen_satu_per_versi")
        ]

    def __str__(self) -> str:
        return f"{self.pengesahan.satker} {self.pengesahan.tahun} versi {self.versi}"

    @property
    def satker(self) -> Satker:
        return self.pengesahan.satker

    @property
    def tahun(self) -> int:
        return self.pengesahan.tahun

    @property
    def nama_berkas(self) -> str:
        nama = bagian_nama(self.satker.nama)
        return f"LKjIP-{nama}-{self.tahun}-v{self.versi}-ditandatangani.pdf"
