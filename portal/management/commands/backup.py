from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, backed_up_models, backup_create, backup_create_in


class Command(BaseCommand):
    help = (
        "Writes a backup of the whole portal to one file: every table's rows (sessions, the search index, "
        "login attempts and task results excepted) and the uploads, with a manifest and checksums. "
        "`restore` puts it back. The file holds personal data and password hashes: keep it private."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", metavar="FILE", help="Write the backup to this file (.tar.gz).")
        where.add_argument(
            "--output-dir",
            metavar="DIR",
            help="Write the backup into this folder as gka-portal-YYYYmmdd-HHMMSS.tar.gz (local time).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="With --output-dir: afterwards delete all but the newest N backups in that folder.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what a backup would hold; write nothing.")

    def handle(self, *args, output, output_dir, keep, dry_run, **options):
        if keep is not None and output_dir is None:
            raise CommandError("--keep werkt alleen met --output-dir.")
        if keep is not None and keep < 1:
            raise CommandError("--keep moet minstens 1 zijn: anders zou ook de nieuwe back-up verdwijnen.")
        if dry_run:
            models = backed_up_models()
            rows = sum(model._base_manager.count() for model in models)
            self.stdout.write(f"Proefdraaien: {len(models)} tabellen, {rows} rijen; er is niets geschreven.")
            return
        try:
            if output_dir is not None:
                info, pruned = backup_create_in(directory=output_dir, keep=keep)
            else:
                info, pruned = backup_create(output=output), []
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(info.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up geschreven: {info.path} ({rows} rijen, {len(info.media_files)} bestanden uit MEDIA_ROOT)."
            )
        )
        for path in pruned:
            self.stdout.write(f"Oude back-up verwijderd: {path}")
