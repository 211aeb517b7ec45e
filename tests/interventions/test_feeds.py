"""A feed reader follows new and changed interventions: all of them, one theme's or one region's."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html import unescape
from urllib.parse import quote

import pytest
from django.test import override_settings

from core import pagecache
from interventions.models import Intervention, Theme
from municipalities.models import Region
from tests.helpers.content import BUNDLE_STORIES, add_interventions
from tests.helpers.hostile import INJECTIONS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/feeds/interventies.atom"
THEME_FEED = "/feeds/themas/soepele-overgang.atom"
REGION_FEED = "/feeds/regios/noord-nederland.atom"
# The seeded content, the last saved first: the stories added after the bundle, then the bundle backwards.
NEWEST_FIRST = [
    "stagemakelaar",
    "rotterdams-goud",
    "community-armoede",
    "community-urban-education",
    "het-bevorderen-van-non-cognitieve-vaardigheden",
    "taalonderzoek-meierijstad",
    "de-mobiele-brigade",
    "de-flexibele-tutor",
    "lesgeven-in-grootstedelijke-context",
    "betekenisvol-door-samenwerking",
    *reversed(BUNDLE_STORIES),
]


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(root):
    """(title, link) of each entry, in the feed's order."""
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link[@rel='alternate']").get("href"))
        for entry in root.findall(f"{ATOM}entry")
    ]


def slugs(root):
    return [re.fullmatch(r"http://testserver/interventies/([^/]+)/", link)[1] for _, link in entries(root)]


def entry(root, slug):
    link = f"http://testserver/interventies/{slug}/"
    return next(e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href") == link)


@pytest.fixture
def page_cache():
    pagecache.clear_pages()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    pagecache.clear_pages()


def test_the_main_feed_lists_every_published_intervention_last_changed_first(visitor):
    root = feed(visitor, FEED)
    assert root.findtext(f"{ATOM}title") == "Interventies | GKA-kennisbank kansengelijkheid"
    assert slugs(root) == NEWEST_FIRST
    assert entries(root)[-1] == (
        "G-Town: jongeren leren zichzelf en de ander kennen",
        "http://testserver/interventies/g-town/",
    )


def test_a_theme_feed_lists_the_interventions_of_that_theme(visitor):
    root = feed(visitor, THEME_FEED)
    assert root.findtext(f"{ATOM}title") == "Thema Soepele overgang | GKA-kennisbank kansengelijkheid"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/themas/soepele-overgang/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver" + THEME_FEED
    assert entries(root) == [
        ("De flexibele tutor", "http://testserver/interventies/de-flexibele-tutor/"),
        ("Lesgeven in grootstedelijke context", "http://testserver/interventies/lesgeven-in-grootstedelijke-context/"),
        (
            "Een soepele en succesvolle overstap van po naar vo",
            "http://testserver/interventies/een-soepele-en-succesvolle-overstap-van-po-naar-vo/",
        ),
        # An Atom title is text: the ampersand arrives as one, not as "&amp;".
        ("Samen van Start & Startpunt", "http://testserver/interventies/samen-van-start-en-startpunt/"),
        (
            "De overstap van primair naar voortgezet onderwijs",
            "http://testserver/interventies/de-overstap-van-primair-naar-voortgezet-onderwijs/",
        ),
    ]


def test_a_region_feed_lists_the_interventions_with_a_place_in_that_region(visitor):
    root = feed(visitor, REGION_FEED)
    assert root.findtext(f"{ATOM}title") == "Regio Noord-Nederland | GKA-kennisbank kansengelijkheid"
    assert entries(root) == [
        # Runs in all four regions, and is in each region's feed once.
        ("Community Armoede", "http://testserver/interventies/community-armoede/"),
        ("Het succes van de wijkaanpak", "http://testserver/interventies/het-succes-van-de-wijkaanpak/"),
        ("Inclusief onderwijs", "http://testserver/interventies/inclusief-onderwijs-westerkwartier/"),
        ("Verbindende aanpak", "http://testserver/interventies/verbindende-aanpak/"),
        ("Weekendschool", "http://testserver/interventies/weekendschool/"),
        (
            "De overstap van primair naar voortgezet onderwijs",
            "http://testserver/interventies/de-overstap-van-primair-naar-voortgezet-onderwijs/",
        ),
    ]


@pytest.mark.parametrize("path", [FEED, THEME_FEED, REGION_FEED])
def test_every_feed_is_valid_atom(visitor, path):
    root = feed(visitor, path)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    for required in ["id", "title", "updated"]:
        assert root.findtext(f"{ATOM}{required}"), required
    # A feed with an author of its own may hold entries without one (RFC 4287, 4.1.1).
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "GKA-kennisbank kansengelijkheid"
    ids = []
    for item in root.findall(f"{ATOM}entry"):
        for required in ["id", "title", "updated", "published", "summary"]:
            assert item.findtext(f"{ATOM}{required}"), required
        datetime.fromisoformat(item.findtext(f"{ATOM}updated"))
        assert item.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/interventies/")
        ids.append(item.findtext(f"{ATOM}id"))
    assert ids and len(set(ids)) == len(ids)


def test_an_entry_carries_its_summary_themes_source_and_dates(visitor):
    g_town = Intervention.objects.get(slug="g-town")
    item = entry(feed(visitor, FEED), "g-town")
    summary = item.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    text = unescape(summary.text)
    # The first paragraph of the context, as plain text, cut short with an ellipsis.
    first = " ".join(g_town.context.split("\n\n")[0].split())
    assert len(first) > 300
    assert text == first[:300] + "…"
    assert [c.get("term") for c in item.findall(f"{ATOM}category")] == ["Talentontwikkeling"]
    assert (
        item.findtext(f"{ATOM}author/{ATOM}name")
        == "Gelijke Kansen Alliantie, ministerie van Onderwijs, Cultuur en Wetenschap"
    )
    assert datetime.fromisoformat(item.findtext(f"{ATOM}updated")) == g_town.updated_at
    assert datetime.fromisoformat(item.findtext(f"{ATOM}published")) == g_town.published_at


def test_a_story_without_a_source_has_no_author_of_its_own(visitor):
    Intervention.objects.filter(slug="weekendschool").update(source=None)
    item = entry(feed(visitor, FEED), "weekendschool")
    assert item.find(f"{ATOM}author") is None


def test_the_summary_shows_markup_in_the_context_as_text(visitor):
    Intervention.objects.filter(slug="weekendschool").update(context="Ouders <b>&</b> school.\n\nTweede alinea.")
    summary = entry(feed(visitor, FEED), "weekendschool").findtext(f"{ATOM}summary")
    # type="html": a reader unescapes once and shows the text as written, no bold, no second paragraph.
    assert summary == "Ouders &lt;b&gt;&amp;&lt;/b&gt; school."


def test_an_edit_changes_updated_and_puts_the_entry_first(visitor):
    before = entry(feed(visitor, FEED), "g-town").findtext(f"{ATOM}updated")
    g_town = Intervention.objects.get(slug="g-town")
    g_town.reach = "Meer dan 400 jongeren."
    g_town.save()
    root = feed(visitor, FEED)
    after = entry(root, "g-town").findtext(f"{ATOM}updated")
    assert datetime.fromisoformat(after) > datetime.fromisoformat(before)
    assert slugs(root)[0] == "g-town"
    # The same entry, not a new one: its id does not change with an edit.
    assert entry(root, "g-town").findtext(f"{ATOM}id") == entry(feed(visitor, FEED), "g-town").findtext(f"{ATOM}id")


def test_an_entry_keeps_its_id_when_the_slug_changes(visitor):
    old = entry(feed(visitor, FEED), "g-town").findtext(f"{ATOM}id")
    Intervention.objects.filter(slug="g-town").update(slug="g-town-gorinchem")
    assert entry(feed(visitor, FEED), "g-town-gorinchem").findtext(f"{ATOM}id") == old


def test_an_unpublished_intervention_leaves_every_feed_at_once(visitor):
    weekendschool = Intervention.objects.get(slug="weekendschool")
    weekendschool.publication_status = Intervention.PublicationStatus.ARCHIVED
    weekendschool.save()
    assert "weekendschool" not in slugs(feed(visitor, FEED))
    assert "weekendschool" not in slugs(feed(visitor, REGION_FEED))
    assert "weekendschool" not in slugs(feed(visitor, "/feeds/themas/talentontwikkeling.atom"))


@pytest.mark.usefixtures("page_cache")
def test_a_feed_is_shared_by_the_page_cache_and_fresh_after_unpublishing(visitor, settings):
    first = visitor.get(REGION_FEED)
    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == f"public, max-age={settings.PUBLIC_MAX_AGE}"
    assert "Set-Cookie" not in first
    assert "cookie" not in first.get("Vary", "").lower()
    hit = visitor.get(REGION_FEED)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert hit.content == first.content
    weekendschool = Intervention.objects.get(slug="weekendschool")
    weekendschool.publication_status = Intervention.PublicationStatus.DRAFT
    weekendschool.save()
    fresh = visitor.get(REGION_FEED)
    assert fresh["X-Page-Cache"] == "miss"
    assert "weekendschool" not in slugs(ET.fromstring(fresh.content))
    assert "Weekendschool" not in fresh.content.decode()


def test_the_feed_holds_the_newest_fifty(visitor):
    add_interventions(60)
    found = slugs(feed(visitor, FEED))
    assert len(found) == 50
    assert "g-town" not in found
    assert set(found) <= {f"extra-{n}" for n in range(60)}


def test_the_feed_uses_the_sites_public_address_when_it_is_set(visitor, settings):
    settings.SITE_URL = "https://kennisbank.example"
    root = feed(visitor, THEME_FEED)
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://kennisbank.example" + THEME_FEED
    links = [link for _, link in entries(root)]
    assert links[0] == "https://kennisbank.example/interventies/de-flexibele-tutor/"
    assert all(link.startswith("https://kennisbank.example/interventies/") for link in links)


@pytest.mark.parametrize("path", ["/feeds/themas/bestaat-niet.atom", "/feeds/regios/bestaat-niet.atom"])
def test_an_unknown_theme_or_region_is_not_found(visitor, path):
    assert visitor.get(path).status_code == 404


@pytest.mark.parametrize("value", [*INJECTIONS, "a" * 5000])
def test_hostile_input_in_the_slug_is_not_found(visitor, value):
    for kind in ["themas", "regios"]:
        response = visitor.get(f"/feeds/{kind}/{quote(value, safe='')}.atom")
        assert response.status_code == 404, value


def test_the_strict_policy_leaves_the_feed_intact(visitor):
    response = visitor.get(FEED)
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed')


@pytest.mark.parametrize(
    ("page", "title", "href"),
    [
        ("/interventies/", "Interventies (Atom-feed)", FEED),
        ("/themas/soepele-overgang/", "Thema Soepele overgang (Atom-feed)", THEME_FEED),
        ("/regios/noord-nederland/", "Regio Noord-Nederland (Atom-feed)", REGION_FEED),
    ],
)
def test_the_matching_page_announces_its_feed(visitor, page, title, href):
    html = visitor.get(page).content.decode()
    head = html.split("</head>")[0]
    announced = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', head)
    assert announced == [(title, href)]
    assert visitor.get(href).status_code == 200


@pytest.mark.parametrize("model, path", [("theme", "/feeds/themas/{}.atom"), ("region", "/feeds/regios/{}.atom")])
def test_a_renamed_themes_or_regions_feed_answers_301_at_its_old_address(visitor, model, path):
    obj = (Theme if model == "theme" else Region).objects.order_by("pk").first()
    old = obj.slug
    obj.slug = f"{old}-nieuw"
    obj.save()

    moved = visitor.get(path.format(old))
    assert moved.status_code == 301
    assert moved["Location"] == path.format(f"{old}-nieuw")
    assert visitor.get(moved["Location"]).status_code == 200
    assert visitor.get(path.format("nooit-gebruikt")).status_code == 404
