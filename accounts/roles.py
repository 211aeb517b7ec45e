"""The three roles of the GKA's editors, and what a user may do because of them."""

ADMINISTRATOR = "Beheerder"
EDITOR = "Redacteur"
COORDINATOR = "Regiocoördinator"


def is_national(user):
    """Editors and administrators work in every region."""
    return user.is_superuser or user.groups.filter(name__in=[ADMINISTRATOR, EDITOR]).exists()


def region_ids(user):
    """Ids of the regions `user` may work in, or None when they may work in all."""
    if is_national(user):
        return None
    profile = getattr(user, "coordinator_profile", None)
    return set(profile.regions.values_list("pk", flat=True)) if profile else set()
