"""Pages use a fixed number of queries, however many interventions there are."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, Person, Quote, ReadingTip, TargetGroup, Theme
from lessons.models import Lesson, LessonIllustration
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

# The queries each page needs, named so a change in the budget is a visible decision.
# Every page's footer lists the source publications (portal/context_processors.py).
FOOTER_QUERIES = ["source publications in the footer"]
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
    # What each filter option would find: one count per filter.
    "facet: soort",
    "facet: status",
    "facet: thema",
    "facet: provincie",
    "facet: regio",
    "facet: gemeente",
    "facet: doelgroep",
    "facet: factor",
    *FOOTER_QUERIES,
]
DETAIL_QUERIES = [
    "intervention with source",
    "municipalities with province and region",
    "themes",
    "target groups",
    "people",
    "quotes",
    "quote speakers",
    "reading tips",
    "lesson links with lessons",
    "factor links with their factors",
    "solution direction links with their directions and meetup themes",
    "related interventions",
    "their municipalities with provinces",
    "their themes",
    *FOOTER_QUERIES,
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


def add_interventions(count):
    """`count` more interventions, each with places, themes, target groups, people, a quote, tips and a lesson."""
    source = Intervention.objects.first().source
    municipalities = list(Municipality.objects.all())
    themes = list(Theme.objects.all())
    groups = list(TargetGroup.objects.all())
    lesson = Lesson.objects.get(number=4)
    new = Intervention.objects.bulk_create(
        Intervention(
            title=f"Extra interventie {n}",
            slug=f"extra-{n}",
            context="Context.",
            approach="Aanpak.",
            results="Opbrengsten.",
            source=source,
            publication_status=Intervention.PublicationStatus.PUBLISHED,
        )
        for n in range(count)
    )
    Intervention.municipalities.through.objects.bulk_create(
        Intervention.municipalities.through(intervention=item, municipality=municipalities[n % len(municipalities)])
        for n, item in enumerate(new)
    )
    Intervention.themes.through.objects.bulk_create(
        Intervention.themes.through(intervention=item, theme=theme)
        for n, item in enumerate(new)
        for theme in (themes[n % 6], themes[(n + 1) % 6])
    )
    Intervention.target_groups.through.objects.bulk_create(
        Intervention.target_groups.through(intervention=item, targetgroup=groups[n % len(groups)])
        for n, item in enumerate(new)
    )
    Person.objects.bulk_create(Person(intervention=item, position=1, name=f"Persoon {n}") for n, item in enumerate(new))
    Quote.objects.bulk_create(Quote(intervention=item, position=1, text="Citaat.", is_highlighted=True) for item in new)
    ReadingTip.objects.bulk_create(ReadingTip(intervention=item, position=1, title="Leestip") for item in new)
    LessonIllustration.objects.bulk_create(
        LessonIllustration(lesson=lesson, intervention=item, reason="Voorbeeld.") for item in new
    )


@pytest.fixture(params=[0, 275], ids=["25 interventions", "300 interventions"])
def catalogue(request):
    add_interventions(request.param)
    # The bundle's 15 and the 2020 report's 10.
    assert Intervention.objects.count() == 25 + request.param
    return request.param


def test_list_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    with django_assert_num_queries(len(LIST_QUERIES)):
        response = visitor.get(reverse("interventions:list"))
    assert len(response.context["page"].object_list) == 12


def test_filtered_list_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    url = reverse("interventions:list") + "?thema=soepele-overgang&provincie=limburg&q=overstap&sorteer=nieuwste"
    # The search runs once: the results and the facet counts share its ranking.
    with django_assert_num_queries(len([*LIST_QUERIES, "full-text search"])):
        response = visitor.get(url)
    assert response.status_code == 200


def test_detail_page_query_count_does_not_grow(visitor, catalogue, django_assert_num_queries):
    with django_assert_num_queries(len(DETAIL_QUERIES)):
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
