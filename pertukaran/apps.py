from django.apps import AppConfig


class PertukaranConfig(AppConfig):
    """The top floor: data in and out of an installation (the data workbook's import, the demo
    and its loaders, the national generator, the demo signing key)."""

    name = "pertukaran"
    verbose_name = "Pertukaran data dan demo"
