import os
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from lkjip.kunci import QuerySetLaporan
from lkjip.pemilik import Pemilik
from renstra.models import IndikatorSasaran, Polaritas, SasaranStrategis
from satker.models import Satker
from satker.revisi import QuerySetBerevisi


class Agregasi(models.TextChoices):
    """How the annual value is derived from the triwulan values (docs/aturan.md rule 6)."""

    KUMULATIF = "kumulatif", "Kumulatif (jumlah TW)"
    NILAI_AKHIR = "nilai_akhir", "Nilai akhir (TW terakhir yang terisi)"
    RATA_RATA = "rata_rata", "Rata-rata TW yang terisi"


class JenisTarget(models.TextChoices):
    ANGKA = "angka", "Angka dengan satuan"
    DOKUMEN = "dokumen", "Daftar dokumen wajib"


class Triwulan(models.IntegerChoices):
    TW1 = 1, "TW I"
    TW2 = 2, "TW II"
    TW3 = 3, "TW III"
    TW4 = 4, "TW IV"


class KategoriCapaian(models.Model):
    """One band of a satker's category scale for a year (docs/aturan.md rule 7). A year without a
    scale uses the latest earlier year's (``kinerja.services.get_skala``); a scale belongs to its
    year so that changing it never changes a submitted or signed report (docs/pengesahan.md).

    A capaian belongs to the highest band whose lower bound it reaches: ``c >= batas_bawah`` when
    ``termasuk_batas`` else ``c > batas_bawah``. The lowest band has no lower bound.
    """

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="kategori_capaian")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    urutan = models.PositiveSmallIntegerField("urutan")
    nama = models.CharField("kategori", max_length=50)
    batas_bawah = models.DecimalField(
        "batas bawah (%)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    termasuk_batas = models.BooleanField(
        "batas bawah termasuk", default=True, help_text="Centang untuk ≥, kosongkan untuk >."
    )

    pemilik = Pemilik(satker="satker", tahun="tahun")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "kategori capaian"
        verbose_name_plural = "kategori capaian"
        ordering = ["satker", "tahun", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "tahun", "urutan"], name="kategori_unik_urutan"
            ),
            models.UniqueConstraint(fields=["satker", "tahun", "nama"], name="kategori_unik_nama"),
        ]

    def __str__(self) -> str:
        return self.nama


class PerjanjianKinerja(models.Model):
    """A version of the yearly performance agreement; the highest ``versi`` counts."""

    class Jenis(models.TextChoices):
        AWAL = "awal", "PK awal"
        PERUBAHAN = "perubahan", "PK perubahan"

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="perjanjian_kinerja")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    versi = models.PositiveSmallIntegerField("versi", default=1)
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices, default=Jenis.AWAL)
    tanggal = models.DateField("tanggal penetapan", null=True, blank=True)
    tempat = models.CharField(
        "tempat penandatanganan",
        max_length=100,
        blank=True,
        help_text="Kosong: kedudukan satker (mis. Kuala Kurun).",
    )
    alasan_perubahan = models.TextField("alasan perubahan", blank=True)
    pihak_pertama_nama = models.CharField("pihak pertama (nama)", max_length=150, blank=True)
    pihak_pertama_jabatan = models.CharField(
        "pihak pertama (jabatan)", max_length=150, default="Sekretaris"
    )
    # The Sekretaris is a civil servant: a signature block names them with their NIP.
    pihak_pertama_nip = models.CharField(
        "pihak pertama (NIP)",
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*(?:\d\s*){18}$",
                "NIP terdiri atas 18 angka (spasi boleh, mis. 19800101 200501 1 001).",
            )
        ],
    )
    pihak_kedua_nama = models.CharField("pihak kedua (nama)", max_length=150, blank=True)
    pihak_kedua_jabatan = models.CharField("pihak kedua (jabatan)", max_length=150, default="Ketua")
    batas_capaian = models.DecimalField(
        "batas capaian untuk agregasi",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        choices=[(Decimal("100.00"), "100%"), (Decimal("120.00"), "120%")],
        help_text="Kosong: capaian di atas 100% dihitung apa adanya (aturan 4).",
    )

    pemilik = Pemilik(satker="satker", tahun="tahun")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "perjanjian kinerja"
        verbose_name_plural = "perjanjian kinerja"
        ordering = ["satker", "-tahun", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "versi"], name="pk_unik_versi"),
            models.CheckConstraint(
                condition=Q(jenis="awal") | (~Q(alasan_perubahan="") & Q(tanggal__isnull=False)),
                name="pk_perubahan_beralasan",
                violation_error_message="PK perubahan wajib memiliki tanggal dan alasan perubahan.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tahun} (versi {self.versi}) {self.satker}"


class ProgramPK(models.Model):
    perjanjian = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="program"
    )
    urutan = models.PositiveSmallIntegerField("urutan")
    kode = models.CharField("kode program", max_length=20, help_text="Mis. 076.01.WA")
    nama = models.CharField("nama program", max_length=250)

    pemilik = Pemilik.lewat("perjanjian", PerjanjianKinerja)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "program PK"
        verbose_name_plural = "program PK"
        ordering = ["perjanjian", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["perjanjian", "urutan"], name="program_pk_unik_urutan")
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.kode})"


class SasaranPK(models.Model):
    """A sasaran of the PK, in one of three parts of the report.

    - ``program``: the programme's strategic target (Tabel 3.1);
    - ``kinerja``: the sasaran measured in Tabel 3.2, whose indicators make the overall capaian;
    - ``rincian``: the detailed rows of the signed agreement (Tabel 2.2), grouped by kegiatan.
    """

    class Bagian(models.TextChoices):
        PROGRAM = "program", "Sasaran program (Tabel 3.1)"
        KINERJA = "kinerja", "Sasaran kinerja terukur (Tabel 3.2)"
        RINCIAN = "rincian", "Rincian perjanjian kinerja (Tabel 2.2)"

    program = models.ForeignKey(ProgramPK, on_delete=models.CASCADE, related_name="sasaran")
    bagian = models.CharField("bagian", max_length=8, choices=Bagian.choices)
    urutan = models.PositiveSmallIntegerField("urutan")
    nomor = models.CharField("nomor", max_length=10, blank=True, help_text="Mis. 1.1")
    uraian = models.TextField("sasaran")
    kelompok = models.CharField(
        "kelompok kegiatan",
        max_length=300,
        blank=True,
        help_text="Judul kegiatan tempat baris ini dikelompokkan di Tabel 2.2.",
    )
    sasaran_renstra = models.ForeignKey(
        SasaranStrategis, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    pemilik = Pemilik.lewat("program", ProgramPK)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "sasaran PK"
        verbose_name_plural = "sasaran PK"
        ordering = ["program__urutan", "bagian", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "bagian", "urutan"], name="sasaran_pk_unik_urutan"
            )
        ]

    def __str__(self) -> str:
        return self.uraian[:100]


class IndikatorKinerja(models.Model):
    sasaran = models.ForeignKey(SasaranPK, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveSmallIntegerField("urutan")
    nama = models.TextField("indikator kinerja")
    kode_kegiatan = models.CharField(
        "kode kegiatan anggaran",
        max_length=20,
        blank=True,
        help_text="Kegiatan anggaran tempat indikator ini dibiayai, mis. 6709.",
    )
    polaritas = models.CharField(
        "polaritas", max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF
    )
    agregasi = models.CharField(
        "agregasi triwulan", max_length=12, choices=Agregasi.choices, default=Agregasi.NILAI_AKHIR
    )
    jenis_target = models.CharField(
        "jenis target", max_length=8, choices=JenisTarget.choices, default=JenisTarget.ANGKA
    )
    target = models.DecimalField(
        "target",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Target tidak boleh negatif.")],
        help_text="Kosong berarti target belum ditetapkan (dicatat sebagai data tidak lengkap).",
    )
    satuan = models.CharField("satuan", max_length=30, default="%", blank=True)
    indikator_renstra = models.ForeignKey(
        IndikatorSasaran, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    standar_nasional = models.DecimalField(
        "standar nasional",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Standar nasional tidak boleh negatif.")],
        help_text="Nilai acuan nasional bila ada; satuannya sama dengan target.",
    )
    sumber_standar_nasional = models.CharField(
        "sumber standar nasional",
        max_length=300,
        blank=True,
        help_text="Mis. nomor peraturan atau dokumen yang menetapkan standar nasional.",
    )
    # PermenPAN-RB 53/2014: an indicator below "Baik" needs its causes and the solution taken;
    # the consistency check asks for both before the report is submitted (docs/analisis.md).
    penyebab = models.TextField("penyebab (keberhasilan/kegagalan)", blank=True)
    solusi = models.TextField("alternatif solusi", blank=True)

    pemilik = Pemilik.lewat("sasaran", SasaranPK)
    riwayat_medan = ("nama", "target", "satuan", "polaritas", "agregasi")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "indikator kinerja"
        verbose_name_plural = "indikator kinerja"
        ordering = ["sasaran__program__urutan", "sasaran__bagian", "sasaran__urutan", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["sasaran", "urutan"], name="indikator_pk_unik_urutan"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="indikator_target_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
            models.CheckConstraint(
                condition=Q(standar_nasional__isnull=True) | Q(standar_nasional__gte=0),
                name="indikator_standar_tidak_negatif",
                violation_error_message="Standar nasional tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return self.nama[:100]

    def clean(self) -> None:
        # The rule lives with the capaian rules, which import this module.
        from kinerja.services import target_tak_terukur

        if self.jenis_target == JenisTarget.ANGKA and target_tak_terukur(
            target=self.target, polaritas=self.polaritas
        ):
            raise ValidationError(
                {"target": "Target 0 tidak dapat diukur untuk indikator berpolaritas positif."}
            )


class DokumenWajib(models.Model):
    """A document required by a document target ("BA dan SK").

    ``tersedia`` None means not yet checked.
    """

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="dokumen_wajib"
    )
    urutan = models.PositiveSmallIntegerField("urutan")
    nama = models.CharField("nama dokumen", max_length=200)
    tersedia = models.BooleanField("tersedia", null=True, blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diisi_pada = models.DateTimeField("diisi pada", null=True, blank=True)

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("tersedia",)
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "dokumen wajib"
        verbose_name_plural = "dokumen wajib"
        ordering = ["indikator", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "urutan"], name="dokumen_wajib_unik")
        ]

    def __str__(self) -> str:
        return self.nama

    def nama_riwayat(self) -> str:
        return f"{self.nama[:80]} — {self.indikator.nama[:200]}"


class QuerySetRealisasi(QuerySetLaporan):
    """Bulk writes of realisations meet the closed-TW check too (docs/triwulan.md), as saves and
    deletes do through ``kinerja.triwulan.tolak_realisasi_tw_tertutup``."""

    def update(self, **kwargs):
        from kinerja.jadwal import tolak_tw_tertutup

        lokasi = set(self.order_by().values_list(*Realisasi.pemilik.jalur, "triwulan").distinct())
        if "triwulan" in kwargs:  # the rows move to that TW too
            lokasi |= {(s, t, kwargs["triwulan"]) for s, t, _ in lokasi}
        with transaction.atomic(using=self.db, savepoint=False):
            tolak_tw_tertutup(lokasi)
            return super().update(**kwargs)

    def _tolak_objek(self, objs: list, *, tw_lama: bool) -> None:
        from kinerja.jadwal import tolak_tw_tertutup
        from lkjip.pemilik import baca

        lokasi = {(*p, o.triwulan) for p, o in zip(baca(Realisasi, objs), objs, strict=True)}
        if tw_lama:  # a TW changed in place: its old TW changes too
            lokasi |= set(
                Realisasi._base_manager.filter(pk__in=[o.pk for o in objs])
                .values_list(*Realisasi.pemilik.jalur, "triwulan")
                .distinct()
            )
        tolak_tw_tertutup(lokasi)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            self._tolak_objek(objs, tw_lama=False)
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            self._tolak_objek(objs, tw_lama=True)
            return super().bulk_update(objs, fields, *args, **kwargs)


class Realisasi(models.Model):
    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="realisasi"
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    nilai = models.DecimalField(
        "realisasi",
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(0, "Realisasi tidak boleh negatif.")],
    )
    keterangan = models.TextField("keterangan", blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diisi_pada = models.DateTimeField("diisi pada", auto_now=True)
    # Raised in one place only, the compare-and-swap of kinerja.services._tulis_realisasi, which
    # every change of the value goes through.
    versi = models.PositiveIntegerField(
        "versi", default=1, help_text="Naik setiap kali disimpan; mencegah penimpaan diam-diam."
    )

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("nilai", "keterangan")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetRealisasi.as_manager()

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        ordering = ["indikator", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="realisasi_unik_tw"),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="realisasi_tidak_negatif",
                violation_error_message="Realisasi tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()}: {self.nilai}"

    def nama_riwayat(self) -> str:
        return f"{self.get_triwulan_display()} — {self.indikator.nama[:200]}"


class BarisRKT(models.Model):
    """A row of the Rencana Kinerja Tahunan (seed Tabel 2.1): sasaran and indicator, no target."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="rkt")
    tahun = models.PositiveSmallIntegerField("tahun")
    program_kode = models.CharField("kode program", max_length=20)
    program_nama = models.CharField("program", max_length=250)
    urutan = models.PositiveSmallIntegerField("urutan")
    sasaran = models.TextField("sasaran strategis")
    indikator = models.TextField("indikator kinerja")
    kode_kegiatan = models.CharField("kode kegiatan", max_length=20, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci).
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "baris RKT"
        verbose_name_plural = "baris RKT"
        ordering = ["satker", "tahun", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "urutan"], name="rkt_unik_urutan")
        ]

    def __str__(self) -> str:
        return self.sasaran[:100]


class PenyimpananBukti(FileSystemStorage):
    """Evidence files live under ``settings.BUKTI_ROOT``, outside every web-served directory: they
    are read only through the download view that checks the satker. Read lazily, so a test's
    settings override applies."""

    @property
    def base_location(self) -> str:
        return str(settings.BUKTI_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


class BuktiDukung(models.Model):
    """An evidence file (bukti dukung) of an indicator, for a triwulan or for the year (None)."""

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="bukti_dukung"
    )
    triwulan = models.PositiveSmallIntegerField(
        "triwulan", choices=Triwulan.choices, null=True, blank=True, help_text="Kosong: tahunan."
    )
    berkas = models.FileField("berkas", storage=PenyimpananBukti(), max_length=200)
    nama_asli = models.CharField("nama berkas asli", max_length=200)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    jenis = models.CharField("jenis berkas", max_length=50)
    # The content's SHA-256: the same file is kept once per indicator (empty for files uploaded
    # before it was recorded).
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, default="")
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", default=timezone.now)

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("nama_asli", "triwulan", "ukuran")
    # Bulk writes renew the revision of the pages that list them too (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["indikator", "triwulan", "diunggah_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "sha256"],
                condition=~Q(sha256=""),
                name="bukti_dukung_sekali_per_indikator",
            )
        ]

    def __str__(self) -> str:
        return self.nama_asli

    def nama_riwayat(self) -> str:
        return f"Bukti dukung {self.nama_asli[:80]} — {self.indikator.nama[:200]}"


# ---------------------------------------------------------------------------------------------
# The year in quarters (docs/triwulan.md): the rencana aksi of each indicator, who owns it, when
# each TW is due, who verified it, and the notes an indicator below Baik needs.


class RencanaAksi(models.Model):
    """The rencana aksi (RENAKSI) of a PK indicator for one triwulan: the TW target and the
    actions planned. It hangs on the indicator, so it is versioned with the PK. A target left
    empty is not set (docs/aturan.md rule 3), never 0; capaian per TW: docs/aturan.md rule 15."""

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="rencana_aksi"
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    target = models.DecimalField(
        "target triwulan",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Target tidak boleh negatif.")],
    )
    rencana = models.TextField("rencana aksi", blank=True)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diisi_pada = models.DateTimeField("diisi pada", auto_now=True)

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("target", "rencana")
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        ordering = ["indikator", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="renaksi_unik_tw"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="renaksi_target_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()}: {self.target}"

    def nama_riwayat(self) -> str:
        return f"Rencana aksi {self.get_triwulan_display()} — {self.indikator.nama[:200]}"


class TargetBulanan(models.Model):
    """An optional monthly target of the rencana aksi (some satker plan per month)."""

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="target_bulanan"
    )
    bulan = models.PositiveSmallIntegerField(
        "bulan", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    target = models.DecimalField(
        "target bulan",
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(0, "Target tidak boleh negatif.")],
    )

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("target",)
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "target bulanan"
        verbose_name_plural = "target bulanan"
        ordering = ["indikator", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "bulan"], name="target_bulanan_unik"),
            models.CheckConstraint(
                condition=Q(bulan__gte=1) & Q(bulan__lte=12), name="target_bulanan_bulan_sah"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="target_bulanan_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"Bulan {self.bulan}: {self.target}"

    def nama_riwayat(self) -> str:
        return f"Target bulan {self.bulan} — {self.indikator.nama[:200]}"


class PenanggungJawab(models.Model):
    """The user of the satker who owns an indicator (PIC): they enter it and are reminded.
    Kept apart from the indicator so that naming a PIC never touches the report's sources."""

    indikator = models.OneToOneField(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="penanggung_jawab"
    )
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="indikator_tanggungan"
    )

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("pengguna",)

    # Shown on the pages: writes renew their revision (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "penanggung jawab indikator"
        verbose_name_plural = "penanggung jawab indikator"

    def __str__(self) -> str:
        return str(self.pengguna)

    def nama_riwayat(self) -> str:
        return f"PIC — {self.indikator.nama[:200]}"


class JadwalTriwulan(models.Model):
    """When a TW's realisations are due (e.g. TW I by 10 April) and whether entry closes then.
    Set per satker and year by its Admin; no row: no due date, entry stays open."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="jadwal_triwulan")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    batas = models.DateField("batas pengisian")
    tutup_setelah_batas = models.BooleanField(
        "tutup setelah batas",
        default=True,
        help_text="Centang: setelah tanggal batas, isian triwulan ini tidak dapat diubah.",
    )

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("batas", "tutup_setelah_batas")

    # Shown on the pages: writes renew their revision (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "jadwal triwulan"
        verbose_name_plural = "jadwal triwulan"
        ordering = ["satker", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["satker", "tahun", "triwulan"], name="jadwal_tw_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()} {self.tahun}: {self.batas}"

    def nama_riwayat(self) -> str:
        return f"Jadwal {self.get_triwulan_display()} {self.tahun}"


class BukaTriwulan(models.Model):
    """The Admin reopens a closed or verified TW of a satker, with a reason. Open while
    ``ditutup_pada`` is empty (and ``sampai``, when set, not passed)."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="buka_triwulan")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    alasan = models.TextField("alasan dibuka kembali")
    sampai = models.DateField("dibuka sampai", null=True, blank=True)
    dibuka_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuka_pada = models.DateTimeField("dibuka pada", default=timezone.now)
    ditutup_pada = models.DateTimeField("ditutup kembali pada", null=True, blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("alasan", "sampai", "ditutup_pada")

    # Shown on the pages: writes renew their revision (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "pembukaan kembali triwulan"
        verbose_name_plural = "pembukaan kembali triwulan"
        ordering = ["satker", "tahun", "triwulan", "-dibuka_pada"]
        constraints = [
            models.CheckConstraint(condition=~Q(alasan=""), name="buka_tw_beralasan"),
            models.UniqueConstraint(
                fields=["satker", "tahun", "triwulan"],
                condition=Q(ditutup_pada__isnull=True),
                name="buka_tw_satu_yang_terbuka",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()} {self.tahun} dibuka kembali"

    def nama_riwayat(self) -> str:
        return f"Pembukaan kembali {self.get_triwulan_display()} {self.tahun}"


class VerifikasiTriwulan(models.Model):
    """The Sekretaris has verified a TW of a satker: its entries are locked from then on."""

    satker = models.ForeignKey(Satker, on_delete=models.CASCADE, related_name="verifikasi_triwulan")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pada = models.DateTimeField("diverifikasi pada", default=timezone.now)
    catatan = models.TextField("catatan verifikasi", blank=True)

    pemilik = Pemilik(satker="satker", tahun="tahun")
    riwayat_medan = ("pada", "catatan")

    # Shown on the pages: writes renew their revision (satker.revisi).
    objects = QuerySetBerevisi.as_manager()

    class Meta:
        verbose_name = "verifikasi triwulan"
        verbose_name_plural = "verifikasi triwulan"
        ordering = ["satker", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["satker", "tahun", "triwulan"], name="verifikasi_tw_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()} {self.tahun} terverifikasi"

    def nama_riwayat(self) -> str:
        return f"Verifikasi {self.get_triwulan_display()} {self.tahun}"


class CatatanTriwulan(models.Model):
    """Why an indicator fell below Baik in a TW and what will be done (penyebab, perbaikan).
    Required before the TW can be verified; BAB III's analysis reads them."""

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="catatan_triwulan"
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    penyebab = models.TextField("penyebab")
    perbaikan = models.TextField("rencana perbaikan")
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diisi_pada = models.DateTimeField("diisi pada", auto_now=True)

    pemilik = Pemilik.lewat("indikator", IndikatorKinerja)
    riwayat_medan = ("penyebab", "perbaikan")
    objects = QuerySetLaporan.as_manager()

    class Meta:
        verbose_name = "catatan triwulan"
        verbose_name_plural = "catatan triwulan"
        ordering = ["indikator", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="catatan_tw_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()}: {self.penyebab[:60]}"

    def nama_riwayat(self) -> str:
        return f"Catatan {self.get_triwulan_display()} — {self.indikator.nama[:200]}"
