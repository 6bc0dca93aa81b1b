"""The PIC of each indicator in the Django admin, scoped like every other model (satker/admin.py),
and the reminders' log, read-only (docs/pengingat.md)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kinerja.models import PenanggungJawab
from pengingat.models import EmailPengingat
from satker.admin import SATKER_FILTER, ReadOnlyMixin, ScopedAdmin, tahun_column, tahun_filter


class PenanggungJawabForm(forms.ModelForm):
    class Meta:
        model = PenanggungJawab
        fields = ("indikator", "pengguna")

    def clean(self):
        data = super().clean()
        indikator, pengguna = data.get("indikator"), data.get("pengguna")
        if indikator is not None and pengguna is not None:
            satker_id = indikator.sasaran.program.perjanjian.satker_id
            if pengguna.satker_id != satker_id or not pengguna.is_active:
                raise ValidationError(
                    {"pengguna": "Penanggung jawab harus pengguna aktif satker indikator ini."}
                )
        return data


@admin.register(PenanggungJawab)
class PenanggungJawabAdmin(ScopedAdmin):
    form = PenanggungJawabForm
    list_display = ("indikator", "pengguna", tahun_column(PenanggungJawab.pemilik.tahun))
    list_filter = (tahun_filter(PenanggungJawab.pemilik.tahun),)
    list_select_related = ("indikator__sasaran__program__perjanjian", "pengguna")
    search_fields = ("indikator__nama", "pengguna__username", "pengguna__first_name")


@admin.register(EmailPengingat)
class EmailPengingatAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("dibuat_pada", "jenis", "pengguna", "alamat", "subjek", "dikirim_pada")
    list_filter = ("jenis", tahun_filter("tahun"), SATKER_FILTER)
    list_select_related = ("pengguna",)
    search_fields = ("subjek", "alamat")
    exclude = ("jalan",)
