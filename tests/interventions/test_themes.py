"""/themas/ and a theme's page: the six themes, their interventions and the knowledge that belongs to each."""

import pytest

from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db


def test_theme_page_lists_its_interventions(visitor):
    response = visitor.get("/themas/talentontwikkeling/")
    assert sorted(card_slugs(response)) == [
        "als-ik-later-groot-ben-en-dare-to-dream-036",
        "g-town",
        "het-bevorderen-van-non-cognitieve-vaardigheden",
        "weekendschool",
    ]
    text = page_text(response)
    assert "Thema: Talentontwikkeling" in text
    assert "4 interventies" in text
    assert 'href="/interventies/?thema=talentontwikkeling"' in response.content.decode()


def test_themes_page_shows_the_six_themes_with_counts(visitor):
    text = page_text(visitor.get("/themas/"))
    assert (
        "Meertaligheid De thuistaal van kinderen als kracht inzetten bij het leren van het Nederlands. 1 interventie"
        in (text)
    )
    assert "Verbinding school, thuis & omgeving" in text


def test_theme_page_shows_the_knowledge_that_belongs_to_it(visitor):
    text = page_text(visitor.get("/themas/meertaligheid/"))
    assert "Kennis bij dit thema" in text
    assert "Inzichten 7. Taal voor de toekomst" in text
    assert (
        "Oplossingsrichtingen 1.4 Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse "
        "taalachterstand" in text
    )
