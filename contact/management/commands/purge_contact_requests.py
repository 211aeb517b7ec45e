from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from contact.services import messages_purge


class Command(BaseCommand):
    help = (
        "Delete the questions about interventions and the proposed approaches (with their senders' details) "
        "received more than 12 months ago, as the forms promise. Drafts made from proposals stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        counts = messages_purge(dry_run=dry_run)
        message = _("%(requests)d vraag/vragen en %(proposals)d ingezonden aanpak(ken) ouder dan 12 maanden") % counts
        if dry_run:
            self.stdout.write(_("Zou verwijderen: %(what)s.") % {"what": message})
        else:
            self.stdout.write(self.style.SUCCESS(_("Verwijderd: %(what)s.") % {"what": message}))
