"""In Chromium: the static archive, opened from its folder (file://), searches offline and links onward."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from playwright.sync_api import expect

from portal.archive import archive_export
from tests.helpers.a11y import describe, violations

pytestmark = pytest.mark.browser


def _export(output):
    try:
        archive_export(output=output)
    finally:
        connections.close_all()


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded bundle's archive, written once in a thread of its own.

    Playwright's event loop may already run in this thread; Django would then open a connection for that
    context that nothing closes, and PostgreSQL could not drop the test database at the end.
    """
    output = tmp_path_factory.mktemp("archief") / "kennisbank"
    with django_db_blocker.unblock(), ThreadPoolExecutor(1) as pool:
        pool.submit(_export, output).result()
    return output


def test_visitor_searches_the_archive_from_a_folder_and_opens_a_result(archive, page):
    page.goto((archive / "interventies" / "index.html").as_uri())
    expect(page.get_by_role("region", name="Archiefkopie")).to_contain_text("Dit is een archiefkopie")
    # The header's search form on every page leads to the offline search.
    page.get_by_label("Zoek in de kennisbank").fill("weekendschool")
    page.get_by_label("Zoek in de kennisbank").press("Enter")
    expect(page).to_have_url((archive / "zoeken" / "index.html").as_uri() + "?q=weekendschool")
    expect(page.locator("#results-title")).to_have_text("2 resultaten voor “weekendschool”")
    # A page with the word in its title first.
    expect(page.locator(".hit-title a").first).to_have_text("Weekendschool")
    # Typing filters at once; case and accents do not matter.
    page.get_by_label("Zoek in interventies, lessen en kennis").fill("FINANCIELE middelen")
    expect(page.locator(".hit-title a").first).to_have_text("Factor 10: Financiële middelen (familie)")
    page.get_by_label("Zoek in interventies, lessen en kennis").fill("moedertaal")
    page.get_by_role("link", name="De kracht van de moedertaal").click()
    expect(page).to_have_url((archive / "interventies" / "de-kracht-van-de-moedertaal" / "index.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("De kracht van de moedertaal")
    # The styles came along from the folder: the banner has its colour (portal.css with the design tokens).
    banner = page.get_by_role("region", name="Archiefkopie")
    assert banner.evaluate("element => getComputedStyle(element).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")


def test_the_archive_pages_have_no_accessibility_violation(archive, page):
    """The banner, the list without filters and the offline search with its results, checked by axe."""
    for name in ["index.html", "interventies/index.html", "zoeken/index.html?q=ouders"]:
        url = (archive / name.split("?")[0]).as_uri() + ("?" + name.split("?")[1] if "?" in name else "")
        page.goto(url)
        if "?" in name:
            expect(page.locator(".hit").first).to_be_visible()
        found = violations(page)
        assert not found, describe(found, url)
