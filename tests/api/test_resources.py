"""The API's other lists: themes, places, lessons and the knowledge base, as their pages show them."""

import pytest

from interventions.models import Intervention, Theme
from knowledge.models import Factor, Insight, PracticeTopic, SolutionDirection
from lessons.models import Lesson
from municipalities.models import Municipality, Province, Region
from tests.interventions.test_exports import PARKSTAD

pytestmark = pytest.mark.django_db


def test_themes_with_their_published_counts(visitor):
    body = visitor.get("/api/v1/themas").json()
    assert [item["slug"] for item in body["results"]] == list(Theme.objects.values_list("slug", flat=True))
    for item in body["results"]:
        published = Intervention.objects.published().filter(themes__slug=item["slug"]).count()
        assert item["aantal_interventies"] == published
        assert item["interventies_url"] == f"http://testserver/api/v1/interventies?thema={item['slug']}"
        assert visitor.get(item["interventies_url"]).json()["count"] == published


def test_a_draft_leaves_the_counts_at_once(visitor):
    before = visitor.get("/api/v1/themas/soepele-overgang").json()["aantal_interventies"]
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    parkstad.publication_status = Intervention.PublicationStatus.DRAFT
    parkstad.save()
    assert visitor.get("/api/v1/themas/soepele-overgang").json()["aantal_interventies"] == before - 1
    assert visitor.get("/api/v1/provincies/limburg").json()["aantal_interventies"] == (
        Intervention.objects.published().filter(municipalities__province__slug="limburg").distinct().count()
    )


def test_regions_with_their_provinces(visitor):
    body = visitor.get("/api/v1/regios").json()
    assert body["count"] == Region.objects.count() == 4
    north = visitor.get("/api/v1/regios/noord-nederland").json()
    assert [province["naam"] for province in north["provincies"]] == ["Drenthe", "Fryslân", "Groningen"]
    assert north["url"] == "http://testserver/regios/noord-nederland/"


def test_provinces_name_their_region(visitor):
    body = visitor.get("/api/v1/provincies").json()
    assert body["count"] == Province.objects.count()
    limburg = visitor.get("/api/v1/provincies/limburg").json()
    assert limburg["regio"]["slug"] == "zuid-nederland"


def test_municipalities_with_what_the_sources_say(visitor):
    body = visitor.get("/api/v1/gemeenten").json()
    assert body["count"] == Municipality.objects.count()
    kerkrade = visitor.get("/api/v1/gemeenten/kerkrade").json()
    place = Municipality.objects.get(slug="kerkrade")
    assert kerkrade["cbs_code"] == (place.cbs_code or None)
    assert kerkrade["provincie"]["slug"] == "limburg"
    assert kerkrade["regio"]["slug"] == "zuid-nederland"
    assert kerkrade["gka_lid"] == place.gka_member


def test_a_renamed_place_redirects_in_the_api(visitor):
    place = Municipality.objects.get(slug="kerkrade")
    place.slug = "kerkrade-nieuw"
    place.save()
    response = visitor.get("/api/v1/gemeenten/kerkrade")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/gemeenten/kerkrade-nieuw"


def test_lessons_show_only_published_interventions(visitor):
    lesson = Lesson.objects.get(number=3)
    shown = visitor.get("/api/v1/lessen/3").json()
    assert shown["titel"] == lesson.title
    assert PARKSTAD in [item["slug"] for item in shown["interventies"]]
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    parkstad.publication_status = Intervention.PublicationStatus.DRAFT
    parkstad.save()
    shown = visitor.get("/api/v1/lessen/3").json()
    assert PARKSTAD not in [item["slug"] for item in shown["interventies"]]
    assert visitor.get("/api/v1/lessen").json()["count"] == Lesson.objects.count()


def test_knowledge_lists_hold_every_item_in_the_sources_order(visitor):
    assert [item["nummer"] for item in visitor.get("/api/v1/inzichten").json()["results"]] == list(
        Insight.objects.values_list("number", flat=True)
    )
    assert [item["nummer"] for item in visitor.get("/api/v1/factoren").json()["results"]] == list(
        Factor.objects.values_list("number", flat=True)
    )
    assert [item["code"] for item in visitor.get("/api/v1/oplossingsrichtingen").json()["results"]] == [
        direction.code for direction in SolutionDirection.objects.select_related("meetup_theme")
    ]
    assert [item["slug"] for item in visitor.get("/api/v1/praktijkkaart").json()["results"]] == list(
        PracticeTopic.objects.values_list("slug", flat=True)
    )


def test_factor_lists_its_published_examples_with_the_editors_reason(visitor):
    factor = visitor.get("/api/v1/factoren/10").json()
    assert factor["naam"] == "Financiële middelen"
    example = next(item for item in factor["interventies"] if item["slug"] == PARKSTAD)
    assert example["reden_redactie"] == (
        "Er wordt gezorgd dat de randvoorwaarden om te leren op orde zijn, zoals een goede laptop en fiets."
    )
    assert factor["url"] == "http://testserver/kennis/factoren/10/"


def test_solution_direction_by_the_sites_code(visitor):
    direction = visitor.get("/api/v1/oplossingsrichtingen/1-2").json()
    assert direction["code"] == "1.2"
    assert direction["titel"] == "Zorg voor een gezamenlijk doel"
    assert direction["url"] == "http://testserver/kennis/oplossingsrichtingen/1-2/"
    assert direction["api_url"] == "http://testserver/api/v1/oplossingsrichtingen/1-2"


def test_practice_topic_with_its_questions_and_suggestions(visitor):
    topic = PracticeTopic.objects.order_by("number").first()
    shown = visitor.get(f"/api/v1/praktijkkaart/{topic.slug}").json()
    assert shown["titel"] == topic.title
    assert [question["tekst"] for question in shown["vragen"]] == [q.text for q in topic.questions.all()]
    assert len(shown["suggesties"]) == topic.suggestions.count()
    assert {suggestion["termijn"]["code"] for suggestion in shown["suggesties"]} <= {"kort", "lang"}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/themas", 3),
        ("/api/v1/regios", 4),
        ("/api/v1/gemeenten", 3),
        ("/api/v1/lessen", 4),
        ("/api/v1/factoren", 5),
        ("/api/v1/oplossingsrichtingen", 5),
        ("/api/v1/praktijkkaart", 6),
    ],
)
def test_lists_cost_a_fixed_number_of_queries(visitor, django_assert_num_queries, url, queries):
    visitor.get(url)
    # count, page, its prefetches, and the content version (Last-Modified)
    with django_assert_num_queries(queries):
        assert visitor.get(url).status_code == 200
