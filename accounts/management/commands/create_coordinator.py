import io

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from accounts.services import coordinator_create


class Command(BaseCommand):
    help = (
        "Creates a regional coordinator: a staff account in the Regiocoördinator group for the given regions, "
        "without a password. Prints a one-time link where the coordinator chooses one, and with --totp the "
        "QR code for their authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The new account's username.")
        parser.add_argument(
            "--region",
            dest="regions",
            action="append",
            required=True,
            metavar="SLUG",
            help="Slug of a region the coordinator works in (e.g. noord-nederland); repeat for more regions.",
        )
        parser.add_argument("--email", default="", help="E-mail address, for the 'wachtwoord vergeten' form.")
        parser.add_argument(
            "--totp",
            action="store_true",
            help="Also set up two-factor login: print the otpauth:// URI and its QR code (needed with "
            "DJANGO_REQUIRE_2FA=1).",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Address of the site, for the printed link (default: %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check everything; write nothing.")

    def handle(self, *args, username, regions, email, totp, base_url, dry_run, **options):
        base_url = base_url.rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            raise CommandError(f"--base-url '{base_url}' is geen geldig http(s)-adres.") from None

        try:
            new = coordinator_create(username=username, email=email, regions=regions, totp=totp, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        region_names = ", ".join(region.name for region in new.regions)
        if dry_run:
            self.stdout.write(
                f"Proefdraaien: account '{new.user.get_username()}' zou regiocoördinator worden voor {region_names}"
                f"{' met twee-stapsverificatie' if totp else ''}. Er is niets opgeslagen."
            )
            return

        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        self.stdout.write(
            self.style.SUCCESS(f"Account '{new.user.get_username()}' aangemaakt: regiocoördinator voor {region_names}.")
        )
        self.stdout.write(
            f"Eenmalige link om een wachtwoord in te stellen ({hours} uur geldig; geef hem alleen aan de coördinator):"
        )
        self.stdout.write(base_url + new.password_set_path)

        if new.totp_device:
            uri = new.totp_device.config_url
            self.stdout.write("")
            self.stdout.write(
                "Twee-stapsverificatie: laat de coördinator deze QR-code scannen met een authenticator-app "
                "(bijvoorbeeld Google Authenticator, Microsoft Authenticator of FreeOTP), of deze link invoeren:"
            )
            self.stdout.write(uri)
            qr = io.StringIO()
            # Half blocks: readable in any UTF-8 terminal, without colour codes.
            segno.make(uri, error="m").terminal(out=qr, compact=True)
            self.stdout.write(qr.getvalue())
