from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kinerja.models import (
    BarisRKT,
    BukaTriwulan,
    DokumenWajib,
    IndikatorKinerja,
    JadwalTriwulan,
    KategoriCapaian,
    PerjanjianKinerja,
    ProgramPK,
    Realisasi,
    SasaranPK,
    VerifikasiTriwulan,
)
from kinerja.services import IsianDitolak, KonflikPenyimpanan, update_realisasi_nilai
from lkjip.angka import format_angka
from satker.admin import (
    SATKER_FILTER,
    ReadOnlyMixin,
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


class RealisasiInline(ReadOnlyMixin, ScopedTabularInline):
    """Read here, changed on the realisation's own admin page, which saves through the one write
    path of a value (a formset would save around it)."""

    model = Realisasi
    fields = ("triwulan", "nilai", "keterangan", "diisi_oleh", "diisi_pada", "versi")
    readonly_fields = fields
    show_change_link = True


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


class RealisasiForm(forms.ModelForm):
    # The version the form was opened with: a value saved by someone else meanwhile is refused,
    # as on the realisation page.
    versi_dibuka = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Realisasi
        fields = ("indikator", "triwulan", "nilai", "keterangan")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["versi_dibuka"].initial = self.instance.versi if self.instance.pk else 0


def _tulis(
    request: HttpRequest, obj: Realisasi, *, nilai: Decimal | None, keterangan: str, versi: int
) -> Realisasi | None:
    """The admin's save (or, ``nilai`` None, delete) of a value through the write path of
    kinerja.services; a refusal becomes the admin's message (SatkerScopedMixin) and nothing is
    written."""
    try:
        return update_realisasi_nilai(
            indikator=obj.indikator,
            triwulan=obj.triwulan,
            nilai=nilai,
            versi=versi,
            keterangan=keterangan,
            user=request.user,
        )
    except KonflikPenyimpanan as exc:
        if nilai is None:
            raise ValidationError(f"{exc.pesan} Realisasi tidak dihapus.") from exc
        ketikan = format_angka(nilai)
        raise ValidationError(f"{exc.pesan} Nilai Anda ({ketikan}) tidak disimpan.") from exc
    except IsianDitolak as exc:
        raise ValidationError(exc.pesan) from exc


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
    form = RealisasiForm
    readonly_fields = ("versi",)

    @admin.display(description="realisasi", ordering="nilai")
    def nilai_angka(self, obj: Realisasi) -> str:
        return format_angka(obj.nilai)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A value is written to its own indicator and quarter; to move it, delete and add.
        return readonly + ["indikator", "triwulan"] if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: Realisasi, form, change: bool) -> None:
        tersimpan = _tulis(
            request,
            obj,
            nilai=obj.nilai,
            keterangan=obj.keterangan,
            versi=form.cleaned_data["versi_dibuka"],
        )
        obj.pk, obj.versi = tersimpan.pk, tersimpan.versi

    def delete_model(self, request: HttpRequest, obj: Realisasi) -> None:
        _tulis(request, obj, nilai=None, keterangan="", versi=obj.versi)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset.select_related("indikator__sasaran__program__perjanjian"):
            self.delete_model(request, obj)


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


# --- The year's triwulan (docs/triwulan.md) ---------------------------------------------------
# The schedule is the satker Admin's to edit (also on the Triwulan page); verifications and
# reopenings are made on that page only (kinerja.triwulan: the rules, the lock, the history) and
# listed here.


@admin.register(JadwalTriwulan)
class JadwalTriwulanAdmin(ScopedAdmin):
    list_display = ("triwulan", tahun_column(), "batas", "tutup_setelah_batas", "satker")
    list_filter = (SATKER_FILTER, "tahun", "triwulan")
    list_select_related = ("satker",)


@admin.register(BukaTriwulan)
class BukaTriwulanAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = (
        "triwulan",
        tahun_column(),
        "alasan",
        "sampai",
        "dibuka_oleh",
        "dibuka_pada",
        "ditutup_pada",
        "satker",
    )
    list_filter = (SATKER_FILTER, "tahun", "triwulan")
    list_select_related = ("satker", "dibuka_oleh")


@admin.register(VerifikasiTriwulan)
class VerifikasiTriwulanAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("triwulan", tahun_column(), "oleh", "pada", "catatan", "satker")
    list_filter = (SATKER_FILTER, "tahun", "triwulan")
    list_select_related = ("satker", "oleh")
