from django.core.management.base import BaseCommand

from core import pagecache


class Command(BaseCommand):
    help = (
        "Makes every cached page stale on every app server. Saves in the admin, imports and seed_portal do this "
        "themselves; run it after changing content without Django's signals (SQL, a bulk update, a restore)."
    )

    def handle(self, *args, **options):
        pagecache.bump()
        self.stdout.write(
            self.style.SUCCESS("Alle bewaarde pagina's zijn verlopen; de volgende aanvraag maakt ze opnieuw.")
        )
