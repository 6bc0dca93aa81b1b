from django.apps import AppConfig


class RiwayatConfig(AppConfig):
    name = "riwayat"
    verbose_name = "riwayat perubahan"

    def ready(self) -> None:
        from riwayat import services

        services.connect_signals()
