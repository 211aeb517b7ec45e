from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from taskqueue.models import QueuedTask


class Command(BaseCommand):
    help = "Delete the finished (successful or failed) tasks that finished more than --min-age-days days ago."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-days", type=int, default=30, help="Keep finished tasks this long (default 30).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, min_age_days, dry_run, **options):
        old = QueuedTask.objects.finished_before(timezone.now() - timedelta(days=min_age_days))
        if dry_run:
            self.stdout.write(f"Zou verwijderen: {old.count()} afgeronde taak/taken ouder dan {min_age_days} dagen.")
            return
        deleted, _ = old.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Verwijderd: {deleted} afgeronde taak/taken ouder dan {min_age_days} dagen.")
        )
