from anggaran.models import BarisAnggaran
from kinerja.models import PerjanjianKinerja
from satker.models import Satker


def list_tahun(*, satker: Satker) -> tuple[int, ...]:
    """The years in which the satker has a Perjanjian Kinerja or budget lines, ascending."""
    tahun_pk = (
        PerjanjianKinerja.objects.filter(satker=satker)
        .order_by()
        .values_list("tahun", flat=True)
        .distinct()
    )
    tahun_anggaran = (
        BarisAnggaran.objects.filter(satker=satker)
        .order_by()
        .values_list("tahun", flat=True)
        .distinct()
    )
    return tuple(sorted(set(tahun_pk) | set(tahun_anggaran)))
