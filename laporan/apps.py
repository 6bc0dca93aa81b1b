from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = "Laporan dan narasi"

    def ready(self) -> None:
        from laporan import pemeriksaan_tersimpan
        from lkjip import berkala

        # The worker's supervisor (pekerja_pdf) queues the stored checks' refresh now and then.
        berkala.daftarkan(pemeriksaan_tersimpan.antrikan_perbaruan)
