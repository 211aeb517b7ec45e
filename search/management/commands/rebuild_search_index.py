from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search import engine

PROBLEMS = {
    engine.Difference.HIDDEN: "Niet (meer) zichtbaar, maar wel in de index",
    engine.Difference.MISSING: "Zichtbaar, maar niet in de index",
    engine.Difference.STALE: "Verouderde tekst in de index",
}


class Command(BaseCommand):
    help = (
        "Makes the full-text search index (PostgreSQL or SQLite, whichever is in use) agree with the database: "
        "entries of objects no longer visible leave, missing and stale ones are indexed again. "
        "--check only reports (and exits with 1 when anything differs); --full rebuilds everything from scratch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report where the index disagrees with the database; exit with 1 if it does.",
        )
        parser.add_argument("--full", action="store_true", help="Rebuild the whole index from scratch.")
        parser.add_argument("--dry-run", action="store_true", help="Repair or rebuild, report, and roll back.")

    def handle(self, *args, check, full, dry_run, **options):
        if check and full:
            raise CommandError("--check en --full gaan niet samen: --check wijzigt niets.")
        if check:
            return self._check()
        with transaction.atomic():
            if full:
                counts = engine.rebuild()
            else:
                audit = engine.differences()
                self._report(audit, verb="Hersteld")
                counts = engine.repair(audit)
            if dry_run:
                transaction.set_rollback(True)
        for kind, count in counts.items():
            self.stdout.write(f"{engine.KINDS[kind].label_plural}: {count} geïndexeerd")
        self.stdout.write("Proefdraaien: de oude index is behouden." if dry_run else self.style.SUCCESS("Klaar."))

    def _report(self, audit, *, verb=""):
        for difference in audit.differences:
            line = f"{PROBLEMS[difference.problem]}: {difference.label} {difference.object_id} “{difference.title}”"
            self.stdout.write(f"{verb}: {line[0].lower()}{line[1:]}" if verb else line)
        if audit.stray_words:
            count = len(audit.stray_words)
            self.stdout.write(
                f"{count} {'woord' if count == 1 else 'woorden'} voor “Bedoelde je” in geen zichtbaar item meer"
                f"{' (verwijderd)' if verb else ''}: {', '.join(audit.stray_words[:10])}"
                f"{' ...' if count > 10 else ''}"
            )

    def _check(self):
        audit = engine.differences()
        self._report(audit)
        if audit.differences:
            count = len(audit.differences)
            raise CommandError(
                f"De zoekindex wijkt op {count} {'punt' if count == 1 else 'punten'} af van de database. "
                "Herstel met: python manage.py rebuild_search_index",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS("De zoekindex klopt met de database."))
