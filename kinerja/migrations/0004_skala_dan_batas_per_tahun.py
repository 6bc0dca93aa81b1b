"""The category scale and the cap belong to a year (docs/pengesahan.md): the satker-wide scale is
copied to every year the satker has a PK or budget lines, and the satker's cap to each of its PKs."""

import datetime
from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def salin_per_tahun(apps, schema_editor):
    Satker = apps.get_model("satker", "Satker")
    KategoriCapaian = apps.get_model("kinerja", "KategoriCapaian")
    PerjanjianKinerja = apps.get_model("kinerja", "PerjanjianKinerja")
    BarisAnggaran = apps.get_model("anggaran", "BarisAnggaran")
    for satker in Satker.objects.all():
        PerjanjianKinerja.objects.filter(satker=satker).update(batas_capaian=satker.batas_capaian)
        skala = list(KategoriCapaian.objects.filter(satker=satker, tahun__isnull=True))
        if not skala:
            continue
        tahun = set(PerjanjianKinerja.objects.filter(satker=satker).values_list("tahun", flat=True))
        tahun |= set(BarisAnggaran.objects.filter(satker=satker).values_list("tahun", flat=True))
        tahun = sorted(tahun) or [datetime.date.today().year]
        KategoriCapaian.objects.bulk_create(
            KategoriCapaian(
                satker=satker,
                tahun=t,
                urutan=k.urutan,
                nama=k.nama,
                batas_bawah=k.batas_bawah,
                termasuk_batas=k.termasuk_batas,
            )
            for t in tahun
            for k in skala
        )
        KategoriCapaian.objects.filter(pk__in=[k.pk for k in skala]).delete()


def satukan(apps, schema_editor):
    """Back to one scale per satker: the latest year's; the latest PK's cap."""
    Satker = apps.get_model("satker", "Satker")
    KategoriCapaian = apps.get_model("kinerja", "KategoriCapaian")
    PerjanjianKinerja = apps.get_model("kinerja", "PerjanjianKinerja")
    for satker in Satker.objects.all():
        pk = PerjanjianKinerja.objects.filter(satker=satker).order_by("-tahun", "-versi").first()
        satker.batas_capaian = pk.batas_capaian if pk else None
        satker.save(update_fields=["batas_capaian"])
        akhir = KategoriCapaian.objects.filter(satker=satker).order_by("-tahun").first()
        if akhir is not None:
            KategoriCapaian.objects.filter(satker=satker).exclude(tahun=akhir.tahun).delete()
            KategoriCapaian.objects.filter(satker=satker).update(tahun=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kinerja", "0003_bukti_dukung"),
        ("anggaran", "0004_indeks_impor"),
        ("satker", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="kategoricapaian", name="kategori_unik_urutan"),
        migrations.RemoveConstraint(model_name="kategoricapaian", name="kategori_unik_nama"),
        migrations.AddField(
            model_name="kategoricapaian",
            name="tahun",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="tahun"),
        ),
        migrations.AddField(
            model_name="perjanjiankinerja",
            name="batas_capaian",
            field=models.DecimalField(
                blank=True,
                choices=[(Decimal("100.00"), "100%"), (Decimal("120.00"), "120%")],
                decimal_places=2,
                help_text="Kosong: capaian di atas 100% dihitung apa adanya (aturan 4).",
                max_digits=5,
                null=True,
                verbose_name="batas capaian untuk agregasi",
            ),
        ),
        migrations.RunPython(salin_per_tahun, satukan),
        migrations.AlterField(
            model_name="kategoricapaian",
            name="tahun",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="tahun",
            ),
        ),
        migrations.AlterModelOptions(
            name="kategoricapaian",
            options={
                "ordering": ["satker", "tahun", "urutan"],
                "verbose_name": "kategori capaian",
                "verbose_name_plural": "kategori capaian",
            },
        ),
        migrations.AddConstraint(
            model_name="kategoricapaian",
            constraint=models.UniqueConstraint(
                fields=("satker", "tahun", "urutan"), name="kategori_unik_urutan"
            ),
        ),
        migrations.AddConstraint(
            model_name="kategoricapaian",
            constraint=models.UniqueConstraint(
                fields=("satker", "tahun", "nama"), name="kategori_unik_nama"
            ),
        ),
    ]
