"""The admin as a GKA regional coordinator uses it: find, open, edit and save content."""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.html import escape

from accounts.models import CoordinatorProfile
from accounts.roles import COORDINATOR
from interventions.models import Intervention, Person, Quote, ReadingTip, Theme
from knowledge.models import DirectionLink, FactorLink
from lessons.models import LessonIllustration
from municipalities.models import Region

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["municipalities", "interventions", "lessons"]

ADMIN_MODELS = [
    "municipalities.region",
    "municipalities.province",
    "municipalities.municipality",
    "interventions.publication",
    "interventions.theme",
    "interventions.targetgroup",
    "interventions.intervention",
    "lessons.lesson",
]

G_TOWN_TITLE = "G-Town: jongeren leren zichzelf en de ander kennen"
NEW_SENTENCE = "In 2025 sloten nog twee scholen uit Gorinchem zich bij G-Town aan."


@pytest.fixture
def editor(client, django_user_model):
    """The regional coordinator of West-Nederland, where G-Town (Gorinchem) is."""
    user = django_user_model.objects.create_user(username="coordinator", password="not-used-in-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    CoordinatorProfile.objects.create(user=user).regions.set(Region.objects.filter(slug="west-nederland"))
    client.force_login(user)
    return client


@pytest.fixture
def g_town():
    return Intervention.objects.get(slug="g-town")


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def form_data(form):
    """What the browser posts for `form` when the user changes nothing."""
    data = {}
    for bound_field in form:
        # value() reads form.initial and turns model instances into primary keys.
        value = bound_field.value()
        # A browser never sends a stored file (an intervention's image) back with the form.
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        data[bound_field.html_name] = "on" if value is True else value
    return data


def change_form_data(response):
    """The POST data of an untouched change page: the main form and every inline with its stored rows."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        count = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = count
        data[f"{formset.prefix}-INITIAL_FORMS"] = count
        data[f"{formset.prefix}-MIN_NUM_FORMS"] = 0
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = 1000
        for form in formset.forms[:count]:
            data.update(form_data(form))
    return data


def form_errors(response):
    """The errors a rejected change form shows, for assertion messages."""
    if response.context is None:
        return None
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors()]
    return errors


def inline_formset(response, model):
    return next(inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is model)


def stored_story(intervention):
    """What the change form edits besides the texts, so a save can be checked for losses."""
    return {
        "title": intervention.title,
        "municipalities": sorted(intervention.municipalities.values_list("name", flat=True)),
        "themes": sorted(intervention.themes.values_list("name", flat=True)),
        "target_groups": sorted(intervention.target_groups.values_list("name", flat=True)),
        "people": sorted(intervention.people.values_list("position", "name", "role", "is_portrayed")),
        "quotes": sorted(intervention.quotes.values_list("position", "text", "is_highlighted")),
        "speakers": sorted(intervention.quotes.values_list("text", "speakers__name")),
        "reading_tips": sorted(intervention.reading_tips.values_list("position", "title", "url")),
        "lessons": sorted(intervention.lesson_illustrations.values_list("lesson__number", "reason")),
    }


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


def test_coordinator_adds_a_sentence_to_the_results_and_the_site_shows_it(editor, g_town):
    url = admin_url("interventions.intervention", "change", g_town.pk)
    before = stored_story(g_town)
    assert before["people"] and before["quotes"] and before["reading_tips"] and before["lessons"]
    data = change_form_data(editor.get(url))
    data["results"] = f"{g_town.results} {NEW_SENTENCE}"

    response = editor.post(url, data)

    assert response.status_code == 302, form_errors(response)
    assert response["Location"] == admin_url("interventions.intervention", "changelist")
    stored = Intervention.objects.get(pk=g_town.pk)
    assert stored.results == f"{g_town.results} {NEW_SENTENCE}"
    assert stored_story(stored) == before
    detail = editor.get(reverse("interventions:detail", args=["g-town"]))
    assert NEW_SENTENCE in detail.content.decode()


def test_coordinator_who_empties_the_title_gets_a_dutch_error_and_nothing_is_saved(editor, g_town):
    url = admin_url("interventions.intervention", "change", g_town.pk)
    data = change_form_data(editor.get(url))
    data["title"] = ""
    data["results"] = f"{g_town.results} {NEW_SENTENCE}"

    response = editor.post(url, data)

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
def test_coordinator_picks_a_place_or_theme_by_typing_part_of_its_name(editor, field_name, term, expected):
    response = editor.get(
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
