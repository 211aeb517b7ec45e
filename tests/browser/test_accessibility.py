"""Every page type, at a laptop's and a phone's width: axe finds no WCAG 2.x A/AA violation."""

import pytest

from tests.browser.a11y import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = {
    "home": "/",
    "list": "/interventies/",
    "filtered list": "/interventies/?thema=soepele-overgang&provincie=limburg&thema=onbekend",
    "detail": "/interventies/samen-van-start-en-startpunt/",
    # A community: kind label, participants, and the background section with factors and solution directions.
    "community": "/interventies/community-urban-education/",
    "knowledge": "/kennis/",
    "insights": "/kennis/inzichten/",
    "insight": "/kennis/inzichten/3/",
    "factors": "/kennis/factoren/",
    "factor": "/kennis/factoren/11/",
    "solution directions": "/kennis/oplossingsrichtingen/",
    "solution direction": "/kennis/oplossingsrichtingen/1-4/",
    "practice card": "/kennis/praktijkkaart/",
    "practice card topic": "/kennis/praktijkkaart/welbevinden-en-gelijke-kansen/",
    "themes": "/themas/",
    "theme": "/themas/verbinding-school-thuis-omgeving/",
    "province": "/provincies/noord-brabant/",
    "regions": "/regios/",
    "region": "/regios/noord-nederland/",
    "municipality": "/gemeenten/den-bosch/",
    "lessons": "/lessen/",
    "lesson": "/lessen/5/",
    "search": "/zoeken/?q=ouders",
    "corrected search": "/zoeken/?q=ouderconsulnet",
    "compare": "/vergelijk/?id=g-town&id=weekendschool&id=de-kracht-van-de-moedertaal",
    "compare picker": "/vergelijk/?id=g-town",
    "about": "/over/",
    "map": "/kaart/",
    "figures": "/cijfers/",
    "not found": "/interventies/bestaat-niet/",
    "question form": "/interventies/g-town/contact/",
    "share your approach": "/deel-je-aanpak/",
    "share your approach sent": "/deel-je-aanpak/verstuurd/",
}
WIDTHS = {"laptop": (1280, 800), "phone": (375, 667)}


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_no_page_type_has_an_accessibility_violation(site, page, width):
    page.set_viewport_size(dict(zip(["width", "height"], WIDTHS[width], strict=True)))
    problems = []
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        found = violations(page)
        if found:
            problems.append(describe(found, f"{name} ({path})"))
    assert not problems, "\n\n".join(problems)


def test_the_check_itself_catches_a_violation(page):
    """The guard above must be able to fail: a page with an unlabelled field and an image without alt."""
    page.set_content('<html lang="nl"><title>x</title><main><img src="x.png"><input type="text"></main></html>')
    found = {violation["id"] for violation in violations(page)}
    assert {"image-alt", "label"} <= found
