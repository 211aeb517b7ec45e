"""What every public page's header and footer need."""

from django.urls import reverse

from interventions.models import Publication

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
    return {"main_nav": nav, "source_publications": Publication.objects.all()}
