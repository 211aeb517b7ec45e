from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskQueueConfig(AppConfig):
    """A task queue in the site's own database, for django-tasks: the request enqueues, `db_worker` runs.

    django-tasks 0.12 ships only the immediate and dummy backends (its database backend moved to the
    separate django-tasks-db package). This is the small part of one the portal needs, with the same
    command names (`db_worker`, `prune_db_task_results`), so that swapping it for django-tasks-db later is
    a settings change. It stands on nothing of the project: every floor may enqueue through it.
    """

    name = "taskqueue"
    verbose_name = _("Wachtrij")
    default_auto_field = "django.db.models.BigAutoField"
