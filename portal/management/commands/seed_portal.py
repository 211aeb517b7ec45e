from django.core.management.base import BaseCommand

from portal.seeding import portal_seed


class Command(BaseCommand):
    help = (
        "Loads the bundle's content from fixtures/ (places, themes, interventions, lessons). "
        "Idempotent: rows that exist are left alone unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset seeded rows that were changed (in the admin, say) to the fixture's content.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; write nothing.")

    def handle(self, *args, overwrite, dry_run, **options):
        report = portal_seed(overwrite=overwrite, dry_run=dry_run)
        for label in report.labels():
            self.stdout.write(
                f"{label}: {report.created[label]} nieuw, {report.updated[label]} bijgewerkt, "
                f"{report.unchanged[label]} ongewijzigd, {report.kept[label]} in de database aangepast en behouden"
            )
        if report.kept:
            self.stdout.write(
                self.style.WARNING("Sommige rijen wijken af van fixtures/ en zijn behouden; --overwrite zet ze terug.")
            )
        if dry_run:
            self.stdout.write("Proefdraaien: er is niets opgeslagen.")
        else:
            self.stdout.write(self.style.SUCCESS("Klaar."))
