from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "kinerja"
    verbose_name = "Perjanjian Kinerja dan realisasi"

    def ready(self) -> None:
        from kinerja.models import BuktiDukung
        from satker.revisi import daftarkan_sumber

        # The evidence files are on the dashboard and the realisation table of their PK's year.
        pk = "indikator__sasaran__program__perjanjian__"
        daftarkan_sumber(BuktiDukung, lambda rows: rows.values_list(f"{pk}satker", f"{pk}tahun"))
