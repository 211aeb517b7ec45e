"""At most a few messages per hour from one address, counted in Django's cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

LIMIT = 5
WINDOW_SECONDS = 60 * 60


def client_ip(request):
    """The visitor's address, read the way the login lockout reads it (behind a proxy too)."""
    reader = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    return (import_string(reader)(request) if reader else request.META.get("REMOTE_ADDR")) or "unknown"


def _key(request, scope):
    # Hashed: the cache holds no visitor's address in the clear.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()
    return f"contact:rate:{scope}:{digest}"


def exceeded(request, scope):
    """True when this address already sent LIMIT messages with this form in the current hour."""
    return cache.get(_key(request, scope), 0) >= LIMIT


def hit(request, scope):
    """Count one message; the hour starts with the first."""
    key = _key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        # Expired between add() and incr().
        cache.add(key, 1, WINDOW_SECONDS)
