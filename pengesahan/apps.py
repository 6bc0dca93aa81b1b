from django.apps import AppConfig


class PengesahanConfig(AppConfig):
    name = "pengesahan"
    verbose_name = "Pengesahan"

    def connect_guards(self) -> None:
        from django.db.models.signals import pre_delete, pre_save

        from lkjip import kunci
        from pengesahan import guard, views

        for model in guard.models_dijaga():
            pre_save.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
            pre_delete.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
        # The floors below ask the lock through lkjip.kunci (tests/test_lantai.py).
        kunci.pasang(
            guard.pemeriksa_massal,
            pastikan_bisa_diubah=guard.pastikan_bisa_diubah,
            pesan_kunci=guard.pesan_kunci,
            unduhan_sah=views.unduhan_sah,
        )

    def ready(self) -> None:
        self.connect_guards()
        from pengesahan.models import Pengesahan
        from satker.revisi import SATKERNYA, daftarkan_sumber

        # The signing state locks the realisation table of its year and of the two before it.
        daftarkan_sumber(Pengesahan, SATKERNYA)
