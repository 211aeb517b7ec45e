"""Storing the public's messages and telling the region's coordinators about them."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from accounts.roles import COORDINATOR
from interventions.models import Intervention

from .models import ContactRequest, Proposal

SLUG_MAX_LENGTH = 100

logger = logging.getLogger(__name__)


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


def _send(*, template, context, recipients, reply_to, request):
    if not recipients:
        return 0
    context = {**context, "base_url": request.build_absolute_uri("/").rstrip("/")}
    subject = " ".join(render_to_string(f"contact/email/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"contact/email/{template}.txt", context),
        to=recipients,
        reply_to=[reply_to],
    )
    message.attach_alternative(render_to_string(f"contact/email/{template}.html", context), "text/html")
    try:
        return message.send()
    except Exception:
        # The message is stored and listed in the admin; a mail server that is down must not lose it
        # or show the sender an error page.
        logger.exception("Could not mail %s to the region's coordinators", template)
        return 0


def contact_request_create(*, intervention: Intervention, data: dict, request) -> ContactRequest:
    """Store a visitor's question about `intervention` and mail it to its region's coordinators."""
    contact_request = ContactRequest.objects.create(
        intervention=intervention,
        name=data["name"],
        email=data["email"],
        organisation=data.get("organisation", ""),
        message=data["message"],
        consent=data["consent"],
    )
    regions = sorted({m.province.region_id for m in intervention.municipalities.select_related("province")})
    _send(
        template="contact_request",
        context={"contact_request": contact_request, "intervention": intervention},
        recipients=coordinator_emails(region_ids=regions),
        reply_to=contact_request.email,
        request=request,
    )
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
            break
        except IntegrityError:
            # Someone else took the same slug a moment ago; the next attempt picks the next number.
            if attempt == 2:
                raise
    _send(
        template="proposal",
        context={"proposal": proposal, "intervention": proposal.intervention},
        recipients=coordinator_emails(region_ids=[proposal.region_id]),
        reply_to=proposal.email,
        request=request,
    )
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
