"""The API's interventions: the same entries as /interventies/, and everything the detail page shows."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, Theme
from tests.helpers.pages import card_slugs
from tests.interventions.test_exports import FILTERS, PARKSTAD, list_slugs

pytestmark = pytest.mark.django_db

LIST = "/api/v1/interventies"


def api_slugs(visitor, params):
    """Every entry the API lists for `params`, following `next` from page to page."""
    slugs, url, data = [], LIST, params
    while url:
        body = visitor.get(url, data).json()
        slugs += [item["slug"] for item in body["results"]]
        url, data = body["next"], None
    return slugs, body


@pytest.mark.parametrize("params", FILTERS, ids=lambda params: "&".join(params) or "no filter")
def test_api_list_holds_the_list_pages_entries_in_the_same_order(visitor, params):
    shown = list_slugs(visitor, params)
    assert shown, "each combination finds something, so the order is tested"
    listed, last = api_slugs(visitor, params)
    assert listed == shown
    assert last["count"] == len(shown)


def test_api_page_n_is_the_list_pages_page_n(visitor):
    html = visitor.get("/interventies/", {"pagina": 2})
    api = visitor.get(LIST, {"pagina": 2}).json()
    assert [item["slug"] for item in api["results"]] == card_slugs(html)
    assert api["previous"] == "http://testserver/api/v1/interventies"
    assert api["next"] == ("http://testserver/api/v1/interventies?pagina=3" if api["count"] > 24 else None)


def test_next_and_previous_keep_the_filters(visitor):
    body = visitor.get(LIST, {"sorteer": "titel", "soort": "interventie"}).json()
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/interventies?sorteer=titel&soort=interventie&pagina=2"


def test_only_published_interventions_are_listed_or_shown(visitor):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    parkstad.publication_status = Intervention.PublicationStatus.DRAFT
    parkstad.save()
    listed, body = api_slugs(visitor, {})
    assert PARKSTAD not in listed
    assert body["count"] == Intervention.objects.published().count()
    response = visitor.get(f"{LIST}/{PARKSTAD}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Dit item bestaat niet of is niet openbaar.",
        "instance": f"/api/v1/interventies/{PARKSTAD}",
    }


def test_a_staff_member_gets_no_drafts_from_the_api_either(redacteur):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    parkstad.publication_status = Intervention.PublicationStatus.REVIEW
    parkstad.save()
    # The editor may preview the draft's page, but the API shows only what is public.
    assert redacteur.get(f"/interventies/{PARKSTAD}/").status_code == 200
    assert redacteur.get(f"{LIST}/{PARKSTAD}").status_code == 404


def test_detail_has_everything_the_page_shows(visitor):
    item = visitor.get(f"{LIST}/{PARKSTAD}").json()
    assert item["titel"] == "Een soepele en succesvolle overstap van po naar vo"
    assert item["url"] == f"http://testserver/interventies/{PARKSTAD}/"
    assert [place["naam"] for place in item["gemeenten"]] == ["Brunssum", "Heerlen", "Kerkrade", "Landgraaf"]
    assert item["provincies"] == [
        {"slug": "limburg", "naam": "Limburg", "url": "http://testserver/provincies/limburg/"}
    ]
    assert [region["slug"] for region in item["regios"]] == ["zuid-nederland"]
    assert [theme["slug"] for theme in item["themas"]] == ["soepele-overgang"]
    assert [group["naam"] for group in item["doelgroepen"]] == ["Primair onderwijs", "Voortgezet onderwijs", "Ouders"]
    assert item["personen"] == [
        {
            "naam": "Wim Horsch",
            "functie": "Strategisch Adviseur College van Bestuur van Stichting Voortgezet Onderwijs Parkstad Limburg",
            "organisatie": None,
            "geportretteerd": True,
        }
    ]
    assert item["citaten"][0]["tekst"] == (
        "Partners moeten elkaar kunnen vinden, met elkaar leren praten en vanuit de eigen professionaliteit "
        "met elkaar samenwerken."
    )
    assert item["citaten"][0]["uitgelicht"] is True
    assert item["leestips"] == [
        {"titel": "Gemeente Kerkrade | Gelijke kansen", "url": None},
        {"titel": "Parkstad Scholen | Naar het voortgezet onderwijs in Parkstad", "url": None},
    ]
    assert [lesson["nummer"] for lesson in item["lessen"]][:2] == [3, 7]
    assert item["lessen"][0]["reden_redactie"] == (
        "In plaats van te kijken naar wat er volgens de procedures niet kan, wordt gekeken naar wat wel kan, "
        "ondanks de regels; zo wordt gezocht naar de beste oplossing voor het kind of gezin."
    )
    assert item["factoren"][0]["nummer"] == 10
    assert item["factoren"][0]["naam"] == "Financiële middelen"
    assert item["factoren"][0]["niveau"] == {"code": "familie", "naam": "Familie"}
    assert item["factoren"][0]["url"] == "http://testserver/kennis/factoren/10/"
    assert [direction["code"] for direction in item["oplossingsrichtingen"]][:2] == ["2.1", "2.4"]
    assert item["bron"] == {
        "titel": "Land vol kansen",
        "uitgever": "Gelijke Kansen Alliantie, ministerie van Onderwijs, Cultuur en Wetenschap",
        "jaar": None,
        "url": None,
    }
    page = visitor.get(f"/interventies/{PARKSTAD}/").content.decode()
    for text in [item["context"].split("\n")[0][:80], item["aanpak"].split("\n")[0][:80]]:
        assert text in page


def test_what_the_source_does_not_say_is_null(visitor):
    item = visitor.get(f"{LIST}/{PARKSTAD}").json()
    assert item["status"] is None
    assert item["startjaar"] is None
    assert item["bereik"] is None
    assert item["afbeelding"] is None
    assert item["video_url"] is None


def test_the_editors_reasons_are_marked_as_theirs_in_the_document(visitor):
    schema = visitor.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ["LessonLink", "FactorLink", "DirectionLink", "IllustrationRef"]:
        assert schema[name]["properties"]["reden_redactie"]["description"] == (
            "Door de redactie van de kennisbank geschreven, niet uit de bron."
        )


def test_a_renamed_intervention_answers_301_at_its_old_api_address(visitor):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    parkstad.slug = "overstap-parkstad"
    parkstad.save()
    response = visitor.get(f"{LIST}/{PARKSTAD}?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/interventies/overstap-parkstad?x=1"
    assert visitor.get(response["Location"]).json()["slug"] == "overstap-parkstad"


def test_a_deleted_intervention_answers_410(visitor):
    Intervention.objects.get(slug=PARKSTAD).delete()
    response = visitor.get(f"{LIST}/{PARKSTAD}")
    assert response.status_code == 410
    assert response.json()["title"] == "Verdwenen"


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"thema": "bestaat-niet"}, "Onbekende waarde ‘bestaat-niet’ voor thema is genegeerd."),
        ({"pagina": "999"}, "Pagina 999 bestaat niet; de laatste pagina"),
        ({"pagina": "twee"}, "‘twee’ is geen geldig paginanummer; pagina 1 wordt getoond."),
        ({"onzin": "1"}, "Parameter ‘onzin’ bestaat niet en is genegeerd."),
        ({"sorteer": ["titel", "nieuwste"]}, "Er kan maar één sortering gekozen worden"),
        ({"q": "x" * 5000}, ""),
    ],
    ids=["unknown theme", "page too far", "page not a number", "unknown parameter", "two sorts", "huge search"],
)
def test_bad_input_gets_the_lists_notices_in_the_json(visitor, params, notice):
    response = visitor.get(LIST, params)
    assert response.status_code == 200
    notices = response.json()["meldingen"]
    assert notices, "something was ignored, so the answer says what"
    assert any(notice in text for text in notices), notices
    page = visitor.get("/interventies/", params).content.decode()
    for text in notices:
        if not text.startswith("Parameter"):  # the page drops unknown parameters without a word
            assert text.split("’")[0].replace("‘", "&lsquo;") in page or text.split("’")[0] in page


def test_unknown_theme_is_ignored_and_the_rest_still_filters(visitor):
    body = visitor.get(LIST, {"thema": ["bestaat-niet", "soepele-overgang"]}).json()
    expected = Intervention.objects.published().filter(themes=Theme.objects.get(slug="soepele-overgang")).count()
    assert body["count"] == expected


def test_list_costs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    visitor.get(LIST)  # content types and the content version cached
    # The options of the six filters whose values the form checks (as on the page), the count, the page with
    # its municipalities (with province and region), themes and target groups, and the content version
    # (Last-Modified).
    with django_assert_num_queries(12):
        assert visitor.get(LIST, {"thema": "soepele-overgang"}).status_code == 200


def test_detail_costs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    visitor.get(f"{LIST}/{PARKSTAD}")
    # The intervention; its municipalities, themes, target groups, people, quotes and their speakers,
    # reading tips, factor and direction links, lesson illustrations; the content version (Last-Modified).
    with django_assert_num_queries(12):
        assert visitor.get(f"{LIST}/{PARKSTAD}").status_code == 200


def test_every_item_links_its_page_and_its_api_address(visitor):
    for item in visitor.get(LIST).json()["results"]:
        assert item["url"] == "http://testserver" + reverse("interventions:detail", args=[item["slug"]])
        assert item["api_url"] == f"http://testserver/api/v1/interventies/{item['slug']}"


def test_addresses_use_the_sites_own_address_when_set(visitor, settings):
    settings.SITE_URL = "https://kennisbank.example"
    item = visitor.get(LIST).json()["results"][0]
    assert item["url"].startswith("https://kennisbank.example/interventies/")
    assert item["api_url"].startswith("https://kennisbank.example/api/v1/interventies/")
