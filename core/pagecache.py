"""Anonymous pages, shared by every visitor: marked public for caches in front, and kept in Django's cache.

A page is shared only when nothing in it belongs to one visitor: an anonymous
GET or HEAD (no session cookie), answered 200 without a cookie, without
`Vary: Cookie` and without a Cache-Control of its own (forms and the admin send
`private`/`no-cache`, or set a CSRF cookie, and so are never shared).

Invalidation is exact, not by timeout: every cached page is stored under the
current *content version*, one token in the shared "default" cache that `bump()` replaces on any
change to what a page may show (the apps' signals call it). The next request on
any app server reads the new token, misses, and renders afresh. Losing the
token (a cache restart, culling) only makes everything miss: never stale.

The key holds the scheme, the host (already checked against ALLOWED_HOSTS, so a
crafted Host is refused before it gets here), the path, the query parameters
the pages know (PAGE_CACHE_PARAMETERS, normalised; the view sees only those, so
junk parameters neither change a page nor add entries) and the htmx headers
the list answers to. When the cache fails, pages are rendered uncached and a
warning is logged; a visitor never sees an error for it.
"""

import contextvars
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
# Request headers a shared page varies on (the list answers htmx with a fragment).
VARY_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_HISTORY_RESTORE_REQUEST")
# Response headers that are the same for everyone and travel with a cached page. Not the
# Content-Security-Policy(-Report-Only) nor the Permissions-Policy: the middlewares outside this one
# (core/headers.py) put the current policy on every answer, hits included, so a stored copy would
# only go stale when the policy changes.
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "vary",
    "cache-control",
    "last-modified",
    # Computed once when stored, so a hit is not hashed again by ConditionalGetMiddleware.
    "etag",
    # A download (the figures' and the list's CSV and JSON) keeps its file name when served again.
    "content-disposition",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
}


class LocalPages:
    """The pages this process served last, by their full key (which holds the content version).

    A key's page never changes (a change makes a new version, so new keys), so keeping it in the
    process is exact; it saves fetching and unpickling the page from the shared cache on every hit.
    Bounded to `size` pages, least recently used out first.
    """

    def __init__(self, size):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


local_pages = LocalPages(256)

# Set while the static archive renders pages (portal/archive.py): its pages differ from the live ones
# (a banner, relative links), so they are neither served from nor stored in the page cache.
_bypassed = contextvars.ContextVar("pagecache_bypassed", default=False)


@contextmanager
def bypassed():
    """Pages rendered inside this block neither come from nor go into the page cache."""
    token = _bypassed.set(True)
    try:
        yield
    finally:
        _bypassed.reset(token)


def clear_pages():
    """Forget every stored page: the shared ones and this process's copies."""
    caches["pages"].clear()
    local_pages.clear()


def _new_version():
    """A content version: a random token, and the time of the change (for Last-Modified)."""
    return f"{uuid.uuid4().hex}.{int(time.time())}"


def bump():
    """Every cached page is stale from now on, on every server."""
    try:
        cache.set(VERSION_KEY, _new_version(), None)
    except Exception:
        # Never lose an editor's save for it; pages cached before expire after PAGE_CACHE_SECONDS.
        logger.exception("Page cache: could not store a new content version; cached pages may be stale")


def content_changed(**_signal_kwargs):
    """A signal receiver: the content changed, so every page is stale.

    Bumped at once, so the same request or transaction sees fresh pages, and
    again after the commit: a page rendered by another request in between read
    the old rows and may have been stored under the first new version.
    """
    bump()
    transaction.on_commit(bump)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed_at():
    """When the content last changed, as a Unix time: the time stored with the content version.

    Never earlier than the truth: when the version was lost (a cache restart), it is the time a new one
    was made, so a client asking If-Modified-Since fetches again rather than keep a stale copy.
    """
    version = content_version() or ""
    _token, _dot, stamp = str(version).rpartition(".")
    return int(stamp) if stamp.isdigit() else int(time.time())


def normalised_query(query):
    """The parameters the pages know, in the order given; every other parameter is dropped."""
    known = settings.PAGE_CACHE_PARAMETERS
    normal = QueryDict(mutable=True)
    for name in query:
        if name in known:
            normal.setlist(name, query.getlist(name))
    return normal


# Enough to tell a mistyped parameter; a request with more unknown names is answered with the first of them.
MAX_IGNORED_NAMES = 20


def ignored_parameters(query):
    """The names of the parameters `normalised_query` drops, sorted, each at most 100 characters."""
    known = settings.PAGE_CACHE_PARAMETERS
    return sorted({name[:100] for name in query if name not in known})[:MAX_IGNORED_NAMES]


def is_anonymous(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _shareable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and is_anonymous(request)
        and not request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        and not _bypassed.get()
    )


def _shareable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    return "cookie" not in vary


def _key(request, version):
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        # In a fixed order: the same parameters in another order are the same page.
        "&".join(sorted(request.GET.urlencode().split("&"))),
        # Where the answer names the parameters it ignored (the API), their names are part of it too.
        ",".join(getattr(request, "ignored_parameters", ())),
        *(request.META.get(header, "") for header in VARY_HEADERS),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{version}:{digest}"


def _stored(response):
    headers = {name: value for name, value in response.items() if name.lower() in KEPT_HEADERS}
    return {"content": response.content, "headers": headers}


def _from_store(entry):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store shared anonymous pages; mark them public with a short max-age for caches in front.

    Placed after the security middleware (so host and scheme are checked first)
    and before the session middleware (so a cached page costs no session work).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _shareable_request(request):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:
            # Not a page of this site: the view answers 400, nothing is read or stored.
            return self.get_response(request)
        # The view sees only what the key holds, so a stored page is the page for that key.
        if request.path_info.startswith(settings.PAGE_CACHE_IGNORED_NAMES_PREFIXES):
            request.ignored_parameters = ignored_parameters(request.GET)
        request.GET = normalised_query(request.GET)
        key = entry = None
        if settings.PAGE_CACHE_SECONDS > 0:
            try:
                key = _key(request, content_version())
                entry = local_pages.get(key)
                if entry is None:
                    entry = caches["pages"].get(key)
                    if entry is not None:
                        local_pages.put(key, entry)
            except Exception:
                logger.warning("Page cache unavailable; rendering %s uncached", request.path, exc_info=True)
                key = None
        if entry is not None:
            return _from_store(entry)
        response = self.get_response(request)
        if not _shareable_response(response):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        if key is not None:
            if not response.has_header("ETag"):
                set_response_etag(response)
            try:
                entry = _stored(response)
                caches["pages"].set(key, entry, settings.PAGE_CACHE_SECONDS)
                local_pages.put(key, entry)
            except Exception:
                logger.warning("Page cache unavailable; %s not stored", request.path, exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response
