"""A filtered list and a search say what they show in their <title> and <h1> (issue 15): for screen-reader
users, and for tabs and history. The list's htmx answer brings both along."""

import re
from html import escape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")
SEARCH = reverse("search")
HTMX = {"HTTP_HX_REQUEST": "true"}
SITE = " | GKA-kennisbank kansengelijkheid"


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def heading(response):
    return re.findall(r"<h1\b[^>]*>(.*?)</h1>", response.content.decode(), re.S)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        pytest.param("", "Interventies", id="no filter"),
        pytest.param("thema=meertaligheid", "Interventies: Meertaligheid", id="one theme"),
        pytest.param(
            "thema=meertaligheid&provincie=limburg", "Interventies: Meertaligheid, Limburg", id="theme and province"
        ),
        pytest.param(
            "provincie=limburg&thema=meertaligheid",
            "Interventies: Meertaligheid, Limburg",
            id="the panel order, not the address's",
        ),
        pytest.param(
            "thema=meertaligheid&thema=soepele-overgang",
            "Interventies: Soepele overgang, Meertaligheid",
            id="values of one filter in the panel's order",
        ),
        pytest.param("thema=onbekend&provincie=limburg", "Interventies: Limburg", id="an unknown value is left out"),
        pytest.param("thema=onbekend", "Interventies", id="only unknown values: the whole list"),
        pytest.param("q=ouders", "Interventies met “ouders”", id="search words"),
        pytest.param(
            "q=ouders&doelgroep=ouders&regio=zuid-nederland",
            "Interventies met “ouders”: Zuid-Nederland, Ouders",
            id="search words and filters",
        ),
        pytest.param(
            "soort=community&status=ingebed&factor=11",
            "Interventies: Ingebed, Community, factor 11. Ouderlijk support",
            id="status, kind and factor",
        ),
        pytest.param("thema=meertaligheid&sorteer=titel", "Interventies: Meertaligheid", id="the sort is no filter"),
    ],
)
def test_list_title_and_heading_say_what_the_list_shows(visitor, query, shown):
    response = visitor.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert title(response) == escape(shown, quote=False) + SITE
    assert heading(response) == [escape(shown, quote=False)]


def test_a_later_page_says_its_number_in_the_title_not_the_heading(visitor):
    response = visitor.get(LIST, {"soort": "interventie", "pagina": "2"})
    assert response.context["page"].number == 2
    assert title(response) == f"Interventies: Interventie (pagina 2){SITE}"
    assert heading(response) == ["Interventies: Interventie"]


def test_htmx_answer_brings_the_new_title_and_heading(visitor):
    body = visitor.get(LIST, {"thema": "meertaligheid", "provincie": "noord-brabant"}, **HTMX).content.decode()
    assert body.lstrip().startswith(f"<title>Interventies: Meertaligheid, Noord-Brabant{SITE}</title>")
    # Out of band: htmx puts the text into the page's own <h1 id="list-heading">.
    assert '<h1 id="list-heading" hx-swap-oob="innerHTML">Interventies: Meertaligheid, Noord-Brabant</h1>' in body


def test_the_page_heading_is_the_one_htmx_replaces(visitor):
    body = visitor.get(LIST, {"q": "ouders"}).content.decode()
    assert '<h1 id="list-heading">Interventies met “ouders”</h1>' in body


def test_search_words_are_escaped_in_title_and_heading(visitor):
    response = visitor.get(LIST, {"q": "<b>ouders</b>"})
    assert title(response) == f"Interventies met “&lt;b&gt;ouders&lt;/b&gt;”{SITE}"
    assert heading(response) == ["Interventies met “&lt;b&gt;ouders&lt;/b&gt;”"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        pytest.param({}, "Zoeken", id="no search"),
        pytest.param({"q": "ouders"}, "Zoeken: “ouders”", id="search words"),
        pytest.param({"q": "ouders", "soort": "les"}, "Zoeken in lessen: “ouders”", id="one kind of result"),
    ],
)
def test_search_title_and_heading_say_what_was_searched(visitor, query, shown):
    response = visitor.get(SEARCH, query)
    assert title(response) == shown + SITE
    assert heading(response) == [shown]
