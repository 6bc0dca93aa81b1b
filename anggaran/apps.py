from django.apps import AppConfig


class AnggaranConfig(AppConfig):
    name = "anggaran"
    verbose_name = "Anggaran"

    def ready(self) -> None:
        from anggaran.models import BarisAnggaran
        from satker.services import daftarkan_tahun

        daftarkan_tahun(BarisAnggaran)  # a year with budget lines is a year of the satker
