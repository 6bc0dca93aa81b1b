from django.contrib import admin
from django.http import HttpRequest

from antrian.models import HasilTugas


@admin.register(HasilTugas)
class HasilTugasAdmin(admin.ModelAdmin):
    list_display = ["task_path", "status", "enqueued_at", "started_at", "finished_at"]
    list_filter = ["status", "queue_name"]
    readonly_fields = [f.name for f in HasilTugas._meta.fields]

    # Technical rows of the whole installation: for the superuser only, never a satker's Admin.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
