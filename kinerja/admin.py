from django.contrib import admin

from kinerja.models import (
    BarisRKT,
    DokumenWajib,
    IndikatorKinerja,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
)
from lkjip.angka import format_angka
from satker.admin import (
    SATKER_FILTER,
    ScopedAdmin,
    ScopedTabularInline,
    tahun_column,
    tahun_filter,
)


@admin.register(KategoriCapaian)
class KategoriCapaianAdmin(ScopedAdmin):
    list_display = ("nama", tahun_column(), "urutan", "batas_bawah", "termasuk_batas", "satker")
    list_filter = (SATKER_FILTER, "tahun")
    list_select_related = ("satker",)
    search_fields = ("nama",)


class ProgramPKInline(ScopedTabularInline):
    model = ProgramPK
    fields = ("urutan", "kode", "nama")


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(ScopedAdmin):
    list_display = ("__str__", tahun_column(), "versi", "jenis", "tanggal", "satker")
    list_filter = (SATKER_FILTER, "tahun", "jenis")
    list_select_related = ("satker",)
    search_fields = ("pihak_pertama_nama", "pihak_kedua_nama", "alasan_perubahan")
    inlines = (ProgramPKInline,)


class IndikatorKinerjaInline(ScopedTabularInline):
    model = IndikatorKinerja
    fields = (
        "urutan",
        "nama",
        "kode_kegiatan",
        "polaritas",
        "agregasi",
        "jenis_target",
        "target",
        "satuan",
    )
    show_change_link = True


@admin.register(SasaranPK)
class SasaranPKAdmin(ScopedAdmin):
    list_display = (
        "nomor",
        "uraian",
        "bagian",
        "program",
        tahun_column(SasaranPK.pemilik.tahun),
    )
    list_filter = (tahun_filter(SasaranPK.pemilik.tahun), "bagian")
    list_select_related = ("program__perjanjian",)
    search_fields = ("uraian", "nomor", "kelompok", "program__kode", "program__nama")
    inlines = (IndikatorKinerjaInline,)


class DokumenWajibInline(ScopedTabularInline):
    model = DokumenWajib
    fields = ("urutan", "nama", "tersedia", "diisi_oleh", "diisi_pada")


class RealisasiInline(ScopedTabularInline):
    model = Realisasi
    fields = ("triwulan", "nilai", "keterangan", "diisi_oleh", "diisi_pada", "versi")
    readonly_fields = ("versi",)


@admin.register(IndikatorKinerja)
class IndikatorKinerjaAdmin(ScopedAdmin):
    list_display = (
        "nama",
        "sasaran",
        "target_angka",
        "satuan",
        "polaritas",
        "agregasi",
        "kode_kegiatan",
        tahun_column(IndikatorKinerja.pemilik.tahun),
    )
    list_filter = (
        tahun_filter(IndikatorKinerja.pemilik.tahun),
        "sasaran__bagian",
        "polaritas",
        "jenis_target",
        "agregasi",
    )
    list_select_related = ("sasaran__program__perjanjian",)
    search_fields = ("nama", "kode_kegiatan", "sasaran__uraian")
    inlines = (DokumenWajibInline, RealisasiInline)

    @admin.display(description="target", ordering="target")
    def target_angka(self, obj: IndikatorKinerja) -> str:
        return format_angka(obj.target)


@admin.register(Realisasi)
class RealisasiAdmin(ScopedAdmin):
    list_display = (
        "indikator",
        "triwulan",
        "nilai_angka",
        "diisi_oleh",
        "diisi_pada",
        tahun_column(Realisasi.pemilik.tahun),
    )
    list_filter = (tahun_filter(Realisasi.pemilik.tahun), "triwulan")
    list_select_related = ("indikator__sasaran__program__perjanjian", "diisi_oleh")
    search_fields = ("indikator__nama", "keterangan")
    readonly_fields = ("versi",)

    @admin.display(description="realisasi", ordering="nilai")
    def nilai_angka(self, obj: Realisasi) -> str:
        return format_angka(obj.nilai)


@admin.register(BarisRKT)
class BarisRKTAdmin(ScopedAdmin):
    list_display = (
        "urutan",
        "sasaran",
        "indikator",
        "program_kode",
        "kode_kegiatan",
        tahun_column(),
        "satker",
    )
    list_filter = (SATKER_FILTER, "tahun", "program_kode")
    list_select_related = ("satker",)
    search_fields = ("sasaran", "indikator", "kode_kegiatan", "program_nama")
