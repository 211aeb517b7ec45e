from django.core.management.base import BaseCommand
from django.db import transaction

from search import engine


class Command(BaseCommand):
    help = "Rebuilds the full-text search index (PostgreSQL or SQLite, whichever is in use) from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Build the index, report, and roll back.")

    def handle(self, *args, dry_run, **options):
        with transaction.atomic():
            counts = engine.rebuild()
            if dry_run:
                transaction.set_rollback(True)
        for kind, count in counts.items():
            self.stdout.write(f"{engine.KINDS[kind].label_plural}: {count} geïndexeerd")
        self.stdout.write("Proefdraaien: de oude index is behouden." if dry_run else self.style.SUCCESS("Klaar."))
