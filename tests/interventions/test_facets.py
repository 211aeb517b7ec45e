"""The facet summary stays exactly what the interventions give, whatever changes them.

The list's filter counts, the figures, the map and the theme and region pages read it instead of
counting the interventions, so a change that slipped past it would show a wrong number to every
visitor. Each test makes one kind of change and checks both the number a visitor sees and that the
whole summary equals a recount from the live tables.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.urls import reverse

from interventions import facets
from interventions.models import FacetCount, FacetEntry, Intervention, TargetGroup, Theme
from interventions.services import intervention_set_status
from knowledge.models import Factor, FactorLink
from municipalities.models import Municipality, Province, Region
from portal.seeding import portal_seed

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"  # Gorinchem, Zuid-Holland, West-Nederland
PUBLISHED = Intervention.PublicationStatus.PUBLISHED
DRAFT = Intervention.PublicationStatus.DRAFT


def assert_exact():
    """Every stored row and count equals a recount from the live tables."""
    assert facets.check() == (set(), set(), set())


def count(facet, key):
    return facets.counts(facet).get(key, 0)


def live(**filters):
    """The number the live tables give: published interventions matching `filters`, each once."""
    return Intervention.objects.published().filter(**filters).distinct().count()


def panel_count(visitor, name, key, query=""):
    """The count a visitor sees next to option `key` of filter `name` on the list."""
    response = visitor.get(reverse("interventions:list") + query)
    panel = next(panel for panel in response.context["panels"] if panel["name"] == name)
    return next(n for option, _label, _chosen, n in panel["options"] if option == key)


def test_seeded_summary_matches_the_interventions():
    assert_exact()
    assert FacetEntry.objects.filter(facet="soort").count() == Intervention.objects.published().count()
    assert count("thema", "soepele-overgang") == live(themes__slug="soepele-overgang")
    assert count("regio", "west-nederland") == live(municipalities__province__region__slug="west-nederland")


def test_unpublishing_and_publishing_change_every_count_of_the_intervention(visitor):
    g_town = Intervention.objects.get(slug=G_TOWN)
    themes = list(g_town.themes.values_list("slug", flat=True))
    before = {slug: panel_count(visitor, "thema", slug) for slug in themes}
    west = count("regio", "west-nederland")

    g_town.publication_status = DRAFT
    g_town.save()

    assert {slug: panel_count(visitor, "thema", slug) for slug in themes} == {n: before[n] - 1 for n in themes}
    assert count("regio", "west-nederland") == west - 1
    assert not FacetEntry.objects.filter(intervention=g_town).exists()
    assert_exact()

    g_town.publication_status = PUBLISHED
    g_town.save()
    assert {slug: panel_count(visitor, "thema", slug) for slug in themes} == before
    assert_exact()


def test_changing_the_kind_moves_the_intervention_between_kinds():
    g_town = Intervention.objects.get(slug=G_TOWN)
    kinds = facets.counts("soort")
    g_town.kind = Intervention.Kind.EXPERIMENT
    g_town.save()
    assert count("soort", "experiment") == kinds.get("experiment", 0) + 1
    assert count("soort", "interventie") == kinds["interventie"] - 1
    assert_exact()


def test_deleting_a_published_intervention_removes_its_rows():
    g_town = Intervention.objects.get(slug=G_TOWN)
    pk, total = g_town.pk, sum(facets.counts("soort").values())
    g_town.delete()
    assert not FacetEntry.objects.filter(intervention_id=pk).exists()
    assert sum(facets.counts("soort").values()) == total - 1
    assert_exact()


@pytest.mark.parametrize(
    "change",
    [
        "add a theme",
        "remove a theme",
        "clear the themes",
        "add from the theme's side",
        "clear from the theme's side",
        "set the places",
        "clear the target groups",
    ],
)
def test_every_many_to_many_change_is_counted(change):
    g_town = Intervention.objects.get(slug=G_TOWN)
    other_theme = Theme.objects.exclude(interventions=g_town).first()
    own_theme = g_town.themes.first()
    if change == "add a theme":
        g_town.themes.add(other_theme)
    elif change == "remove a theme":
        g_town.themes.remove(own_theme)
    elif change == "clear the themes":
        g_town.themes.clear()
    elif change == "add from the theme's side":
        other_theme.interventions.add(g_town)
    elif change == "clear from the theme's side":
        own_theme.interventions.clear()
    elif change == "set the places":
        g_town.municipalities.set([Municipality.objects.get(slug="maastricht")])
    elif change == "clear the target groups":
        g_town.target_groups.clear()
    assert_exact()


def test_renaming_a_theme_slug_moves_its_count_to_the_new_key(visitor):
    theme = Theme.objects.get(slug="soepele-overgang")
    n = count("thema", "soepele-overgang")
    theme.slug = "overgang-po-vo"
    theme.save()
    assert count("thema", "overgang-po-vo") == n
    assert count("thema", "soepele-overgang") == 0
    assert panel_count(visitor, "thema", "overgang-po-vo") == n
    assert_exact()


def test_a_municipality_moved_to_another_province_counts_there():
    gorinchem = Municipality.objects.get(slug="gorinchem")
    utrecht = Province.objects.get(slug="utrecht")
    before = count("provincie", "utrecht")
    moved = live(municipalities=gorinchem) - live(municipalities=gorinchem, municipalities__province=utrecht)
    gorinchem.province = utrecht
    gorinchem.save()
    assert count("provincie", "utrecht") == before + moved
    assert_exact()


def test_a_province_moved_to_another_region_counts_there():
    limburg = Province.objects.get(slug="limburg")
    limburg.region = Region.objects.get(slug="noord-nederland")
    limburg.save()
    assert count("regio", "zuid-nederland") == live(municipalities__province__region__slug="zuid-nederland")
    assert_exact()


def test_deleting_a_theme_or_a_target_group_removes_its_counts():
    Theme.objects.get(slug="soepele-overgang").delete()
    TargetGroup.objects.filter(interventions__isnull=False).first().delete()
    assert count("thema", "soepele-overgang") == 0
    assert not any(key.startswith("soepele-overgang ") for key in facets.counts(facets.THEME_REGION))
    assert_exact()


def test_factor_links_are_counted_and_a_factors_number_stays_put():
    g_town = Intervention.objects.get(slug=G_TOWN)
    factor = Factor.objects.exclude(factor_links__intervention=g_town).order_by("number").first()
    before = count("factor", str(factor.number))
    link = FactorLink.objects.create(intervention=g_town, factor=factor, reason="Omdat.")
    assert count("factor", str(factor.number)) == before + 1
    assert_exact()
    # The number is the factor's address and its filter value: it cannot change, so its count cannot move.
    factor.number = 99
    with pytest.raises(ValidationError):
        factor.save()
    assert count("factor", "99") == 0
    link.delete()
    assert count("factor", str(Factor.objects.get(pk=factor.pk).number)) == before
    assert_exact()


def test_a_bulk_update_and_the_admins_bulk_status_action_are_counted(redacteur):
    Intervention.objects.filter(slug__in=[G_TOWN, "weekendschool"]).update(publication_status=DRAFT)
    assert_exact()
    intervention_set_status(
        interventions=Intervention.objects.filter(slug__in=[G_TOWN, "weekendschool"]),
        status=PUBLISHED,
        user=redacteur.user,
    )
    assert FacetEntry.objects.filter(intervention__slug=G_TOWN).exists()
    assert_exact()


def test_the_figures_theme_region_cell_follows_the_summary(visitor):
    g_town = Intervention.objects.get(slug=G_TOWN)
    theme = g_town.themes.first()
    key = f"{theme.slug} west-nederland"
    n = count(facets.THEME_REGION, key)
    assert n == live(themes=theme, municipalities__province__region__slug="west-nederland")
    g_town.publication_status = DRAFT
    g_town.save()
    assert count(facets.THEME_REGION, key) == n - 1
    csv = visitor.get(reverse("interventions:figures_csv", args=["thema-regio"])).content.decode("utf-8-sig")
    row = next(line for line in csv.splitlines() if line.startswith(theme.name + ";"))
    regions = csv.splitlines()[0].split(";")
    assert row.split(";")[regions.index("West-Nederland")] == str(n - 1)


def test_seeding_again_keeps_the_summary_exact():
    Intervention.objects.filter(slug=G_TOWN).update(title="Anders")
    portal_seed(overwrite=True)
    assert_exact()


def test_rebuild_facets_check_reports_a_change_made_with_sql_and_the_rebuild_repairs_it(capsys):
    g_town = Intervention.objects.get(slug=G_TOWN)
    table = connection.ops.quote_name(Intervention._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET publication_status = 'draft' WHERE id = %s", [g_town.pk])

    with pytest.raises(CommandError, match="De facetten wijken af"):
        call_command("rebuild_facets", "--check")
    out = capsys.readouterr().out
    assert f"te veel: interventie {g_town.pk} soort=interventie" in out
    assert "verkeerde telling: soort=interventie" in out

    call_command("rebuild_facets")
    call_command("rebuild_facets", "--check")
    assert "De facetten kloppen met de interventies." in capsys.readouterr().out
    assert_exact()


def test_filtered_counts_equal_counting_the_live_tables(visitor):
    """Each option's count on a filtered list is what the list would find with it added."""
    query = "?thema=soepele-overgang&regio=zuid-nederland"
    response = visitor.get(reverse("interventions:list") + query)
    panels = {panel["name"]: panel for panel in response.context["panels"]}
    for key, _label, _chosen, n in panels["provincie"]["options"]:
        expected = (
            Intervention.objects.published()
            .filter(themes__slug="soepele-overgang")
            .filter(municipalities__province__region__slug="zuid-nederland")
            .filter(municipalities__province__slug=key)
            .distinct()
            .count()
        )
        assert n == expected, key
    for key, _label, _chosen, n in panels["thema"]["options"]:
        expected = (
            Intervention.objects.published()
            .filter(municipalities__province__region__slug="zuid-nederland")
            .filter(themes__slug=key)
            .distinct()
            .count()
        )
        assert n == expected, key


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_never_lose_or_double_a_count():
    """Eight transactions at once, each changing interventions that share values: the counts stay exact."""
    portal_seed()
    published = list(Intervention.objects.published().order_by("pk").values_list("pk", flat=True))
    barrier = threading.Barrier(8)
    errors = []

    def work(n):
        try:
            barrier.wait(timeout=10)
            for pk in published[n::8] + published[:2]:  # the first two are changed by every thread
                intervention = Intervention.objects.get(pk=pk)
                intervention.kind = Intervention.Kind.COMMUNITY if n % 2 else Intervention.Kind.EXPERIMENT
                intervention.save()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert_exact()
    assert sum(facets.counts("soort").values()) == len(published)
    assert FacetCount.objects.filter(count__lt=0).count() == 0


@pytest.mark.parametrize("query", ["?soort=interventie", "?soort=community", "?status=pilot&status=ingebed"])
def test_counts_with_a_kind_or_status_filter_equal_the_live_tables_from_either_side(visitor, query):
    """Most interventions are of kind "interventie": those counts come from the summary minus the rest."""
    name, keys = query[1:].split("=", 1)[0], [part.split("=")[1] for part in query[1:].split("&")]
    field = {"soort": "kind", "status": "status"}[name]
    response = visitor.get(reverse("interventions:list") + query)
    panels = {panel["name"]: panel for panel in response.context["panels"]}
    chosen = Intervention.objects.published().filter(**{f"{field}__in": keys})
    for key, _label, _chosen, n in panels["thema"]["options"]:
        assert n == chosen.filter(themes__slug=key).distinct().count(), key
    for key, _label, _chosen, n in panels["regio"]["options"]:
        assert n == chosen.filter(municipalities__province__region__slug=key).distinct().count(), key
