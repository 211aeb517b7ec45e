"""Response headers that are site policy and Django has no setting for.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); this adds the
Permissions-Policy from settings.PERMISSIONS_POLICY. Both middlewares sit outside the page cache
(core/pagecache.py), so every answer carries the current policy, a page from the cache too.
"""

import re
from dataclasses import asdict

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
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

        self._built = (None, "")

    def _header(self):
        # The same for every answer: built again only when the setting is another object (a test's
        # override_settings), not per request.
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        if self._built[0] is not policy:
            self._built = (policy, permissions_policy(policy))
        return self._built[1]

    def __call__(self, request):
        response = self.get_response(request)
        header = self._header()
        if header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = header
        return response


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the built headers kept while the policy settings stay the same.

    The portal's policy has no nonces and no per-view changes, so the headers are the same for every
    answer; django-csp builds them twice per response, which took a fifth of a cached page's time.
    A response or request with anything of its own (a view's @csp_update, a nonce asked for) goes
    through django-csp unchanged.
    """

    PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = (None, None, {})

    def _headers(self, request, response):
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if self._built[0] is not enforced or self._built[1] is not report_only:
            headers = {}
            for header, ro in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
                parts = self.get_policy_parts(request=request, response=response, report_only=ro)
                value = build_policy(**asdict(parts), report_only=ro)
                if value:
                    headers[header] = value
            self._built = (enforced, report_only, headers)
        return self._built[2]

    def process_response(self, request, response):
        own = any(hasattr(response, name) for name in self.PER_RESPONSE)
        asked_nonce = getattr(request, "_csp_nonce", None) is not None
        exempt = getattr(response, "_csp_exempt", False) or getattr(response, "_csp_exempt_ro", False)
        if own or asked_nonce or exempt or settings.DEBUG:
            return super().process_response(request, response)
        for header, value in self._headers(request, response).items():
            if header not in response:
                response[header] = value
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
