from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.archive import ArchiveError, archive_export


class Command(BaseCommand):
    help = (
        "Writes the whole public site as static files into a folder: every published page with relative "
        "links, the static files and images they use, the sitemap, the feeds and the downloads, a banner "
        "with today's date on every page and an offline search. It works opened from the folder and on any "
        "static host. An earlier archive in the same folder is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="DIR", help="The folder (new, empty or an archive).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Render everything and list the files; write nothing."
        )

    def handle(self, *args, output, dry_run, **options):
        try:
            result = archive_export(output=Path(output), dry_run=dry_run)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        size = sum(len(content) for content in result.files.values())
        summary = (
            f"{len(result.files)} bestanden ({result.pages} pagina's, {size / 1_000_000:.1f} MB) "
            f"in {result.seconds:.1f} s"
        )
        if dry_run:
            for name in result.files:
                self.stdout.write(name)
            self.stdout.write(f"Proefdraaien: {summary} zouden in {output} komen; er is niets geschreven.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Archief geschreven in {output}: {summary}."))
        if result.dropped_links and options["verbosity"] > 1:
            for page, link in result.dropped_links:
                self.stdout.write(f"Link zonder doel in het archief, als tekst gelaten: {page} -> {link}")
        elif result.dropped_links:
            self.stdout.write(
                f"{len(result.dropped_links)} links wijzen naar wat niet in een archief kan (gefilterde lijsten) "
                "en staan er als tekst; -v 2 toont ze."
            )
