"""One log line per request, a request id on every response, and log output an operator can search.

`RequestLogMiddleware` stands first in MIDDLEWARE, so every response gets an
`X-Request-ID` header: pages, /health/*, static files, cached pages, 404s and
500s. The id comes from the incoming `X-Request-ID` only when a trusted proxy
stands in front (PROXY_COUNT > 0) and it looks like an id (1-200 characters of
A-Z, a-z, 0-9, `.`, `_`, `-`); otherwise a new one (uuid4 hex). It is kept in
a context variable for the request, so every message logged while it runs,
from any logger, carries the same `request_id` (`RequestIdFilter`).

When the response is ready the middleware logs one line (logger `gka.request`)
with method, path (never the query string: its values may be personal data;
only the names of the parameters the site knows, the others as "other"),
status, duration and the id of a logged-in staff member. The visitor's IP
address is never written: it is not in the line, and where another library
puts it in a message (django-axes does), the formatters replace it with a
pseudonym, a keyed hash (HMAC with SECRET_KEY) that lets an operator see that
two lines come from one address without learning the address.

No database and no cache: the line is built from what the request already holds.
"""

import contextvars
import hashlib
import hmac
import ipaddress
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.signals import request_finished
from django.utils.functional import empty
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

logger = logging.getLogger("gka.request")

HEADER = "X-Request-ID"
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")
# At most this many parameter names and forwarded addresses are looked at; the rest is noise.
MAX_ITEMS = 50
MAX_PATH = 500


class _Context:
    """What the log output needs to know about the request being served."""

    __slots__ = ("request_id", "_meta", "_addresses")

    def __init__(self, request_id, meta):
        self.request_id = request_id
        self._meta = meta
        self._addresses = None

    @property
    def addresses(self):
        """The client addresses this request came with (the connection's and X-Forwarded-For's), longest first."""
        if self._addresses is None:
            candidates = [self._meta.get("REMOTE_ADDR", "")]
            candidates += self._meta.get("HTTP_X_FORWARDED_FOR", "").split(",")[:MAX_ITEMS]
            found = set()
            for candidate in candidates:
                candidate = candidate.strip()
                try:
                    ipaddress.ip_address(candidate)
                except ValueError:
                    continue  # never replace arbitrary text someone put in a header
                found.add(candidate)
            self._addresses = sorted(found, key=len, reverse=True)
        return self._addresses


_current = contextvars.ContextVar("gka_request", default=None)


def current_request_id():
    """The id of the request being served, or None outside a request."""
    context = _current.get()
    return context.request_id if context else None


def pseudonym(address):
    """A stable stand-in for an IP address: the same address gives the same text, which reveals nothing."""
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"ip-{digest[:12]}"


def redact(text):
    """`text` with the current request's client addresses replaced by their pseudonyms."""
    context = _current.get()
    if context is None or not isinstance(text, str):
        return text
    for address in context.addresses:
        if address in text:
            text = text.replace(address, pseudonym(address))
    return text


def _request_id(request):
    if settings.PROXY_COUNT > 0:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        if VALID_ID.fullmatch(incoming):
            return incoming
    return uuid.uuid4().hex


def _parameter_names(query_string):
    """The names of the query's parameters the site knows, sorted; any other name is listed as "other"."""
    if not query_string:
        return []
    known = settings.PAGE_CACHE_PARAMETERS
    names = set()
    for item in query_string.split("&")[:MAX_ITEMS]:
        if item:
            name = unquote_plus(item.split("=", 1)[0])
            names.add(name if name in known else "other")
    return sorted(names)


def _staff_id(request):
    """The logged-in staff member's id, if this request already looked the user up; never a query of its own."""
    user = getattr(request, "user", None)
    # request.user is a lazy object; reading it here would cost a session and a user query on
    # requests (cached pages, static files) that never needed them.
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    if getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False):
        return user.pk
    return None


class RequestLogMiddleware:
    """First in MIDDLEWARE: a request id for everything below it, and one log line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = _request_id(request)
        request.request_id = request_id
        # Until the response is closed (`_forget`), not just until this returns: Django's handler logs a
        # 4xx or 5xx response once more after the middleware, and that line must carry the id too.
        _current.set(_Context(request_id, request.META))
        try:
            response = self.get_response(request)
        except Exception:
            # Django turns a view's exception into a 500 below this; this is for one that escapes it.
            self._log(request, 500, started)
            raise
        response[HEADER] = request_id
        self._log(request, response.status_code, started)
        return response

    def _log(self, request, status, started):
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        method = request.method[:20] if request.method else ""
        path = request.path[:MAX_PATH]
        logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s %.1fms",
            method,
            path,
            status,
            duration_ms,
            extra={
                "method": method,
                "path": path,
                "query_params": _parameter_names(request.META.get("QUERY_STRING", "")),
                "status": status,
                "duration_ms": duration_ms,
                "user_id": _staff_id(request),
            },
        )


def _forget(**_signal_kwargs):
    _current.set(None)


# Sent when the server closes the response, after everything Django logs about the request.
request_finished.connect(_forget, dispatch_uid="core.requestlog.forget")


class RequestIdFilter(logging.Filter):
    """Give every record the current request's id (None outside a request); on the handler, so all loggers get it."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


def _utc_time(record):
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# What a JSON line may hold besides time, level, logger, request_id and message. Other
# attributes libraries attach to a record are left out: Django's django.request and
# django.server loggers attach the request (its text holds the query string) and the socket
# (its text holds the client's address).
EXTRA_FIELDS = ("method", "path", "query_params", "status", "duration_ms", "user_id", "status_code")


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time (UTC, ms), level, logger, request_id, message, and the request fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            "{asctime}{levelname}{name}{request_id}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return _utc_time(record)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, {})
        for name in list(log_data):
            if name not in ("time", "level", "logger", "request_id", "message", *EXTRA_FIELDS):
                del log_data[name]
        for name in ("exc_info", "stack_info"):
            if message_dict.get(name):
                log_data[name] = message_dict[name]

    def format(self, record):
        return redact(super().format(record))


class TextFormatter(logging.Formatter):
    """For a developer's terminal (DJANGO_LOG_FORMAT=text): one readable line, with the same redaction."""

    def __init__(self, *args, **kwargs):
        super().__init__("{asctime} {levelname:<7} {name} [{request_id}] {message}", style="{")

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return _utc_time(record)

    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return redact(super().format(record))
