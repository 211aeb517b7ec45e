"""django-tasks' backend for the queue in the database (taskqueue.models.QueuedTask)."""

from django.core.exceptions import ValidationError
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json


class DatabaseBackend(BaseTaskBackend):
    """Enqueueing is one INSERT in the site's own database, inside the caller's transaction: a task for a row
    that is rolled back never runs, and nothing waits on another machine. `manage.py db_worker` runs them."""

    supports_defer = True
    supports_priority = True
    supports_get_result = True

    def enqueue(self, task, args, kwargs):
        # The models load only once the apps are ready; tasks are defined (and validated) earlier.
        from .models import QueuedTask

        self.validate_task(task)
        row = QueuedTask.objects.create(
            backend_name=self.alias,
            queue_name=task.queue_name,
            task_path=task.module_path,
            priority=task.priority,
            run_after=task.run_after,
            args_kwargs={"args": normalize_json(args), "kwargs": normalize_json(kwargs)},
        )
        result = row.to_result()
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        from .models import QueuedTask

        try:
            return QueuedTask.objects.get(pk=result_id).to_result()
        except (QueuedTask.DoesNotExist, ValidationError):
            raise TaskResultDoesNotExist(result_id) from None
