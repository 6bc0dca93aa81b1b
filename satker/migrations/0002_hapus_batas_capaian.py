"""The cap moved to the Perjanjian Kinerja of each year (kinerja 0004 copied it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("satker", "0001_initial"),
        ("kinerja", "0004_skala_dan_batas_per_tahun"),
    ]

    operations = [
        migrations.RemoveField(model_name="satker", name="batas_capaian"),
    ]
