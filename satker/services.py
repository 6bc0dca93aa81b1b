from anggaran.models import BarisAnggaran
from kinerja.models import PerjanjianKinerja
from satker.models import Satker


def list_tahun(*, satker: Satker) -> tuple[int, ...]:
    """The years in which the satker has a Perjanjian Kinerja or budget lines, ascending."""
    tahun_pk = PerjanjianKinerja.objects.filter(satker=satker).order_by().values_list("tahun")
    tahun_anggaran = BarisAnggaran.objects.filter(satker=satker).order_by().values_list("tahun")
    # One query on every workspace page (UNION drops the duplicates).
    return tuple(sorted(t for (t,) in tahun_pk.union(tahun_anggaran)))
