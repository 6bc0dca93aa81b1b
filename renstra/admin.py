from django.contrib import admin

from renstra.models import (
    IndikatorSasaran,
    MaknaVisi,
    Misi,
    Renstra,
    SasaranStrategis,
    TargetRenstra,
    Tujuan,
)
from satker.admin import SATKER_FILTER, ScopedAdmin, ScopedTabularInline


class MaknaVisiInline(ScopedTabularInline):
    model = MaknaVisi
    fields = ("urutan", "kata_kunci", "uraian")


class MisiInline(ScopedTabularInline):
    model = Misi


class TujuanInline(ScopedTabularInline):
    model = Tujuan


class SasaranStrategisInline(ScopedTabularInline):
    model = SasaranStrategis
    show_change_link = False


@admin.register(Renstra)
class RenstraAdmin(ScopedAdmin):
    list_display = ("__str__", "satker", "periode", "nomor_keputusan")
    list_filter = (SATKER_FILTER,)
    list_select_related = ("satker",)
    search_fields = ("visi", "nomor_keputusan")
    inlines = (MaknaVisiInline, MisiInline, TujuanInline, SasaranStrategisInline)


class TargetRenstraInline(ScopedTabularInline):
    model = TargetRenstra
    fields = ("tahun", "nilai")


@admin.register(IndikatorSasaran)
class IndikatorSasaranAdmin(ScopedAdmin):
    list_display = ("nama", "sasaran", "satuan", "polaritas", "renstra")
    list_filter = ("polaritas",)
    list_select_related = ("sasaran__renstra__satker",)
    search_fields = ("nama", "sasaran__uraian")
    inlines = (TargetRenstraInline,)

    @admin.display(description="renstra", ordering=IndikatorSasaran.pemilik.tahun)
    def renstra(self, obj: IndikatorSasaran) -> str:
        return str(obj.sasaran.renstra)
