from django.apps import AppConfig


class SatkerConfig(AppConfig):
    name = "satker"
    verbose_name = "Satker dan pengguna"

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        from satker import revisi
        from satker.models import Satker

        # Every report's check reads the names of all the other satker.
        revisi.daftarkan_sumber(Satker, revisi.INSTALASI)
        file_changed.connect(revisi.kosongkan_jika_templat, dispatch_uid="satker_revisi_templat")
