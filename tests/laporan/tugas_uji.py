"""Cheap tasks for the worker's tests (a task must be a module-level function the worker can
import by its path)."""

from django_tasks import task


@task()
def tambah(a: int, b: int) -> int:
    return a + b


@task(priority=10)
def tambah_segera(a: int, b: int) -> int:
    return a + b
