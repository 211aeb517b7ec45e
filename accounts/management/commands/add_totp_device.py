import io

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import totp_device_add


class Command(BaseCommand):
    help = (
        "Gives a staff account an authenticator app (TOTP) for two-factor login and prints its QR code: for the "
        "first superuser on a server, where two-factor login is required, or to replace a lost phone's."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The staff account.")
        parser.add_argument("--replace", action="store_true", help="Replace the account's existing device(s).")
        parser.add_argument("--dry-run", action="store_true", help="Check everything; store nothing.")

    def handle(self, *args, username, replace, dry_run, **options):
        try:
            device = totp_device_add(username=username, replace=replace, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if dry_run:
            self.stdout.write(f"Dry run: '{username}' zou een authenticator-app krijgen. Er is niets opgeslagen.")
            return
        uri = device.config_url
        self.stdout.write(self.style.SUCCESS(f"'{username}' heeft nu een authenticator-app."))
        self.stdout.write("Scan deze QR-code met de app (of voer de link in); geef hem alleen aan de eigenaar:")
        self.stdout.write(uri)
        qr = io.StringIO()
        # Half blocks: readable in any UTF-8 terminal, without colour codes.
        segno.make(uri, error="m").terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue())
