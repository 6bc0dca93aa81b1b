from django.apps import AppConfig


class PengingatConfig(AppConfig):
    name = "pengingat"
    verbose_name = "Pengingat"

    def ready(self) -> None:
        from lkjip import berkala
        from pengesahan import sinyal
        from pengingat import peristiwa, tasks

        # The workflow's events, once committed (pengesahan/sinyal.py): pengesahan never
        # imports this app (tests/test_lantai.py).
        sinyal.laporan_diajukan.connect(peristiwa.laporan_diajukan, weak=False)
        sinyal.laporan_dikembalikan.connect(peristiwa.laporan_dikembalikan, weak=False)
        # The worker's supervisor asks the lower floor's hook now and then (lkjip/berkala.py):
        # the day's run is queued once a day.
        berkala.daftarkan(tasks.antrikan_harian)
