"""Running the due tasks: what `db_worker` does in a loop, and the tests call directly."""

import logging

from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id, normalize_json

from .models import QueuedTask

logger = logging.getLogger(__name__)


def run_task(row: QueuedTask, *, worker_id: str) -> bool:
    """Claim the task and run it; False when another worker claimed it first.

    The claim is a conditional UPDATE, so several workers (on SQLite or PostgreSQL) never run one task twice.
    """
    now = timezone.now()
    claimed = QueuedTask.objects.filter(pk=row.pk, status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING,
        started_at=now,
        last_attempted_at=now,
        worker_ids=[*row.worker_ids, worker_id],
    )
    if not claimed:
        return False
    row.refresh_from_db()
    try:
        result = row.to_result()
        task = result.task
        task_started.send(sender=type(task.get_backend()), task_result=result)
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        row.return_value = normalize_json(value)
        row.status = TaskResultStatus.SUCCESSFUL
    except KeyboardInterrupt:
        # Stopped by hand: the task is left READY for the next worker, not lost.
        QueuedTask.objects.filter(pk=row.pk).update(status=TaskResultStatus.READY)
        raise
    except Exception as error:
        row.errors = [
            *row.errors,
            {"exception_class_path": get_module_path(type(error)), "traceback": get_exception_traceback(error)},
        ]
        row.status = TaskResultStatus.FAILED
        logger.warning("Task %s (%s) failed: %s", row.pk, row.task_path, type(error).__name__)
    row.finished_at = timezone.now()
    row.save(update_fields=["status", "return_value", "errors", "finished_at"])
    try:
        task_finished.send(sender=QueuedTask, task_result=row.to_result())
    except Exception:
        # A task whose code is gone (renamed in a release) is still recorded as failed.
        logger.exception("Task %s finished, but its result could not be built", row.pk)
    return True


def run_due_tasks(
    *,
    backend: str = DEFAULT_TASK_BACKEND_ALIAS,
    queues=(DEFAULT_TASK_QUEUE_NAME,),
    now=None,
    limit: int | None = None,
    worker_id: str | None = None,
) -> int:
    """Run the tasks that are due (at `now`, default: the moment each is looked for) until none is left
    or `limit` ran; the number that ran. Tasks a task enqueues are run too when they are due."""
    worker_id = worker_id or get_random_id()
    ran = 0
    while limit is None or ran < limit:
        row = QueuedTask.objects.due(now).filter(backend_name=backend, queue_name__in=queues).first()
        if row is None:
            break
        if run_task(row, worker_id=worker_id):
            ran += 1
    return ran
