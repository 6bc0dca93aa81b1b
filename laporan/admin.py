from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from laporan.dokumen import PLACEHOLDER
from laporan.models import GambarOrganisasi, Komentar, Laporan, Narasi
from laporan.narasi import validate_teks_narasi
from laporan.placeholder import BERKODE
from satker.admin import SATKER_FILTER, ScopedAdmin, tahun_column


@admin.register(Laporan)
class LaporanAdmin(ScopedAdmin):
    list_display = ("__str__", tahun_column(), "tanggal", "tempat", "satker")
    list_filter = (SATKER_FILTER, "tahun")
    list_select_related = ("satker",)


class NarasiForm(forms.ModelForm):
    class Meta:
        model = Narasi
        fields = ("satker", "tahun", "bagian", "kunci", "teks")
        help_texts = {
            "teks": "Angka dari data ditulis sebagai placeholder, mis. {serapan_total}, "
            "{pagu:076.01.CQ}. Tersedia: "
            + ", ".join(f"{{{nama}}}" for nama in PLACEHOLDER)
            + "; dengan kode anggaran: "
            + ", ".join(f"{{{nama}:KODE}}" for nama in BERKODE)
            + ".",
        }

    def clean(self) -> dict:
        data = super().clean()
        satker, tahun, teks = data.get("satker"), data.get("tahun"), data.get("teks")
        if satker and tahun and teks:
            try:
                validate_teks_narasi(satker=satker, tahun=tahun, teks=teks)
            except ValidationError as e:
                self.add_error("teks", e)
        return data


@admin.register(Narasi)
class NarasiAdmin(ScopedAdmin):
    form = NarasiForm
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


@admin.register(Komentar)
class KomentarAdmin(ScopedAdmin):
    list_display = (
        "__str__",
        tahun_column(),
        "bagian",
        "kunci",
        "penulis",
        "dibuat_pada",
        "satker",
    )
    list_filter = (SATKER_FILTER, "tahun", "bagian")
    list_select_related = ("satker", "penulis")
    search_fields = ("teks", "kunci")
    readonly_fields = ("penulis", "dibuat_pada")

    def save_model(self, request, obj, form, change: bool) -> None:
        if not change:
            obj.penulis = request.user
        super().save_model(request, obj, form, change)
