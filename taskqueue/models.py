"""One row per enqueued task, its state and its outcome."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task, TaskError, TaskResult

FINISHED = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]


class Status(models.TextChoices):
    """django-tasks' states (TaskResultStatus) with Dutch labels for the admin."""

    READY = TaskResultStatus.READY.value, _("Wacht")
    RUNNING = TaskResultStatus.RUNNING.value, _("Bezig")
    FAILED = TaskResultStatus.FAILED.value, _("Mislukt")
    SUCCESSFUL = TaskResultStatus.SUCCESSFUL.value, _("Gelukt")


class QueuedTaskQuerySet(models.QuerySet):
    def due(self, now=None):
        """Ready to run now, highest priority first, then oldest first."""
        now = now or timezone.now()
        return self.filter(Q(run_after__isnull=True) | Q(run_after__lte=now), status=TaskResultStatus.READY).order_by(
            "-priority", "enqueued_at"
        )

    def finished_before(self, cutoff):
        return self.filter(status__in=FINISHED, finished_at__lt=cutoff)


class QueuedTask(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    backend_name = models.CharField(_("backend"), max_length=32)
    queue_name = models.CharField(_("wachtrij"), max_length=32, default="default")
    task_path = models.CharField(_("taak"), max_length=255)
    priority = models.SmallIntegerField(_("prioriteit"), default=0)
    # The task's arguments: ids and settings-like values, never a message's text or a secret link.
    args_kwargs = models.JSONField(_("argumenten"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READY)
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet op"), default=timezone.now)
    run_after = models.DateTimeField(_("niet voor"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    last_attempted_at = models.DateTimeField(_("laatste poging op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    return_value = models.JSONField(_("uitkomst"), null=True, blank=True)
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    worker_ids = models.JSONField(_("workers"), default=list, blank=True)

    objects = QueuedTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("taak in de wachtrij")
        verbose_name_plural = _("taken in de wachtrij")
        ordering = ["-enqueued_at"]
        indexes = [
            # The worker's poll: the due tasks of its queue, by priority and age.
            models.Index(fields=["status", "queue_name", "-priority", "enqueued_at"], name="taskqueue_due_idx"),
            # prune_db_task_results deletes finished tasks by age.
            models.Index(fields=["status", "finished_at"], name="taskqueue_finished_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="taskqueue_status_known"),
        ]

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display()})"

    @property
    def task_name(self):
        return self.task_path.rsplit(".", 1)[-1]

    @property
    def task(self) -> Task:
        task = import_string(self.task_path)
        if not isinstance(task, Task):
            raise TypeError(f"{self.task_path} is not a task")
        return task.using(
            priority=self.priority, queue_name=self.queue_name, run_after=self.run_after, backend=self.backend_name
        )

    def to_result(self) -> TaskResult:
        result = TaskResult(
            task=self.task,
            id=str(self.id),
            status=TaskResultStatus(self.status),
            enqueued_at=self.enqueued_at,
            started_at=self.started_at,
            finished_at=self.finished_at,
            last_attempted_at=self.last_attempted_at,
            args=self.args_kwargs.get("args", []),
            kwargs=self.args_kwargs.get("kwargs", {}),
            backend=self.backend_name,
            errors=[TaskError(**error) for error in self.errors],
            worker_ids=list(self.worker_ids),
        )
        object.__setattr__(result, "_return_value", self.return_value)
        return result
