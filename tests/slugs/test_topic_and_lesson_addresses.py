"""The addresses of the lessons and the knowledge items stay: a renamed practice-card topic redirects from its
old slug, and what the sources number (lessons, insights, factors, meetup themes, solution directions) keeps
its number, so its address never moves and is never given to something else."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse

from knowledge.models import Factor, Insight, MeetupTheme, PracticeTopic, SolutionDirection
from lessons.models import Lesson
from slugs.services import slug_gone, slug_redirect
from tests.helpers.admin import admin_url, change_form_data, form_errors, inline_formset

pytestmark = pytest.mark.django_db

TOPIC = "belang-van-brede-samenwerking"
TAKEN = (
    "Het webadres “belang-van-brede-samenwerking” is eerder gebruikt door een ander item; het oude adres blijft "
    "daarheen verwijzen en wordt niet opnieuw uitgegeven. Kies een andere slug."
)


def fixed(field):
    return (
        f"Het veld “{field}” is deel van het webadres van dit item en ligt vast zodra het item bestaat, zodat "
        "links ernaar blijven werken. Het kan niet worden gewijzigd."
    )


NUMBER_FIXED = fixed("nummer")


# Practice-card topics, addressed by slug.


def test_editor_renames_a_topic_and_its_old_address_redirects_for_good(redacteur, visitor):
    topic = PracticeTopic.objects.get(slug=TOPIC)
    url = admin_url("knowledge.practicetopic", "change", topic.pk)
    data = change_form_data(redacteur.get(url))
    data["slug"] = "brede-samenwerking"

    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    old = visitor.get(f"/kennis/praktijkkaart/{TOPIC}/?utm_source=nieuwsbrief")
    assert old.status_code == 301
    assert old["Location"] == "/kennis/praktijkkaart/brede-samenwerking/?utm_source=nieuwsbrief"
    new = visitor.get(old["Location"])
    assert new.status_code == 200
    assert "Belang van brede samenwerking" in new.content.decode()
    assert slug_redirect(PracticeTopic, TOPIC) == topic


def test_another_topic_cannot_take_a_renamed_topics_old_slug(redacteur):
    renamed = PracticeTopic.objects.get(slug=TOPIC)
    renamed.slug = "brede-samenwerking"
    renamed.save()
    other = PracticeTopic.objects.get(slug="interventies-met-impact")
    url = admin_url("knowledge.practicetopic", "change", other.pk)
    data = change_form_data(redacteur.get(url))
    data["slug"] = TOPIC

    response = redacteur.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [TAKEN]
    other.refresh_from_db()
    assert other.slug == "interventies-met-impact"
    other.slug = TOPIC
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert refused.value.message_dict == {"slug": [TAKEN]}


def test_a_deleted_topics_address_answers_gone_and_its_slug_stays_taken(visitor):
    PracticeTopic.objects.get(slug=TOPIC).delete()

    response = visitor.get(f"/kennis/praktijkkaart/{TOPIC}/")

    assert response.status_code == 410
    assert "Deze pagina is verwijderd" in response.content.decode()
    assert slug_gone(PracticeTopic, TOPIC)
    assert visitor.get("/kennis/praktijkkaart/nooit-gebruikt/").status_code == 404


def test_a_topics_number_is_not_its_address_and_may_change():
    topic = PracticeTopic.objects.get(slug=TOPIC)
    topic.number = 9
    topic.full_clean()
    topic.save()

    assert PracticeTopic.objects.get(slug=TOPIC).number == 9


# What the sources number: the number is the address, fixed once the item exists.

NUMBERED = [
    ("lessons.lesson", lambda: Lesson.objects.get(number=3), "/lessen/3/"),
    ("knowledge.insight", lambda: Insight.objects.get(number=3), "/kennis/inzichten/3/"),
    ("knowledge.factor", lambda: Factor.objects.get(number=3), "/kennis/factoren/3/"),
]


@pytest.mark.parametrize(("label", "get", "address"), NUMBERED, ids=[label for label, *_ in NUMBERED])
def test_editor_sees_the_number_read_only_in_its_place_and_a_posted_number_changes_nothing(
    redacteur, visitor, label, get, address
):
    item = get()
    url = admin_url(label, "change", item.pk)
    page = redacteur.get(url)
    adminform = page.context["adminform"]

    assert "number" not in adminform.form.fields
    assert [field for _, options in adminform.fieldsets for field in options["fields"]][0] == "number"
    assert '<div class="readonly">3</div>' in page.content.decode()

    data = change_form_data(page)
    data["number"] = "42"
    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    item.refresh_from_db()
    assert item.number == 3
    assert visitor.get(address).status_code == 200
    assert visitor.get(address.replace("/3/", "/42/")).status_code == 404


def test_the_add_form_still_asks_for_the_number(redacteur):
    page = redacteur.get(admin_url("lessons.lesson", "add"))

    assert "number" in page.context["adminform"].form.fields
    assert page.context["adminform"].readonly_fields == ()


@pytest.mark.parametrize(("label", "get", "address"), NUMBERED, ids=[label for label, *_ in NUMBERED])
def test_the_model_refuses_a_new_number_in_full_clean_and_save(label, get, address):
    item = get()
    item.number = 42

    with pytest.raises(ValidationError) as cleaned:
        item.full_clean()
    with pytest.raises(ValidationError) as saved:
        item.save()

    assert cleaned.value.message_dict == {"number": [NUMBER_FIXED]}
    assert saved.value.message_dict == {"number": [NUMBER_FIXED]}
    assert type(item).objects.filter(number=3).exists()
    assert not type(item).objects.filter(number=42).exists()


def test_a_lesson_built_by_hand_over_a_stored_one_cannot_move_it():
    stored = Lesson.objects.get(number=3)
    copy = Lesson(pk=stored.pk, number=42, title=stored.title, text=stored.text, source=stored.source)

    with pytest.raises(ValidationError) as saved:
        copy.save()

    assert saved.value.message_dict == {"number": [NUMBER_FIXED]}
    assert Lesson.objects.get(pk=stored.pk).number == 3


def test_a_new_lesson_takes_a_number_and_an_edit_that_keeps_it_is_saved(visitor):
    three = Lesson.objects.get(number=3)
    new = Lesson(number=11, title="Een elfde les", text="Tekst van de redactie.", source=three.source)
    new.full_clean()
    new.save()
    new.title = "Een elfde les, herzien"
    new.full_clean()
    new.save()
    three.title = "Een nieuwe titel voor les 3"
    three.save()

    assert visitor.get("/lessen/11/").status_code == 200
    assert Lesson.objects.get(number=3).title == "Een nieuwe titel voor les 3"


@pytest.mark.parametrize(
    ("update", "field"),
    [
        (lambda: Lesson.objects.filter(number=3).update(number=42), "nummer"),
        (lambda: Insight.objects.update(number=F("number") + 10), "nummer"),
        (lambda: Factor.objects.filter(number=3).update(number=42, name="Anders"), "nummer"),
        (lambda: MeetupTheme.objects.filter(number=1).update(number=4), "nummer"),
        (
            lambda: SolutionDirection.objects.filter(meetup_theme__number=1, number=4).update(number=9),
            "nummer binnen het thema",
        ),
    ],
    ids=["lesson", "insights", "factor", "meetup-theme", "direction"],
)
def test_a_bulk_update_of_a_number_is_refused(update, field):
    models = (Lesson, Insight, Factor, MeetupTheme, SolutionDirection)
    before = {model: sorted(model.objects.values_list("pk", "number")) for model in models}

    with pytest.raises(ValidationError) as refused:
        update()

    assert refused.value.message_dict == {"number": [fixed(field)]}
    assert {model: sorted(model.objects.values_list("pk", "number")) for model in models} == before
    assert Factor.objects.get(number=3).name != "Anders"


def test_a_bulk_update_without_a_number_still_works():
    assert Lesson.objects.filter(number=3).update(title="Les drie") == 1
    assert Lesson.objects.get(number=3).title == "Les drie"


def test_a_solution_directions_theme_and_number_are_its_address(redacteur, visitor):
    direction = SolutionDirection.objects.get(meetup_theme__number=1, number=4)
    page = redacteur.get(admin_url("knowledge.solutiondirection", "change", direction.pk))

    assert {"meetup_theme", "number"} <= set(page.context["adminform"].readonly_fields)
    assert not {"meetup_theme", "number"} & set(page.context["adminform"].form.fields)

    direction.meetup_theme = MeetupTheme.objects.get(number=2)
    direction.number = 9
    with pytest.raises(ValidationError) as cleaned:
        direction.full_clean()
    assert cleaned.value.message_dict == {
        "meetup_theme": [fixed("meetup-thema")],
        "number": [fixed("nummer binnen het thema")],
    }
    with pytest.raises(ValidationError):
        direction.save()
    assert visitor.get("/kennis/oplossingsrichtingen/1-4/").status_code == 200
    with pytest.raises(ValidationError) as moved:
        SolutionDirection.objects.filter(pk=direction.pk).update(meetup_theme=MeetupTheme.objects.get(number=2))
    assert moved.value.message_dict == {"meetup_theme": [fixed("meetup-thema")]}


def test_on_a_meetup_themes_page_stored_directions_keep_their_number_and_a_new_one_takes_one(redacteur):
    theme = MeetupTheme.objects.get(number=1)
    url = admin_url("knowledge.meetuptheme", "change", theme.pk)
    page = redacteur.get(url)
    directions = inline_formset(page, SolutionDirection)

    assert page.context["adminform"].readonly_fields == ("number",)
    assert all(form.fields["number"].disabled for form in directions.forms)
    assert not directions.empty_form.fields["number"].disabled

    data = change_form_data(page)
    prefix = directions.prefix
    first = directions.forms[0].instance
    data[f"{prefix}-0-number"] = "9"
    count = directions.initial_form_count()
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": count + 1,
            f"{prefix}-{count}-number": "8",
            f"{prefix}-{count}-title": "Een nieuwe richting",
            f"{prefix}-{count}-text": "Tekst van de redactie.",
        }
    )
    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    first.refresh_from_db()
    assert first.number == 1
    assert SolutionDirection.objects.get(meetup_theme=theme, number=8).title == "Een nieuwe richting"
    assert redacteur.get(reverse("knowledge:direction", args=[1, 8])).status_code == 200
