import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from lkjip.kunci import QuerySetLaporan
from lkjip.pemilik import Pemilik, QuerySetPemilik
from riwayat.models import Unggahan
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


# A level's own segment in the budget classification (the DIPA's codes): what a code cell prints.
# A line keyed otherwise (e.g. a regional grant, which has no DIPA code, keyed "HIBAH" so an
# import and the indicators can name it) has no code to print: its key stays internal.
POLA_KODE = {
    Tingkat.PROGRAM: re.compile(r"\d{3}\.\d{2}\.[A-Z]{2}"),
    Tingkat.KEGIATAN: re.compile(r"\d{4}"),
    Tingkat.KRO: re.compile(r"[A-Z]{3}"),
    Tingkat.RO: re.compile(r"\d{3}"),
    Tingkat.KOMPONEN: re.compile(r"\d{3}"),
    Tingkat.SUBKOMPONEN: re.compile(r"[A-Z]{1,2}"),
    Tingkat.AKUN: re.compile(r"\d{6}"),
}


def kode_cetak(*, kode_singkat: str, tingkat: str) -> str:
    """The code a printed table shows for a line: its segment when it is a budget classification
    code of its level ('6709'), else '' ('HIBAH', a detail line's 'd1')."""
    pola = POLA_KODE.get(tingkat)
    return kode_singkat if pola is not None and pola.fullmatch(kode_singkat) else ""


class BarisAnggaran(models.Model):
    """A budget line of a satker in a year.

    ``pagu`` and ``realisasi`` of a line with children are only what was imported or typed for it:
    the figures shown are always the sums of the children (docs/aturan.md rule 12), and a stored
    total that disagrees is reported by ``anggaran.services``.
    """

    # No index of its own: anggaran_unik_kode (satker, tahun, kode) starts with it.
    satker = models.ForeignKey(
        Satker, on_delete=models.CASCADE, related_name="anggaran", db_index=False
    )
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

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("kode", "uraian", "pagu", "realisasi", "catatan")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "baris anggaran"
        verbose_name_plural = "baris anggaran"
        ordering = ["satker", "tahun", "urutan", "kode"]
        # Every query picks a satker's year, which the unique constraint's index serves; a further
        # index (the former one on satker, tahun, tingkat) only slows the import of 100,000 lines.
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


class ImporAnggaran(Unggahan):
    """The budget import's own part of an upload (``riwayat.Unggahan``, which it extends: satker,
    year, who, when, file, status): its parsed lines wait here between preview and commit.

    The original file is never re-served and kept only while its columns are mapped by hand
    (``berkas``, compressed: a layout not recognised, or one read with a remembered mapping that
    the user may change; docs/impor_anggaran.md); otherwise only the lines read from it, in a
    compact form (``anggaran.impor.layanan``), and its SHA-256. ``baris`` and ``berkas`` are
    emptied once the import is applied or cancelled.
    """

    ribuan = models.BooleanField("angka dalam ribuan", default=False)
    baris = models.JSONField("baris terbaca", null=True, blank=True)
    berkas = models.BinaryField("berkas selama pemetaan kolom", null=True, blank=True)

    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "impor anggaran"
        verbose_name_plural = "impor anggaran"
        ordering = ["-waktu", "-pk"]

    def save(self, *args, **kwargs) -> None:
        self.jenis = Unggahan.Jenis.ANGGARAN
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.tahun}, {self.get_status_display()})"

    def lepas_hasil(self) -> list[str]:
        self.baris = None
        self.berkas = None
        return [*super().lepas_hasil(), "baris", "berkas"]


class PemetaanKolom(models.Model):
    """Which column of a budget sheet holds what, chosen by hand when the layout was not
    recognised; used again for a sheet of the same satker whose header row has the same signature
    (anggaran.impor.tata_letak.tanda_baris; docs/impor_anggaran.md). Not read by any report."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="pemetaan_kolom")
    tanda = models.CharField("tanda baris judul", max_length=64)
    judul = models.JSONField("isi baris judul", default=list)
    kolom = models.JSONField("kolom", default=dict, help_text="peran -> indeks kolom (dari 0)")
    dibuat_oleh = models.ForeignKey(
        "satker.Pengguna", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField("diubah", auto_now=True)

    pemilik = Pemilik(satker="satker")
    objects = QuerySetPemilik.as_manager()

    class Meta:
        verbose_name = "pemetaan kolom impor"
        verbose_name_plural = "pemetaan kolom impor"
        constraints = [
            models.UniqueConstraint(fields=["satker", "tanda"], name="pemetaan_kolom_satu_tanda")
        ]

    def __str__(self) -> str:
        return f"Pemetaan kolom {self.satker_id} {self.tanda[:12]}"
