from django.apps import AppConfig


class PengesahanConfig(AppConfig):
    name = "pengesahan"
    verbose_name = "Pengesahan"

    def connect_guards(self) -> None:
        from django.db.models.signals import pre_delete, pre_save

        from lkjip import kunci
        from pengesahan import guard
        from pengesahan.models import status_tahun

        for model in guard.models_dijaga():
            pre_save.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
            pre_delete.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
        # The floors below ask the lock through lkjip.kunci (tests/test_lantai.py).
        kunci.pasang(
            guard.pemeriksa_massal,
            pastikan_bisa_diubah=guard.pastikan_bisa_diubah,
            pesan_kunci=guard.pesan_kunci,
            status_tahun=status_tahun,
        )

    def ready(self) -> None:
        self.connect_guards()
