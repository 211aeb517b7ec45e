"""The publication workflow itself (interventions/services.py), which the admin and the import both go through."""

import datetime as dt

import pytest
import time_machine
from reversion.models import Version

from interventions.admin import InterventionForm
from interventions.models import Intervention, Person
from interventions.services import (
    EditConflict,
    intervention_delete,
    intervention_edit_conflict,
    intervention_may_publish,
    intervention_set_status,
    intervention_statuses_allowed,
    municipalities_outside_regions,
)
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"  # Gorinchem, West-Nederland
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"  # Heerlen and three more, Zuid-Nederland
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
TUESDAY = dt.datetime(2025, 3, 4, 14, 15, tzinfo=dt.UTC)


def intervention(slug, status=None):
    if status:
        Intervention.objects.filter(slug=slug).update(publication_status=status)
    return Intervention.objects.get(slug=slug)


def places(*slugs):
    return Municipality.objects.filter(slug__in=slugs).select_related("province")


def history(obj):
    """Who wrote each version in `obj`'s history, with its comment."""
    return [(v.revision.user.username, v.revision.get_comment()) for v in Version.objects.get_for_object(obj)]


def stamp(obj):
    """What the admin's list and the detail page's trust line show of the last change: status, by whom, when."""
    stored = Intervention.objects.get(pk=obj.pk)
    return stored.publication_status, stored.last_edited_by.username, stored.checked_at


def test_coordinator_publishes_in_their_own_region(coordinator_west):
    g_town = intervention(G_TOWN, "review")

    published = intervention_set_status(
        interventions=[g_town], status="published", user=coordinator_west.user, now=TUESDAY
    )

    assert published == 1
    assert stamp(g_town) == ("published", "coordinator-west", TUESDAY)
    assert history(g_town) == [("coordinator-west", "Status gewijzigd in: Gepubliceerd")]


def test_coordinator_of_west_cannot_publish_an_intervention_in_zuid(coordinator_west):
    parkstad = intervention(PARKSTAD, "review")

    published = intervention_set_status(interventions=[parkstad], status="published", user=coordinator_west.user)

    assert published == 0
    assert Intervention.objects.get(pk=parkstad.pk).publication_status == "review"
    assert history(parkstad) == []
    assert intervention_statuses_allowed(user=coordinator_west.user, intervention=parkstad) == {"draft", "review"}


def test_without_the_publish_right_only_concept_and_review_are_open(editor_without_publish_right):
    user = editor_without_publish_right.user
    draft = intervention(G_TOWN, "draft")

    assert intervention_statuses_allowed(user=user, intervention=draft) == {"draft", "review"}
    assert intervention_statuses_allowed(user=user, intervention=Intervention()) == {"draft", "review"}
    assert not intervention_may_publish(user=user, intervention=draft)
    assert intervention_set_status(interventions=[draft], status="published", user=user) == 0
    assert Intervention.objects.get(pk=draft.pk).publication_status == "draft"


def test_without_the_publish_right_a_published_entry_may_stay_published(editor_without_publish_right):
    user = editor_without_publish_right.user
    published = intervention(G_TOWN)

    assert intervention_statuses_allowed(user=user, intervention=published) == {"draft", "review", "published"}
    assert intervention_may_publish(user=user, intervention=published)


def test_national_editor_may_choose_any_status_anywhere(redacteur):
    for slug in [G_TOWN, PARKSTAD]:
        assert intervention_statuses_allowed(user=redacteur.user, intervention=intervention(slug, "draft")) is None


def test_form_refuses_publishing_in_dutch_without_the_right(editor_without_publish_right):
    form = InterventionForm(
        {"publication_status": "published"},
        instance=intervention(G_TOWN, "review"),
        user=editor_without_publish_right.user,
    )

    assert not form.is_valid()
    assert form.errors["publication_status"] == ["U mag deze interventie niet publiceren. Zet haar op ‘ter review’."]


def test_coordinator_of_west_cannot_touch_places_in_zuid(coordinator_west, coordinator_zuid, redacteur):
    def refused(persona):
        outside = municipalities_outside_regions(user=persona.user, municipalities=places("gorinchem", "heerlen"))
        return [m.name for m in outside]

    assert refused(coordinator_west) == ["Heerlen"]
    assert refused(coordinator_zuid) == ["Gorinchem"]
    assert refused(redacteur) == []


def test_form_refuses_a_place_in_zuid_in_dutch(coordinator_west):
    heerlen = Municipality.objects.get(slug="heerlen")

    form = InterventionForm({"municipalities": [heerlen.pk]}, instance=intervention(G_TOWN), user=coordinator_west.user)

    assert not form.is_valid()
    assert form.errors["municipalities"] == [
        "Heerlen ligt buiten uw regio('s). U kunt alleen gemeenten in uw eigen regio kiezen."
    ]


def test_a_colleagues_save_after_opening_is_a_conflict_with_who_and_when(coordinator_west, redacteur):
    with time_machine.travel(MONDAY, tick=False):
        intervention_set_status(interventions=[intervention(G_TOWN)], status="review", user=coordinator_west.user)
    opened = intervention(G_TOWN)
    loaded_at = opened.updated_at.isoformat()
    with time_machine.travel(TUESDAY, tick=False):
        intervention_set_status(interventions=[intervention(G_TOWN)], status="draft", user=redacteur.user)

    conflict = intervention_edit_conflict(intervention=opened, loaded_at=loaded_at)

    assert conflict == EditConflict(username="redacteur", saved_at=TUESDAY)


def test_no_conflict_when_nobody_saved_in_between():
    g_town = intervention(G_TOWN)

    assert intervention_edit_conflict(intervention=g_town, loaded_at=g_town.updated_at.isoformat()) is None
    assert intervention_edit_conflict(intervention=g_town, loaded_at="") is None
    assert intervention_edit_conflict(intervention=Intervention(), loaded_at=g_town.updated_at.isoformat()) is None


def test_form_tells_of_the_conflict_in_dutch(coordinator_west, redacteur):
    opened = intervention(G_TOWN)
    with time_machine.travel(TUESDAY, tick=False):
        intervention_set_status(interventions=[intervention(G_TOWN)], status="draft", user=redacteur.user)

    form = InterventionForm({"loaded_at": opened.updated_at.isoformat()}, instance=opened, user=coordinator_west.user)

    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == ["conflict"]
    assert form.non_field_errors()[0].startswith("Iemand anders (redacteur) heeft deze interventie op 04-03-2025")


def test_deleting_archives_and_keeps_the_row_with_one_version(coordinator_west):
    g_town = intervention(G_TOWN)

    with time_machine.travel(TUESDAY, tick=False):
        count = intervention_delete(interventions=[g_town], user=coordinator_west.user)

    assert count == 1
    assert stamp(g_town) == ("archived", "coordinator-west", TUESDAY)
    assert g_town.people.count() == 1
    assert history(g_town) == [("coordinator-west", "Status gewijzigd in: Gearchiveerd")]


def test_deleting_several_archives_each_with_its_own_version(redacteur):
    entries = Intervention.objects.filter(slug__in=[G_TOWN, PARKSTAD])

    assert intervention_delete(interventions=entries, user=redacteur.user) == 2

    for slug in [G_TOWN, PARKSTAD]:
        stored = intervention(slug)
        assert stored.publication_status == "archived"
        assert history(stored) == [("redacteur", "Status gewijzigd in: Gearchiveerd")]


def test_beheerder_purges(beheerder):
    g_town = intervention(G_TOWN)

    count = intervention_delete(interventions=[g_town], user=beheerder.user)

    assert count == 1
    assert not Intervention.objects.filter(slug=G_TOWN).exists()
    assert not Person.objects.filter(intervention_id=g_town.pk).exists()
