"""The index finds, the database decides: what changed without signals is never shown, and the check finds it.

A bulk `update()`, a data migration or raw SQL changes rows without the signals that keep
the index current. Every search then asks the database which of the index's candidates may
be shown, and `rebuild_search_index --check` tells an operator where the two disagree.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from interventions.models import Intervention
from lessons.models import Lesson, LessonIllustration
from search import engine
from search.models import SearchEntry, SearchWord
from tests.helpers.pages import card_slugs, hit_urls, page_text
from tests.helpers.search import LIST, SEARCH

pytestmark = pytest.mark.django_db

# A word that no seeded text holds: whatever finds it, finds our intervention.
WORD = "zeepkistenrace"
URL = "/interventies/zeepkistenrace-in-de-wijk/"


@pytest.fixture
def race():
    """A published intervention, indexed by its save, and a lesson that names it as an example."""
    intervention = Intervention.objects.create(
        title="Zeepkistenrace in de wijk",
        slug="zeepkistenrace-in-de-wijk",
        context="Kinderen bouwen samen met hun ouders een zeepkist.",
        approach="Elke zaterdag in het buurthuis.",
        results="Ouders en school leren elkaar kennen.",
        source=Intervention.objects.first().source,
        publication_status=Intervention.PublicationStatus.PUBLISHED,
    )
    lesson = Lesson.objects.get(number=4)
    LessonIllustration.objects.create(
        lesson=lesson, intervention=intervention, reason="Een race die de buurt verbindt."
    )
    return intervention


def unpublish_without_signals(intervention):
    Intervention.objects.filter(pk=intervention.pk).update(publication_status=Intervention.PublicationStatus.DRAFT)


def check():
    """(exit code, output) of `rebuild_search_index --check`."""
    out = StringIO()
    try:
        call_command("rebuild_search_index", "--check", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_a_published_intervention_is_found_and_the_index_agrees(visitor, race):
    # Its own entry, and lesson 4 that names it as an example.
    assert hit_urls(visitor.get(SEARCH, {"q": WORD})) == [URL, "/lessen/4/"]
    assert card_slugs(visitor.get(LIST, {"q": WORD})) == ["zeepkistenrace-in-de-wijk"]
    assert check() == (0, "De zoekindex klopt met de database.\n")


def test_an_intervention_unpublished_by_a_bulk_update_is_not_found_on_the_search_page(visitor, race):
    unpublish_without_signals(race)
    # The index still holds it: only the database knows.
    assert SearchEntry.objects.filter(kind="intervention", object_id=race.pk).exists()

    response = visitor.get(SEARCH, {"q": WORD})

    assert response.status_code == 200
    # The lesson still names it in the index (a stale entry), but the draft itself is no hit.
    assert URL not in hit_urls(response)
    assert "Interventies (0)" in page_text(response)


def test_an_unpublished_intervention_is_not_counted(visitor, race):
    # Found in its title and in lesson 4's stale text: count both before, only the lesson after.
    before = page_text(visitor.get(SEARCH, {"q": WORD}))
    assert "Alles (2) Interventies (1) Lessen (1)" in before

    unpublish_without_signals(race)

    after = page_text(visitor.get(SEARCH, {"q": WORD}))
    assert "Alles (1) Interventies (0) Lessen (1)" in after
    assert "1 resultaat voor “zeepkistenrace”" in after


def test_an_unpublished_intervention_is_not_on_the_searched_list(visitor, race):
    unpublish_without_signals(race)

    response = visitor.get(LIST, {"q": WORD})

    assert response.status_code == 200
    assert card_slugs(response) == []
    assert engine.ranked_ids(WORD, kind="intervention") == []


def test_a_searched_intervention_kind_on_its_own_tab_is_not_shown(visitor, race):
    unpublish_without_signals(race)

    response = visitor.get(SEARCH, {"q": WORD, "soort": "interventie"})

    assert hit_urls(response) == []
    assert "0 resultaten voor “zeepkistenrace” in interventies" in page_text(response)


def test_no_suggestion_leads_to_an_unpublished_intervention_only(visitor, race):
    unpublish_without_signals(race)
    LessonIllustration.objects.filter(intervention=race).delete()  # reindexes lesson 4 without the race

    # The word stays in the suggestion list (it was public), but a suggestion must find something visible.
    assert SearchWord.objects.filter(word=WORD).exists()
    assert engine.suggest("zeepkistenrase") == ""
    text = page_text(visitor.get(SEARCH, {"q": "zeepkistenrase"}))
    assert "zeepkistenrace" not in text.replace("zeepkistenrase", "")
    assert "Bedoelde je" not in page_text(visitor.get(LIST, {"q": "zeepkistenrase"}))


def test_the_check_names_the_unpublished_entry_and_the_repair_removes_it(visitor, race):
    unpublish_without_signals(race)

    code, output = check()

    assert code == 1
    assert f"Niet (meer) zichtbaar, maar wel in de index: Interventie {race.pk} “Zeepkistenrace in de wijk”" in output
    # Lesson 4 names only published examples: its stored text still holds the race.
    assert "Verouderde tekst in de index: Les 4 “Les 4: " in output
    assert "De zoekindex wijkt op 2 punten af van de database." in output

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert f"Hersteld: niet (meer) zichtbaar, maar wel in de index: Interventie {race.pk}" in out.getvalue()
    assert out.getvalue().endswith("Klaar.\n")
    assert not SearchEntry.objects.filter(kind="intervention", object_id=race.pk).exists()
    # Nothing names the race any more, and the word leaves the suggestions.
    assert hit_urls(visitor.get(SEARCH, {"q": WORD})) == []
    assert not SearchWord.objects.filter(word=WORD).exists()
    assert check() == (0, "De zoekindex klopt met de database.\n")


def test_the_check_finds_a_title_changed_by_raw_sql_and_the_repair_indexes_it(visitor, race):
    table = Intervention._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET title = %s WHERE id = %s", ["Kartrace in de wijk", race.pk])
    assert hit_urls(visitor.get(SEARCH, {"q": "kartrace"})) == []

    code, output = check()

    assert code == 1
    assert f"Verouderde tekst in de index: Interventie {race.pk} “Kartrace in de wijk”" in output

    dry_run = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=dry_run)
    assert dry_run.getvalue().endswith("Proefdraaien: de oude index is behouden.\n")
    assert check()[0] == 1

    call_command("rebuild_search_index", stdout=StringIO())

    assert hit_urls(visitor.get(SEARCH, {"q": "kartrace"})) == [URL, "/lessen/4/"]
    assert check()[0] == 0


def test_the_check_finds_a_published_intervention_missing_from_the_index(visitor, race):
    Intervention.objects.filter(slug="weekendschool").update(publication_status=Intervention.PublicationStatus.DRAFT)
    call_command("rebuild_search_index", stdout=StringIO())
    # Published again without signals: visible, but the index does not know it.
    Intervention.objects.filter(slug="weekendschool").update(
        publication_status=Intervention.PublicationStatus.PUBLISHED
    )
    weekendschool = Intervention.objects.get(slug="weekendschool")

    code, output = check()

    assert code == 1
    assert f"Zichtbaar, maar niet in de index: Interventie {weekendschool.pk} “Weekendschool”" in output
    call_command("rebuild_search_index", stdout=StringIO())
    assert "/interventies/weekendschool/" in hit_urls(visitor.get(SEARCH, {"q": "weekendschool"}))


def test_a_lesson_deleted_by_raw_sql_is_not_found_and_the_check_reports_it(visitor):
    lesson = Lesson.objects.create(
        number=42, title="Zeepkisten in de klas", text="Over zeepkisten.", source=Lesson.objects.first().source
    )
    assert hit_urls(visitor.get(SEARCH, {"q": "zeepkisten"})) == ["/lessen/42/"]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Lesson._meta.db_table} WHERE id = %s", [lesson.pk])

    assert hit_urls(visitor.get(SEARCH, {"q": "zeepkisten"})) == []
    assert "Lessen (0)" in page_text(visitor.get(SEARCH, {"q": "zeepkisten"}))
    code, output = check()
    assert code == 1
    assert f"Niet (meer) zichtbaar, maar wel in de index: Les {lesson.pk} “Les 42: Zeepkisten in de klas”" in output


def test_a_full_rebuild_is_still_there(race):
    unpublish_without_signals(race)
    out = StringIO()

    call_command("rebuild_search_index", "--full", stdout=out)

    assert out.getvalue().startswith("Interventies: ")
    assert not SearchEntry.objects.filter(kind="intervention", object_id=race.pk).exists()
    assert check()[0] == 0
