"""A province's, a region's and a municipality's page list the interventions there."""

import pytest

from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db


def test_province_region_and_municipality_pages_list_their_interventions(visitor):
    assert card_slugs(visitor.get("/provincies/fryslan/")) == ["het-succes-van-de-wijkaanpak", "weekendschool"]
    region = visitor.get("/regios/oost-nederland/")
    assert card_slugs(region) == [
        "als-ik-later-groot-ben-en-dare-to-dream-036",
        "community-armoede",  # three of its schools are in Enschede
        "de-twentse-belofte-interprofessioneel-werken",
        "ouderconsulent",
    ]
    assert "Provincies in deze regio: Flevoland, Gelderland, Overijssel." in page_text(region)
    municipality = visitor.get("/gemeenten/den-bosch/")
    assert card_slugs(municipality) == ["community-aanpak-gelijke-kansen"]
    assert "Gemeente Den Bosch ('s-Hertogenbosch)" in page_text(municipality)


def test_municipality_page_says_when_the_source_states_gka_membership(visitor):
    gouda = page_text(visitor.get("/gemeenten/gouda/"))
    assert "De gemeente is aangesloten bij de Gelijke Kansen Alliantie sinds 2020." in gouda
    amsterdam = page_text(visitor.get("/gemeenten/amsterdam/"))
    assert "De gemeente is aangesloten bij de Gelijke Kansen Alliantie." in amsterdam
    # Hoorn has a story in the bundle, and every place there works from its own GKA agenda: a member, year unknown.
    assert "De gemeente is aangesloten bij de Gelijke Kansen Alliantie." in page_text(visitor.get("/gemeenten/hoorn/"))
    # The sources do not say whether Soest joined: the page says nothing either way.
    assert "aangesloten" not in page_text(visitor.get("/gemeenten/soest/"))


def test_province_without_interventions_says_so(visitor):
    text = page_text(visitor.get("/provincies/zeeland/"))
    assert "0 interventies" in text
    assert "Er zijn (nog) geen interventies." in text
