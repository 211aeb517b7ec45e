"""What search engines, social media and slow connections see: sitemap, robots, canonical links, page weight."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from interventions.models import Intervention
from tests.helpers.page_types import PAGE_TYPES
from tests.helpers.pages import missing, page_text

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 150 * 1024  # HTML + CSS + JS of one page, uncompressed, images excluded


def test_sitemap_lists_every_published_intervention_and_no_draft(visitor):
    Intervention.objects.filter(slug="g-town").update(publication_status=Intervention.PublicationStatus.DRAFT)
    body = visitor.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(/[^<]*)</loc>", body)
    published = {f"/interventies/{slug}/" for slug in Intervention.objects.published().values_list("slug", flat=True)}
    assert {path for path in locations if path.startswith("/interventies/") and path != "/interventies/"} == published
    assert "/interventies/g-town/" not in locations
    for path in ["/", "/interventies/", "/themas/", "/lessen/", "/over/", "/lessen/10/", "/provincies/fryslan/"]:
        assert path in locations


def test_sitemap_lists_the_knowledge_pages_and_every_insight_factor_direction_and_topic(visitor):
    body = visitor.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(/[^<]*)</loc>", body)
    for path in ["/kennis/", "/kennis/inzichten/", "/kennis/factoren/", "/kennis/oplossingsrichtingen/"]:
        assert path in locations
    assert "/kennis/praktijkkaart/" in locations
    assert "/deel-je-aanpak/" in locations
    details = [path for path in locations if re.fullmatch(r"/kennis/[a-z]+/[^/]+/", path)]
    assert len([p for p in details if p.startswith("/kennis/inzichten/")]) == 10
    assert len([p for p in details if p.startswith("/kennis/factoren/")]) == 29
    assert len([p for p in details if p.startswith("/kennis/oplossingsrichtingen/")]) == 13
    assert len([p for p in details if p.startswith("/kennis/praktijkkaart/")]) == 5
    assert {"/kennis/factoren/18/", "/kennis/oplossingsrichtingen/1-4/", "/kennis/inzichten/10/"} <= set(details)


def test_robots_txt_points_to_the_sitemap_and_hides_nothing_it_should_not_name(visitor):
    response = visitor.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == "User-agent: *\nAllow: /\n\nSitemap: http://testserver/sitemap.xml\n"


def test_every_page_names_its_canonical_address_without_the_query(visitor):
    body = visitor.get("/interventies/?thema=meertaligheid&pagina=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/interventies/">' in body
    assert '<meta property="og:url" content="http://testserver/interventies/">' in body


def test_about_page_has_the_accessibility_statement_and_the_sources(visitor):
    text = page_text(visitor.get("/over/"))
    assert not missing(
        text, "Toegankelijkheidsverklaring", "Status: voldoet gedeeltelijk", "Land vol kansen, Gelijke Kansen Alliantie"
    )


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_stays_within_the_weight_budget(visitor, path):
    response = visitor.get(path)
    body = response.content.decode()
    weight = len(response.content)
    for asset in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', body):
        weight += Path(finders.find(asset)).stat().st_size
    assert weight < PAGE_BUDGET, f"{path}: {weight} bytes"
    # Nothing render-blocking from elsewhere: every stylesheet and script is our own.
    assert not re.findall(r'<link rel="stylesheet"[^>]+href="https?:|<script[^>]+src="https?:', body)
