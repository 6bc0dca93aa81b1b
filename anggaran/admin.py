from django.contrib import admin

from anggaran.models import BarisAnggaran
from satker.admin import SATKER_FILTER, ScopedAdmin, rupiah_column, tahun_column


@admin.register(BarisAnggaran)
class BarisAnggaranAdmin(ScopedAdmin):
    list_display = (
        "kode",
        "uraian",
        "tingkat",
        rupiah_column("pagu", "pagu"),
        rupiah_column("realisasi", "realisasi"),
        tahun_column("tahun", "tahun anggaran"),
        "satker",
    )
    list_filter = (SATKER_FILTER, "tahun", "tingkat")
    list_select_related = ("satker",)
    search_fields = ("kode", "uraian", "catatan")
    # A year has hundreds of lines: pick the parent by search, not from a long list.
    raw_id_fields = ("induk",)
