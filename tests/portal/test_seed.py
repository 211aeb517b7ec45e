"""`seed_portal` loads the bundle and can run again without changing or losing anything."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from interventions.models import Intervention
from portal.seeding import portal_seed

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["municipalities", "interventions", "lessons"]


def snapshot():
    """Every row of every project table, including m2m links and timestamps."""
    rows = {}
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


def test_seeding_twice_leaves_the_database_unchanged():
    before = snapshot()
    report = portal_seed()
    assert snapshot() == before
    assert not report.created and not report.updated and not report.kept
    # The bundle's 15 and the 2020 report's 10 (fixtures/report.json).
    assert report.unchanged["interventies"] == 15 + 10
    assert report.unchanged["voorbeelden van lessen"] == 24
    assert report.unchanged["koppelingen met factoren"] == 31


def test_seeding_an_empty_database_creates_the_whole_bundle():
    for model in ["lessons.LessonIllustration", "lessons.Lesson", "interventions.Intervention"]:
        apps.get_model(model).objects.all().delete()
    report = portal_seed()
    # The bundle and the 2020 report (fixtures/report.json); the links go with their interventions.
    assert report.created["interventies"] == 15 + 10
    assert report.created["personen"] == 31 + 18
    assert report.created["citaten"] == 15 + 24
    assert report.created["leestips"] == 26 + 4
    assert report.created["lessen"] == 10
    assert report.created["koppelingen met factoren"] == 31
    assert report.created["koppelingen met oplossingsrichtingen"] == 17
    assert report.unchanged["gemeenten"] == 18 + 18
    assert Intervention.objects.get(slug="ouderconsulent").municipalities.get().name == "Oude IJsselstreek"


def test_reseeding_keeps_a_coordinators_edit():
    intervention = Intervention.objects.get(slug="g-town")
    intervention.reach = "meer dan 450 leerlingen"
    intervention.save()
    report = portal_seed()
    assert Intervention.objects.get(slug="g-town").reach == "meer dan 450 leerlingen"
    assert report.kept["interventies"] == 1


def test_overwrite_resets_an_edited_entry_to_the_fixture_but_keeps_its_creation_time():
    intervention = Intervention.objects.get(slug="g-town")
    created_at = intervention.created_at
    intervention.reach = "meer dan 450 leerlingen"
    intervention.save()
    intervention.themes.clear()
    report = portal_seed(overwrite=True)
    reset = Intervention.objects.get(slug="g-town")
    assert reset.reach == "meer dan 400 leerlingen uit de tweede klas van zes verschillende scholen"
    assert [theme.slug for theme in reset.themes.all()] == ["talentontwikkeling"]
    assert reset.created_at == created_at
    assert report.updated["interventies"] == 1


def test_dry_run_writes_nothing():
    Intervention.objects.filter(slug="weekendschool").delete()
    before = snapshot()
    out = StringIO()
    call_command("seed_portal", "--dry-run", stdout=out)
    assert snapshot() == before
    assert "interventies: 1 nieuw" in out.getvalue()
    assert "Proefdraaien: er is niets opgeslagen." in out.getvalue()


def test_command_reports_what_it_did():
    out = StringIO()
    call_command("seed_portal", stdout=out)
    assert "interventies: 0 nieuw, 0 bijgewerkt, 25 ongewijzigd" in out.getvalue()
