from django.contrib import admin
from django.http import HttpRequest

from riwayat.models import Perubahan
from satker.admin import SATKER_FILTER, ScopedAdmin


@admin.register(Perubahan)
class PerubahanAdmin(ScopedAdmin):
    """Read-only: history is written by the application, never typed."""

    list_display = ("waktu", "pengguna", "sumber", "aksi", "model", "objek_repr", "satker")
    list_filter = (SATKER_FILTER, "sumber", "aksi", "model", "tahun")
    list_select_related = ("satker", "pengguna")
    search_fields = ("objek_repr", "keterangan")
    date_hierarchy = "waktu"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
