from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import QueuedTask


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """What the worker did and has still to do, e.g. a password-reset mail that failed every attempt.

    Read-only: tasks are made by the site and run by the worker; prune_db_task_results clears old ones.
    """

    list_display = ["enqueued_at", "task_name", "status", "run_after", "attempts", "finished_at"]
    list_filter = ["status", "task_path", "queue_name"]
    date_hierarchy = "enqueued_at"
    fields = ["task_path", "queue_name", "priority", "status", "enqueued_at", "run_after", "started_at"]
    fields += ["last_attempted_at", "finished_at", "args_kwargs", "return_value", "errors", "worker_ids"]
    readonly_fields = fields

    @admin.display(description=_("taak"), ordering="task_path")
    def task_name(self, obj):
        return obj.task_name

    @admin.display(description=_("pogingen"))
    def attempts(self, obj):
        return len(obj.worker_ids)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
