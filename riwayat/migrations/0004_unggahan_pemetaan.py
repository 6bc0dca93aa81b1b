from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("riwayat", "0003_unggahan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unggahan",
            name="status",
            field=models.CharField(
                choices=[
                    ("pemetaan", "Menunggu pemetaan kolom"),
                    ("pratinjau", "Menunggu konfirmasi"),
                    ("diterapkan", "Diterapkan"),
                    ("dibatalkan", "Dibatalkan"),
                ],
                max_length=12,
                verbose_name="status",
            ),
        ),
    ]
