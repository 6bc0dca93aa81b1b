from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from lkjip.kunci import QuerySetLaporan
from lkjip.pemilik import Pemilik
from satker.models import Satker


class Polaritas(models.TextChoices):
    """Direction of an indicator (docs/aturan.md rules 1 and 2)."""

    POSITIF = "positif", "Positif (makin tinggi makin baik)"
    NEGATIF = "negatif", "Negatif (makin rendah makin baik)"


class Renstra(models.Model):
    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="renstra")
    tahun_mulai = models.PositiveSmallIntegerField("tahun mulai")
    tahun_selesai = models.PositiveSmallIntegerField("tahun selesai")
    nomor_keputusan = models.CharField("nomor keputusan penetapan", max_length=150, blank=True)
    visi = models.TextField("visi")

    pemilik = Pemilik(satker="satker", tahun="tahun_mulai", tahun_akhir="tahun_selesai")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "renstra"
        verbose_name_plural = "renstra"
        ordering = ["satker", "-tahun_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun_mulai"], name="renstra_unik_periode"),
            models.CheckConstraint(
                condition=Q(tahun_selesai__gte=F("tahun_mulai")),
                name="renstra_periode_urut",
                violation_error_message="Tahun selesai tidak boleh sebelum tahun mulai.",
            ),
        ]

    def __str__(self) -> str:
        return f"Renstra {self.tahun_mulai}–{self.tahun_selesai} {self.satker}"

    @property
    def periode(self) -> str:
        return f"{self.tahun_mulai}–{self.tahun_selesai}"


class ButirRenstra(models.Model):
    """An ordered statement of the Renstra (misi, tujuan, keyword meaning)."""

    urutan = models.PositiveSmallIntegerField("urutan")
    uraian = models.TextField("uraian")

    pemilik = Pemilik.lewat("renstra", Renstra)  # each concrete statement's own foreign key
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        abstract = True
        ordering = ["urutan"]

    def __str__(self) -> str:
        return f"{self.urutan}. {self.uraian[:80]}"


class MaknaVisi(ButirRenstra):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="makna_visi")
    kata_kunci = models.CharField("kata kunci", max_length=100)

    class Meta(ButirRenstra.Meta):
        verbose_name = "makna kata kunci visi"
        verbose_name_plural = "makna kata kunci visi"
        constraints = [
            models.UniqueConstraint(fields=["renstra", "urutan"], name="makna_visi_unik_urutan")
        ]


class Misi(ButirRenstra):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="misi")

    class Meta(ButirRenstra.Meta):
        verbose_name = "misi"
        verbose_name_plural = "misi"
        constraints = [
            models.UniqueConstraint(fields=["renstra", "urutan"], name="misi_unik_urutan")
        ]


class Tujuan(ButirRenstra):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan")

    class Meta(ButirRenstra.Meta):
        verbose_name = "tujuan"
        verbose_name_plural = "tujuan"
        constraints = [
            models.UniqueConstraint(fields=["renstra", "urutan"], name="tujuan_unik_urutan")
        ]


class SasaranStrategis(ButirRenstra):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="sasaran")

    class Meta(ButirRenstra.Meta):
        verbose_name = "sasaran strategis"
        verbose_name_plural = "sasaran strategis"
        constraints = [
            models.UniqueConstraint(fields=["renstra", "urutan"], name="sasaran_unik_urutan")
        ]


class IndikatorSasaran(models.Model):
    """An indicator of a Renstra sasaran strategis, with a target per year of the period."""

    sasaran = models.ForeignKey(
        SasaranStrategis, on_delete=models.CASCADE, related_name="indikator"
    )
    urutan = models.PositiveSmallIntegerField("urutan")
    nama = models.TextField("nama indikator")
    satuan = models.CharField("satuan", max_length=30, default="%")
    polaritas = models.CharField(
        "polaritas", max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF
    )

    pemilik = Pemilik.lewat("sasaran", SasaranStrategis)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "indikator sasaran strategis"
        verbose_name_plural = "indikator sasaran strategis"
        ordering = ["sasaran__urutan", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["sasaran", "urutan"], name="indikator_sasaran_unik")
        ]

    def __str__(self) -> str:
        return self.nama[:100]


class TargetRenstra(models.Model):
    indikator = models.ForeignKey(
        IndikatorSasaran, on_delete=models.CASCADE, related_name="target_tahunan"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    nilai = models.DecimalField(
        "target", max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )

    # A target of one year of the period belongs, like the whole Renstra, to its period.
    pemilik = Pemilik.lewat("indikator", IndikatorSasaran)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "target tahunan renstra"
        verbose_name_plural = "target tahunan renstra"
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="target_renstra_unik"),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="target_renstra_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.nilai}"
