from django.apps import AppConfig


class PengesahanConfig(AppConfig):
    name = "pengesahan"
    verbose_name = "Pengesahan"

    def connect_guards(self) -> None:
        from django.db.models.signals import pre_delete, pre_save

        from lkjip import kunci
        from pengesahan import guard

        for model in guard.models_dijaga():
            pre_save.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
            pre_delete.connect(guard.tolak_jika_terkunci, sender=model, weak=False)
        kunci.pasang(guard.pemeriksa_massal)

    def ready(self) -> None:
        self.connect_guards()
        from pengesahan.models import Pengesahan
        from satker.revisi import SEMUA, daftarkan_sumber

        # The signing state locks the realisation table of its year and of the two before it.
        daftarkan_sumber(
            Pengesahan, lambda rows: ((s, SEMUA) for s in rows.values_list("satker", flat=True))
        )
