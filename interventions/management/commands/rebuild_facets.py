from django.core.management.base import BaseCommand, CommandError

from interventions import facets


class Command(BaseCommand):
    help = (
        "Recomputes the facet summary (the counts of the list's filters, the figures and the map) from the "
        "interventions. Saves, imports, bulk updates through the ORM and seed_portal keep it current themselves; "
        "run it after changing interventions with SQL or a data migration. With --check it only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report what disagrees and exit 1 if anything does; change nothing."
        )

    def handle(self, *args, check, **options):
        if not check:
            rows = facets.rebuild()
            self.stdout.write(self.style.SUCCESS(f"Facetten opnieuw berekend: {rows} waarden."))
            return
        missing, surplus, wrong = facets.check()
        for pk, facet, key in sorted(missing):
            self.stdout.write(f"ontbreekt: interventie {pk} {facet}={key}")
        for pk, facet, key in sorted(surplus):
            self.stdout.write(f"te veel: interventie {pk} {facet}={key}")
        for facet, key, stored, expected in sorted(wrong):
            self.stdout.write(f"verkeerde telling: {facet}={key} is {stored}, moet {expected} zijn")
        if missing or surplus or wrong:
            raise CommandError(
                f"De facetten wijken af ({len(missing)} ontbreken, {len(surplus)} te veel, {len(wrong)} tellingen); "
                "herstel ze met: python manage.py rebuild_facets"
            )
        self.stdout.write(self.style.SUCCESS("De facetten kloppen met de interventies."))
