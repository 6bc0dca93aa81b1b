from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "kinerja"
    verbose_name = "Perjanjian Kinerja dan realisasi"

    def ready(self) -> None:
        from kinerja.models import PerjanjianKinerja
        from satker.services import daftarkan_tahun

        daftarkan_tahun(PerjanjianKinerja)  # a year with a PK is a year of the satker
