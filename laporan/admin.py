from django.contrib import admin

from laporan.models import GambarOrganisasi, Laporan, Narasi
from satker.admin import SATKER_FILTER, ScopedAdmin, tahun_column


@admin.register(Laporan)
class LaporanAdmin(ScopedAdmin):
    list_display = ("__str__", tahun_column(), "tanggal", "tempat", "satker")
    list_filter = (SATKER_FILTER, "tahun")
    list_select_related = ("satker",)


@admin.register(Narasi)
class NarasiAdmin(ScopedAdmin):
    list_display = (
        "bagian",
        "kunci",
        tahun_column(),
        "diperbarui_oleh",
        "diperbarui_pada",
        "satker",
    )
    list_filter = (SATKER_FILTER, "tahun", "bagian")
    list_select_related = ("satker", "diperbarui_oleh")
    search_fields = ("teks", "kunci")


@admin.register(GambarOrganisasi)
class GambarOrganisasiAdmin(ScopedAdmin):
    list_display = ("__str__", tahun_column(), "satker")
    list_filter = (SATKER_FILTER, "tahun")
    list_select_related = ("satker",)
    search_fields = ("judul",)
