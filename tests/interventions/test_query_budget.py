"""Pages use a fixed number of queries, however many interventions there are."""

import pytest
from django.urls import reverse

from interventions.models import Intervention
from tests.helpers.content import add_interventions
from tests.helpers.queries import DETAIL_QUERIES, FOOTER_QUERIES

pytestmark = pytest.mark.django_db

# The queries each page needs, named so a change in the budget is a visible decision.
LIST_QUERIES = [
    "thema options",
    "provincie options",
    "regio options",
    "gemeente options",
    "doelgroep options",
    "factor options",  # soort and status are fixed choices: no query
    "count",
    "page of interventions",
    "their municipalities with provinces",
    "their themes",
    *FOOTER_QUERIES,
]
# What each filter option would find (interventions.facets). Unfiltered: every facet from the summary in
# one query, however many interventions there are.
UNFILTERED_FACET_QUERIES = ["facet counts of every filter, from the summary"]
# With k filters in use, facets with the same other filters share a query: k + 1.
FILTERED_FACET_QUERIES = [
    "thema options with the provincie filter",
    "provincie options with the thema filter",
    "all other options with both",
]
LESSON_LIST_QUERIES = [
    "lessons",
    "illustrations with interventions",
    "their municipalities",
    "provinces",
    "themes",
    *FOOTER_QUERIES,
]
LESSON_DETAIL_QUERIES = [*LESSON_LIST_QUERIES, "previous lesson", "next lesson"]  # source joined to the lesson
PLACE_QUERIES = [
    "place",
    "count",
    "page of interventions",
    "their municipalities with provinces",
    "their themes",
    *FOOTER_QUERIES,
]


@pytest.fixture(params=[0, 275], ids=["25 interventions", "300 interventions"])
def catalogue(request):
    add_interventions(request.param)
    # The bundle's 15 and the 2020 report's 10.
    assert Intervention.objects.count() == 25 + request.param
    return request.param


def test_list_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    with django_assert_num_queries(len([*LIST_QUERIES, *UNFILTERED_FACET_QUERIES])):
        response = visitor.get(reverse("interventions:list"))
    assert len(response.context["page"].object_list) == 12


def test_filtered_list_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    url = reverse("interventions:list") + "?thema=soepele-overgang&provincie=limburg&q=overstap&sorteer=nieuwste"
    # The search runs once: the results and the facet counts share its ranking.
    with django_assert_num_queries(len([*LIST_QUERIES, *FILTERED_FACET_QUERIES, "full-text search"])):
        response = visitor.get(url)
    assert response.status_code == 200


def test_detail_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    with django_assert_num_queries(len([*DETAIL_QUERIES, *FOOTER_QUERIES])):
        response = visitor.get(
            reverse("interventions:detail", args=["een-soepele-en-succesvolle-overstap-van-po-naar-vo"])
        )
    # Two bundle stories and two of the 2020 report share Parkstad's theme: the list is at its maximum of three.
    assert len(response.context["related"]) == 3


def test_lesson_pages_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    with django_assert_num_queries(len(LESSON_LIST_QUERIES)):
        visitor.get(reverse("lessons:list"))
    with django_assert_num_queries(len(LESSON_DETAIL_QUERIES)):
        visitor.get(reverse("lessons:detail", args=[4]))


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (
            "/themas/soepele-overgang/",
            [
                *PLACE_QUERIES,
                "insights",
                "factors",
                "solution directions",
                "their meetup themes",
                "practice topics",
                "their questions",
                "lessons illustrated by the theme's published interventions",
            ],
        ),
        ("/provincies/limburg/", PLACE_QUERIES),
        ("/regios/zuid-nederland/", [*PLACE_QUERIES, "provinces of the region"]),
        ("/gemeenten/kerkrade/", PLACE_QUERIES),
    ],
)
def test_theme_and_place_pages_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries, url, queries):
    with django_assert_num_queries(len(queries)):
        response = visitor.get(url)
    assert response.status_code == 200


# The list's downloads: every entry at once, no page, no count, no facets and no footer.
EXPORT_QUERIES = [
    "thema options",
    "provincie options",
    "regio options",
    "gemeente options",
    "doelgroep options",
    "factor options",
    "interventions with source",
    "their municipalities with provinces and regions",
    "their themes",
    "their target groups",
]


@pytest.mark.parametrize("name", ["interventions:export_csv", "interventions:export_json"])
def test_list_download_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries, name):
    with django_assert_num_queries(len(EXPORT_QUERIES)):
        response = visitor.get(reverse(name))
    assert response.status_code == 200
    assert response.content.count(b"/interventies/extra-") == catalogue


def test_filtered_list_download_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    url = reverse("interventions:export_json") + "?thema=soepele-overgang&provincie=limburg&q=overstap&sorteer=nieuwste"
    with django_assert_num_queries(len([*EXPORT_QUERIES, "full-text search"])):
        response = visitor.get(url)
    assert response.json()["count"] >= 1
