"""Atom feeds of newly published and changed interventions: all of them, per theme and per region.

Built on the querysets the pages use (`published()`, `for_theme()`, `in_place()`), so a feed shows
what its page shows. "Changed" is `updated_at`: set by every save (an editor's edit, publishing),
the same date the sitemap gives as lastmod. The answers are plain shared responses (no cookie, no
Cache-Control of their own), so the page cache stores them and every change makes them stale.
"""

import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.templatetags.text import first_paragraph
from core.text import shorten
from municipalities.models import Region
from slugs.services import slug_redirect

from .models import Intervention, Theme

FEED_SIZE = 50
SUMMARY_LENGTH = 300
SITE_NAME = "GKA-kennisbank kansengelijkheid"
# An entry's id is derived from the intervention's primary key, not from its address: it stays the
# same when the slug or the site's domain changes, so a feed reader never shows an entry twice.
ENTRY_NAMESPACE = uuid.UUID("9fddeec5-16d4-4315-853c-94982773b8ef")  # fixed once: changing it changes every entry id


def absolute(path):
    """`path` on DJANGO_SITE_URL when that is set; else left relative, and Django's syndication
    puts it on the scheme and host the request came in on."""
    return settings.SITE_URL + path


class MovedFeed(Exception):
    """The feed's theme or region has another slug now; carries the feed's new address."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def _current(model, slug, url_name):
    """The theme or region with `slug`; for an old slug, MovedFeed with the feed's current address (as the
    pages redirect, slugs.services); otherwise 404."""
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found
    moved = slug_redirect(model, slug)
    if moved is None:
        raise Http404
    raise MovedFeed(reverse(url_name, args=[moved.slug]))


class InterventionFeed(Feed):
    """Every published intervention, the most recently changed first."""

    feed_type = Atom1Feed
    language = "nl"
    author_name = SITE_NAME

    def get_object(self, request):
        return None

    def title(self, obj):
        return _("Interventies") + f" | {SITE_NAME}"

    def subtitle(self, obj):
        return _("Nieuwe en gewijzigde interventies voor kansengelijkheid in het onderwijs.")

    def link(self, obj):
        return absolute(reverse("interventions:list"))

    def feed_url(self, obj):
        return absolute(reverse("interventions:feed"))

    def interventions(self, obj):
        return Intervention.objects.all()

    def items(self, obj):
        return (
            self.interventions(obj)
            .published()
            .select_related("source")
            .prefetch_related("themes")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        # An Atom title is text (not HTML): the XML writer escapes it, once.
        return item.title

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, str(item.pk))}"

    def item_description(self, item):
        # Atom1Feed marks the summary type="html"; the plain text is escaped so that it reads as written.
        text = " ".join(first_paragraph(item.context.replace("\r\n", "\n")).split())
        return escape(shorten(text, SUMMARY_LENGTH))

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_author_name(self, item):
        # The publisher of the source the story comes from; a story sent in through the site has none.
        if item.source and item.source.publisher:
            return item.source.publisher
        return None

    def item_author_link(self, item):
        # Asked only for an entry with an author, so with a source.
        return item.source.url or None


class _FollowsRenames:
    """A renamed theme's or region's feed answers 301 at its old address, like the pages."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except MovedFeed as moved:
            return HttpResponsePermanentRedirect(moved.url)


class ThemeFeed(_FollowsRenames, InterventionFeed):
    """The published interventions of one theme."""

    def get_object(self, request, slug):
        return _current(Theme, slug, "interventions:theme_feed")

    def title(self, obj):
        return _("Thema %(name)s") % {"name": obj.name} + f" | {SITE_NAME}"

    def subtitle(self, obj):
        return _("Nieuwe en gewijzigde interventies bij het thema %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute(reverse("interventions:theme_feed", args=[obj.slug]))

    def interventions(self, obj):
        return Intervention.objects.for_theme(obj)


class RegionFeed(_FollowsRenames, InterventionFeed):
    """The published interventions with at least one place in a region."""

    def get_object(self, request, slug):
        return _current(Region, slug, "interventions:region_feed")

    def title(self, obj):
        return _("Regio %(name)s") % {"name": obj.name} + f" | {SITE_NAME}"

    def subtitle(self, obj):
        return _("Nieuwe en gewijzigde interventies in de regio %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute(reverse("interventions:region_feed", args=[obj.slug]))

    def interventions(self, obj):
        return Intervention.objects.in_place(municipality__province__region=obj)
