"""The task queue in tests: the request only enqueues (TASKS in tests/settings.py); this is the worker."""

from datetime import timedelta

from django.utils import timezone

from taskqueue.models import QueuedTask
from taskqueue.worker import run_due_tasks


def run_queued_tasks(*, include_scheduled: bool = False) -> int:
    """Run what `db_worker` would run now (with `include_scheduled`, retries planned for later too); how many ran."""
    now = timezone.now() + timedelta(days=1) if include_scheduled else None
    return run_due_tasks(now=now, limit=100)


def queued_tasks() -> list[str]:
    """The names of the tasks waiting to run, oldest first."""
    return [task.task_name for task in QueuedTask.objects.filter(status="READY").order_by("enqueued_at")]
