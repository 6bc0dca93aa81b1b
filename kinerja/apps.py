from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "kinerja"
    verbose_name = "Perjanjian Kinerja dan realisasi"

    def ready(self) -> None:
        from kinerja.models import (
            BukaTriwulan,
            BuktiDukung,
            JadwalTriwulan,
            PenanggungJawab,
            PerjanjianKinerja,
            VerifikasiTriwulan,
        )
        from kinerja.triwulan import pasang_penjaga
        from satker.revisi import TAHUNNYA, daftarkan_sumber
        from satker.services import daftarkan_tahun

        daftarkan_tahun(PerjanjianKinerja)  # a year with a PK is a year of the satker
        # The evidence files are on the dashboard and the realisation table of their year.
        daftarkan_sumber(BuktiDukung, TAHUNNYA)
        # Who owns an indicator and where each TW stands are on the workspace pages too.
        for model in (PenanggungJawab, JadwalTriwulan, BukaTriwulan, VerifikasiTriwulan):
            daftarkan_sumber(model, TAHUNNYA)
        # A closed TW's realisations do not change, whatever the path (docs/triwulan.md).
        pasang_penjaga()
