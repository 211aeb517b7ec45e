"""Nothing is lost: every save leaves a version with who and when, any version can be restored, and two
editors cannot silently overwrite each other."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from reversion.models import Version

from interventions.models import Intervention, Person, Quote
from lessons.models import LessonIllustration
from tests.helpers.admin import change_form_data, form_errors, inline_formset, stored_story, untouched_form
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"
WEST = ["g-town", "samen-van-start-en-startpunt", "social-worker-in-het-primair-onderwijs", "wegwijs-in-gedrag"]
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
NEW_RESULTS = "Na twee jaar G-Town waren er op de school geen vechtpartijen meer."


def url(view, *args):
    return reverse(f"admin:interventions_intervention_{view}", args=args)


def versions(intervention):
    return Version.objects.get_for_object(intervention)


@pytest.fixture
def g_town():
    return Intervention.objects.get(slug=G_TOWN)


def save_form(client, intervention, **changes):
    """Open the change form, make `changes`, save; returns the response."""
    data = change_form_data(client.get(url("change", intervention.pk)))
    data.update(changes)
    return client.post(url("change", intervention.pk), data)


def test_a_saved_form_leaves_exactly_one_version_with_who_and_when(coordinator_west, g_town):
    assert not versions(g_town).exists()

    with time_machine.travel(MONDAY, tick=False):
        response = save_form(coordinator_west, g_town, results=NEW_RESULTS)

    assert response.status_code == 302, form_errors(response)
    version = versions(g_town).get()
    assert version.revision.user == coordinator_west.user
    assert version.revision.date_created == MONDAY
    assert version.field_dict["results"] == NEW_RESULTS


def test_changing_only_a_person_also_leaves_one_version_of_the_intervention(coordinator_west, g_town):
    data = change_form_data(coordinator_west.get(url("change", g_town.pk)))
    data["people-0-role"] = "Teamleider"

    response = coordinator_west.post(url("change", g_town.pk), data)

    assert response.status_code == 302, form_errors(response)
    assert versions(g_town).count() == 1
    person = Person.objects.get(intervention=g_town)
    assert Version.objects.get_for_object(person).get().field_dict["role"] == "Teamleider"


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submit_for_review", "review"),
        ("publish", "published"),
        ("archive", "archived"),
        ("delete_selected", "archived"),
    ],
)
def test_each_bulk_action_leaves_one_version_per_intervention(coordinator_west, action, status):
    west = list(Intervention.objects.filter(slug__in=WEST))
    if action == "publish":
        Intervention.objects.filter(slug__in=WEST).update(publication_status="review")

    with time_machine.travel(MONDAY, tick=False):
        response = coordinator_west.post(
            url("changelist"), {"action": action, "_selected_action": [i.pk for i in west], "post": "yes"}
        )

    assert response.status_code == 302
    for intervention in west:
        version = versions(intervention).get()
        assert version.revision.user == coordinator_west.user
        assert version.revision.date_created == MONDAY
        assert version.field_dict["publication_status"] == status
        assert Intervention.objects.get(pk=intervention.pk).publication_status == status


def test_history_page_lists_who_changed_what_and_when(coordinator_west, g_town):
    with time_machine.travel(MONDAY, tick=False):
        save_form(coordinator_west, g_town, results=NEW_RESULTS)
        coordinator_west.post(url("changelist"), {"action": "archive", "_selected_action": [g_town.pk]})

    response = coordinator_west.get(url("history", g_town.pk))

    assert response.status_code == 200
    text = page_text(response)
    assert text.count("coordinator-west") >= 2
    assert "Status gewijzigd in: Gearchiveerd" in text
    assert "3 maart 2025" in text


def restore_first_version(client, intervention):
    """Save the story as it is, then remove its results text, a person, a quote and a lesson link, then
    restore the first version with the admin's "revert" page as a browser submits it; returns the response."""
    assert save_form(client, intervention).status_code == 302
    first = versions(intervention).get()
    page = client.get(url("change", intervention.pk))
    data = change_form_data(page)
    data["results"] = NEW_RESULTS
    for model in [Person, Quote, LessonIllustration]:
        data[f"{inline_formset(page, model).prefix}-0-DELETE"] = "on"
    response = client.post(url("change", intervention.pk), data)
    assert response.status_code == 302, form_errors(response)
    assert Intervention.objects.get(pk=intervention.pk).results == NEW_RESULTS

    revision_page = client.get(url("revision", intervention.pk, first.pk))
    assert revision_page.status_code == 200
    return client.post(url("revision", intervention.pk, first.pk), untouched_form(revision_page, "intervention"))


def test_restoring_an_earlier_version_brings_back_text_people_quotes_and_lesson_links(coordinator_west):
    hoorn = Intervention.objects.get(slug="samen-van-start-en-startpunt")
    original, original_results = stored_story(hoorn), hoorn.results
    assert original["people"] and original["quotes"] and original["lessons"]

    response = restore_first_version(coordinator_west, hoorn)

    assert response.status_code == 302, form_errors(response)
    restored = Intervention.objects.get(pk=hoorn.pk)
    assert restored.results == original_results
    assert stored_story(restored) == original
    assert versions(hoorn).count() == 3
    assert versions(hoorn).first().revision.user == coordinator_west.user


def test_restoring_an_earlier_version_keeps_who_said_the_quote(coordinator_west, g_town):
    original = stored_story(g_town)
    assert original["speakers"] == [
        ("Wie beter in contact staat met zichzelf en de ander grijpt minder snel naar geweld.", "Tjoerd Zweije")
    ]

    response = restore_first_version(coordinator_west, g_town)

    assert response.status_code == 302, form_errors(response)
    assert stored_story(Intervention.objects.get(pk=g_town.pk)) == original


def test_revert_page_offers_the_people_of_the_intervention_as_speakers(coordinator_west, g_town):
    save_form(coordinator_west, g_town)
    first = versions(g_town).get()

    page = coordinator_west.get(url("revision", g_town.pk, first.pk))

    speakers = inline_formset(page, Quote).forms[0]["speakers"]
    assert [person.name for person in speakers.field.queryset] == ["Tjoerd Zweije"]


def test_looking_at_an_old_version_changes_nothing(coordinator_west, g_town):
    save_form(coordinator_west, g_town)
    first = versions(g_town).get()
    save_form(coordinator_west, g_town, results=NEW_RESULTS)

    response = coordinator_west.get(url("revision", g_town.pk, first.pk))

    assert response.status_code == 200
    assert Intervention.objects.get(pk=g_town.pk).results == NEW_RESULTS
    assert versions(g_town).count() == 2


def test_compare_view_shows_a_readable_diff_of_two_versions(coordinator_west, g_town):
    save_form(coordinator_west, g_town)
    save_form(coordinator_west, g_town, reach="Zes scholen in Gorinchem.")
    newer, older = versions(g_town)

    response = coordinator_west.get(url("compare", g_town.pk), {"version_id1": older.pk, "version_id2": newer.pk})

    assert response.status_code == 200
    body = response.content.decode()
    headings = [h.strip() for h in re.findall(r"<h3>([^<]+)<", body)]
    assert "bereik" in headings
    assert "titel" not in headings
    assert "opbrengsten" not in headings
    assert (
        "<del>meer dan 400 leerlingen uit de tweede klas van zes verschillende scholen</del>"
        "<ins>Zes scholen in Gorinchem.</ins>"
    ) in body


def test_second_editor_cannot_overwrite_the_first_editors_save(coordinator_west, redacteur, g_town):
    with time_machine.travel(MONDAY, tick=False):
        first = change_form_data(coordinator_west.get(url("change", g_town.pk)))
        second = change_form_data(redacteur.get(url("change", g_town.pk)))
    first["results"] = NEW_RESULTS
    second["reach"] = "Honderd leerlingen."

    with time_machine.travel(MONDAY + dt.timedelta(minutes=7), tick=False):
        saved = coordinator_west.post(url("change", g_town.pk), first)
    with time_machine.travel(MONDAY + dt.timedelta(minutes=9), tick=False):
        refused = redacteur.post(url("change", g_town.pk), second)

    assert saved.status_code == 302, form_errors(saved)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors() == [
        "Iemand anders (coordinator-west) heeft deze interventie op 03-03-2025 10:07:00 opgeslagen nadat u haar "
        "opende. Uw wijzigingen zijn niet opgeslagen, zodat die van uw collega niet verloren gaan. Open de "
        "interventie opnieuw (of bekijk de geschiedenis) en breng uw wijzigingen opnieuw aan."
    ]
    stored = Intervention.objects.get(pk=g_town.pk)
    assert stored.results == NEW_RESULTS
    assert stored.reach == g_town.reach
    assert versions(g_town).count() == 1


def test_conflict_is_also_caught_after_a_bulk_action_in_between(coordinator_west, redacteur, g_town):
    with time_machine.travel(MONDAY, tick=False):
        data = change_form_data(redacteur.get(url("change", g_town.pk)))
    with time_machine.travel(MONDAY + dt.timedelta(minutes=1), tick=False):
        coordinator_west.post(url("changelist"), {"action": "archive", "_selected_action": [g_town.pk]})
    data["results"] = NEW_RESULTS

    with time_machine.travel(MONDAY + dt.timedelta(minutes=2), tick=False):
        refused = redacteur.post(url("change", g_town.pk), data)

    assert refused.status_code == 200
    assert "Iemand anders (coordinator-west)" in page_text(refused)
    stored = Intervention.objects.get(pk=g_town.pk)
    assert (stored.publication_status, stored.results) == ("archived", g_town.results)


def test_editor_who_reopens_after_a_conflict_can_save(coordinator_west, redacteur, g_town):
    with time_machine.travel(MONDAY, tick=False):
        stale = change_form_data(redacteur.get(url("change", g_town.pk)))
    with time_machine.travel(MONDAY + dt.timedelta(minutes=1), tick=False):
        save_form(coordinator_west, g_town, results=NEW_RESULTS)
        assert redacteur.post(url("change", g_town.pk), {**stale, "reach": "Honderd."}).status_code == 200

    with time_machine.travel(MONDAY + dt.timedelta(minutes=2), tick=False):
        response = save_form(redacteur, g_town, reach="Honderd leerlingen.")

    assert response.status_code == 302, form_errors(response)
    stored = Intervention.objects.get(pk=g_town.pk)
    assert (stored.results, stored.reach) == (NEW_RESULTS, "Honderd leerlingen.")
