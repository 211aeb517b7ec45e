"""What visitors do in a real browser: browse, filter, read, page, search; by keyboard and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARKSTAD = "Een soepele en succesvolle overstap van po naar vo"


def card_titles(page):
    return page.locator(".card-title a").all_inner_texts()


def test_visitor_browses_by_theme_and_opens_an_intervention(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Thema's").click()
    page.get_by_role("link", name="Soepele overgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thema: Soepele overgang")
    # Three stories of the bundle, and two projects from the 2020 progress report.
    assert sorted(card_titles(page)) == sorted(
        [
            "De flexibele tutor",
            "De overstap van primair naar voortgezet onderwijs",
            "Lesgeven in grootstedelijke context",
            "Samen van Start & Startpunt",
            PARKSTAD,
        ]
    )
    page.get_by_role("link", name=PARKSTAD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PARKSTAD)
    expect(page.locator("blockquote")).to_contain_text("Partners moeten elkaar kunnen vinden")
    expect(page.get_by_role("heading", name="Opbrengsten")).to_be_visible()


def test_visitor_combines_filters_and_removes_one(site, page):
    page.goto(site + "/interventies/")
    page.get_by_label("Verbinding school, thuis & omgeving").check()
    page.get_by_label("Noord-Nederland").check()
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page.get_by_role("heading", name="2 interventies gevonden")).to_be_visible()
    assert sorted(card_titles(page)) == ["Het succes van de wijkaanpak", "Verbindende aanpak"]
    page.get_by_role("link", name=re.compile("Regio: Noord-Nederland")).click()
    expect(page.get_by_role("heading", name="10 interventies gevonden")).to_be_visible()
    expect(page).to_have_url(re.compile(r"thema=verbinding-school-thuis-omgeving"))
    assert "regio=" not in page.url


def test_visitor_pages_through_all_interventions(site, page):
    page.goto(site + "/interventies/")
    first = card_titles(page)
    assert len(first) == 12
    page.get_by_role("navigation", name="Paginering").get_by_role("link", name="Volgende pagina").click()
    # With JavaScript the page arrives in place: wait for it before reading the cards.
    expect(page.get_by_role("link", name="Pagina 2")).to_have_attribute("aria-current", "page")
    second = card_titles(page)
    assert len(second) == 12
    assert not set(first) & set(second)


def test_visitor_searches_and_finds_the_lesson(site, page):
    page.goto(site + "/")
    page.get_by_label("Zoek in de kennisbank").fill("meervoudig perspectief")
    page.get_by_label("Zoek in de kennisbank").press("Enter")
    first = page.locator(".hit-title a").first
    expect(first).to_have_text("Les 5: Oefen met meervoudig perspectief")
    expect(page.locator(".hit-snippet mark").first).to_be_visible()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oefen met meervoudig perspectief")


def test_keyboard_user_skips_to_content_and_filters_without_a_mouse(site, page):
    page.goto(site + "/interventies/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    # From the main content, Tab reaches the link past the filters, the search field, then the checkboxes.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de resultaten")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Zoekwoorden")).to_be_focused()
    page.keyboard.press("Tab")
    meertaligheid = page.get_by_label("Meertaligheid")
    while not meertaligheid.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(meertaligheid).to_be_checked()
    submit = page.get_by_role("button", name="Toon resultaten")
    while not submit.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    assert card_titles(page) == ["De kracht van de moedertaal"]


def test_keyboard_user_jumps_past_the_filters_to_the_results(site, page):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site + "/interventies/")
    link = page.get_by_role("link", name="Direct naar de resultaten")
    link.focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="25 interventies gevonden")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()


def test_everything_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/interventies/?q=buurtmoeders")
    assert card_titles(page) == ["Samen van Start & Startpunt"]
    page.get_by_label("Limburg").check()
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page.get_by_role("heading", name="0 interventies gevonden")).to_be_visible()
    page.get_by_role("link", name="Wis alle filters").click()
    expect(page.get_by_role("heading", name="25 interventies gevonden")).to_be_visible()
    context.close()
