"""Response headers that are site policy and Django has no setting for.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); this adds the
Permissions-Policy from settings.PERMISSIONS_POLICY. Both middlewares sit outside the page cache
(core/pagecache.py), so every answer carries the current policy, a page from the cache too.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FEATURE = re.compile(r"[a-z][a-z0-9-]*")
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?")


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """The header value for `policy`: feature name to allowed origins ([] for none, "self", "*")."""
    parts = []
    for feature, allowed in policy.items():
        if not FEATURE.fullmatch(feature):
            raise ImproperlyConfigured(f"PERMISSIONS_POLICY: {feature!r} is not a feature name")
        members = []
        for origin in allowed:
            if origin in {"self", "*"}:
                members.append(origin)
            elif ORIGIN.fullmatch(origin):
                members.append(f'"{origin}"')
            else:
                raise ImproperlyConfigured(f"PERMISSIONS_POLICY[{feature!r}]: {origin!r} is not an origin")
        if "*" in members:
            parts.append(f"{feature}=*")
        else:
            parts.append(f"{feature}=({' '.join(members)})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY as the Permissions-Policy header on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Checked at start-up, so a mistake in the settings stops the server instead of a request.
        permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = header
        return response
