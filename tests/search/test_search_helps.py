"""Search that always helps: words inside compounds, the other names of a name, and some words when not all.

Each case gives the whole ranked result of the search page, checked against the
seed texts, on both databases. Compounds: the parts of a compound word are
indexed next to it (search/compounds.py). Names: a query for one name of a
group also finds the others (search/synonyms.py). Partial matches: when no text
holds every word, the texts with most of them, under a notice.
"""

import pytest

from tests.helpers.pages import card_slugs, hit_urls, page_text
from tests.helpers.search import G_TOWN, HOORN, LIST, PARKSTAD, SEARCH, WEEKENDSCHOOL

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/interventies"
PARTIAL = "Geen resultaten met alle woorden; wel met een deel ervan."
STAGEMAKELAAR = "/interventies/stagemakelaar/"
MOBILE_BRIGADE = "/interventies/de-mobiele-brigade/"
POVERTY_COMMUNITY = "/interventies/community-armoede/"
OUDERCONSULENT = "/interventies/ouderconsulent/"
TWENTSE_BELOFTE = "/interventies/de-twentse-belofte-interprofessioneel-werken/"
DEN_BOSCH = "/interventies/community-aanpak-gelijke-kansen/"
MIDDEN_GRONINGEN = "/interventies/de-overstap-van-primair-naar-voortgezet-onderwijs/"
HEERENVEEN = "/interventies/het-succes-van-de-wijkaanpak/"
BROAD_COOPERATION = "/kennis/praktijkkaart/belang-van-brede-samenwerking/"

# (what the visitor types, the whole result in its order)
RANKED = [
    # Words found only inside compounds
    pytest.param("stage", [STAGEMAKELAAR], id="compound first part stage"),
    pytest.param("makelaar", [STAGEMAKELAAR], id="compound last part makelaar"),
    pytest.param("vijver", [MOBILE_BRIGADE], id="compound Taalvijver"),
    # "Jeugdeducatiefonds" holds both words.
    pytest.param("jeugd fonds", [POVERTY_COMMUNITY], id="compound two parts jeugd fonds"),
    # Den Bosch says "dialoog"; lesson 4 speaks of "dialoogsessies", Midden-Groningen of a "dialoog" with parents.
    pytest.param("dialoog", [DEN_BOSCH, "/lessen/4/", MIDDEN_GRONINGEN], id="compound dialoogsessies"),
    # Ouderconsulenten, leesconsulenten and jeugdconsulenten.
    pytest.param(
        "consulent",
        ["/lessen/6/", OUDERCONSULENT, HOORN, TWENTSE_BELOFTE, BROAD_COOPERATION],
        id="compound last part consulent",
    ),
    # The other name of a name: the sources only say "Fryslân".
    pytest.param("Friesland", [WEEKENDSCHOOL, HEERENVEEN], id="synonym Friesland"),
    pytest.param("Fryslân", [WEEKENDSCHOOL, HEERENVEEN], id="synonym Fryslân"),
    # No text holds every word: those with most of them first (G-Town names Tjoerd and Gorinchem).
    pytest.param("Tjoerd Gorinchem Horsch", [G_TOWN, PARKSTAD], id="partial most words first"),
    pytest.param("buurtmoeders zomerschool", [WEEKENDSCHOOL, HOORN], id="partial one word each"),
]


@pytest.mark.parametrize(("query", "expected"), RANKED)
def test_visitor_finds_compounds_other_names_and_partial_matches(visitor, query, expected):
    response = visitor.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert hit_urls(response) == expected


@pytest.mark.parametrize(("query", "expected"), RANKED)
def test_intervention_list_finds_the_same_interventions_in_the_same_order(visitor, query, expected):
    response = visitor.get(LIST, {"q": query})

    assert response.status_code == 200
    assert card_slugs(response) == [url.split("/")[2] for url in expected if url.startswith("/interventies/")]


@pytest.mark.parametrize(
    ("short", "long"),
    [
        pytest.param("po", "primair onderwijs", id="po"),
        pytest.param("vo", "voortgezet onderwijs", id="vo"),
        pytest.param("Den Bosch", "'s-Hertogenbosch", id="den bosch"),
        pytest.param("vve", "voor- en vroegschoolse educatie", id="vve"),
        pytest.param("GKA", "Gelijke Kansen Alliantie", id="gka"),
    ],
)
def test_an_abbreviation_and_its_full_name_find_the_same(visitor, short, long):
    by_short = hit_urls(visitor.get(SEARCH, {"q": short}))
    by_long = hit_urls(visitor.get(SEARCH, {"q": long}))

    assert by_short
    assert by_short == by_long


def test_the_other_name_finds_what_only_that_name_would_miss(visitor):
    # Only Parkstad's story says "po-vo"; the others say "primair onderwijs" and "voortgezet onderwijs".
    response = visitor.get(LIST, {"q": "overstap po vo"})

    assert card_slugs(response) == [
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
    ]


def test_partial_match_is_announced_on_the_search_page_the_list_and_the_api(visitor):
    search = visitor.get(SEARCH, {"q": "Tjoerd Horsch"})
    listed = visitor.get(LIST, {"q": "Tjoerd Horsch"})
    api = visitor.get(API_LIST, {"q": "Tjoerd Horsch"}).json()

    assert PARTIAL in page_text(search)
    assert "2 resultaten voor “Tjoerd Horsch”" in page_text(search)
    assert PARTIAL in page_text(listed)
    assert set(card_slugs(listed)) == {"g-town", "een-soepele-en-succesvolle-overstap-van-po-naar-vo"}
    assert PARTIAL in api["meldingen"]
    assert {item["slug"] for item in api["results"]} == {"g-town", "een-soepele-en-succesvolle-overstap-van-po-naar-vo"}


def test_a_search_that_matches_every_word_has_no_partial_notice(visitor):
    search = visitor.get(SEARCH, {"q": "Tjoerd Gorinchem"})
    api = visitor.get(API_LIST, {"q": "Tjoerd Gorinchem"}).json()

    assert hit_urls(search) == [G_TOWN]
    assert PARTIAL not in page_text(search)
    assert api["meldingen"] == []


def test_excluded_words_still_exclude_in_a_partial_match(visitor):
    response = visitor.get(SEARCH, {"q": "Tjoerd Horsch -Gorinchem"})

    assert hit_urls(response) == [PARKSTAD]
    assert PARTIAL in page_text(response)


def test_one_word_that_is_nowhere_gets_no_partial_match(visitor):
    response = visitor.get(SEARCH, {"q": "qwertyuiop"})

    assert hit_urls(response) == []
    assert PARTIAL not in page_text(response)
