"""/lessen/ and a lesson's page: the ten lessons, numbered, with the interventions that illustrate them."""

import pytest

from tests.helpers.pages import card_slugs, missing, page_text

pytestmark = pytest.mark.django_db


def test_lessons_page_shows_all_ten_numbered_and_anchored(visitor):
    response = visitor.get("/lessen/")
    body = response.content.decode()
    for number in range(1, 11):
        assert f'id="les-{number}"' in body
        assert f'href="#les-{number}"' in body
    assert "Te zien in (koppeling door de redactie): Als ik later groot ben & Dare to Dream 036." in page_text(response)


def test_lesson_page_shows_its_interventions_with_reasons_and_neighbours(visitor):
    response = visitor.get("/lessen/8/")
    assert card_slugs(response) == ["g-town"]
    assert not missing(
        page_text(response),
        "Ga ongemak niet uit de weg",
        "Wrijving leidt tot glans.",
        "Toelichting van de redactie: De aanpak is bewust confronterend: het doel is niet om ongemak te vermijden",
        "Vorige: les 7, Zorg goed voor je eigen mensen",
        "Volgende: les 9, Betrek ouders als volwaardige partner en werk met hen samen",
    )
