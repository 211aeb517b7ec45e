"""A visitor finds the interventions by region, and every page has the same header and footer."""

import re
from collections import Counter

import pytest

from interventions.models import Intervention, Publication
from municipalities.models import Region
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

REGIONS = "/regios/"


def published_per_region():
    """Counted the long way round: each published intervention once in every region it has a place in."""
    counts = Counter()
    for intervention in Intervention.objects.published().prefetch_related("municipalities__province__region"):
        counts.update({municipality.province.region.name for municipality in intervention.municipalities.all()})
    return counts


def region_cards(response):
    """(name, provinces line, count line) of each region card, in the order shown."""
    body = response.content.decode()
    return [
        (name, page_text_of(provinces), page_text_of(meta))
        for name, provinces, meta in re.findall(
            r'<h2 class="card-title"><a href="/regios/[^"]+/">([^<]+)</a></h2>\s*'
            r'<p class="region-provinces">(.*?)</p>\s*<p class="card-meta">(.*?)</p>',
            body,
            flags=re.S,
        )
    ]


def page_text_of(fragment):
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def test_visitor_sees_the_four_regions_with_their_provinces_and_counts(visitor):
    response = visitor.get(REGIONS)
    assert response.status_code == 200
    counts = published_per_region()
    assert sum(counts.values()) >= Intervention.objects.published().count() > 0

    def line(name):
        return f"{counts[name]} interventie{'' if counts[name] == 1 else 's'}"

    assert region_cards(response) == [
        ("Noord-Nederland", "Provincies: Drenthe, Fryslân, Groningen", line("Noord-Nederland")),
        ("Oost-Nederland", "Provincies: Flevoland, Gelderland, Overijssel", line("Oost-Nederland")),
        ("West-Nederland", "Provincies: Noord-Holland, Utrecht, Zeeland, Zuid-Holland", line("West-Nederland")),
        ("Zuid-Nederland", "Provincies: Limburg, Noord-Brabant", line("Zuid-Nederland")),
    ]
    text = page_text(response)
    assert text.startswith("Regio's | GKA-kennisbank kansengelijkheid")
    assert '<li aria-current="page">Regio\'s</li>' in response.content.decode()


def test_the_bundle_counts_per_region(visitor):
    """The fifteen stories of Land vol kansen: five in the north, three east, four west, three south."""
    bundle = Publication.objects.get(slug="land-vol-kansen")
    Intervention.objects.exclude(source=bundle).update(publication_status=Intervention.PublicationStatus.DRAFT)
    assert [meta for _, _, meta in region_cards(visitor.get(REGIONS))] == [
        "5 interventies",
        "3 interventies",
        "4 interventies",
        "3 interventies",
    ]


def test_a_draft_is_not_counted(visitor):
    before = published_per_region()["West-Nederland"]
    Intervention.objects.filter(slug="g-town").update(publication_status=Intervention.PublicationStatus.DRAFT)
    assert "West-Nederland" in {
        m.province.region.name for m in Intervention.objects.get(slug="g-town").municipalities.all()
    }
    cards = {name: meta for name, _, meta in region_cards(visitor.get(REGIONS))}
    assert cards["West-Nederland"] == f"{before - 1} interventie{'' if before - 1 == 1 else 's'}"


def test_each_region_links_to_its_page_and_provinces(visitor):
    body = visitor.get(REGIONS).content.decode()
    for region in Region.objects.all():
        assert f'<a href="/regios/{region.slug}/">{region.name}</a>' in body
        for province in region.provinces.all():
            assert f'<a href="/provincies/{province.slug}/">{province.name}</a>' in body
    assert visitor.get("/regios/zuid-nederland/").status_code == 200


def test_regions_page_needs_three_queries_however_many_interventions(visitor, django_assert_num_queries):
    # The regions with their counts, their provinces, and the footer's source publications.
    with django_assert_num_queries(3):
        visitor.get(REGIONS)


def test_regions_page_is_in_the_sitemap(visitor):
    assert "<loc>http://testserver/regios/</loc>" in visitor.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/regios/", 'href="/regios/" aria-current="page">Regio&#x27;s</a>'),
        ("/regios/noord-nederland/", 'href="/regios/" aria-current="true">Regio&#x27;s</a>'),
        ("/provincies/limburg/", 'href="/regios/" aria-current="true">Regio&#x27;s</a>'),
        ("/interventies/g-town/", 'href="/interventies/" aria-current="true">Interventies</a>'),
        ("/lessen/", 'href="/lessen/" aria-current="page">Lessen</a>'),
    ],
)
def test_main_navigation_marks_the_current_section(visitor, path, current):
    body = visitor.get(path).content.decode()
    nav = body[body.index('aria-label="Hoofdmenu"') : body.index("</nav>")]
    assert re.findall(r">([^<]+)</a>", nav) == [
        "Interventies",
        "Thema&#x27;s",
        "Regio&#x27;s",
        "Lessen",
        "Kennis",
        "Zoeken",
        "Over",
    ]
    assert current in nav
    assert nav.count("aria-current") == 1


def test_footer_names_the_sources_and_the_contact_address_they_give(visitor):
    text = page_text(visitor.get("/"))
    footer = text[text.index("Bronnen De inhoud komt uit") :]
    for publication in Publication.objects.all():
        assert publication.title in footer
    assert "Land vol kansen, Gelijke Kansen Alliantie, ministerie van Onderwijs, Cultuur en Wetenschap" in footer
    assert "Mail naar gelijkekansen@minocw.nl." in footer


def test_footer_shows_no_contact_address_the_sources_do_not_give(visitor):
    Publication.objects.update(contact_email="")
    body = visitor.get("/").content.decode()
    footer = body[body.index('id="footer-contact"') :]
    assert "mailto:" not in footer
