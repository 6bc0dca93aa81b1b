"""After signing, the data behind a satker-year's report is frozen (issue 6, item 3).

The receivers are registered in ``PengesahanConfig.ready`` so every entry point (pages, admin,
imports, commands) meets the same refusal, without the other apps knowing about signing.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model

from satker.models import Satker

# model label -> path from the model to PerjanjianKinerja (or "" when it has satker and tahun)
_JALUR = {
    "kinerja.realisasi": "indikator__sasaran__program__perjanjian",
    "kinerja.dokumenwajib": "indikator__sasaran__program__perjanjian",
    "kinerja.indikatorkinerja": "sasaran__program__perjanjian",
    "anggaran.barisanggaran": "",
    "laporan.narasi": "",
    "laporan.laporan": "",
}


def models_dijaga() -> list[type[Model]]:
    return [apps.get_model(label) for label in _JALUR]


def pastikan_bisa_diubah(*, satker: Satker | int, tahun: int) -> None:
    """Raise an Indonesian ValidationError if the report of (satker, tahun) is signed."""
    from pengesahan.models import Pengesahan

    satker_id = satker.pk if isinstance(satker, Satker) else satker
    if Pengesahan.objects.filter(
        satker_id=satker_id, tahun=tahun, status=Pengesahan.Status.DITANDATANGANI
    ).exists():
        raise ValidationError(
            f"Laporan tahun {tahun} sudah ditandatangani sehingga datanya dikunci. "
            "Minta Ketua membuka Revisi untuk mengubahnya."
        )


def _satker_tahun(instance: Model) -> tuple[int, int] | None:
    jalur = _JALUR[instance._meta.label_lower]
    if not jalur:
        return instance.satker_id, instance.tahun
    obj = instance
    for nama in jalur.split("__"):
        obj = getattr(obj, nama, None)
        if obj is None:
            return None
    return obj.satker_id, obj.tahun


def tolak_jika_ditandatangani(sender: type[Model], instance: Model, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    kunci = _satker_tahun(instance)
    if kunci is not None:
        pastikan_bisa_diubah(satker=kunci[0], tahun=kunci[1])
    # A row moved from a signed year is an edit of that year too.
    if instance.pk is not None and kwargs.get("signal_name") != "delete":
        lama = type(instance)._default_manager.filter(pk=instance.pk).first()
        if lama is not None:
            kunci_lama = _satker_tahun(lama)
            if kunci_lama is not None and kunci_lama != kunci:
                pastikan_bisa_diubah(satker=kunci_lama[0], tahun=kunci_lama[1])
