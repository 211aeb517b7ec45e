"""Error reports to Sentry, when SENTRY_DSN is set; nothing at all otherwise.

Reports carry what a developer needs (the exception, its stack, the request's
method and path, the request id) and nothing about the visitor: no IP address,
no cookies, no headers, no query string, no form data, no user details, no
local variables (a contact form's locals hold names and e-mail addresses).
`send_default_pii=False` already leaves most of that out; `before_send` removes
it again whatever an integration added.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.requestlog import current_request_id, redact

# Request fields a report keeps; cookies, headers, env (REMOTE_ADDR), data and query_string go.
KEPT_REQUEST_FIELDS = ("method", "url")


def validate_dsn(dsn: str) -> str:
    """The DSN, if Sentry can use it; otherwise ImproperlyConfigured saying what is wrong."""
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except (BadDsn, ValueError) as error:
        raise ImproperlyConfigured(
            f"SENTRY_DSN is not a Sentry DSN ({error}): give the address from the project's settings, "
            "e.g. https://<public key>@o0.ingest.sentry.io/<project id>"
        ) from None
    return dsn


def _scrub(value):
    """Strings in the report with the request's client addresses replaced (as in the logs), recursively."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def before_send(event, hint):
    request = event.get("request")
    if isinstance(request, dict):
        kept = {name: request[name] for name in KEPT_REQUEST_FIELDS if name in request}
        if "url" in kept:
            kept["url"] = urlsplit(kept["url"])._replace(query="", fragment="").geturl()
        event["request"] = kept
    user = event.get("user")
    if isinstance(user, dict):
        # An id says whose session it was; a name, address or IP would say who they are.
        event["user"] = {"id": user["id"]} if "id" in user else {}
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return _scrub(event)


def before_breadcrumb(crumb, hint):
    return _scrub(crumb)


def init(*, dsn: str, environment: str = "", release: str = "") -> None:
    """Start reporting errors to Sentry (called from settings, so from the first request on)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=validate_dsn(dsn),
        integrations=[DjangoIntegration()],
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        # Errors only: no performance traces (None switches tracing off, 0 would only sample nothing).
        traces_sample_rate=None,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )
    # The request line of a 500 is logged at ERROR; the exception itself is the report.
    ignore_logger("gka.request")
