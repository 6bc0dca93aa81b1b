from django.conf import settings
from django.db import models
from django.utils import timezone

from lkjip.pemilik import Pemilik, QuerySetPemilik
from satker.models import Satker


class Perubahan(models.Model):
    """One recorded change of a tracked row: who, when, from where, and each field's old → new.

    ``data`` is ``{field: [lama, baru]}`` with every value as a string (a Decimal as its exact
    string, a date in ISO form, a boolean as "true"/"false") or null. See ``riwayat.services``.
    """

    class Sumber(models.TextChoices):
        WEB = "web", "Aplikasi web"
        ADMIN = "admin", "Halaman admin"
        IMPOR = "impor", "Impor berkas"
        PERINTAH = "perintah", "Perintah server"
        SISTEM = "sistem", "Sistem"

    class Aksi(models.TextChoices):
        TAMBAH = "tambah", "Ditambahkan"
        UBAH = "ubah", "Diubah"
        HAPUS = "hapus", "Dihapus"

    # No index of its own: perubahan_satker_waktu_idx (satker, waktu) starts with it.
    satker = models.ForeignKey(
        Satker, on_delete=models.CASCADE, related_name="perubahan", db_index=False
    )
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    waktu = models.DateTimeField("waktu", default=timezone.now)
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pengguna",
    )
    sumber = models.CharField("sumber", max_length=10, choices=Sumber.choices)
    keterangan = models.CharField(
        "keterangan", max_length=255, blank=True, help_text="Mis. nama berkas yang diimpor."
    )
    model = models.CharField("jenis data", max_length=60, help_text="Mis. kinerja.realisasi")
    objek_id = models.BigIntegerField("ID objek")
    objek_repr = models.CharField("objek", max_length=300)
    aksi = models.CharField("aksi", max_length=6, choices=Aksi.choices)
    data = models.JSONField("isi perubahan", default=dict, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "riwayat perubahan"
        verbose_name_plural = "riwayat perubahan"
        ordering = ["-waktu", "-pk"]
        indexes = [
            models.Index(fields=["satker", "waktu"], name="perubahan_satker_waktu_idx"),
            models.Index(fields=["model", "objek_id"], name="perubahan_objek_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_aksi_display()} {self.objek_repr}"
