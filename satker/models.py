from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from lkjip.kunci import QuerySetLaporan
from lkjip.pemilik import Pemilik
from satker.revisi import QuerySetBerevisi, RevisiData  # noqa: F401 - RevisiData: a model of this app


class QuerySetSatker(QuerySetBerevisi, QuerySetLaporan):
    pass


class Satker(models.Model):
    """A reporting unit (satuan kerja). Every piece of data belongs to exactly one."""

    class Jenis(models.TextChoices):
        PUSAT = "pusat", "KPU RI"
        PROVINSI = "provinsi", "KPU Provinsi"
        KABUPATEN = "kabupaten", "KPU Kabupaten"
        KOTA = "kota", "KPU Kota"

    kode = models.CharField(
        "kode",
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(r"^[0-9]{2,6}$", "Kode satker berupa 2–6 angka (kode wilayah).")
        ],
        help_text="Kode wilayah, mis. 6210 untuk Kabupaten Gunung Mas; dipakai di alamat halaman.",
    )
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices)
    nama = models.CharField("nama", max_length=150, help_text="Mis. KPU Kabupaten Gunung Mas")
    nama_lengkap = models.CharField(
        "nama lengkap", max_length=200, help_text="Mis. Komisi Pemilihan Umum Kabupaten Gunung Mas"
    )
    wilayah = models.CharField("wilayah", max_length=100, help_text="Mis. Kabupaten Gunung Mas")
    provinsi = models.CharField("provinsi", max_length=100)
    kedudukan = models.CharField("ibu kota / kedudukan", max_length=100)
    alamat = models.CharField("alamat kantor", max_length=250, blank=True)
    # The letterhead (kop surat) of the printed documents prints these under the address.
    telepon = models.CharField("telepon", max_length=50, blank=True)
    email = models.EmailField("email", max_length=120, blank=True)
    logo = models.ImageField(
        "logo",
        upload_to="logo/",
        blank=True,
        help_text="Lambang lembaga, dicetak besar di sampul dan pada kop surat (PNG/JPEG).",
    )

    # KPU is one hierarchy: a KPU Kabupaten/Kota under its KPU Provinsi, a province under KPU RI
    # (docs/pemantauan.md). The users of a satker read its subordinates, never change them.
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name="satker induk",
        help_text="KPU Provinsi untuk KPU Kabupaten/Kota, KPU RI untuk KPU Provinsi.",
    )

    pemilik = Pemilik(satker="pk")
    # Writes meet the lock of a submitted or signed year, bulk ones too (lkjip.kunci), and
    # renew the revision of every satker's pages: each report's check reads the others' names.
    objects = QuerySetSatker.as_manager()

    class Meta:
        verbose_name = "satker"
        verbose_name_plural = "satker"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        super().clean()
        induk_sah = {
            self.Jenis.PUSAT: (),
            self.Jenis.PROVINSI: (self.Jenis.PUSAT,),
            self.Jenis.KABUPATEN: (self.Jenis.PROVINSI,),
            self.Jenis.KOTA: (self.Jenis.PROVINSI,),
        }.get(self.jenis, ())
        if self.induk is not None and self.induk.jenis not in induk_sah:
            raise ValidationError(
                {"induk": f"{self.get_jenis_display()} tidak dapat berinduk pada {self.induk}."}
            )


# The kinds of satker that have satker below them (docs/pemantauan.md); a kabupaten/kota has none.
JENIS_MEMBAWAHI = (Satker.Jenis.PUSAT, Satker.Jenis.PROVINSI)


class PenggunaManager(UserManager.from_queryset(QuerySetLaporan)):
    """Django's user manager; bulk writes meet the report lock too (the Ketua's name is printed)."""


class Pengguna(AbstractUser):
    class Peran(models.TextChoices):
        OPERATOR = "operator", "Operator"
        SEKRETARIS = "sekretaris", "Sekretaris"
        KOMISIONER = "komisioner", "Komisioner"
        ADMIN = "admin", "Admin"
        # Reads the satker and its subordinates, changes nothing (docs/pemantauan.md).
        PEMANTAU = "pemantau", "Pemantau"

    satker = models.ForeignKey(
        Satker, on_delete=models.PROTECT, null=True, blank=True, related_name="pengguna"
    )
    peran = models.CharField("peran", max_length=12, choices=Peran.choices, blank=True)
    is_ketua = models.BooleanField("ketua", default=False, help_text="Hanya untuk komisioner.")
    jabatan = models.CharField("jabatan", max_length=100, blank=True)
    nip = models.CharField("NIP", max_length=30, blank=True)

    pemilik = Pemilik(satker="satker")  # a superuser has none
    # The history (riwayat) of an account: who holds which role; the password only as changed.
    riwayat_medan = ("password", "peran", "is_ketua", "is_active")
    riwayat_rahasia = ("password",)
    objects = PenggunaManager()

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_ketua=False) | Q(peran="komisioner"),
                name="pengguna_ketua_adalah_komisioner",
                violation_error_message="Ketua harus berperan Komisioner.",
            ),
            models.UniqueConstraint(
                fields=["satker"],
                condition=Q(is_ketua=True),
                name="pengguna_satu_ketua_per_satker",
                violation_error_message="Satker ini sudah memiliki Ketua.",
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=True) | (Q(satker__isnull=False) & ~Q(peran="")),
                name="pengguna_punya_satker_dan_peran",
                violation_error_message="Pengguna wajib memiliki satker dan peran.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        # The Admin role manages master data through the Django admin.
        if self.peran == self.Peran.ADMIN:
            self.is_staff = True
        super().save(*args, **kwargs)

    def nama_riwayat(self) -> str:
        return f"{self} ({self.username})"

    @property
    def nama_peran(self) -> str:
        if self.is_ketua:
            return "Ketua"
        return self.get_peran_display() or "Superuser"
