from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Replaces the whole database content and the uploads with a backup made by `backup`, exactly (the same "
        "ids), in one transaction; then rebuilds the search index and makes every cached page stale. A damaged "
        "or foreign file, or one made with other migrations than this database has, is refused and nothing "
        "changes. Everyone is logged out."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE", help="The backup (.tar.gz) to restore.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file and whether it fits this database."
        )

    def handle(self, *args, path, interactive, dry_run, **options):
        try:
            info = backup_verify(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = info.manifest
        rows = sum(info.counts.values())
        self.stdout.write(
            f"Back-up van {manifest['created_at']} ({manifest['database_vendor']}): {rows} rijen, "
            f"{len(info.media_files)} bestanden uit MEDIA_ROOT. Het bestand is in orde."
        )
        if dry_run:
            self.stdout.write("Proefdraaien: er is niets veranderd.")
            return
        if interactive:
            try:
                answer = input(
                    "Dit vervangt ALLE inhoud van de database en MEDIA_ROOT door die van de back-up, en meldt "
                    "iedereen af.\nTyp 'yes' om door te gaan, of 'no' om te stoppen: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() not in {"yes", "ja"}:
                self.stdout.write("Herstel afgebroken; er is niets veranderd.")
                return
        try:
            backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS("Teruggezet. De zoekindex is opnieuw opgebouwd en alle bewaarde pagina's zijn verlopen.")
        )
