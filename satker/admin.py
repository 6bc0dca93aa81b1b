"""The Django admin: master data for the Admin role, each satker seeing only its own rows.

``SatkerScopedMixin`` is the single place where the admin is scoped; every ModelAdmin and inline
of the project uses it.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone

from lkjip.angka import format_rupiah
from satker.access import filter_for_user, has_peran, is_superuser, satker_path
from satker.models import Pengguna, Satker
from satker.services import (
    MEDAN_AKUN_PIMPINAN,
    PESAN_UBAH_PIMPINAN,
    boleh_ubah_akun,
    pastikan_boleh_ubah_pengguna,
)

# Filled in by the application, never typed in the admin.
STAMPED_FIELDS = ("diisi_oleh", "diisi_pada", "diperbarui_oleh", "diperbarui_pada")
USER_FIELDS = ("diisi_oleh", "diperbarui_oleh")


def field_names(model: type[Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def stamp(obj: Model, user: Pengguna) -> None:
    """Record who filled a row in, as the application does."""
    names = field_names(type(obj))
    for name in USER_FIELDS:
        if name in names:
            setattr(obj, name, user)
    if "diisi_pada" in names:
        obj.diisi_pada = timezone.now()


class SatkerScopedMixin:
    """Scope a ModelAdmin or inline to the user's satker.

    - only superusers and users with peran Admin may use the admin (no Django permissions needed);
    - rows, and the choices of every foreign key, are limited to the user's satker
      (``satker.access.satker_path``: the owner each model declares, ``lkjip.pemilik``);
    - a direct ``satker`` field is fixed to the user's satker and not shown.
    """

    def may_use_admin(self, request: HttpRequest) -> bool:
        return has_peran(request.user, Pengguna.Peran.ADMIN)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_use_admin(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.may_use_admin(request)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.may_use_admin(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.may_use_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.may_use_admin(request)

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        path = satker_path(self.model)
        if path is None:
            return qs if is_superuser(request.user) else qs.none()
        return filter_for_user(qs, request.user, path)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        related = db_field.related_model
        path = satker_path(related)
        if "queryset" not in kwargs:
            qs = self.get_field_queryset(None, db_field, request)
            if qs is None:
                qs = related._default_manager.all()
            if path == "satker":
                qs = qs.select_related("satker")  # their __str__ names the satker
            if path is None:
                qs = qs if is_superuser(request.user) else qs.none()
            else:
                qs = filter_for_user(qs, request.user, path)
            kwargs["queryset"] = qs
        if related is Satker and not is_superuser(request.user):
            kwargs.update(
                initial=request.user.satker_id,
                disabled=True,  # the posted value is ignored; the field stays validated
                widget=forms.HiddenInput,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        names = field_names(self.model)
        return readonly + [f for f in STAMPED_FIELDS if f in names and f not in readonly]

    def get_list_display(self, request: HttpRequest):
        shown = super().get_list_display(request)
        if is_superuser(request.user):
            return shown
        return [f for f in shown if f != "satker"]

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if is_superuser(request.user):
            return filters
        return [
            f for f in filters if not (f == "satker" or (isinstance(f, tuple) and f[0] == "satker"))
        ]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if satker_path(self.model) == "satker" and not is_superuser(request.user):
            obj.satker_id = request.user.satker_id
        stamp(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            stamp(obj, request.user)
            obj.save()
        formset.save_m2m()

    def _tanpa_galat_model(self, request: HttpRequest, view, *args, **kwargs):
        """A write refused by a model rule raised at save time (e.g. a signed year is locked)
        becomes a message on the same page, with nothing written, instead of a server error."""
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except ValidationError as galat:
            messages.error(request, " ".join(galat.messages))
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request: HttpRequest, *args, **kwargs):
        return self._tanpa_galat_model(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request: HttpRequest, *args, **kwargs):
        return self._tanpa_galat_model(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request: HttpRequest, *args, **kwargs):
        # Actions such as "delete selected" and list_editable write from the list.
        return self._tanpa_galat_model(request, super().changelist_view, *args, **kwargs)


class ReadOnlyMixin:
    """Shown, never written here (put before the scoped admin or inline it modifies)."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ScopedAdmin(SatkerScopedMixin, admin.ModelAdmin):
    list_per_page = 50


class ScopedTabularInline(SatkerScopedMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(SatkerScopedMixin, admin.StackedInline):
    extra = 0


SATKER_FILTER = ("satker", admin.RelatedOnlyFieldListFilter)


def tahun_filter(path: str, title: str = "tahun") -> type[admin.SimpleListFilter]:
    """A year filter whose choices come from the scoped rows only (never another satker's)."""

    class TahunFilter(admin.SimpleListFilter):
        parameter_name = "tahun"

        def lookups(self, request, model_admin):
            tahun = (
                model_admin.get_queryset(request)
                .order_by(f"-{path}")
                .values_list(path, flat=True)
                .distinct()
            )
            return [(str(t), str(t)) for t in tahun if t is not None]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    TahunFilter.title = title
    return TahunFilter


def tahun_column(path: str = "tahun", description: str = "tahun"):
    """A year column without the thousands separator Django would put in (2024, not 2.024)."""

    @admin.display(description=description, ordering=path)
    def tahun(obj: Model) -> str:
        value = obj
        for part in path.split("__"):
            value = getattr(value, part)
        return str(value)

    return tahun


def rupiah_column(field: str, description: str):
    @admin.display(description=description, ordering=field)
    def column(obj: Model) -> str:
        return format_rupiah(getattr(obj, field))

    column.__name__ = f"{field}_rupiah"  # the admin's CSS class: field-pagu_rupiah
    return column


@admin.register(Satker)
class SatkerAdmin(ScopedAdmin):
    list_display = ("kode", "nama", "jenis", "induk", "provinsi", "kedudukan")
    list_filter = ("jenis", "provinsi")
    list_select_related = ("induk",)
    search_fields = ("kode", "nama", "wilayah")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_superuser(request.user):
            # The code is the satker's address in every URL; the parent decides who reads it from
            # above (docs/pemantauan.md): a satker cannot move itself out of its province's sight.
            readonly += ["kode", "jenis", "induk"]
        return readonly

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request.user)


def check_satker_peran(form: forms.ModelForm, cleaned: dict) -> None:
    """The model's constraint, checked in the form: it names fields the form may not show."""
    superuser = cleaned.get("is_superuser", form.instance.is_superuser)
    if superuser:
        return
    pesan = next(
        c.violation_error_message
        for c in Pengguna._meta.constraints
        if c.name == "pengguna_punya_satker_dan_peran"
    )
    if "satker" in form.fields and not cleaned.get("satker"):
        form.add_error("satker", pesan)
    if "peran" in form.fields and not cleaned.get("peran"):
        form.add_error("peran", pesan)


def check_akun_pimpinan(form: forms.ModelForm, cleaned: dict) -> None:
    """satker.services' rule on who may change the Ketua's and the Sekretaris' accounts, as a
    form error instead of the 403 that the same rule gives at save time."""
    lama = None
    if form.instance.pk is not None:
        lama = Pengguna.objects.get(pk=form.instance.pk)
    baru = copy.copy(form.instance)
    for nama, nilai in cleaned.items():
        if nama in MEDAN_AKUN_PIMPINAN:
            setattr(baru, nama, nilai)
    try:
        pastikan_boleh_ubah_pengguna(pelaku=form.pelaku, lama=lama, baru=baru)
    except PermissionDenied as galat:
        form.add_error(None, str(galat))


class PenggunaCreationForm(AdminUserCreationForm):
    pelaku: Pengguna | None = None  # set by PenggunaAdmin.get_form

    class Meta(AdminUserCreationForm.Meta):
        model = Pengguna
        fields = ("username",)

    def clean(self):
        cleaned = super().clean()
        check_satker_peran(self, cleaned)
        check_akun_pimpinan(self, cleaned)
        return cleaned


class PenggunaChangeForm(UserChangeForm):
    pelaku: Pengguna | None = None  # set by PenggunaAdmin.get_form

    class Meta(UserChangeForm.Meta):
        model = Pengguna

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sandi = self.fields.get("password")
        if sandi is not None and not boleh_ubah_akun(pelaku=self.pelaku, pengguna=self.instance):
            # The same summary, without the button to the password page (403 for this account).
            sandi.widget.template_name = "satker/sandi_terkunci.html"
            sandi.help_text = PESAN_UBAH_PIMPINAN

    def clean(self):
        cleaned = super().clean()
        check_satker_peran(self, cleaned)
        check_akun_pimpinan(self, cleaned)
        return cleaned


@admin.register(Pengguna)
class PenggunaAdmin(SatkerScopedMixin, UserAdmin):
    form = PenggunaChangeForm
    add_form = PenggunaCreationForm
    list_display = (
        "username",
        "nama_lengkap",
        "satker",
        "peran",
        "is_ketua",
        "jabatan",
        "is_active",
    )
    list_filter = (SATKER_FILTER, "peran", "is_ketua", "is_active", "is_superuser")
    list_select_related = ("satker",)
    search_fields = ("username", "first_name", "last_name", "email", "nip", "jabatan")
    ordering = ("satker", "username")
    filter_horizontal = ()

    fieldsets_peran = (
        "Satker dan peran",
        {"fields": ("satker", "peran", "is_ketua", "jabatan", "nip", "is_active")},
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Data pribadi", {"fields": ("first_name", "last_name", "email")}),
        fieldsets_peran,
        ("Tanggal penting", {"fields": ("last_login", "date_joined")}),
    )
    superuser_fieldsets = fieldsets + (
        (
            "Hak akses Django",
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        ("Data pribadi", {"fields": ("first_name", "last_name", "email")}),
        ("Satker dan peran", {"fields": ("satker", "peran", "is_ketua", "jabatan", "nip")}),
    )

    @admin.display(description="nama", ordering="first_name")
    def nama_lengkap(self, obj: Pengguna) -> str:
        return obj.get_full_name()

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        if is_superuser(request.user):
            return qs
        return qs.filter(is_superuser=False)  # a satker Admin never manages a superuser

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is None:
            return self.add_fieldsets
        if is_superuser(request.user):
            return self.superuser_fieldsets
        return self.fieldsets

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.pelaku = request.user  # a class made for this request: the forms' rule needs it
        return form

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if is_superuser(request.user):
            return readonly
        # Only a superuser makes someone Ketua; the Ketua's and Sekretaris' sign-in and role
        # fields are a superuser's too (satker.services.pastikan_boleh_ubah_pengguna).
        readonly.append("is_ketua")
        if obj is not None and not boleh_ubah_akun(pelaku=request.user, pengguna=obj):
            readonly += ["username", "peran", "is_active"]
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not boleh_ubah_akun(pelaku=request.user, pengguna=obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = ""):
        pengguna = self.get_object(request, unquote(id))
        if pengguna is not None and not boleh_ubah_akun(pelaku=request.user, pengguna=pengguna):
            raise PermissionDenied(PESAN_UBAH_PIMPINAN)
        return super().user_change_password(request, id, form_url)

    def save_model(self, request: HttpRequest, obj: Pengguna, form, change: bool) -> None:
        if not is_superuser(request.user):
            # Only the Admin role works in the admin; a demoted Admin loses access.
            obj.is_staff = obj.peran == Pengguna.Peran.ADMIN
        super().save_model(request, obj, form, change)
