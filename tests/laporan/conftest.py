import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    """The report tests expect a PDF from one request: the background task runs inside it.
    tests/laporan/test_pdf_latar.py goes through the database queue and the worker instead."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
