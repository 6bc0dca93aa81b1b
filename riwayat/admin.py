from django.contrib import admin

from riwayat.models import Perubahan, Unggahan
from satker.admin import SATKER_FILTER, ReadOnlyMixin, ScopedAdmin


@admin.register(Perubahan)
class PerubahanAdmin(ReadOnlyMixin, ScopedAdmin):
    """Read-only: history is written by the application, never typed."""

    list_display = ("waktu", "pengguna", "sumber", "aksi", "model", "objek_repr", "satker")
    list_filter = (SATKER_FILTER, "sumber", "aksi", "model", "tahun")
    list_select_related = ("satker", "pengguna")
    search_fields = ("objek_repr", "keterangan")
    date_hierarchy = "waktu"


@admin.register(Unggahan)
class UnggahanAdmin(ReadOnlyMixin, ScopedAdmin):
    """Read-only: the record of every spreadsheet upload, written by the upload pipeline."""

    list_display = ("waktu", "jenis", "nama_berkas", "tahun", "status", "diunggah_oleh", "satker")
    list_filter = (SATKER_FILTER, "jenis", "status", "tahun")
    list_select_related = ("satker", "diunggah_oleh")
    search_fields = ("nama_berkas", "sha256")
    exclude = ("hasil",)
