"""Mailing a stored message to its region's coordinators, from the task queue.

The task gets only the message's kind and id: the text and the sender's details stay in their row (and
leave with it after twelve months), and the recipients are looked up when the mail goes out, so a
coordinator appointed meanwhile gets a retried message.
"""

import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from core.mail import MAX_ATTEMPTS, MailNotSent, describe_error, retry_later

from .models import ContactRequest, MailStatus, Proposal
from .services import coordinator_emails

logger = logging.getLogger(__name__)

KINDS = {"contact_request": ContactRequest, "proposal": Proposal}
NO_RECIPIENTS = "Geen ontvanger: de regio heeft geen actieve coördinator met e-mailadres en DJANGO_MANAGERS is leeg."


def message_email(message, *, base_url: str, recipients: list[str]) -> EmailMultiAlternatives:
    kind = "contact_request" if isinstance(message, ContactRequest) else "proposal"
    context = {kind: message, "intervention": message.intervention, "base_url": base_url}
    subject = " ".join(render_to_string(f"contact/email/{kind}_subject.txt", context).split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"contact/email/{kind}.txt", context),
        to=recipients,
        reply_to=[message.email],
    )
    email.attach_alternative(render_to_string(f"contact/email/{kind}.html", context), "text/html")
    return email


def region_ids(message) -> list[int]:
    if isinstance(message, Proposal):
        return [message.region_id]
    return sorted({m.province.region_id for m in message.intervention.municipalities.select_related("province")})


@task()
def send_message_mail(*, kind: str, pk: int, base_url: str, attempt: int = 1) -> str:
    """One attempt at mailing message `pk`; a failed one schedules the next, until MAX_ATTEMPTS failed."""
    message = KINDS[kind].objects.select_related("intervention").filter(pk=pk).first()
    if message is None:
        return "verwijderd"  # deleted (or purged) before its mail went out
    if message.mail_status == MailStatus.SENT:
        return "al verzonden"
    recipients = coordinator_emails(region_ids=region_ids(message))
    message.mail_attempts += 1
    try:
        if not recipients:
            raise MailNotSent(NO_RECIPIENTS)
        message_email(message, base_url=base_url, recipients=recipients).send()
    except Exception as error:
        message.mail_error = NO_RECIPIENTS if not recipients else describe_error(error)
        # Nobody to send to is no passing trouble: the message waits in the admin, as before the queue.
        if recipients and attempt < MAX_ATTEMPTS:
            message.save(update_fields=["mail_attempts", "mail_error"])
            when = retry_later(send_message_mail, attempt=attempt, kind=kind, pk=pk, base_url=base_url)
            logger.warning("Mail for %s %s failed (attempt %d), retry at %s", kind, pk, attempt, when)
            return f"opnieuw om {when}"
        message.mail_status = MailStatus.FAILED
        message.save(update_fields=["mail_status", "mail_attempts", "mail_error"])
        raise MailNotSent(message.mail_error) from None
    message.mail_status, message.mail_error, message.mail_sent_at = MailStatus.SENT, "", timezone.now()
    message.save(update_fields=["mail_status", "mail_attempts", "mail_error", "mail_sent_at"])
    return "verzonden"


def message_mail_enqueue(message, *, base_url: str) -> None:
    """Queue the mail about `message` to its region (again: the admin's "Opnieuw verzenden")."""
    kind = "contact_request" if isinstance(message, ContactRequest) else "proposal"
    send_message_mail.enqueue(kind=kind, pk=message.pk, base_url=base_url)
