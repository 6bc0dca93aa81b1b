import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("riwayat", "0002_indeks_impor"),
        ("satker", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Unggahan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tahun", models.PositiveSmallIntegerField(verbose_name="tahun")),
                (
                    "jenis",
                    models.CharField(
                        choices=[
                            ("anggaran", "Impor anggaran"),
                            ("buku_kerja", "Buku kerja indikator"),
                            ("buku_data", "Buku data"),
                        ],
                        max_length=12,
                        verbose_name="jenis",
                    ),
                ),
                ("waktu", models.DateTimeField(auto_now_add=True, verbose_name="waktu unggah")),
                (
                    "diterapkan_pada",
                    models.DateTimeField(blank=True, null=True, verbose_name="waktu diterapkan"),
                ),
                ("nama_berkas", models.CharField(max_length=255, verbose_name="nama berkas")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("ukuran", models.PositiveIntegerField(default=0, verbose_name="ukuran (bita)")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pratinjau", "Menunggu konfirmasi"),
                            ("diterapkan", "Diterapkan"),
                            ("dibatalkan", "Dibatalkan"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "sidik_data",
                    models.CharField(
                        blank=True,
                        help_text="Ringkasan data satker-tahun saat pratinjau; bila berubah, "
                        "unggahan harus diulang.",
                        max_length=64,
                        verbose_name="sidik data saat pratinjau",
                    ),
                ),
                ("hasil", models.JSONField(blank=True, null=True, verbose_name="hasil baca")),
                ("ringkasan", models.JSONField(blank=True, default=dict, verbose_name="ringkasan")),
                (
                    "diunggah_oleh",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="diunggah oleh",
                    ),
                ),
                (
                    "satker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="unggahan",
                        to="satker.satker",
                    ),
                ),
            ],
            options={
                "verbose_name": "unggahan berkas",
                "verbose_name_plural": "unggahan berkas",
                "ordering": ["-waktu", "-pk"],
                "indexes": [
                    models.Index(fields=["satker", "waktu"], name="unggahan_satker_waktu_idx")
                ],
            },
        ),
    ]
