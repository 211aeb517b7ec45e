"""The visitor's address, as far as it can be trusted: one reader for the rate limits and the login lockout.

settings.PROXY_COUNT says how many reverse proxies stand in front of the app servers. Each of them
appends the address it received the request from to X-Forwarded-For, so the visitor is the entry
PROXY_COUNT places from the right; everything left of it was written by the visitor and may be forged.
With 0 the header is never read: the address of the connection itself is the visitor's.

When the header is missing, too short or unreadable (a request that did not come through every
proxy, or one that tried to garble the chain), the connection's own address is used: that is the
one thing a visitor cannot choose.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """The visitor's address as a string, or None when there is none (AXES_CLIENT_IP_CALLABLE)."""
    proxies = settings.PROXY_COUNT
    if proxies:
        # django-ipware counts the proxies *after* the visitor in the header; the nearest proxy is the
        # connection itself (REMOTE_ADDR), not an entry, hence one fewer. Non-strict: a longer chain
        # (entries the visitor sent) is expected; only the right-hand entries are used.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
            algorithm="modern",
        )
        if address:
            return address
    address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"], algorithm="modern")
    return address
