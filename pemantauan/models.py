from django.db import models

from lkjip.pemilik import Pemilik, QuerySetPemilik
from satker.models import Satker


class AngkaRekapBeku(models.Model):
    """The roll-up placeholders of a KPU Provinsi's or KPU RI's report as they were when it was
    submitted: its report is locked from then on, so what is approved and signed is what was
    submitted, whatever its satker below change later (docs/pemantauan.md, "Angka rekap dalam
    narasi dan perbandingan"). Deleted when the report goes back to Draf."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun")
    nilai = models.JSONField("nilai placeholder (nama → teks tercetak)")
    dibekukan_pada = models.DateTimeField("dibekukan pada", auto_now_add=True)

    objects = QuerySetPemilik.as_manager()

    pemilik = Pemilik("satker", "tahun")

    class Meta:
        verbose_name = "angka rekap beku"
        verbose_name_plural = "angka rekap beku"
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun"], name="angka_rekap_beku_satu")
        ]

    def __str__(self) -> str:
        return f"{self.satker_id} {self.tahun}"
