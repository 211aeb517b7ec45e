"""What every public page's header and footer need."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse

from interventions.models import Publication

from . import archive

# The main navigation: label, URL name, and the other path prefixes that belong
# to the same section (a province page is part of "Regio's").
MAIN_NAV = [
    ("Interventies", "interventions:list", ["/vergelijk/"]),
    ("Thema's", "interventions:themes", []),
    ("Regio's", "interventions:regions", ["/provincies/", "/gemeenten/"]),
    ("Lessen", "lessons:list", []),
    ("Kennis", "knowledge:index", []),
    ("Zoeken", "search", []),
    ("Over", "about", []),
]


def site_url(request):
    """The site's address without a trailing slash: DJANGO_SITE_URL, or else the one the request was made to.

    A request with a Host header the site does not serve is answered with a 400 page; that page must
    not fail in turn while it writes its own address, so it gets none.
    """
    if settings.SITE_URL:
        return settings.SITE_URL
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return ""


def portal(request):
    """The main navigation with the current section marked, and the source publications for the footer.

    The publications are a lazy queryset: one query, only on pages that render the footer.
    """
    path = request.path
    nav = []
    for label, name, also in MAIN_NAV:
        url = reverse(name)
        if path == url:
            current = "page"
        elif path.startswith(url) or any(path.startswith(prefix) for prefix in also):
            current = "true"
        else:
            current = ""
        nav.append({"label": label, "url": url, "current": current})
    mode = archive.current()
    if mode:
        # In the static archive (portal/archive.py) the live site's address is known only from DJANGO_SITE_URL;
        # the host the pages were rendered for is no address of anything.
        base = mode.site_url
        page_url = base + request.path if base else ""
    else:
        base = site_url(request)
        page_url = base + request.path
    return {
        "main_nav": nav,
        "source_publications": Publication.objects.all(),
        "site_url": base,
        "page_url": page_url,
        "archive": mode,
    }
