"""ImporAnggaran becomes the budget import's own part of a ``riwayat.Unggahan`` (the one recorded
upload of the three spreadsheet uploads, docs/arsitektur.md "Unggahan berkas"). Every existing
import is kept with its number: its satker, year, who, when, file and status move to an Unggahan
of the same id, its lines and "ribuan" stay here."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

UMUM = (
    "satker_id",
    "tahun",
    "diunggah_oleh_id",
    "waktu",
    "diterapkan_pada",
    "nama_berkas",
    "sha256",
    "ukuran",
    "status",
    "sidik_data",
    "ringkasan",
)


def salin(apps, schema_editor):
    Lama = apps.get_model("anggaran", "ImporAnggaranLama")
    Unggahan = apps.get_model("riwayat", "Unggahan")
    Impor = apps.get_model("anggaran", "ImporAnggaran")
    for lama in Lama.objects.order_by("pk").iterator():
        induk = Unggahan(id=lama.pk, jenis="anggaran", **{f: getattr(lama, f) for f in UMUM})
        induk.save()
        # auto_now_add set waktu again on insert: keep the upload's own time
        Unggahan.objects.filter(pk=induk.pk).update(waktu=lama.waktu)
        Impor(unggahan_ptr_id=lama.pk, ribuan=lama.ribuan, baris=lama.baris).save_base(raw=True)
    sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Unggahan])
    with schema_editor.connection.cursor() as cursor:
        for perintah in sql:
            cursor.execute(perintah)


class Migration(migrations.Migration):
    dependencies = [
        ("anggaran", "0004_indeks_impor"),
        ("riwayat", "0003_unggahan"),
    ]

    operations = [
        migrations.RenameModel("ImporAnggaran", "ImporAnggaranLama"),
        migrations.CreateModel(
            name="ImporAnggaran",
            fields=[
                (
                    "unggahan_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="riwayat.unggahan",
                    ),
                ),
                (
                    "ribuan",
                    models.BooleanField(default=False, verbose_name="angka dalam ribuan"),
                ),
                (
                    "baris",
                    models.JSONField(blank=True, null=True, verbose_name="baris terbaca"),
                ),
            ],
            options={
                "verbose_name": "impor anggaran",
                "verbose_name_plural": "impor anggaran",
                "ordering": ["-waktu", "-pk"],
            },
            bases=("riwayat.unggahan",),
        ),
        migrations.RunPython(salin, elidable=False),
        migrations.DeleteModel("ImporAnggaranLama"),
    ]
