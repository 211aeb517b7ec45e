"""Sending mail from a queued task: short error descriptions for the admin, and retries with backoff.

The request only enqueues (django-tasks, TASKS in the settings); the worker sends. Each attempt waits at
most EMAIL_TIMEOUT seconds on the mail server; a failed one is tried again later, MAX_ATTEMPTS in all.
"""

import smtplib
from datetime import timedelta

from django.utils import timezone

MAX_ATTEMPTS = 5
# After the 1st failure 1 minute, then 5, 25 and 125: a mail server that is down for two hours loses nothing.
FIRST_DELAY = timedelta(minutes=1)
BACKOFF = 5
ERROR_MAX_LENGTH = 300


class MailNotSent(Exception):
    """Every attempt failed; the message says why the last one did (no addresses, no content)."""


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, ...)."""
    return FIRST_DELAY * BACKOFF ** (attempt - 1)


def describe_error(error: BaseException) -> str:
    """Why a mail was not sent, for the admin: what went wrong, never to whom or what it said.

    SMTP errors name the refused addresses in their text; only the server's code and reply are kept.
    """
    # smtplib turns a timed-out read into SMTPServerDisconnected, with the timeout as its context.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        text = "Time-out: de mailserver antwoordde niet op tijd (EMAIL_TIMEOUT)."
    elif isinstance(error, ConnectionRefusedError):
        text = "De mailserver weigerde de verbinding."
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _reply in error.recipients.values()})
        text = f"De mailserver weigerde {len(error.recipients)} ontvanger(s) (code {', '.join(codes)})."
    elif isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError | smtplib.SMTPConnectError):
        reply = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        text = f"{type(error).__name__} {error.smtp_code}: {reply}"
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        text = f"De mailserver weigerde de inlog (code {error.smtp_code})."
    else:
        text = f"{type(error).__name__}: {error}"
    return " ".join(text.split())[:ERROR_MAX_LENGTH]


def retry_later(task, *, attempt: int, **kwargs) -> str:
    """Enqueue attempt `attempt + 1` of `task` after the backoff; its time, for the task's return value."""
    when = timezone.now() + retry_delay(attempt)
    task.using(run_after=when).enqueue(attempt=attempt + 1, **kwargs)
    return when.isoformat()
