"""Who may see or change which intervention: per role, and for coordinators per region."""

from accounts.roles import region_ids

from .models import Intervention


def in_user_regions(user, intervention):
    """True when `intervention` lies (partly) in a region `user` works in."""
    regions = region_ids(user)
    if regions is None:
        return True
    return Intervention.objects.filter(pk=intervention.pk).in_regions(regions).exists()


def can_preview(user, intervention):
    """Staff who may view an entry see it at its public address before it is published."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("interventions.view_intervention")
        and in_user_regions(user, intervention)
    )


def can_publish(user, intervention=None):
    """The right to publish: the role's permission and, for an existing `intervention`, a place in `user`'s regions."""
    return user.has_perm("interventions.publish_intervention") and (
        intervention is None or intervention.pk is None or in_user_regions(user, intervention)
    )


def can_purge(user):
    """Only who may purge (a Beheerder) really deletes an intervention; for everyone else deleting archives."""
    return user.has_perm("interventions.purge_intervention")
