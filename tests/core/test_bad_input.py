"""Hand-edited, shared or hostile URLs get a normal page that says what was ignored, never a 500."""

import pytest
from django.urls import reverse

from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")


def test_unknown_filter_value_is_ignored_and_reported(visitor):
    response = visitor.get(f"{LIST}?thema=bestaat-niet")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25
    assert "Onbekende waarde ‘bestaat-niet’ voor thema is genegeerd." in page_text(response)


def test_known_values_still_apply_next_to_an_unknown_one(visitor):
    response = visitor.get(f"{LIST}?thema=meertaligheid&thema=onzin&provincie=atlantis")
    assert response.status_code == 200
    assert card_slugs(response) == ["de-kracht-van-de-moedertaal"]
    text = page_text(response)
    assert "Onbekende waarde ‘onzin’ voor thema is genegeerd." in text
    assert "Onbekende waarde ‘atlantis’ voor provincie is genegeerd." in text


def test_repeated_values_count_once(visitor):
    response = visitor.get(f"{LIST}?status=pilot&status=pilot&status=PILOT")
    assert response.status_code == 200
    assert sorted(card_slugs(response)) == [
        "de-kracht-van-de-moedertaal",
        "ouderconsulent",
        "rotterdams-goud",
    ]
    assert "genegeerd" not in page_text(response)


def test_unknown_sort_order_falls_back_to_title(visitor):
    response = visitor.get(f"{LIST}?sorteer=willekeurig")
    assert response.status_code == 200
    assert card_slugs(response)[0] == "als-ik-later-groot-ben-en-dare-to-dream-036"
    assert "Onbekende waarde ‘willekeurig’ voor sortering is genegeerd." in page_text(response)


def test_two_sort_orders_use_the_first(visitor):
    response = visitor.get(f"{LIST}?sorteer=nieuwste&sorteer=titel")
    assert card_slugs(response)[0] == "ouderconsulent"
    assert "Er kan maar één sortering gekozen worden; ‘Nieuwste eerst (op startjaar)’ is gebruikt." in page_text(
        response
    )


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("abc", 1, "‘abc’ is geen geldig paginanummer; pagina 1 wordt getoond."),
        ("0", 1, "‘0’ is geen geldig paginanummer; pagina 1 wordt getoond."),
        ("-3", 1, "‘-3’ is geen geldig paginanummer; pagina 1 wordt getoond."),
        ("1.5", 1, "‘1.5’ is geen geldig paginanummer; pagina 1 wordt getoond."),
        # 25 interventions, twelve to a page: three pages.
        ("99", 3, "Pagina 99 bestaat niet; de laatste pagina (3) wordt getoond."),
        ("9" * 5000, 1, "is geen geldig paginanummer; pagina 1 wordt getoond."),
        ("9" * 40, 3, "bestaat niet; de laatste pagina (3) wordt getoond."),
    ],
)
def test_impossible_page_number_shows_the_nearest_page(visitor, page, shown, notice):
    response = visitor.get(LIST, {"pagina": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert notice in page_text(response)


def test_page_beyond_the_end_of_an_empty_result_shows_the_empty_page(visitor):
    response = visitor.get(f"{LIST}?status=afgerond&pagina=3")
    assert response.status_code == 200
    assert card_slugs(response) == []
    assert "Geen interventies gevonden met deze filters." in page_text(response)


def test_repeated_page_parameter_uses_the_first(visitor):
    response = visitor.get(f"{LIST}?pagina=2&pagina=1")
    assert response.context["page"].number == 2
    assert "Er werd meer dan één paginanummer gevraagd; het eerste is gebruikt." in page_text(response)


def test_very_long_search_is_shortened_and_reported(visitor):
    response = visitor.get(LIST, {"q": "ouders " * 800})
    assert response.status_code == 200
    assert "Uw zoekopdracht was langer dan 200 tekens en is ingekort." in page_text(response)
    assert response.context["form"].cleaned_data["q"] == ("ouders " * 800)[:200]


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert('x')</script>",
        "'; DROP TABLE interventions_intervention; --",
        "% _ \\ ' \" & | ! ( ) : * NEAR AND OR NOT",
        "ouders\x00\x07\x1b",
        "ژ 中文 кириллица 🧑‍🏫",
    ],
)
def test_hostile_search_text_gets_a_normal_escaped_page(visitor, query):
    response = visitor.get(LIST, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "\x00" not in body


def test_control_characters_are_removed_before_searching(visitor):
    response = visitor.get(LIST, {"q": "moeder\x00taal"})
    assert card_slugs(response) == ["de-kracht-van-de-moedertaal"]


def test_very_long_filter_value_is_cut_in_the_notice(visitor):
    response = visitor.get(LIST, {"gemeente": "x" * 3000})
    assert response.status_code == 200
    assert "Onbekende waarde ‘" + "x" * 40 + "…’ voor gemeente is genegeerd." in page_text(response)


def test_too_many_values_for_one_filter_are_capped(visitor):
    response = visitor.get(LIST, {"thema": ["meertaligheid"] + [f"onbekend-{n}" for n in range(60)]})
    assert response.status_code == 200
    assert card_slugs(response) == ["de-kracht-van-de-moedertaal"]
    assert "Alleen de eerste 30 waarden voor thema zijn gebruikt." in page_text(response)


def test_a_flood_of_parameters_gets_a_dutch_400_page(visitor):
    query = "&".join(f"x{n}=1" for n in range(500))
    response = visitor.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in page_text(response)


def test_unknown_parameters_are_simply_ignored(visitor):
    response = visitor.get(f"{LIST}?utm_source=nieuwsbrief&fbclid=abc")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25


@pytest.mark.parametrize(
    "url",
    [
        "/interventies/bestaat-niet/",
        "/themas/bestaat-niet/",
        "/provincies/atlantis/",
        "/regios/midden-nederland/",
        "/gemeenten/atlantis/",
        "/lessen/0/",
        "/lessen/11/",
        "/lessen/99999999999999999999999/",
        "/lessen/een/",
        "/bestaat-niet/",
    ],
)
def test_unknown_address_gets_a_friendly_dutch_404(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 404
    text = page_text(response)
    assert "Deze pagina bestaat niet" in text
    assert "Bekijk alle interventies" in text


def test_place_and_theme_pages_also_correct_an_impossible_page(visitor):
    response = visitor.get("/themas/verbinding-school-thuis-omgeving/?pagina=7")
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Pagina 7 bestaat niet; de laatste pagina (1) wordt getoond." in page_text(response)
