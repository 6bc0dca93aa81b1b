from django.db import models
from django_tasks import TaskResultStatus


class HasilTugas(models.Model):
    """One enqueued background task and its outcome (the database backend of django-tasks)."""

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    task_path = models.CharField("fungsi", max_length=255)
    queue_name = models.CharField("antrian", max_length=32, default="default")
    backend_name = models.CharField("backend", max_length=32, default="default")
    priority = models.SmallIntegerField("prioritas", default=0)
    args = models.JSONField("argumen", default=list)
    kwargs = models.JSONField("argumen bernama", default=dict)
    status = models.CharField(
        "status",
        max_length=10,
        choices=TaskResultStatus.choices,
        default=TaskResultStatus.READY,
    )
    enqueued_at = models.DateTimeField("masuk antrian", auto_now_add=True)
    run_after = models.DateTimeField("jalankan setelah", null=True, blank=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    return_value = models.JSONField("hasil", null=True, blank=True)
    exception_class_path = models.CharField("galat", max_length=255, blank=True)
    traceback = models.TextField("jejak galat", blank=True)
    worker_ids = models.JSONField("pekerja", default=list)

    class Meta:
        verbose_name = "hasil tugas"
        verbose_name_plural = "hasil tugas"
        indexes = [
            # The worker's only question: the next ready task of a queue.
            models.Index(
                fields=["queue_name", "-priority", "enqueued_at"],
                condition=models.Q(status="READY"),
                name="hasiltugas_siap_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.status})"
