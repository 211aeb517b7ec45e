"""/interventies/ with htmx: a request from the page gets only the results and the new counts;
and the cards' "Vergelijk" boxes lead to /vergelijk/."""

import html
import json
import re

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions.models import Intervention
from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")
HTMX = {"HTTP_HX_REQUEST": "true"}
HISTORY_RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
COMPARE_BOX = re.compile(
    r'<input type="checkbox" id="vergelijk-([^"]+)" name="id" value="([^"]+)" form="compare-form">\s*'
    r'<label for="vergelijk-[^"]+">Vergelijk<span class="visually-hidden"> ([^<]+)</span></label>'
)
SITE = " | GKA-kennisbank kansengelijkheid"


def published(**lookups):
    return Intervention.objects.published().filter(**lookups)


def option_count(response):
    return sum(len(panel["options"]) for panel in response.context["panels"])


def test_htmx_request_gets_the_results_the_count_and_the_filter_counts_only(visitor):
    response = visitor.get(LIST, {"thema": "meertaligheid"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    # No page around it: no <html>, header, filter form or compare form (those stay on the page).
    assert "<html" not in body
    assert 'class="site-header"' not in body
    assert 'id="filters"' not in body
    assert 'id="compare-form"' not in body
    assert body.lstrip().startswith(f"<title>Interventies: Meertaligheid{SITE}</title>")
    assert card_slugs(response) == ["de-kracht-van-de-moedertaal"]
    assert '<section id="results" aria-labelledby="results-title">' in body
    assert "1 interventie gevonden" in page_text(response)
    # The live region outside #results gets the count.
    assert '<div id="results-status" hx-swap-oob="innerHTML">1 interventie gevonden</div>' in body
    # Every option's count comes along, under the new selection.
    assert body.count('hx-swap-oob="true"') == option_count(response)
    # The theme's own options ignore the theme filter: Soepele overgang counts all of its interventions.
    transitions = published(themes__slug="soepele-overgang").count()
    assert transitions >= 3
    assert (
        f'<small id="n-thema-soepele-overgang" hx-swap-oob="true">({transitions}<span> interventies</span>)</small>'
    ) in body
    assert (
        '<small id="n-provincie-limburg" class="is-empty" hx-swap-oob="true">(0<span> interventies</span>)</small>'
        in body
    )
    # The chip for the chosen theme tells the script which box to untick.
    assert 'data-filter-name="thema" data-filter-value="meertaligheid">Thema: Meertaligheid' in body


def test_full_page_and_fragment_find_the_same_interventions(visitor):
    query = {"thema": "soepele-overgang", "sorteer": "titel"}
    full = visitor.get(LIST, query)
    fragment = visitor.get(LIST, query, **HTMX)
    by_title = published(themes__slug="soepele-overgang").order_by(Lower("title"), "pk")
    assert card_slugs(fragment) == list(by_title.values_list("slug", flat=True))
    assert {
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
        "samen-van-start-en-startpunt",
    } <= set(card_slugs(fragment))
    assert card_slugs(full) == card_slugs(fragment)


def test_both_answers_vary_on_the_htmx_headers(visitor):
    for headers in [{}, HTMX, HISTORY_RESTORE]:
        response = visitor.get(LIST, **headers)
        vary = [header.strip() for header in response["Vary"].split(",")]
        assert vary[:2] == ["HX-Request", "HX-History-Restore-Request"]


def test_history_restore_gets_the_whole_page(visitor):
    response = visitor.get(LIST, {"thema": "meertaligheid"}, **HISTORY_RESTORE)
    body = response.content.decode()
    assert body.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in body
    assert 'id="filters"' in body
    assert '<input type="checkbox" name="thema" value="meertaligheid" checked>' in body
    assert card_slugs(response) == ["de-kracht-van-de-moedertaal"]
    assert "hx-swap-oob" not in body


def test_fragment_title_names_the_search_and_the_page(visitor):
    body = visitor.get(LIST, {"q": "ouders", "pagina": "1"}, **HTMX).content.decode()
    assert body.lstrip().startswith(f"<title>Interventies met “ouders”{SITE}</title>")
    body = visitor.get(LIST, {"pagina": "2"}, **HTMX).content.decode()
    assert body.lstrip().startswith(f"<title>Interventies (pagina 2){SITE}</title>")


def test_fragment_shows_what_was_ignored_inside_the_results(visitor):
    response = visitor.get(LIST, {"thema": "bestaat-niet", "pagina": "9"}, **HTMX)
    body = response.content.decode()
    notice = body.index('<div class="notice utrecht-alert utrecht-alert--warning" role="status">')
    assert body.index('<section id="results"') < notice < body.index('<h2 id="results-title"')
    text = page_text(response)
    last = response.context["page"].paginator.num_pages
    assert last < 9
    assert "Niet alles in uw verzoek kon worden gebruikt" in text
    assert f"Pagina 9 bestaat niet; de laatste pagina ({last}) wordt getoond." in text


def test_full_page_shows_the_notice_once(visitor):
    response = visitor.get(LIST, {"pagina": "9"})
    assert page_text(response).count("Pagina 9 bestaat niet") == 1


def test_fragment_pagination_loads_into_the_results(visitor):
    body = visitor.get(LIST, **HTMX).content.decode()
    boosted = (
        '<nav class="pagination" aria-label="Paginering" hx-boost="true" hx-target="#results" hx-swap="outerHTML" '
        'hx-sync="#filters:replace">'
    )
    assert boosted in body
    assert '<a href="?pagina=2" rel="next">Volgende<span class="visually-hidden"> pagina</span></a>' in body


def test_fragment_costs_the_page_queries_minus_the_layout(visitor):
    # The fragment needs every count of the filter panel, so it saves only what the page around it
    # asks (the footer's source publications); tests/interventions/test_query_budget.py holds the page's budget.
    with CaptureQueriesContext(connection) as page:
        visitor.get(LIST, {"thema": "soepele-overgang"})
    with CaptureQueriesContext(connection) as fragment:
        visitor.get(LIST, {"thema": "soepele-overgang"}, **HTMX)
    layout = [query["sql"] for query in page if "interventions_publication" in query["sql"]]
    assert [query["sql"] for query in fragment] == [query["sql"] for query in page if query["sql"] not in layout]
    assert len(fragment) == len(page) - len(layout)


def test_list_page_loads_htmx_from_our_own_static_files(visitor):
    body = visitor.get(LIST).content.decode()
    assert '<script defer src="/static/vendor/htmx/htmx.min.js"></script>' in body
    assert '<script defer src="/static/js/intervention-list.js"></script>' in body
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", body)[1])
    assert config == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
        "historyCacheSize": 0,
        "selfRequestsOnly": True,
    }
    assert (
        '<form id="filters" class="filters" method="get" action="/interventies/" aria-labelledby="filters-title"\n'
        '        hx-get="/interventies/" hx-trigger="change, submit, input changed delay:400ms from:#id_q"\n'
        '        hx-target="#results" hx-swap="outerHTML" hx-push-url="true" hx-sync="this:replace">'
    ) in body
    assert '<p id="results-status" class="visually-hidden" role="status" aria-live="polite"></p>' in body


@pytest.mark.parametrize("url", ["/", "/themas/soepele-overgang/", "/interventies/weekendschool/", "/vergelijk/"])
def test_other_pages_do_not_load_htmx(visitor, url):
    body = visitor.get(url).content.decode()
    assert "htmx" not in body
    assert "intervention-list.js" not in body


def test_each_card_has_a_compare_box_named_after_its_intervention(visitor):
    response = visitor.get(LIST, {"sorteer": "titel"})
    body = response.content.decode()
    boxes = COMPARE_BOX.findall(body)
    slugs = card_slugs(response)
    assert len(slugs) == 12
    assert [box_id for box_id, _value, _title in boxes] == slugs
    assert [value for _box_id, value, _title in boxes] == slugs
    assert html.unescape(boxes[0][2]) == "Als ik later groot ben & Dare to Dream 036"
    assert (
        '<form id="compare-form" class="compare-form" method="get" action="/vergelijk/">\n'
        '      <p><button type="submit">Vergelijk geselecteerde (2 of 3)</button></p>\n'
        '      <p id="compare-count" aria-live="polite"></p>'
    ) in body
    # The boxes are outside both forms: they belong to the compare form by their form attribute only.
    results = body[body.index('<section id="results"') : body.index('<form id="compare-form"')]
    assert "<form" not in results


def test_two_ticked_cards_are_compared_side_by_side(visitor):
    response = visitor.get(LIST, {"thema": "soepele-overgang", "sorteer": "titel"})
    first, second = [value for _box_id, value, _title in COMPARE_BOX.findall(response.content.decode())][:2]
    # What the compare form sends when the first two boxes are ticked.
    compared = visitor.get(reverse("interventions:compare"), {"id": [first, second]})
    assert [item.title for item in compared.context["chosen"]] == [
        Intervention.objects.get(slug=first).title,
        Intervention.objects.get(slug=second).title,
    ]
    assert compared.content.decode().count('<th scope="col">') == 2


def test_one_ticked_card_asks_for_another(visitor):
    compared = visitor.get(reverse("interventions:compare"), {"id": "weekendschool"})
    assert compared.context["chosen_slugs"] == ["weekendschool"]
    assert "Kies twee of drie interventies om hun context, aanpak en opbrengsten naast elkaar te lezen." in page_text(
        compared
    )


def test_four_ticked_cards_compare_the_first_three(visitor):
    ids = ["g-town", "weekendschool", "ouderconsulent", "verbindende-aanpak"]
    compared = visitor.get(reverse("interventions:compare"), {"id": ids})
    assert [item.slug for item in compared.context["chosen"]] == ids[:3]
    assert "U kunt drie interventies tegelijk vergelijken; de eerste drie worden getoond." in page_text(compared)


def test_place_and_theme_pages_have_no_compare_boxes(visitor):
    response = visitor.get("/themas/soepele-overgang/")
    body = response.content.decode()
    assert "een-soepele-en-succesvolle-overstap-van-po-naar-vo" in card_slugs(response)
    assert 'form="compare-form"' not in body
    assert "hx-boost" not in body
