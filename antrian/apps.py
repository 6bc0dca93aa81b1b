from django.apps import AppConfig


class AntrianConfig(AppConfig):
    name = "antrian"
    verbose_name = "Antrian tugas latar"
