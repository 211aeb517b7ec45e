"""Limits on a logged-in session, and the client address behind a proxy."""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

# Unix times kept in the session: when the user logged in, and when we last saw them.
LOGIN_AT = "accounts_login_at"
SEEN_AT = "accounts_seen_at"

# Writing the session on every request costs a query each; a minute of slack
# on a 30-minute limit does not.
SEEN_AT_RESOLUTION = 60


def mark_session_start(session, now=None):
    now = int(time.time()) if now is None else now
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT without a request or SESSION_COOKIE_AGE after login.

    Only sessions with a logged-in user are looked at, so public pages never
    load a session or a user because of this, and stay shareable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A visitor without a session cookie has no session to limit. Looking into one anyway
        # would mark every public page `Vary: Cookie`, and no cache could share it.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        session = request.session
        if auth.SESSION_KEY in session:
            now = int(time.time())
            if LOGIN_AT not in session:
                # Logged in before this middleware existed: start counting now.
                mark_session_start(session, now)
            seen_at = session.get(SEEN_AT, now)
            if now - session[LOGIN_AT] > settings.SESSION_COOKIE_AGE:
                return self._expire(request, _("U bent na %(hours)d uur automatisch uitgelogd. Log opnieuw in."))
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT:
                return self._expire(
                    request, _("U bent uitgelogd na %(minutes)d minuten zonder activiteit. Log opnieuw in.")
                )
            if SEEN_AT not in session or now - seen_at >= SEEN_AT_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)

    def _expire(self, request, message):
        next_path = request.get_full_path()
        auth.logout(request)
        limits = {"hours": settings.SESSION_COOKIE_AGE // 3600, "minutes": settings.SESSION_IDLE_TIMEOUT // 60}
        messages.warning(request, message % limits)
        return redirect_to_login(next_path, reverse("admin:login"))


def forwarded_client_ip(request):
    """The client address as the one trusted reverse proxy saw it (AXES_CLIENT_IP_CALLABLE).

    The proxy appends the address it received the request from to
    X-Forwarded-For, so the last entry is the only one a client cannot forge.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    return addresses[-1] if addresses else request.META.get("REMOTE_ADDR")
