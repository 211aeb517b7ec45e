"""The intervention list with JavaScript: filters, search, sort and pages update the results in place,
the address follows so back and forward work, focus stays where the visitor is, a live region says
how many were found; and the cards' "Vergelijk" boxes lead to the comparison."""

import re

import pytest
from playwright.sync_api import expect

from interventions.models import Intervention
from tests.helpers.a11y import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOEDERTAAL = "De kracht van de moedertaal"
TRANSITIONS = ["De overstap van primair naar voortgezet onderwijs", "Samen van Start & Startpunt"]
PARKSTAD = "Een soepele en succesvolle overstap van po naar vo"


def found(count):
    """The results heading and live region text for `count` results."""
    return f"{count} interventie{'' if count == 1 else 's'} gevonden"


def published(**lookups):
    # The content grows with each source document: count what the database holds, not a fixed number.
    return Intervention.objects.published().filter(**lookups).distinct().count()


def card_titles(page):
    return page.locator(".card-title a").all_inner_texts()


def open_list(page, site, query=""):
    """The list, with htmx ready and a mark on the window that a full page load would wipe out."""
    page.goto(site + "/interventies/" + query)
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.stillTheSamePage = true }")


def not_reloaded(page):
    return page.evaluate("() => window.stillTheSamePage === true")


def test_ticking_a_theme_updates_results_and_counts_in_place(site, page):
    open_list(page, site)
    box = page.get_by_label("Meertaligheid")
    box.check()
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    assert card_titles(page) == [MOEDERTAAL]
    expect(page).to_have_url(re.compile(r"/interventies/\?thema=meertaligheid&sorteer=relevantie$"))
    # The title and the page's heading say what the list now shows, for the tab, history and a screen reader.
    expect(page).to_have_title("Interventies: Meertaligheid | GKA-kennisbank kansengelijkheid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies: Meertaligheid")
    # A screen reader hears the new count; the box keeps the focus.
    expect(page.locator("#results-status")).to_have_text("1 interventie gevonden")
    expect(box).to_be_focused()
    # The other filters now count within Meertaligheid: only Helmond (Noord-Brabant) is left.
    expect(page.locator("#n-provincie-noord-brabant")).to_have_text("(1 interventie)")
    expect(page.locator("#n-provincie-limburg")).to_have_class("is-empty")
    transitions = published(themes__slug="soepele-overgang")
    expect(page.locator("#n-thema-soepele-overgang")).to_have_text(f"({transitions} interventies)")
    assert not_reloaded(page)


def test_quick_ticks_and_the_button_show_the_combination(site, page):
    # Each tick replaces the request before it; the button asks nothing new and must not cancel the last.
    open_list(page, site)
    page.get_by_label("Verbinding school, thuis & omgeving").check()
    page.get_by_label("Noord-Nederland").check()
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page.get_by_role("heading", name="2 interventies gevonden")).to_be_visible()
    assert sorted(card_titles(page)) == ["Het succes van de wijkaanpak", "Verbindende aanpak"]
    expect(page).to_have_url(re.compile(r"\?thema=verbinding-school-thuis-omgeving&regio=noord-nederland&sorteer="))


def test_back_and_forward_restore_the_earlier_results(site, page):
    open_list(page, site)
    page.get_by_label("Meertaligheid").check()
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    page.get_by_label("Soepele overgang").check()
    both = published(themes__slug__in=["meertaligheid", "soepele-overgang"])
    expect(page.get_by_role("heading", name=found(both))).to_be_visible()
    assert {MOEDERTAAL, PARKSTAD, *TRANSITIONS} <= set(card_titles(page))

    page.go_back()
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    assert card_titles(page) == [MOEDERTAAL]
    expect(page).to_have_title("Interventies: Meertaligheid | GKA-kennisbank kansengelijkheid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies: Meertaligheid")
    expect(page.get_by_label("Soepele overgang")).not_to_be_checked()
    expect(page.get_by_label("Meertaligheid")).to_be_checked()
    page.go_back()
    expect(page.get_by_role("heading", name=found(published()))).to_be_visible()
    expect(page.get_by_label("Meertaligheid")).not_to_be_checked()
    expect(page).to_have_url(site + "/interventies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies")
    page.go_forward()
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    assert not_reloaded(page)


def test_typing_search_words_updates_the_results_once_typing_stops(site, page):
    open_list(page, site)
    search = page.get_by_label("Zoekwoorden")
    search.fill("buurtmoeders")  # one input event: a slow machine cannot split the word into two requests
    expect(page.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    assert card_titles(page) == ["Samen van Start & Startpunt"]
    expect(page).to_have_url(re.compile(r"q=buurtmoeders"))
    expect(page).to_have_title("Interventies met “buurtmoeders” | GKA-kennisbank kansengelijkheid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies met “buurtmoeders”")
    expect(search).to_be_focused()
    expect(search).to_have_value("buurtmoeders")
    # Leaving the box or pressing Enter asks nothing new: one step back is the unfiltered list.
    search.press("Enter")
    page.keyboard.press("Tab")
    page.go_back()
    expect(page.get_by_role("heading", name=found(published()))).to_be_visible()
    assert not_reloaded(page)


def test_sorting_and_paging_update_in_place_and_paging_moves_focus_to_the_results(site, page):
    open_list(page, site)
    sort = page.get_by_label("Sorteren op")
    sort.focus()
    sort.select_option(label="Nieuwste eerst (op startjaar)")
    expect(page).to_have_url(re.compile(r"sorteer=nieuwste"))
    expect(sort).to_be_focused()
    newest_first = card_titles(page)
    page.get_by_role("navigation", name="Paginering").get_by_role("link", name="Volgende pagina").click()
    expect(page.get_by_role("link", name="Pagina 2")).to_have_attribute("aria-current", "page")
    second = card_titles(page)
    total = published()
    assert len(second) == min(total - 12, 12)
    assert not set(newest_first) & set(second)
    expect(page).to_have_url(re.compile(r"sorteer=nieuwste&pagina=2"))
    expect(page).to_have_title("Interventies (pagina 2) | GKA-kennisbank kansengelijkheid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies")
    expect(page.get_by_role("heading", name=found(total))).to_be_focused()
    assert not_reloaded(page)


def test_removing_a_chip_unticks_its_box_and_focuses_the_results(site, page):
    open_list(page, site, "?thema=meertaligheid&thema=soepele-overgang")
    both = published(themes__slug__in=["meertaligheid", "soepele-overgang"])
    expect(page.get_by_role("heading", name=found(both))).to_be_visible()
    page.get_by_role("link", name=re.compile("Thema: Meertaligheid")).click()
    expect(page.get_by_role("heading", name=found(published(themes__slug="soepele-overgang")))).to_be_focused()
    expect(page.get_by_label("Meertaligheid")).not_to_be_checked()
    expect(page.get_by_label("Soepele overgang")).to_be_checked()
    assert "meertaligheid" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies: Soepele overgang")
    expect(page).to_have_title("Interventies: Soepele overgang | GKA-kennisbank kansengelijkheid")
    page.get_by_role("link", name="Wis alle filters").click()
    expect(page.get_by_role("heading", name=found(published()))).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies")
    expect(page).to_have_title("Interventies | GKA-kennisbank kansengelijkheid")
    expect(page.get_by_label("Soepele overgang")).not_to_be_checked()
    assert not_reloaded(page)


def test_updated_list_has_no_accessibility_violation(site, page):
    open_list(page, site)
    page.get_by_label("Meertaligheid").check()
    expect(page.locator("#results-status")).to_have_text("1 interventie gevonden")
    found = violations(page)
    assert not found, describe(found, "list after an update")


def test_visitor_compares_two_interventions_ticked_on_different_pages(site, page):
    open_list(page, site)
    first = card_titles(page)[0]
    page.get_by_label(f"Vergelijk {first}").check()
    expect(page.locator("#compare-count")).to_have_text("1 interventie gekozen; kies er nog een of twee bij.")
    page.get_by_role("navigation", name="Paginering").get_by_role("link", name="Volgende pagina").click()
    expect(page.get_by_role("link", name="Pagina 2")).to_have_attribute("aria-current", "page")
    second = card_titles(page)[0]
    page.get_by_label(f"Vergelijk {second}").check()
    expect(page.locator("#compare-count")).to_have_text("2 interventies gekozen.")
    # Back on page 1, the first choice is still ticked.
    page.get_by_role("navigation", name="Paginering").get_by_role("link", name="Vorige pagina").click()
    expect(page.get_by_label(f"Vergelijk {first}")).to_be_checked()
    page.get_by_role("button", name="Vergelijk geselecteerde (2 of 3)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies vergelijken")
    assert page.locator("table.compare thead th").all_inner_texts() == [first, second]


def test_visitor_compares_from_the_cards_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/interventies/?thema=soepele-overgang")
    titles = card_titles(page)
    assert {PARKSTAD, *TRANSITIONS} <= set(titles)
    page.get_by_label(f"Vergelijk {titles[0]}").check()
    page.get_by_label(f"Vergelijk {titles[2]}").check()
    page.get_by_role("button", name="Vergelijk geselecteerde (2 of 3)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies vergelijken")
    assert page.locator("table.compare thead th").all_inner_texts() == [titles[0], titles[2]]
    context.close()
