"""Every public page answers and shows what a visitor comes for."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, Theme
from lessons.models import Lesson
from municipalities.models import Municipality, Province, Region
from tests.helpers import card_slugs, page_text

pytestmark = pytest.mark.django_db


def every_public_url():
    yield "/"
    yield reverse("interventions:list")
    yield reverse("interventions:themes")
    yield reverse("lessons:list")
    for model in [Intervention, Theme, Province, Region, Municipality, Lesson]:
        for obj in model.objects.all():
            yield obj.get_absolute_url()


def test_every_public_page_answers_200_with_a_unique_title(visitor):
    titles = {}
    for url in every_public_url():
        response = visitor.get(url)
        assert response.status_code == 200, url
        title = response.content.decode().split("<title>")[1].split("</title>")[0]
        assert title not in titles, f"{url} has the same <title> as {titles.get(title)}"
        titles[title] = url
    # Interventions: the bundle's 15 and the 2020 report's 10; municipalities: 18 of the bundle, 18 of the report.
    assert len(titles) == 4 + 25 + 6 + 12 + 4 + 36 + 10


def test_home_shows_what_the_portal_is_themes_interventions_lessons_and_search(visitor):
    response = visitor.get("/")
    text = page_text(response)
    assert "Deze kennisbank laat zien wat zij deden, wie het deden en wat ze ervan leerden: 25 interventies" in text
    for theme in Theme.objects.all():
        assert theme.name in text
    # "Interventies uit de bundel": the bundle's first six stories in its order, none from the 2020 report.
    assert card_slugs(response) == [
        "g-town",
        "social-worker-in-het-primair-onderwijs",
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
        "de-twentse-belofte-interprofessioneel-werken",
        "weekendschool",
        "verbindende-aanpak",
    ]
    for lesson in Lesson.objects.all():
        assert lesson.title in text
    assert 'role="search"' in response.content.decode()


def test_detail_page_shows_place_themes_target_groups_and_facts(visitor):
    text = page_text(visitor.get("/interventies/social-worker-in-het-primair-onderwijs/"))
    assert "Social worker in het primair onderwijs" in text
    assert "Provincie Utrecht (regio West-Nederland)" in text
    assert "Thema's Verbinding school, thuis & omgeving" in text
    assert "Doelgroepen Jonge kind en voorschool, Primair onderwijs, Ouders" in text
    assert "Gestart 2020" in text
    assert "Status Ingebed" in text
    assert "Bereik 15 deelnemende scholen en 4 VVE-locaties" in text
    assert "Bron: Land vol kansen" in text


def test_detail_page_of_parkstad_names_its_four_municipalities(visitor):
    text = page_text(visitor.get("/interventies/een-soepele-en-succesvolle-overstap-van-po-naar-vo/"))
    assert "Brunssum, Heerlen, Kerkrade, Landgraaf" in text
    assert "Provincie Limburg (regio Zuid-Nederland)" in text


def test_detail_page_leaves_out_facts_the_source_does_not_give(visitor):
    text = page_text(visitor.get("/interventies/wegwijs-in-gedrag/"))
    assert "Gestart" not in text
    assert "Status" not in text
    assert "Bereik" not in text


def test_detail_page_shows_who_to_contact(visitor):
    response = visitor.get("/interventies/ouderconsulent/")
    text = page_text(response)
    assert "Marca van Empelen Directeur Kindcentrum Oersprong" in text
    assert "Lisanne te Kaat" in text and "genoemd in het verhaal" in text
    assert 'href="mailto:gelijkekansen@minocw.nl"' in response.content.decode()


def test_detail_page_links_the_lessons_it_illustrates_with_the_reason(visitor):
    response = visitor.get("/interventies/wegwijs-in-gedrag/")
    text = page_text(response)
    assert "Lessen uit deze interventie" in text
    assert "Les 1: Sluit aan op de belevingswereld van ouders en kinderen" in text
    assert "Les 5: Oefen met meervoudig perspectief" in text
    assert "De kern van de leergang is leren om meervoudig perspectief in te nemen" in text
    assert 'href="/lessen/5/"' in response.content.decode()


def test_detail_page_suggests_interventions_that_share_a_theme(visitor):
    response = visitor.get("/interventies/de-kracht-van-de-moedertaal/")
    # Helmond is the only Meertaligheid story: nothing shares its theme.
    assert list(response.context["related"]) == []
    response = visitor.get("/interventies/een-soepele-en-succesvolle-overstap-van-po-naar-vo/")
    # Three at most; Utrecht's agenda and De flexibele tutor (2020 report, places 2 and 3 in their source) also
    # have the theme Soepele overgang, so Samen van Start (place 11 in the bundle) no longer fits.
    assert [item.slug for item in response.context["related"]] == [
        "lesgeven-in-grootstedelijke-context",
        "de-flexibele-tutor",
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
    ]
    assert "Verwante interventies" in page_text(response)


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
    # The sources do not say whether Hoorn joined: the page says nothing either way.
    assert "aangesloten" not in page_text(visitor.get("/gemeenten/hoorn/"))


def test_province_without_interventions_says_so(visitor):
    text = page_text(visitor.get("/provincies/zeeland/"))
    assert "0 interventies" in text
    assert "Er zijn (nog) geen interventies." in text


def test_lessons_page_shows_all_ten_numbered_and_anchored(visitor):
    response = visitor.get("/lessen/")
    body = response.content.decode()
    for number in range(1, 11):
        assert f'id="les-{number}"' in body
        assert f'href="#les-{number}"' in body
    assert "Te zien in: Als ik later groot ben & Dare to Dream 036." in page_text(response)


def test_lesson_page_shows_its_interventions_with_reasons_and_neighbours(visitor):
    response = visitor.get("/lessen/8/")
    text = page_text(response)
    assert "Ga ongemak niet uit de weg" in text
    assert "Wrijving leidt tot glans." in text
    assert card_slugs(response) == ["g-town"]
    assert "Waarom: G-Town zoekt het ongemak bewust op" in text
    assert "Vorige: les 7, Zorg goed voor je eigen mensen" in text
    assert "Volgende: les 9, Betrek ouders als volwaardige partner en werk met hen samen" in text


def test_pages_are_dutch(visitor):
    body = visitor.get("/").content.decode()
    assert '<html lang="nl">' in body
    assert "Direct naar de inhoud" in body


def test_themes_appear_in_the_bundles_order(visitor):
    expected = [
        "Verbinding school, thuis & omgeving",
        "Talentontwikkeling",
        "Soepele overgang",
        "Professionalisering",
        "Meertaligheid",
        "Inclusief onderwijs",
    ]
    for url in ["/", "/themas/"]:
        text = page_text(visitor.get(url))
        positions = [text.index(name + " ") for name in expected]
        assert positions == sorted(positions), url


def test_theme_page_shows_the_knowledge_that_belongs_to_it(visitor):
    text = page_text(visitor.get("/themas/meertaligheid/"))
    assert "Kennis bij dit thema" in text
    assert "Inzichten 7. Taal voor de toekomst" in text
    assert (
        "Oplossingsrichtingen 1.4 Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse "
        "taalachterstand" in text
    )
