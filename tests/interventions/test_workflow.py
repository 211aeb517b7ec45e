"""Concept, ter review, gepubliceerd, gearchiveerd: the public only ever sees what is published."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention
from municipalities.models import Municipality
from tests.helpers.admin import change_form_data, form_errors
from tests.helpers.pages import card_slugs, hit_urls, page_text

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"
G_TOWN_TITLE = "G-Town: jongeren leren zichzelf en de ander kennen"
THEME_CARD = re.compile(
    r'class="card-title"><a href="/themas/[^"]+/">([^<]+)</a>.*?class="card-meta">(\d+) interventie', re.S
)
NOT_PUBLIC = ["draft", "review", "archived"]
WEST_TIME = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)


def set_status(slug, status):
    """Change the status the way the admin does: through save(), so the search index follows."""
    intervention = Intervention.objects.get(slug=slug)
    intervention.publication_status = status
    intervention.save()
    return intervention


def change_url(intervention):
    return reverse("admin:interventions_intervention_change", args=[intervention.pk])


@pytest.fixture(params=NOT_PUBLIC)
def g_town_hidden(request):
    """G-Town taken off the site: as a draft, awaiting review, or archived."""
    return set_status(G_TOWN, request.param)


def test_while_published_g_town_is_everywhere_on_the_site(visitor):
    """The counterpart of the tests below: these are the places it disappears from."""
    assert G_TOWN in card_slugs(visitor.get("/interventies/"))
    assert G_TOWN in card_slugs(visitor.get("/interventies/", {"thema": "talentontwikkeling"}))
    assert G_TOWN in card_slugs(visitor.get("/gemeenten/gorinchem/"))
    assert G_TOWN in card_slugs(visitor.get("/lessen/7/"))
    assert "/interventies/g-town/" in hit_urls(visitor.get("/zoeken/", {"q": "Zweije"}))
    # The bundle's 15 and the 2020 report's 10.
    assert "25 interventies gevonden" in page_text(visitor.get("/interventies/"))
    assert visitor.get("/interventies/g-town/").status_code == 200


def test_visitor_gets_not_found_for_a_hidden_intervention(visitor, g_town_hidden):
    response = visitor.get("/interventies/g-town/")

    assert response.status_code == 404
    assert G_TOWN_TITLE not in response.content.decode()


def test_hidden_intervention_is_not_in_the_list_or_its_count(visitor, g_town_hidden):
    response = visitor.get("/interventies/")

    assert G_TOWN not in card_slugs(response)
    assert "24 interventies gevonden" in page_text(response)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"thema": "talentontwikkeling"},
            [
                "als-ik-later-groot-ben-en-dare-to-dream-036",
                "het-bevorderen-van-non-cognitieve-vaardigheden",
                "weekendschool",
            ],
        ),
        # The 2020 report's entries in Gouda, Rotterdam and Den Haag.
        (
            {"provincie": "zuid-holland"},
            [
                "betekenisvol-door-samenwerking",
                "community-armoede",
                "community-urban-education",
                "rotterdams-goud",
                "stagemakelaar",
            ],
        ),
        ({"gemeente": "gorinchem"}, []),
        (
            {"regio": "west-nederland"},
            [
                "betekenisvol-door-samenwerking",
                "community-armoede",
                "community-urban-education",
                "lesgeven-in-grootstedelijke-context",
                "rotterdams-goud",
                "samen-van-start-en-startpunt",
                "social-worker-in-het-primair-onderwijs",
                "stagemakelaar",
                "wegwijs-in-gedrag",
            ],
        ),
    ],
)
def test_hidden_intervention_is_not_found_through_the_list_filters(visitor, g_town_hidden, filters, expected):
    response = visitor.get("/interventies/", filters)

    assert sorted(card_slugs(response)) == expected
    assert f"{len(expected)} interventie{'' if len(expected) == 1 else 's'} gevonden" in page_text(response)


@pytest.mark.parametrize(
    ("url", "expected_count"),
    [
        ("/themas/talentontwikkeling/", "3 interventies"),
        ("/provincies/zuid-holland/", "5 interventies"),
        ("/regios/west-nederland/", "9 interventies"),
        ("/gemeenten/gorinchem/", "0 interventies"),
    ],
)
def test_theme_and_place_pages_leave_the_hidden_intervention_out(visitor, g_town_hidden, url, expected_count):
    response = visitor.get(url)

    assert response.status_code == 200
    assert G_TOWN not in card_slugs(response)
    assert expected_count in page_text(response)


def theme_card_counts(response):
    return dict(THEME_CARD.findall(response.content.decode()))


def test_theme_cards_count_only_published_interventions(visitor, g_town_hidden):
    for url in ["/themas/", "/"]:
        assert theme_card_counts(visitor.get(url))["Talentontwikkeling"] == "3"


def test_home_counts_and_shows_only_published_interventions(visitor, g_town_hidden):
    response = visitor.get("/")

    assert G_TOWN not in card_slugs(response)
    assert "Bekijk alle 24 interventies" in page_text(response)
    assert G_TOWN_TITLE not in response.content.decode()


def test_related_interventions_leave_the_hidden_one_out(visitor, g_town_hidden):
    response = visitor.get("/interventies/weekendschool/")

    assert G_TOWN not in card_slugs(response)
    assert card_slugs(response) == [
        "het-bevorderen-van-non-cognitieve-vaardigheden",
        "als-ik-later-groot-ben-en-dare-to-dream-036",
    ]


def test_lesson_pages_leave_the_hidden_intervention_out(visitor, g_town_hidden):
    lesson = visitor.get("/lessen/7/")
    lessons = visitor.get("/lessen/")

    assert card_slugs(lesson) == [
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
        "inclusief-onderwijs-westerkwartier",
    ]
    assert G_TOWN_TITLE not in lesson.content.decode()
    assert G_TOWN_TITLE not in lessons.content.decode()


@pytest.mark.parametrize("query", ["Zweije", "G-Town", "Gorinchem"])
def test_search_does_not_find_the_hidden_intervention(visitor, g_town_hidden, query):
    search_page = visitor.get("/zoeken/", {"q": query})
    list_search = visitor.get("/interventies/", {"q": query})

    assert "/interventies/g-town/" not in hit_urls(search_page)
    assert card_slugs(list_search) == []


def test_search_does_not_find_lessons_through_the_name_of_a_hidden_intervention(visitor):
    """Lessons 7, 8 and 10 are found by "G-Town" only because G-Town illustrates them."""
    assert hit_urls(visitor.get("/zoeken/", {"q": "G-Town"})) == [
        "/interventies/g-town/",
        "/lessen/7/",  # its reason names G-Town ("De docenten van G-Town …"); those of 8 and 10 do not
        "/lessen/8/",
        "/lessen/10/",
    ]
    set_status(G_TOWN, "draft")

    response = visitor.get("/zoeken/", {"q": "G-Town"})

    assert hit_urls(response) == []
    assert "0 resultaten voor “G-Town”" in page_text(response)


def test_publishing_again_brings_it_back_everywhere(visitor, g_town_hidden):
    set_status(G_TOWN, "published")

    assert G_TOWN in card_slugs(visitor.get("/interventies/"))
    assert "/interventies/g-town/" in hit_urls(visitor.get("/zoeken/", {"q": "Zweije"}))
    assert visitor.get("/interventies/g-town/").status_code == 200


def test_coordinator_of_the_region_previews_a_draft_with_a_banner(coordinator_west, redacteur):
    set_status(G_TOWN, "draft")

    for editor in [coordinator_west, redacteur]:
        response = editor.get("/interventies/g-town/")
        assert response.status_code == 200
        assert "Concept: niet openbaar." in page_text(response)
        assert "Deze interventie heeft de status “concept”" in page_text(response)


def test_published_page_has_no_concept_banner(coordinator_west):
    response = coordinator_west.get("/interventies/g-town/")

    assert "Concept: niet openbaar." not in page_text(response)


def test_coordinator_of_another_region_gets_not_found_for_a_draft(coordinator_zuid):
    set_status(G_TOWN, "review")

    response = coordinator_zuid.get("/interventies/g-town/")

    assert response.status_code == 404


def test_publishing_sets_published_at_once_and_later_edits_keep_it(coordinator_west):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status="draft", published_at=None)
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = change_url(g_town)

    with time_machine.travel(WEST_TIME, tick=False):
        data = change_form_data(coordinator_west.get(url))
        data["publication_status"] = "published"
        response = coordinator_west.post(url, data)
    assert response.status_code == 302, form_errors(response)
    assert Intervention.objects.get(pk=g_town.pk).published_at == WEST_TIME

    later = WEST_TIME + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        data = change_form_data(coordinator_west.get(url))
        data["reach"] = "Zes scholen in Gorinchem."
        response = coordinator_west.post(url, data)
    assert response.status_code == 302, form_errors(response)
    stored = Intervention.objects.get(pk=g_town.pk)
    assert stored.published_at == WEST_TIME
    assert stored.checked_at == later
    assert stored.last_edited_by == coordinator_west.user


def test_detail_page_says_when_and_by_which_regions_team_it_was_checked(coordinator_west, visitor):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = change_url(g_town)
    with time_machine.travel(WEST_TIME, tick=False):
        response = coordinator_west.post(url, change_form_data(coordinator_west.get(url)))
    assert response.status_code == 302, form_errors(response)

    text = page_text(visitor.get("/interventies/g-town/"))

    assert "Laatst gecontroleerd op 4 maart 2025 door het coördinatorenteam van de GKA in regio West-Nederland." in text
    assert "coordinator-west" not in text


def test_trust_line_names_every_region_of_an_intervention_in_two_regions(redacteur, visitor):
    parkstad = Intervention.objects.get(slug="een-soepele-en-succesvolle-overstap-van-po-naar-vo")
    parkstad.municipalities.add(Municipality.objects.get(slug="amersfoort"))
    Intervention.objects.filter(pk=parkstad.pk).update(checked_at=WEST_TIME)

    text = page_text(visitor.get(parkstad.get_absolute_url()))

    assert "in regio West-Nederland en regio Zuid-Nederland." in text


def test_editor_without_the_publish_right_is_offered_only_concept_and_review(editor_without_publish_right):
    g_town = set_status(G_TOWN, "draft")

    response = editor_without_publish_right.get(change_url(g_town))

    choices = [value for value, _label in response.context["adminform"].form.fields["publication_status"].choices]
    assert choices == ["draft", "review"]


def test_editor_without_the_publish_right_cannot_publish_through_the_form(editor_without_publish_right):
    g_town = set_status(G_TOWN, "review")
    url = change_url(g_town)
    data = change_form_data(editor_without_publish_right.get(url))
    data["publication_status"] = "published"

    response = editor_without_publish_right.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "publication_status": ["U mag deze interventie niet publiceren. Zet haar op ‘ter review’."]
    }
    assert Intervention.objects.get(pk=g_town.pk).publication_status == "review"


def test_editor_without_the_publish_right_has_no_publish_action(editor_without_publish_right):
    g_town = set_status(G_TOWN, "review")
    changelist = reverse("admin:interventions_intervention_changelist")

    page = editor_without_publish_right.get(changelist)
    editor_without_publish_right.post(changelist, {"action": "publish", "_selected_action": [g_town.pk]})

    assert "publish" not in [name for name, _label in page.context["action_form"].fields["action"].choices]
    assert Intervention.objects.get(pk=g_town.pk).publication_status == "review"


def test_editor_without_the_publish_right_keeps_a_published_entry_published_on_edit(editor_without_publish_right):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = change_url(g_town)
    data = change_form_data(editor_without_publish_right.get(url))
    data["reach"] = "Zes scholen."

    response = editor_without_publish_right.post(url, data)

    assert response.status_code == 302, form_errors(response)
    assert Intervention.objects.get(pk=g_town.pk).publication_status == "published"


def test_dashboard_lists_my_drafts_and_what_awaits_review_in_my_region(coordinator_west, coordinator_zuid):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status="draft", last_edited_by=coordinator_west.user)
    Intervention.objects.filter(slug="wegwijs-in-gedrag").update(publication_status="review")
    Intervention.objects.filter(slug="de-kracht-van-de-moedertaal").update(publication_status="review")
    # Someone else's draft is not "mine".
    Intervention.objects.filter(slug="samen-van-start-en-startpunt").update(publication_status="draft")

    west = coordinator_west.get(reverse("admin:index"))

    assert [i.slug for i in west.context["dashboard"]["my_drafts"]] == [G_TOWN]
    assert [i.slug for i in west.context["dashboard"]["awaiting_review"]] == ["wegwijs-in-gedrag"]
    text = page_text(west)
    assert "Mijn concepten en wat op review wacht" in text
    assert f"{G_TOWN_TITLE} Mijn concept" in text
    assert "Wegwijs in Gedrag: Anders leren kijken naar leerlinggedrag Wacht op review" in text
    assert "De kracht van de moedertaal" not in text


def test_dashboard_says_so_when_nothing_waits(coordinator_west):
    response = coordinator_west.get(reverse("admin:index"))

    assert "Niets: u heeft geen concepten en er wacht niets op review." in page_text(response)


def test_list_shows_how_many_interventions_are_in_each_state(coordinator_west, redacteur):
    set_status(G_TOWN, "draft")
    set_status("wegwijs-in-gedrag", "review")
    set_status("de-kracht-van-de-moedertaal", "archived")
    changelist = reverse("admin:interventions_intervention_changelist")

    west = coordinator_west.get(changelist)
    everything = redacteur.get(changelist)

    assert west.context["status_counts"] == [
        ("draft", "Concept", 1),
        ("review", "Ter review", 1),
        # Samen van Start, Social worker and the 2020 report's six entries with a place in West-Nederland.
        ("published", "Gepubliceerd", 8),
        ("archived", "Gearchiveerd", 0),
    ]
    assert "Concept: 1 Ter review: 1 Gepubliceerd: 8 Gearchiveerd: 0" in page_text(west)
    assert "Concept: 1 Ter review: 1 Gepubliceerd: 22 Gearchiveerd: 1" in page_text(everything)


def test_status_count_links_filter_the_list(coordinator_west):
    set_status(G_TOWN, "draft")

    response = coordinator_west.get(
        reverse("admin:interventions_intervention_changelist"), {"publication_status__exact": "draft"}
    )

    assert [i.slug for i in response.context["cl"].result_list] == [G_TOWN]


def test_list_shows_who_last_edited_and_when(coordinator_west):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = change_url(g_town)
    with time_machine.travel(WEST_TIME, tick=False):
        coordinator_west.post(url, change_form_data(coordinator_west.get(url)))

    response = coordinator_west.get(reverse("admin:interventions_intervention_changelist"), {"q": "G-Town"})

    assert "coordinator-west" in page_text(response)
    assert timezone.localtime(WEST_TIME).strftime("%H:%M") in page_text(response)
