"""Password-reset mail, from the task queue.

The task holds the account's id, never the reset link: the link (a working way into the admin) is made
when the mail goes out, so the tasks table holds no secret. A mail that fails every attempt shows as a
failed task ("taken in de wachtrij" in the admin); the person can simply ask for a new link.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from core.mail import MAX_ATTEMPTS, MailNotSent, describe_error, retry_later

logger = logging.getLogger(__name__)


def password_reset_email(user, *, templates, domain, site_name, protocol, from_email) -> EmailMultiAlternatives:
    """The mail Django's PasswordResetForm would send, with a link made now."""
    subject_template, body_template, html_template = templates
    model = get_user_model()
    context = {
        "email": getattr(user, model.get_email_field_name()),
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(model._meta.pk.value_to_string(user))),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = "".join(loader.render_to_string(subject_template, context).splitlines())
    message = EmailMultiAlternatives(
        subject, loader.render_to_string(body_template, context), from_email, [context["email"]]
    )
    if html_template:
        message.attach_alternative(loader.render_to_string(html_template, context), "text/html")
    return message


@task()
def send_password_reset_mail(
    *, user_pk, templates: list, domain: str, site_name: str, protocol: str, from_email=None, attempt: int = 1
) -> str:
    """One attempt at mailing a password link; a failed one schedules the next, until MAX_ATTEMPTS failed."""
    user = get_user_model()._default_manager.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "geen account"  # deactivated (or its password disabled) since the link was asked for
    details = {"templates": templates, "domain": domain, "site_name": site_name, "protocol": protocol}
    try:
        password_reset_email(user, from_email=from_email, **details).send()
    except Exception as error:
        reason = describe_error(error)
        if attempt >= MAX_ATTEMPTS:
            raise MailNotSent(reason) from None
        when = retry_later(send_password_reset_mail, attempt=attempt, user_pk=user_pk, from_email=from_email, **details)
        logger.warning("Password-reset mail for user %s failed (attempt %d), retry at %s", user_pk, attempt, when)
        return f"opnieuw om {when}: {reason}"
    return "verzonden"
