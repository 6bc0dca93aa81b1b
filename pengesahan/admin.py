from django.contrib import admin

from pengesahan.models import DokumenTertandatangani, Langkah, Pengesahan


class LangkahInline(admin.TabularInline):
    model = Langkah
    extra = 0
    can_delete = False
    fields = ["aksi", "versi", "oleh", "waktu", "komentar", "peringatan_diakui"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pengesahan)
class PengesahanAdmin(admin.ModelAdmin):
    """Read-only: the workflow changes only through its steps, never by editing the status."""

    list_display = ["satker", "tahun", "status", "versi"]
    list_filter = ["status", "tahun"]
    inlines = [LangkahInline]
    readonly_fields = ["satker", "tahun", "status", "versi"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DokumenTertandatangani)
class DokumenTertandatanganiAdmin(admin.ModelAdmin):
    list_display = [
        "pengesahan",
        "versi",
        "penandatangan_nama",
        "waktu",
        "digantikan",
        "sertifikat_uji",
    ]
    list_filter = ["digantikan", "sertifikat_uji"]
    exclude = ["pdf"]
    readonly_fields = [
        "id",
        "pengesahan",
        "versi",
        "sha256",
        "penandatangan_nama",
        "penandatangan_jabatan",
        "ditandatangani_oleh",
        "waktu",
        "digantikan",
        "sertifikat_uji",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
