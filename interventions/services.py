"""The publication workflow of interventions: who may publish, which places, status changes, delete, edit conflicts.

The admin's form, its actions and delete, and the spreadsheet import all call
these functions, so each rule is written once. The callers turn a refusal
into their own Dutch message (a form error, a row error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import reversion
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import region_ids

from .models import Intervention
from .permissions import can_publish, can_purge

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from municipalities.models import Municipality

Status = Intervention.PublicationStatus


@dataclass(frozen=True)
class EditConflict:
    """A save by someone else after the editor opened the form: who (their username, if known) and when."""

    username: str | None
    saved_at: dt.datetime


def intervention_statuses_allowed(*, user: AbstractUser, intervention: Intervention) -> set[str] | None:
    """The publication statuses `user` may choose for `intervention` (unsaved: a new one); None when any.

    With the right to publish it (`permissions.can_publish`) any status goes. Without: concept and ter
    review, and the status it has now, so that editing a published entry keeps it published.
    """
    if can_publish(user, intervention):
        return None
    return {Status.DRAFT, Status.REVIEW, intervention.publication_status}


def intervention_may_publish(*, user: AbstractUser, intervention: Intervention) -> bool:
    """True when `user` may make `intervention` (unsaved: a new one) published, or keep it so."""
    allowed = intervention_statuses_allowed(user=user, intervention=intervention)
    return allowed is None or Status.PUBLISHED in allowed


def municipalities_outside_regions(*, user: AbstractUser, municipalities: Iterable[Municipality]) -> list[Municipality]:
    """The places of `municipalities` that lie outside the regions `user` works in, in their order.

    A national editor works everywhere, so for them the list is always empty (and `municipalities`
    is not even read). Each place's province is read: hand over a queryset with its province selected.
    """
    regions = region_ids(user)
    if regions is None:
        return []
    return [m for m in municipalities if m.province.region_id not in regions]


def intervention_edit_conflict(*, intervention: Intervention, loaded_at: str | None) -> EditConflict | None:
    """Who saved `intervention`, and when, after the editor opened it; None when nobody did.

    `loaded_at` is the `updated_at` the editor's form was opened with, in ISO 8601. An intervention not
    saved yet, or a form without that time, never conflicts.
    """
    if intervention.pk is None or not loaded_at:
        return None
    stored = (
        Intervention.objects.filter(pk=intervention.pk).values_list("updated_at", "last_edited_by__username").first()
    )
    if stored is None or stored[0].isoformat() == loaded_at:
        return None
    return EditConflict(username=stored[1], saved_at=stored[0])


def intervention_mark_edited(
    *, intervention: Intervention, user: AbstractUser | None, now: dt.datetime | None = None
) -> None:
    """Note on `intervention` that `user` edited it, and so checked it, at `now`; the caller saves it.

    The detail page's trust line ("Laatst gecontroleerd op …") and the admin's list read these.
    """
    intervention.last_edited_by = user
    intervention.checked_at = now or timezone.now()


@contextmanager
def intervention_revision(*, user: AbstractUser | None, comment: str) -> Iterator[None]:
    """One version in the history of each intervention saved inside, by `user`, with `comment`."""
    with reversion.create_revision():
        yield
        reversion.set_user(user)
        reversion.set_comment(comment)


def intervention_set_status(
    *,
    interventions: Iterable[Intervention],
    status: str,
    user: AbstractUser,
    now: dt.datetime | None = None,
) -> int:
    """Give each of `interventions` the publication `status`, as `user` at `now`, with one version each.

    Publishing leaves out those `user` may not publish (`intervention_may_publish`). Any other status
    needs only the right to change them, which the caller has checked: the admin lists only the
    interventions of the user's regions. Returns how many were changed.
    """
    now = now or timezone.now()
    changed = 0
    for intervention in interventions:
        if status == Status.PUBLISHED and not intervention_may_publish(user=user, intervention=intervention):
            continue
        intervention.publication_status = status
        comment = _("Status gewijzigd in: %(status)s") % {"status": intervention.get_publication_status_display()}
        with intervention_revision(user=user, comment=comment):
            intervention_mark_edited(intervention=intervention, user=user, now=now)
            intervention.save()
        changed += 1
    return changed


def intervention_delete(*, interventions: Iterable[Intervention], user: AbstractUser) -> int:
    """Delete `interventions` the GKA way: archive them, unless `user` may purge (a Beheerder).

    Archiving takes them off the website and keeps them, with their history, to be put back;
    purging removes them and all their parts. Returns how many were archived or purged.
    """
    if not can_purge(user):
        return intervention_set_status(interventions=interventions, status=Status.ARCHIVED, user=user)
    pks = [intervention.pk for intervention in interventions]
    Intervention.objects.filter(pk__in=pks).delete()
    return len(pks)
