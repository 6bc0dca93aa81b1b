from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from satker.models import Satker


class Tingkat(models.TextChoices):
    """Levels of the budget tree, top to bottom."""

    PROGRAM = "program", "Program"
    KEGIATAN = "kegiatan", "Kegiatan"
    KRO = "kro", "KRO"
    RO = "ro", "RO"
    KOMPONEN = "komponen", "Komponen"
    SUBKOMPONEN = "subkomponen", "Sub komponen"
    AKUN = "akun", "Akun"
    DETAIL = "detail", "Detail"


class BarisAnggaran(models.Model):
    """A budget line of a satker in a year.

    ``pagu`` and ``realisasi`` of a line with children are only what was imported or typed for it:
    the figures shown are always the sums of the children (DOMAIN rule 12), and a stored total that
    disagrees is reported by ``anggaran.services``.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="anggaran")
    tahun = models.PositiveSmallIntegerField("tahun anggaran")
    kode = models.CharField(
        "kode", max_length=120, help_text="Kode lengkap bertitik, mis. 076.01.CQ.6709.QAH.001"
    )
    induk = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak"
    )
    tingkat = models.CharField("tingkat", max_length=12, choices=Tingkat.choices)
    uraian = models.CharField("uraian", max_length=400)
    pagu = models.DecimalField(
        "pagu",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Pagu tidak boleh negatif.")],
    )
    realisasi = models.DecimalField(
        "realisasi",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Realisasi tidak boleh negatif.")],
        help_text="Realisasi di atas pagu diperbolehkan tetapi dilaporkan sebagai peringatan.",
    )
    catatan = models.CharField("catatan", max_length=300, blank=True)
    urutan = models.PositiveIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "baris anggaran"
        verbose_name_plural = "baris anggaran"
        ordering = ["satker", "tahun", "urutan", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "kode"], name="anggaran_unik_kode"),
            models.CheckConstraint(
                condition=Q(pagu__isnull=True) | Q(pagu__gte=0),
                name="anggaran_pagu_tidak_negatif",
                violation_error_message="Pagu tidak boleh negatif.",
            ),
            models.CheckConstraint(
                condition=Q(realisasi__isnull=True) | Q(realisasi__gte=0),
                name="anggaran_realisasi_tidak_negatif",
                violation_error_message="Realisasi tidak boleh negatif.",
            ),
        ]
        indexes = [models.Index(fields=["satker", "tahun", "tingkat"], name="anggaran_tingkat_idx")]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def clean(self) -> None:
        induk = self.induk
        if induk is None:
            return
        if induk.satker_id != self.satker_id or induk.tahun != self.tahun:
            raise ValidationError(
                {"induk": "Induk harus baris anggaran satker dan tahun yang sama."}
            )
        if not self.kode.startswith(f"{induk.kode}."):
            raise ValidationError({"kode": f"Kode harus diawali kode induknya ({induk.kode}.)."})

    @property
    def kode_singkat(self) -> str:
        """The line's own segment: 6709 for 076.01.CQ.6709; the whole code for a programme."""
        if self.tingkat == Tingkat.PROGRAM:
            return self.kode
        return self.kode.rsplit(".", 1)[-1]
