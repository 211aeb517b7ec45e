"""The three roles of the GKA's editors, and what a user may do because of them."""

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "Beheerder"
EDITOR = "Redacteur"
COORDINATOR = "Regiocoördinator"
ROLES = [ADMINISTRATOR, EDITOR, COORDINATOR]
ROLE_DESCRIPTIONS = {
    ADMINISTRATOR: _("Alles, ook gebruikers beheren en definitief verwijderen."),
    EDITOR: _("Landelijke redactie: bewerkt en publiceert alle inhoud."),
    COORDINATOR: _("Bewerkt en publiceert interventies in de eigen regio('s)."),
}


def has_role(user, role):
    return user.is_authenticated and user.groups.filter(name=role).exists()


def is_national(user):
    """Editors and administrators work in every region."""
    return user.is_superuser or user.groups.filter(name__in=[ADMINISTRATOR, EDITOR]).exists()


def region_ids(user):
    """Ids of the regions `user` may work in, or None when they may work in all."""
    if is_national(user):
        return None
    profile = getattr(user, "coordinator_profile", None)
    return set(profile.regions.values_list("pk", flat=True)) if profile else set()
