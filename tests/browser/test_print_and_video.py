"""In Chromium: an intervention prints as a fact sheet of at most two pages, and a video loads only on a click."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models.functions import Length
from playwright.sync_api import expect

from interventions.models import Intervention
from tests.helpers.a11y import AXE_SOURCE, WCAG_AA, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
EMBED = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def longest_bundle_intervention():
    """The published intervention of the bundle with the most text: the hardest to fit on two pages."""
    return (
        Intervention.objects.published()
        .filter(source__slug="land-vol-kansen")
        .annotate(length=Length("context") + Length("approach") + Length("results"))
        .order_by("-length")
        .first()
    )


def video_violations(page):
    """axe's WCAG A/AA findings in the video section only; the whole page is test_accessibility's job."""
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        "options => axe.run({include: [['.video']]}, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    )["violations"]


def pdf_pages(pdf: bytes) -> int:
    # Chromium writes each page as an uncompressed "/Type /Page" dictionary ("/Pages" is the tree).
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_an_intervention_prints_as_a_fact_sheet_of_at_most_two_pages(site, page):
    intervention = longest_bundle_intervention()
    assert intervention.slug == "verbindende-aanpak"
    # With a video too: its placeholder must stay off paper.
    Intervention.objects.filter(pk=intervention.pk).update(video_url=VIDEO)
    page.goto(site + intervention.get_absolute_url())
    page.emulate_media(media="print")

    for hidden in ["nav[aria-label=Hoofdmenu]", ".site-header", ".site-footer", ".breadcrumbs", ".toc", ".video"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(intervention.title)
    for section in ["Context", "Aanpak", "Opbrengsten", "Wie werkten eraan mee"]:
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    expect(page.locator(".facts")).to_be_visible()
    expect(page.locator(".print-url")).to_have_text(f"Deze pagina online: {site}{intervention.get_absolute_url()}")
    style = page.evaluate("(s => [s.fontFamily, s.fontSize])(getComputedStyle(document.body))")
    assert style[0].startswith("Georgia") and style[1] == "14.6667px"  # 11pt at 96 px per inch

    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    assert pdf.startswith(b"%PDF")
    if os.environ.get("SCREENSHOTS_DIR"):  # `make screenshots` keeps the fact sheet for a person to look at
        Path(os.environ["SCREENSHOTS_DIR"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["SCREENSHOTS_DIR"]) / "fact-sheet.pdf").write_bytes(pdf)
    assert 1 <= pdf_pages(pdf) <= 2, f"{pdf_pages(pdf)} pages"


def test_every_published_intervention_prints_on_at_most_two_pages(site, page):
    too_long = {}
    for intervention in Intervention.objects.published():
        page.goto(site + intervention.get_absolute_url())
        pages = pdf_pages(page.pdf(prefer_css_page_size=True))
        if not 1 <= pages <= 2:
            too_long[intervention.slug] = pages
    assert too_long == {}


def test_the_page_count_is_read_from_a_real_pdf(page):
    """The counter above must be able to see more than two pages."""
    page.set_content("<html lang='nl'><title>x</title>" + "<p style='break-after: page'>blad</p>" * 3 + "</html>")
    assert pdf_pages(page.pdf(format="A4")) == 3


def test_a_video_loads_from_the_video_site_only_after_the_click(site, page):
    Intervention.objects.filter(slug="g-town").update(video_url=VIDEO)
    elsewhere = []
    page.on(
        "request",
        lambda request: urlsplit(request.url).hostname != urlsplit(site).hostname and elsewhere.append(request.url),
    )
    # The machines have no internet: the player answers from here, so the test sees what was asked for.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Speler</title><p>Speler</p>"),
    )
    page.goto(site + "/interventies/g-town/")
    button = page.get_by_role("button", name="Video laden van YouTube")
    expect(button).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.get_by_role("link", name="Bekijk de video op YouTube")).to_have_attribute("href", VIDEO)
    found = video_violations(page)
    assert not found, describe(found, "detail with a video placeholder")
    assert elsewhere == []

    button.click()
    frame = page.locator("iframe")
    expect(frame).to_have_count(1)
    expect(frame).to_have_attribute("src", EMBED)
    expect(frame).to_have_attribute("title", "Video: G-Town: jongeren leren zichzelf en de ander kennen")
    expect(frame).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")
    expect(frame).to_be_focused()
    expect(button).to_have_count(0)
    page.frame_locator("iframe").get_by_text("Speler").wait_for()
    assert elsewhere == [EMBED]
    found = video_violations(page)
    assert not found, describe(found, "detail with the video loaded")


def test_without_javascript_the_video_is_a_link(site, browser):
    Intervention.objects.filter(slug="g-town").update(video_url=VIDEO)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/interventies/g-town/")
    expect(page.get_by_role("button", name="Video laden van YouTube")).to_have_count(0)
    expect(page.get_by_role("link", name="Bekijk de video op YouTube")).to_have_attribute("href", VIDEO)
    expect(page.locator("iframe")).to_have_count(0)
    context.close()
