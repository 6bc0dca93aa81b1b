from django.apps import AppConfig


class PemantauanConfig(AppConfig):
    name = "pemantauan"
    verbose_name = "Pemantauan"
