"""Storing the public's messages and telling the region's coordinators about them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accounts.roles import COORDINATOR
from interventions.models import Intervention

from .models import ContactRequest, Proposal

SLUG_MAX_LENGTH = 100


def coordinator_emails(*, region_ids) -> list[str]:
    """Addresses of the active coordinators of these regions; Django's MANAGERS when there are none.

    Only people in the coordinator role count: a CoordinatorProfile left on an account that lost the
    role must not keep receiving the public's messages.
    """
    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name=COORDINATOR,
                coordinator_profile__regions__in=region_ids,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if addresses:
        return addresses
    # MANAGERS holds (name, address) pairs in Django 5, plain addresses from Django 6 on.
    return [manager if isinstance(manager, str) else manager[1] for manager in settings.MANAGERS]


def _mail_enqueue(message, *, request) -> None:
    """Queue the mail to the region: the request never waits on the mail server (contact.tasks sends it)."""
    from .tasks import message_mail_enqueue  # contact.tasks builds on this module

    message_mail_enqueue(message, base_url=request.build_absolute_uri("/").rstrip("/"))


def contact_request_create(*, intervention: Intervention, data: dict, request) -> ContactRequest:
    """Store a visitor's question about `intervention` and queue its mail to the region's coordinators."""
    # The message and its queued mail are stored together, or neither is.
    with transaction.atomic():
        contact_request = ContactRequest.objects.create(
            intervention=intervention,
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            message=data["message"],
            consent=data["consent"],
        )
        _mail_enqueue(contact_request, request=request)
    return contact_request


def unique_intervention_slug(title: str) -> str:
    """A slug for `title` that no intervention has yet: "taalhuis", "taalhuis-2", ..."""
    base = slugify(title)[: SLUG_MAX_LENGTH - 4].strip("-") or "aanpak"
    taken = set(Intervention.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def proposal_create(*, data: dict, request) -> Proposal:
    """Make a proposed approach a draft intervention of its region, keep the sender's details, tell the region.

    The draft has no source publication: it was sent in through the website. It stays a draft until a
    coordinator or editor publishes it in the admin, under the usual rules.
    """
    for attempt in range(3):
        try:
            with transaction.atomic():
                proposal = _proposal_store(data)
                _mail_enqueue(proposal, request=request)
            break
        except IntegrityError:
            # Someone else took the same slug a moment ago; the next attempt picks the next number.
            if attempt == 2:
                raise
    return proposal


def _proposal_store(data):
    intervention = Intervention.objects.create(
        title=data["title"],
        slug=unique_intervention_slug(data["title"]),
        kind=Intervention.Kind.INTERVENTION,
        context=data["context"],
        approach=data["approach"],
        results=data.get("results", ""),
        source=None,
        publication_status=Intervention.PublicationStatus.DRAFT,
    )
    if data.get("municipality"):
        intervention.municipalities.set([data["municipality"]])
    intervention.themes.set(data.get("themes") or [])
    return Proposal.objects.create(
        intervention=intervention,
        title=data["title"],
        region=data["region"],
        municipality=data.get("municipality"),
        other_place=data.get("other_place", ""),
        name=data["name"],
        email=data["email"],
        organisation=data.get("organisation", ""),
        consent=data["consent"],
    )


def messages_purge(*, dry_run: bool = False, now=None) -> dict[str, int]:
    """Delete the messages older than the retention period the forms promise; the counts per kind.

    A proposal's draft intervention is no personal data and stays, for the region to finish or delete.
    """
    expired = {"requests": ContactRequest.objects.expired(now), "proposals": Proposal.objects.expired(now)}
    counts = {kind: queryset.count() for kind, queryset in expired.items()}
    if not dry_run:
        with transaction.atomic():
            for queryset in expired.values():
                queryset.delete()
    return counts
