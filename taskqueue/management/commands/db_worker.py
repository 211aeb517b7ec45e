import signal
import threading

from django.core.management.base import BaseCommand
from django.db import connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks.utils import get_random_id

from taskqueue.worker import run_due_tasks


def refresh_connections():
    """Drop connections that went stale (a restarted database, CONN_MAX_AGE) while the queue was empty.

    Not inside a transaction (the caller's, e.g. a test's): a connection there is in use, not stale.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class Command(BaseCommand):
    help = (
        "Run the queued tasks (the mail of the contact forms and of password resets) as they fall due. "
        "Runs until stopped; SIGTERM or Ctrl-C lets the running task finish first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", action="append", help="A queue to work (repeatable; default: default).")
        parser.add_argument("--backend", default=DEFAULT_TASK_BACKEND_ALIAS, help="The TASKS alias to work.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--batch", action="store_true", help="Run what is due now, then stop.")

    def handle(self, *args, queue_name=None, backend, interval, batch, **options):
        queues = queue_name or [DEFAULT_TASK_QUEUE_NAME]
        worker_id = get_random_id()
        stopping = threading.Event()

        def stop(signum, frame):
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Worker {worker_id} werkt de wachtrij(en) {', '.join(queues)} af.")
        ran = 0
        while not stopping.is_set():
            refresh_connections()
            done = run_due_tasks(backend=backend, queues=queues, limit=1, worker_id=worker_id)
            ran += done
            if not done:
                if batch:
                    break
                stopping.wait(interval)
        refresh_connections()
        self.stdout.write(f"Worker {worker_id} gestopt na {ran} taak/taken.")
