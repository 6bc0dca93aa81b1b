"""A database backend for django-tasks: tasks are rows of ``HasilTugas`` in the installation's
own database, run by ``manage.py db_worker``. django-tasks 0.12 no longer ships one (it moved to
the separate django-tasks-db package), so this is the small subset LKjIP needs, behind the same
``BaseTaskBackend`` API: replacing it by django-tasks-db is a change of settings only."""

import uuid
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json

from antrian.models import HasilTugas


class DatabaseBackend(BaseTaskBackend):
    supports_defer = True
    supports_get_result = True
    supports_priority = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        baris = HasilTugas.objects.create(
            id=str(uuid.uuid4()),
            task_path=task.module_path,
            queue_name=task.queue_name,
            backend_name=self.alias,
            priority=task.priority,
            run_after=task.run_after,
            # Refused now, in the request, if an argument cannot be stored as JSON.
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
        )
        hasil = to_task_result(baris)
        task_enqueued.send(type(self), task_result=hasil)
        return hasil

    def get_result(self, result_id: str) -> TaskResult:
        try:
            baris = HasilTugas.objects.get(id=result_id, backend_name=self.alias)
        except (HasilTugas.DoesNotExist, ValueError) as e:
            raise TaskResultDoesNotExist(result_id) from e
        return to_task_result(baris)

    def list_ready(self, *, queue_names: list[str]) -> list[str]:
        """Ids of the tasks a worker may start now, the most urgent first."""
        sekarang = timezone.now()
        return list(
            HasilTugas.objects.filter(
                backend_name=self.alias,
                status=TaskResultStatus.READY,
                queue_name__in=queue_names,
            )
            .filter(Q(run_after__isnull=True) | Q(run_after__lte=sekarang))
            .order_by("-priority", "enqueued_at")
            .values_list("id", flat=True)[:20]
        )


def to_task_result(baris: HasilTugas) -> TaskResult:
    task = import_string(baris.task_path)
    task = task.using(
        priority=baris.priority,
        queue_name=baris.queue_name,
        run_after=baris.run_after,
        backend=baris.backend_name,
    )
    hasil = TaskResult(
        task=task,
        id=baris.id,
        status=TaskResultStatus(baris.status),
        enqueued_at=baris.enqueued_at,
        started_at=baris.started_at,
        finished_at=baris.finished_at,
        last_attempted_at=baris.started_at,
        args=baris.args,
        kwargs=baris.kwargs,
        backend=baris.backend_name,
        errors=(
            [TaskError(exception_class_path=baris.exception_class_path, traceback=baris.traceback)]
            if baris.exception_class_path
            else []
        ),
        worker_ids=list(baris.worker_ids),
    )
    object.__setattr__(hasil, "_return_value", baris.return_value)
    return hasil
