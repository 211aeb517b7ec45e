"""/vergelijk/: two or three interventions side by side."""

import pytest

from interventions.models import Intervention
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

COMPARE = "/vergelijk/"


def column_titles(response):
    return [item.title for item in response.context["chosen"]]


def test_visitor_compares_three_interventions_side_by_side(visitor):
    response = visitor.get(COMPARE, {"id": ["g-town", "weekendschool", "de-kracht-van-de-moedertaal"]})
    assert response.status_code == 200
    assert column_titles(response) == [
        "G-Town: jongeren leren zichzelf en de ander kennen",
        "Weekendschool",
        "De kracht van de moedertaal",
    ]
    text = page_text(response)
    assert "Plaats Gorinchem Súdwest-Fryslân Helmond" in text
    assert (
        "Bereik meer dan 400 leerlingen uit de tweede klas van zes verschillende scholen niet vermeld niet vermeld"
        in text
    )
    assert "Op Kindcentrum Rijpelberg in Helmond spreekt 69 procent van de kinderen thuis een andere taal" in text
    body = response.content.decode()
    assert body.count('<th scope="col">') == 3
    assert '<th scope="row">Opbrengsten</th>' in body


def test_one_choice_shows_the_picker_with_it_ticked(visitor):
    response = visitor.get(COMPARE, {"id": "g-town"})
    body = response.content.decode()
    assert 'id="c-g-town" name="id" value="g-town" checked' in body
    assert 'id="c-weekendschool" name="id" value="weekendschool">' in body
    assert "Kies twee of drie interventies" in page_text(response)


def test_unknown_repeated_and_too_many_choices_are_reported(visitor):
    response = visitor.get(
        COMPARE, {"id": ["g-town", "g-town", "bestaat-niet", "weekendschool", "ouderconsulent", "verbindende-aanpak"]}
    )
    text = page_text(response)
    assert "U kunt drie interventies tegelijk vergelijken; de eerste drie worden getoond." in text
    assert "Interventie ‘bestaat-niet’ bestaat niet en is genegeerd." in text
    assert column_titles(response) == ["G-Town: jongeren leren zichzelf en de ander kennen", "Weekendschool"]


def test_a_draft_cannot_be_compared(visitor):
    Intervention.objects.filter(slug="weekendschool").update(publication_status="draft")
    response = visitor.get(COMPARE, {"id": ["g-town", "weekendschool"]})
    assert column_titles(response) == ["G-Town: jongeren leren zichzelf en de ander kennen"]
    assert "Interventie ‘weekendschool’ bestaat niet en is genegeerd." in page_text(response)


def test_compare_page_uses_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    # The interventions, their places with provinces, themes, target groups, people, quotes, speakers, tips;
    # and the footer's source publications.
    with django_assert_num_queries(9):
        visitor.get(COMPARE, {"id": ["g-town", "weekendschool", "ouderconsulent"]})


def test_detail_page_offers_to_compare(visitor):
    assert 'href="/vergelijk/?id=g-town"' in visitor.get("/interventies/g-town/").content.decode()
