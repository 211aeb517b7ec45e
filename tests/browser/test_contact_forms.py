"""The contact forms in Chromium: their error state is reachable only by sending the form, so it is checked here.

"Vind elkaar" on an intervention's page and "Deel je aanpak": refused, then sent.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from contact.models import ContactRequest
from tests.helpers.a11y import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

G_TOWN = "g-town"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The forms' hourly limit counts in the cache, which outlives the emptied database."""
    cache.clear()


@pytest.mark.parametrize("width", [1280, 375])
def test_visitor_sends_an_empty_question_then_a_good_one_in_a_browser(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + reverse("interventions:detail", args=[G_TOWN]))
    page.get_by_role("link", name="Stel uw vraag over deze interventie").click()
    page.get_by_role("button", name="Verstuur uw vraag").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Uw naam: Vul uw naam in.")
    found = violations(page)
    assert not found, describe(found, "the refused question form")
    summary.get_by_role("link", name="Uw naam: Vul uw naam in.").click()
    expect(page.get_by_label("Uw naam")).to_be_focused()

    page.get_by_label("Uw naam").fill("Fatima el Amrani")
    page.get_by_label("Uw e-mailadres").fill("fatima@basisschool-voorbeeld.nl")
    page.get_by_label("Uw vraag of bericht").fill("Hoe betrokken jullie de ouders?")
    page.get_by_label(re.compile("Ik geef toestemming")).check()
    page.get_by_role("button", name="Verstuur uw vraag").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw vraag is verstuurd")
    assert ContactRequest.objects.get().name == "Fatima el Amrani"


def test_the_refused_share_form_has_no_accessibility_violation(site, page):
    for width in [1280, 375]:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + reverse("contact:share"))
        page.get_by_label("Gemeente", exact=True).select_option("anders")
        page.get_by_role("button", name="Verstuur uw aanpak").click()
        expect(page.get_by_role("alert")).to_contain_text("Andere gemeente: Vul de naam van uw gemeente in.")
        found = violations(page)
        assert not found, describe(found, f"the refused share form at {width}px")
