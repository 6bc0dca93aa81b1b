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


class Unggahan(models.Model):
    """One upload of a spreadsheet by a satker (budget import, indicator workbook, data
    workbook): who uploaded which file when, and what became of it. Recorded by the shared
    pipeline (``lkjip/unggah/``, docs/arsitektur.md "Unggahan berkas"): upload → read → preview →
    confirm or cancel.

    The file itself is never kept, only its name, size and SHA-256. ``hasil`` holds what was read
    from it while it waits for confirmation, and is emptied once applied or cancelled; the
    budget import keeps its lines in its own compact form instead (``anggaran.ImporAnggaran``,
    which extends this row). ``sidik_data``: the fingerprint of the satker-year's rows the preview
    was computed against (``lkjip.unggah.terapkan.pastikan_dasar``).
    """

    class Jenis(models.TextChoices):
        ANGGARAN = "anggaran", "Impor anggaran"
        BUKU_KERJA = "buku_kerja", "Buku kerja indikator"
        BUKU_DATA = "buku_data", "Buku data"

    class Status(models.TextChoices):
        PEMETAAN = "pemetaan", "Menunggu pemetaan kolom"  # the budget import's mapping by hand
        PRATINJAU = "pratinjau", "Menunggu konfirmasi"
        DITERAPKAN = "diterapkan", "Diterapkan"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="unggahan")
    tahun = models.PositiveSmallIntegerField("tahun")
    jenis = models.CharField("jenis", max_length=12, choices=Jenis.choices)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diunggah oleh",
    )
    waktu = models.DateTimeField("waktu unggah", auto_now_add=True)
    diterapkan_pada = models.DateTimeField("waktu diterapkan", null=True, blank=True)
    nama_berkas = models.CharField("nama berkas", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    ukuran = models.PositiveIntegerField("ukuran (bita)", default=0)
    status = models.CharField("status", max_length=12, choices=Status.choices)
    sidik_data = models.CharField(
        "sidik data saat pratinjau",
        max_length=64,
        blank=True,
        help_text="Ringkasan data satker-tahun saat pratinjau; bila berubah, unggahan harus "
        "diulang.",
    )
    hasil = models.JSONField("hasil baca", null=True, blank=True)
    ringkasan = models.JSONField("ringkasan", default=dict, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "unggahan berkas"
        verbose_name_plural = "unggahan berkas"
        ordering = ["-waktu", "-pk"]
        indexes = [models.Index(fields=["satker", "waktu"], name="unggahan_satker_waktu_idx")]

    def __str__(self) -> str:
        jenis, status = self.get_jenis_display(), self.get_status_display()
        return f"{self.nama_berkas} ({jenis} {self.tahun}, {status})"

    def lepas_hasil(self) -> list[str]:
        """Empty what was read, once applied or cancelled; returns the fields emptied."""
        self.hasil = None
        return ["hasil"]
