"""The admin as a GKA regional coordinator uses it: find, open, edit and save content."""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape

from interventions.models import Intervention, Person, Quote, ReadingTip, Theme
from knowledge.models import DirectionLink, FactorLink
from lessons.models import LessonIllustration
from tests.helpers.admin import REFERENCE_MODELS, admin_url, change_form_data, form_errors, inline_formset, stored_story

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["municipalities", "interventions", "lessons"]

ADMIN_MODELS = [*REFERENCE_MODELS, "interventions.intervention"]

G_TOWN_TITLE = "G-Town: jongeren leren zichzelf en de ander kennen"
NEW_SENTENCE = "In 2025 sloten nog twee scholen uit Gorinchem zich bij G-Town aan."


@pytest.fixture
def g_town():
    return Intervention.objects.get(slug="g-town")


def test_every_project_model_in_the_admin_is_covered_here():
    registered = {model._meta.label_lower for model in admin.site._registry if model._meta.app_label in PROJECT_APPS}
    assert registered == set(ADMIN_MODELS)


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_coordinator_opens_list_add_and_change_page_of_every_model(admin_client, label):
    obj = apps.get_model(label).objects.first()
    assert obj is not None, f"the seed has no {label}"

    changelist = admin_client.get(admin_url(label, "changelist"))
    add = admin_client.get(admin_url(label, "add"))
    change = admin_client.get(admin_url(label, "change", obj.pk))

    assert changelist.status_code == 200
    assert escape(str(obj)) in changelist.content.decode()
    assert add.status_code == 200
    assert change.status_code == 200
    assert escape(str(obj)) in change.content.decode()


def test_intervention_page_shows_its_people_quotes_reading_tips_and_lessons(admin_client, g_town):
    response = admin_client.get(admin_url("interventions.intervention", "change", g_town.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert {inline.formset.model for inline in response.context["inline_admin_formsets"]} == {
        Person,
        Quote,
        ReadingTip,
        LessonIllustration,
        FactorLink,
        DirectionLink,
    }
    assert "Tjoerd Zweije" in page
    assert "Wie beter in contact staat met zichzelf en de ander grijpt minder snel naar geweld." in page
    assert "Project G-Town" in page
    assert "De docenten van G-Town worden extra getraind in hun pedagogische grondhouding." in page


def test_intervention_page_links_to_the_story_on_the_site(admin_client, g_town):
    view_on_site = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(g_town).pk, g_town.pk])

    page = admin_client.get(admin_url("interventions.intervention", "change", g_town.pk))
    story = admin_client.get(view_on_site, follow=True)

    assert f'<a href="{view_on_site}" class="viewsitelink">Weergeven op website</a>' in page.content.decode()
    assert [urlsplit(url).path for url, status in story.redirect_chain] == ["/interventies/g-town/"]
    assert story.status_code == 200
    assert escape(G_TOWN_TITLE) in story.content.decode()


def test_coordinator_adds_a_sentence_to_the_results_and_the_site_shows_it(coordinator_west, g_town):
    url = admin_url("interventions.intervention", "change", g_town.pk)
    before = stored_story(g_town)
    assert before["people"] and before["quotes"] and before["reading_tips"] and before["lessons"]
    data = change_form_data(coordinator_west.get(url))
    data["results"] = f"{g_town.results} {NEW_SENTENCE}"

    response = coordinator_west.post(url, data)

    assert response.status_code == 302, form_errors(response)
    assert response["Location"] == admin_url("interventions.intervention", "changelist")
    stored = Intervention.objects.get(pk=g_town.pk)
    assert stored.results == f"{g_town.results} {NEW_SENTENCE}"
    assert stored_story(stored) == before
    detail = coordinator_west.get(reverse("interventions:detail", args=["g-town"]))
    assert NEW_SENTENCE in detail.content.decode()


def test_coordinator_who_empties_the_title_gets_a_dutch_error_and_nothing_is_saved(coordinator_west, g_town):
    url = admin_url("interventions.intervention", "change", g_town.pk)
    data = change_form_data(coordinator_west.get(url))
    data["title"] = ""
    data["results"] = f"{g_town.results} {NEW_SENTENCE}"

    response = coordinator_west.post(url, data)

    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert list(response.context["adminform"].form.errors) == ["title"]
    stored = Intervention.objects.get(pk=g_town.pk)
    assert stored.title == G_TOWN_TITLE
    assert stored.results == g_town.results


@pytest.mark.parametrize(
    ("field_name", "term", "expected"),
    [("municipalities", "Gor", ["Gorinchem"]), ("themes", "meer", ["Meertaligheid"])],
)
def test_coordinator_picks_a_place_or_theme_by_typing_part_of_its_name(coordinator_west, field_name, term, expected):
    response = coordinator_west.get(
        reverse("admin:autocomplete"),
        {"app_label": "interventions", "model_name": "intervention", "field_name": field_name, "term": term},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == expected


def test_coordinator_finds_an_intervention_by_the_name_of_a_person_in_it(admin_client):
    response = admin_client.get(admin_url("interventions.intervention", "changelist"), {"q": "Horsch"})

    assert response.status_code == 200
    assert [i.title for i in response.context["cl"].result_list] == [
        "Een soepele en succesvolle overstap van po naar vo"
    ]


def test_coordinator_filters_interventions_by_theme(admin_client):
    theme = Theme.objects.get(slug="meertaligheid")

    response = admin_client.get(admin_url("interventions.intervention", "changelist"), {"themes__id__exact": theme.pk})

    assert response.status_code == 200
    assert [i.title for i in response.context["cl"].result_list] == ["De kracht van de moedertaal"]


def test_visitor_who_opens_the_admin_is_sent_to_a_dutch_login_page(visitor):
    changelist = admin_url("interventions.intervention", "changelist")

    response = visitor.get(changelist)
    login = visitor.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={changelist}"
    assert login.status_code == 200
    assert "Gebruikersnaam" in login.content.decode()


def test_quote_speakers_are_chosen_from_the_people_of_this_intervention(admin_client, g_town):
    response = admin_client.get(admin_url("interventions.intervention", "change", g_town.pk))

    speakers = inline_formset(response, Quote).forms[0]["speakers"]
    assert [person.name for person in speakers.field.queryset] == ["Tjoerd Zweije"]
    assert "Tjoerd Zweije" in str(speakers)
    assert "Wim Horsch" not in response.content.decode()


def test_coordinator_who_highlights_a_second_quote_gets_a_dutch_error(admin_client, g_town):
    url = admin_url("interventions.intervention", "change", g_town.pk)
    data = change_form_data(admin_client.get(url))
    data.update({"quotes-TOTAL_FORMS": 2, "quotes-1-position": 2, "quotes-1-text": "Nog een citaat."})
    data["quotes-1-is_highlighted"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Er kan maar één citaat uitgelicht zijn; vink ‘uitgelicht’ bij de andere uit." in response.content.decode()
    assert g_town.quotes.count() == 1


def test_coordinator_swaps_the_order_of_two_people(admin_client):
    helmond = Intervention.objects.get(slug="de-kracht-van-de-moedertaal")
    url = admin_url("interventions.intervention", "change", helmond.pk)
    data = change_form_data(admin_client.get(url))
    first, second = data["people-0-position"], data["people-1-position"]
    data["people-0-position"], data["people-1-position"] = second, first
    response = admin_client.post(url, data)
    assert response.status_code == 302
    names = list(helmond.people.values_list("name", flat=True))
    assert names[:2] == ["Dorota Sobczyk", "Helen Vink"]
    response = admin_client.get("/interventies/de-kracht-van-de-moedertaal/")
    body = response.content.decode()
    assert body.index("Dorota Sobczyk</strong>") < body.index("Helen Vink</strong>")
