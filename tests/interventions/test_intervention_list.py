"""Browsing /interventies/: filters, their combinations, sorting and pages."""

import pytest
from django.urls import reverse

from interventions.models import Theme
from tests.helpers.content import BUNDLE_STORIES
from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")

ALL = set(BUNDLE_STORIES)
# The 2020 progress report's communities, experiments and municipal projects (tests/portal/test_report_content.py).
MEIERIJSTAD = {
    "de-flexibele-tutor",
    "de-mobiele-brigade",
    "taalonderzoek-meierijstad",
    "het-bevorderen-van-non-cognitieve-vaardigheden",
}
REPORT = {
    "betekenisvol-door-samenwerking",
    "lesgeven-in-grootstedelijke-context",
    *MEIERIJSTAD,
    "community-urban-education",
    "community-armoede",
    "rotterdams-goud",
    "stagemakelaar",
}
ALL |= REPORT
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"
# What each filter below finds of the report besides the bundle's stories; the communities have places all over.
FOUND_IN_REPORT = {
    "thema=soepele-overgang": {"de-flexibele-tutor", "lesgeven-in-grootstedelijke-context"},
    "thema=talentontwikkeling": {"het-bevorderen-van-non-cognitieve-vaardigheden"},
    "provincie=limburg": {"community-armoede"},  # Heerlen
    "provincie=noord-brabant": {*MEIERIJSTAD, "community-urban-education"},  # Meierijstad, Tilburg
    "regio=noord-nederland": {"community-armoede"},  # Groningen
    "regio=zuid-nederland": {*MEIERIJSTAD, "community-urban-education", "community-armoede"},
    "doelgroep=voortgezet-onderwijs": {"betekenisvol-door-samenwerking", "community-urban-education"},
    "doelgroep=mbo": {"community-urban-education"},
    "status=pilot": {"rotterdams-goud"},
}


def all_result_slugs(client, query):
    """Every slug the filtered list finds, over all its pages."""
    found, page = [], 1
    while True:
        response = client.get(f"{LIST}?{query}&pagina={page}")
        assert response.status_code == 200
        found += card_slugs(response)
        if page >= response.context["page"].paginator.num_pages:
            return found
        page += 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thema=meertaligheid", {"de-kracht-van-de-moedertaal"}),
        (
            "thema=soepele-overgang",
            {"de-overstap-van-primair-naar-voortgezet-onderwijs", "samen-van-start-en-startpunt", PARKSTAD},
        ),
        (
            "thema=talentontwikkeling",
            {"g-town", "weekendschool", "als-ik-later-groot-ben-en-dare-to-dream-036"},
        ),
        (
            "thema=inclusief-onderwijs",
            {"wegwijs-in-gedrag", "inclusief-onderwijs-westerkwartier"},
        ),
        ("provincie=limburg", {PARKSTAD}),
        ("provincie=noord-brabant", {"community-aanpak-gelijke-kansen", "de-kracht-van-de-moedertaal"}),
        ("provincie=fryslan", {"weekendschool", "het-succes-van-de-wijkaanpak"}),
        (
            "regio=noord-nederland",
            {
                "de-overstap-van-primair-naar-voortgezet-onderwijs",
                "weekendschool",
                "verbindende-aanpak",
                "inclusief-onderwijs-westerkwartier",
                "het-succes-van-de-wijkaanpak",
            },
        ),
        ("regio=zuid-nederland", {"community-aanpak-gelijke-kansen", "de-kracht-van-de-moedertaal", PARKSTAD}),
        ("gemeente=kerkrade", {PARKSTAD}),
        ("gemeente=den-bosch", {"community-aanpak-gelijke-kansen"}),
        (
            "doelgroep=voortgezet-onderwijs",
            {
                "g-town",
                "de-overstap-van-primair-naar-voortgezet-onderwijs",
                "als-ik-later-groot-ben-en-dare-to-dream-036",
                PARKSTAD,
            },
        ),
        ("doelgroep=mbo", set()),
        ("status=pilot", {"de-kracht-van-de-moedertaal", "ouderconsulent"}),
        ("status=ingebed", {"social-worker-in-het-primair-onderwijs", "als-ik-later-groot-ben-en-dare-to-dream-036"}),
        ("status=afgerond", set()),
    ],
)
def test_visitor_filters_on_one_criterion(visitor, query, expected):
    assert set(all_result_slugs(visitor, query)) == expected | FOUND_IN_REPORT.get(query, set())


def test_several_values_of_one_filter_combine_with_or(visitor):
    found = all_result_slugs(visitor, "thema=meertaligheid&thema=inclusief-onderwijs")
    assert sorted(found) == sorted(
        ["de-kracht-van-de-moedertaal", "wegwijs-in-gedrag", "inclusief-onderwijs-westerkwartier"]
    )


def test_different_filters_combine_with_and(visitor):
    found = all_result_slugs(visitor, "thema=verbinding-school-thuis-omgeving&regio=noord-nederland")
    assert set(found) == {"verbindende-aanpak", "het-succes-van-de-wijkaanpak"}


def test_three_filters_and_a_search_word_narrow_down_to_one(visitor):
    found = all_result_slugs(visitor, "thema=soepele-overgang&doelgroep=ouders&provincie=noord-holland&q=buurtmoeders")
    assert found == ["samen-van-start-en-startpunt"]


def test_an_intervention_in_four_municipalities_is_listed_once(visitor):
    found = all_result_slugs(visitor, "regio=zuid-nederland&gemeente=heerlen&gemeente=kerkrade&gemeente=brunssum")
    # Community Armoede has schools in Heerlen.
    assert found == ["community-armoede", PARKSTAD]


def test_a_card_names_every_province_of_its_places_once(visitor):
    text = page_text(visitor.get(LIST, {"q": "handreiking armoede"}))
    assert (
        "Plaats: Amsterdam, Enschede, Groningen, Heerlen, Rotterdam "
        "(Noord-Holland, Overijssel, Groningen, Limburg, Zuid-Holland)" in text
    )
    parkstad = page_text(visitor.get(LIST, {"gemeente": "kerkrade"}))
    assert "Plaats: Brunssum, Heerlen, Kerkrade, Landgraaf (Limburg)" in parkstad


def test_search_words_all_match_first_and_else_the_most_of_them_with_a_notice(visitor):
    assert all_result_slugs(visitor, "q=moedertaal") == ["de-kracht-van-de-moedertaal"]
    assert "Geen resultaten met alle woorden" not in page_text(visitor.get(LIST, {"q": "moedertaal"}))
    # No intervention holds both words: those with one of them come, most words first, and the page says so.
    assert all_result_slugs(visitor, "q=moedertaal+Weekendschool") == [
        "weekendschool",
        "de-kracht-van-de-moedertaal",
        "betekenisvol-door-samenwerking",
    ]
    text = page_text(visitor.get(LIST, {"q": "moedertaal Weekendschool"}))
    assert "Geen resultaten met alle woorden; wel met een deel ervan." in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=Horsch", [PARKSTAD]),  # a person's name
        ("q=Heerenveen", ["het-succes-van-de-wijkaanpak"]),  # a place
        ("q=Limburg", [PARKSTAD, "community-armoede"]),  # a province
        ("q=meertaligheid", ["de-kracht-van-de-moedertaal"]),  # a theme, and words in the text
        (
            "q=wethouder",
            [
                "het-succes-van-de-wijkaanpak",
                "social-worker-in-het-primair-onderwijs",
                # The 2020 report: Gouda's, Utrecht's and Meierijstad's wethouders; Community Armoede's text.
                "betekenisvol-door-samenwerking",
                "lesgeven-in-grootstedelijke-context",
                *MEIERIJSTAD,
                "community-armoede",
            ],
        ),
    ],
)
def test_search_looks_in_people_places_and_themes(visitor, query, expected):
    assert sorted(all_result_slugs(visitor, query)) == sorted(expected)


def test_without_filters_every_intervention_is_listed_by_title(visitor):
    response = visitor.get(LIST)
    assert "25 interventies gevonden" in page_text(response)
    found = all_result_slugs(visitor, "")
    assert set(found) == ALL
    first_page = card_slugs(response)
    assert first_page[:3] == [
        "als-ik-later-groot-ben-en-dare-to-dream-036",
        "betekenisvol-door-samenwerking",
        "community-armoede",
    ]


def test_newest_first_sorts_by_start_year_with_unknown_years_last(visitor):
    found = all_result_slugs(visitor, "sorteer=nieuwste")
    assert found[:5] == [
        "ouderconsulent",
        "community-aanpak-gelijke-kansen",
        "social-worker-in-het-primair-onderwijs",
        "stagemakelaar",  # november 2019
        "weekendschool",
    ]
    assert set(found) == ALL


def test_results_are_paginated_twelve_to_a_page(visitor):
    first = visitor.get(LIST)
    second = visitor.get(f"{LIST}?pagina=2")
    third = visitor.get(f"{LIST}?pagina=3")
    assert len(card_slugs(first)) == 12
    assert len(card_slugs(second)) == 12
    assert len(card_slugs(third)) == 1
    assert set(card_slugs(first)) | set(card_slugs(second)) | set(card_slugs(third)) == ALL
    assert 'href="?pagina=2"' in first.content.decode()


def test_page_links_keep_the_filters(visitor):
    response = visitor.get(f"{LIST}?thema=verbinding-school-thuis-omgeving&doelgroep=ouders")
    # Seven stories of the bundle and Gouda's agenda (2020 report).
    assert response.context["page"].paginator.count == 8
    # Eight results fit on one page: no page links at all.
    assert "pagina=" not in response.content.decode()
    every_theme = "&".join(f"thema={theme.slug}" for theme in Theme.objects.all())
    response = visitor.get(f"{LIST}?{every_theme}&sorteer=nieuwste")
    # Every intervention with a theme: 4 of the report's 10 have none.
    assert response.context["page"].paginator.count == 21
    assert f'href="?{every_theme.replace("&", "&amp;")}&amp;sorteer=nieuwste&amp;pagina=2"' in (
        response.content.decode()
    )


def test_active_filters_are_shown_and_each_can_be_removed(visitor):
    response = visitor.get(f"{LIST}?thema=meertaligheid&provincie=noord-brabant&q=Pools")
    text = page_text(response)
    assert "Thema: Meertaligheid" in text
    assert "Provincie: Noord-Brabant" in text
    assert "Zoekwoorden: “Pools”" in text
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips["Meertaligheid"] == "?q=Pools&provincie=noord-brabant"
    assert chips["Noord-Brabant"] == "?q=Pools&thema=meertaligheid"
    assert chips["“Pools”"] == "?thema=meertaligheid&provincie=noord-brabant"
    assert "Wis alle filters" in text


def test_chosen_filters_are_checked_in_the_form(visitor):
    response = visitor.get(f"{LIST}?thema=meertaligheid&status=pilot")
    body = response.content.decode()
    assert '<label><input type="checkbox" name="thema" value="meertaligheid" checked>Meertaligheid ' in body
    assert '<label><input type="checkbox" name="status" value="pilot" checked>Pilot ' in body
    assert '<label><input type="checkbox" name="thema" value="talentontwikkeling">Talentontwikkeling ' in body


def facets(response):
    return {
        panel["name"]: {key: count for key, _label, _chosen, count in panel["options"]}
        for panel in response.context["panels"]
    }


def test_each_option_shows_what_it_would_find_with_the_other_filters(visitor):
    response = visitor.get(f"{LIST}?thema=meertaligheid")
    counts = facets(response)
    # The theme's own options ignore the theme filter: choosing another theme adds to the result.
    assert counts["thema"]["soepele-overgang"] == 5
    assert counts["thema"]["meertaligheid"] == 1
    # The other filters count within Meertaligheid: only Helmond is there.
    assert {key: n for key, n in counts["provincie"].items() if n} == {"noord-brabant": 1}
    assert counts["provincie"]["limburg"] == 0
    assert {key: n for key, n in counts["status"].items() if n} == {"pilot": 1}
    body = response.content.decode()
    assert 'Limburg <small id="n-provincie-limburg" class="is-empty">(0<span> interventies</span>)</small>' in body
    assert 'Noord-Brabant <small id="n-provincie-noord-brabant">(1<span> interventie</span>)</small>' in body


def test_facet_counts_follow_the_search_words(visitor):
    counts = facets(visitor.get(f"{LIST}?q=buurtmoeders"))
    assert {key: n for key, n in counts["gemeente"].items() if n} == {"hoorn": 1}
    assert counts["thema"]["verbinding-school-thuis-omgeving"] == 1


def test_the_filter_panel_starts_with_a_link_past_the_filters_to_the_results(visitor):
    body = visitor.get(LIST).content.decode()
    link = body.index('<a href="#results-title">Direct naar de resultaten</a>')
    assert link < body.index('name="thema"') < body.index('<h2 id="results-title" tabindex="-1">')
