from django.contrib import admin, messages

from anggaran.impor.pemetaan import describe_kolom
from anggaran.models import (
    BarisAnggaran,
    ImporAnggaran,
    PemetaanKolom,
    RealisasiBulanan,
    RevisiDipa,
)
from lkjip.angka import format_rupiah as rupiah
from satker.admin import (
    SATKER_FILTER,
    ScopedAdmin,
    ScopedTabularInline,
    rupiah_column,
    tahun_column,
)


class RealisasiBulananInline(ScopedTabularInline):
    """Monthly realisation typed by hand (a month, or a TW when the month is not known); an
    import with month columns replaces the year's (docs/impor_anggaran.md)."""

    model = RealisasiBulanan
    fields = ("bulan", "triwulan", "nilai")


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

    def get_inlines(self, request, obj):
        # Months belong to a line that exists: typed on its change page, not while adding it.
        return (RealisasiBulananInline,) if obj is not None else ()

    def save_model(self, request, obj: BarisAnggaran, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.pagu is not None and obj.realisasi is not None and obj.realisasi > obj.pagu:
            # Realisasi above pagu is allowed but must not pass unnoticed.
            messages.warning(
                request,
                f"Peringatan: realisasi {obj.kode} ({rupiah(obj.realisasi)}) "
                f"melebihi pagu ({rupiah(obj.pagu)}).",
            )


@admin.register(ImporAnggaran)
class ImporAnggaranAdmin(ScopedAdmin):
    """The record of every budget import (who, when, which file): read-only evidence."""

    list_display = ("waktu", "nama_berkas", tahun_column("tahun", "tahun anggaran"), "status")
    list_filter = (SATKER_FILTER, "tahun", "status")
    list_select_related = ("satker", "diunggah_oleh")
    search_fields = ("nama_berkas", "sha256")
    exclude = ("baris", "berkas")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RevisiDipa)
class RevisiDipaAdmin(ScopedAdmin):
    """The DIPA revisions recorded by budget imports: evidence, never typed here (a revision
    recorded by mistake may be deleted)."""

    list_display = ("tahun", "ke", "tanggal", "nomor", "dicatat_pada")
    list_filter = (SATKER_FILTER, "tahun")
    list_select_related = ("satker",)
    search_fields = ("nomor",)
    exclude = ("pagu",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PemetaanKolom)
class PemetaanKolomAdmin(ScopedAdmin):
    """Column mappings made by hand on the import preview (docs/impor_anggaran.md): shown, and
    deleted when no longer wanted; they are made and changed on the preview only."""

    list_display = ("baris_judul", "isi_kolom", "diubah", "dibuat_oleh")
    list_filter = (SATKER_FILTER,)
    list_select_related = ("satker", "dibuat_oleh")
    readonly_fields = ("satker", "tanda", "judul", "kolom", "dibuat_oleh", "diubah")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="baris judul")
    def baris_judul(self, obj: PemetaanKolom) -> str:
        return " | ".join(t for t in obj.judul if t)

    @admin.display(description="kolom")
    def isi_kolom(self, obj: PemetaanKolom) -> str:
        return describe_kolom(obj.kolom)
