from django.apps import AppConfig


class PemantauanConfig(AppConfig):
    name = "pemantauan"
    verbose_name = "Pemantauan"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from laporan import placeholder as placeholder_laporan
        from laporan.ringkasan import pasang_perbandingan
        from pemantauan import perbandingan, placeholder
        from pengesahan.models import Pengesahan

        # The report and the dashboard (floor 6) ask; the answers live here (docs/arsitektur.md).
        placeholder_laporan.pasang_tambahan(
            keterangan=placeholder.keterangan, nilai=placeholder.nilai
        )
        pasang_perbandingan(perbandingan.render_perbandingan)
        post_save.connect(placeholder.bekukan, sender=Pengesahan, dispatch_uid="pemantauan:bekukan")
