import base64
import re
import zlib
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from lkjip.angka import BULAN
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
    pengembalian = models.DecimalField(
        "pengembalian",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Pengembalian tidak boleh negatif.")],
        help_text=(
            "Dana yang dikembalikan (mis. sisa hibah). Dicatat di samping realisasi, tidak "
            "dikurangkan dari realisasi (docs/aturan.md aturan 13)."
        ),
    )
    catatan = models.CharField("catatan", max_length=300, blank=True)
    urutan = models.PositiveIntegerField("urutan", default=0)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("kode", "uraian", "pagu", "realisasi", "catatan", "pengembalian")
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
            models.CheckConstraint(
                condition=Q(pengembalian__isnull=True) | Q(pengembalian__gte=0),
                name="anggaran_pengembalian_tidak_negatif",
                violation_error_message="Pengembalian tidak boleh negatif.",
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


NAMA_TRIWULAN = ("I", "II", "III", "IV")


class RealisasiBulanan(models.Model):
    """The realisation of a budget line in one month, or in one triwulan when only the quarter is
    known (``bulan`` empty, ``triwulan`` set). A month or a TW without a row is not known, which is
    not 0 (docs/aturan.md rule 3); a line's months of a TW and that TW as a whole never both exist
    (``clean``), so a cumulative sum counts each rupiah once (docs/aturan.md rule 14)."""

    baris = models.ForeignKey(
        BarisAnggaran,
        on_delete=models.CASCADE,
        related_name="realisasi_bulanan",
        verbose_name="baris anggaran",
    )
    bulan = models.PositiveSmallIntegerField(
        "bulan",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="1–12; kosongkan bila hanya triwulannya yang diketahui.",
    )
    triwulan = models.PositiveSmallIntegerField(
        "triwulan",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Isi hanya bila bulannya tidak diketahui.",
    )
    nilai = models.DecimalField(
        "realisasi",
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0, "Realisasi tidak boleh negatif.")],
    )

    pemilik = Pemilik.lewat("baris", BarisAnggaran)
    riwayat_medan = ("bulan", "triwulan", "nilai")
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "realisasi bulanan"
        verbose_name_plural = "realisasi bulanan"
        ordering = ["baris", "bulan", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["baris", "bulan"],
                condition=Q(bulan__isnull=False),
                name="realisasi_bulanan_unik_bulan",
            ),
            models.UniqueConstraint(
                fields=["baris", "triwulan"],
                condition=Q(triwulan__isnull=False),
                name="realisasi_bulanan_unik_triwulan",
            ),
            models.CheckConstraint(
                condition=(
                    Q(triwulan__isnull=True, bulan__gte=1, bulan__lte=12)
                    | Q(bulan__isnull=True, triwulan__gte=1, triwulan__lte=4)
                ),
                name="realisasi_bulanan_bulan_atau_triwulan",
                violation_error_message="Isi bulan (1–12) atau triwulan (1–4), salah satu saja.",
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="realisasi_bulanan_tidak_negatif",
                violation_error_message="Realisasi tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"Realisasi {self.periode_label} {self.baris.kode}"

    @property
    def periode_label(self) -> str:
        if self.bulan:
            return BULAN[self.bulan - 1]
        return f"TW {NAMA_TRIWULAN[(self.triwulan or 1) - 1]}"

    @property
    def tw(self) -> int:
        """The triwulan the row falls in."""
        return self.triwulan or (self.bulan - 1) // 3 + 1

    @property
    def bulan_akhir(self) -> int:
        """The last month the row covers (a TW row: the TW's third month)."""
        return self.bulan or self.tw * 3

    def clean(self) -> None:
        if self.baris_id is None or (self.bulan is None) == (self.triwulan is None):
            return
        lain = RealisasiBulanan.objects.filter(baris_id=self.baris_id).exclude(pk=self.pk)
        tw = self.tw
        if self.bulan:
            bentrok = lain.filter(triwulan=tw).exists()
        else:
            bentrok = lain.filter(bulan__in=(tw * 3 - 2, tw * 3 - 1, tw * 3)).exists()
        if bentrok:
            raise ValidationError(
                f"TW {NAMA_TRIWULAN[tw - 1]} baris ini sudah punya realisasi "
                f"{'per triwulan' if self.bulan else 'per bulan'}; isi salah satu saja."
            )


class RevisiDipa(models.Model):
    """One version of a satker's DIPA in a year: the pagu awal (``ke`` 0) or revisi ke-n, with the
    pagu of each budget line as it stood (lines without children only, so that its sum is the
    total by docs/aturan.md rule 12). The pagu in force is the latest revision's, which is what
    the budget lines hold after the import that recorded it.

    One row per revision rather than a row per line, and its lines compressed as the kept lines
    of an import are (``ImporAnggaran.baris``): a DIPA of 100,000 lines is one small write.
    ``pagu`` holds {"tsv_zlib": …} (``simpan_pagu``), or a plain {kode: amount}; read it with
    ``pagu_per_baris``."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="revisi_dipa")
    tahun = models.PositiveSmallIntegerField("tahun anggaran")
    ke = models.PositiveSmallIntegerField("revisi ke", help_text="0 = pagu awal (DIPA induk).")
    tanggal = models.DateField("tanggal", null=True, blank=True)
    nomor = models.CharField("nomor DIPA/revisi", max_length=120, blank=True)
    impor = models.ForeignKey(
        "anggaran.ImporAnggaran",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="impor anggaran",
    )
    pagu = models.JSONField("pagu per baris", default=dict, blank=True)
    dicatat_pada = models.DateTimeField("dicatat pada", auto_now_add=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("ke", "tanggal", "nomor")
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "revisi DIPA"
        verbose_name_plural = "revisi DIPA"
        ordering = ["satker", "tahun", "ke"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "ke"], name="revisi_dipa_unik_ke"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.tahun}"

    @property
    def label(self) -> str:
        return "Pagu awal" if self.ke == 0 else f"Revisi ke-{self.ke}"

    @staticmethod
    def simpan_pagu(pagu: Iterable[tuple[str, str | None]]) -> dict:
        """The value of ``pagu`` for these (kode, amount as text) pairs; no amount: not kept."""
        tsv = "".join(f"{kode}\t{nilai}\n" for kode, nilai in pagu if nilai is not None)
        return {"tsv_zlib": base64.b64encode(zlib.compress(tsv.encode(), 1)).decode("ascii")}

    def pagu_per_baris(self) -> dict[str, Decimal]:
        if "tsv_zlib" not in self.pagu:
            return {k: Decimal(v) for k, v in self.pagu.items() if v is not None}
        tsv = zlib.decompress(base64.b64decode(self.pagu["tsv_zlib"])).decode()
        return {kode: Decimal(nilai) for kode, nilai in (b.split("\t") for b in tsv.splitlines())}


class RencanaPenarikan(models.Model):
    """The DIPA's rencana penarikan dana (RPD, DIPA halaman III) of a satker-year: the amount
    planned to be withdrawn in one month, typed by the satker's Admin on the budget tree page. A
    month without a row is not planned (missing, not 0: docs/aturan.md rules 3 and 14)."""

    satker = models.ForeignKey(
        Satker, on_delete=models.CASCADE, related_name="rencana_penarikan", db_index=False
    )
    tahun = models.PositiveSmallIntegerField("tahun anggaran")
    bulan = models.PositiveSmallIntegerField(
        "bulan", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    nilai = models.DecimalField(
        "rencana penarikan",
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0, "Rencana penarikan tidak boleh negatif.")],
    )

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("bulan", "nilai")
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "rencana penarikan dana"
        verbose_name_plural = "rencana penarikan dana"
        ordering = ["satker", "tahun", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "tahun", "bulan"], name="rencana_penarikan_unik_bulan"
            ),
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12),
                name="rencana_penarikan_bulan",
                violation_error_message="Bulan harus 1–12.",
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="rencana_penarikan_tidak_negatif",
                violation_error_message="Rencana penarikan tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"Rencana penarikan {BULAN[self.bulan - 1]} {self.tahun}"


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
