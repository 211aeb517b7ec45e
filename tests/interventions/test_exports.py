"""Downloading the intervention list: /interventies/export.csv and /interventies/export.json."""

import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core import pagecache
from interventions.models import Intervention, Theme
from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")
CSV = reverse("interventions:export_csv")
JSON = reverse("interventions:export_json")
HEADER = [
    "titel",
    "slug",
    "url",
    "soort",
    "status",
    "gemeenten",
    "provincies",
    "regio's",
    "thema's",
    "doelgroepen",
    "startjaar",
    "bron",
    "gepubliceerd_op",
    "laatst_gewijzigd",
]
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"
FILTERS = [
    {},
    {"thema": "soepele-overgang", "provincie": "limburg"},
    {"q": "ouders"},
    {"sorteer": "nieuwste"},
    {"soort": "community"},
    {"thema": ["soepele-overgang", "talentontwikkeling"], "sorteer": "titel"},
    {"q": "overstap", "sorteer": "nieuwste"},
]


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:], newline=""), delimiter=";"))


def list_slugs(visitor, params):
    """Every card the list shows for `params`, page after page, in the order shown."""
    slugs, number = [], 1
    while True:
        response = visitor.get(LIST, {**params, "pagina": number})
        slugs += card_slugs(response)
        if number >= response.context["page"].paginator.num_pages:
            return slugs
        number += 1


@pytest.mark.parametrize("params", FILTERS, ids=lambda params: "&".join(params) or "no filter")
def test_downloads_hold_the_lists_entries_in_the_lists_order(visitor, params):
    shown = list_slugs(visitor, params)
    assert shown, "each combination finds something, so the order is tested"
    data = visitor.get(JSON, params).json()
    assert [row["slug"] for row in data["results"]] == shown
    assert data["count"] == len(shown)
    rows = read_csv(visitor.get(CSV, params))
    assert [row[1] for row in rows[1:]] == shown


def test_download_holds_every_entry_not_just_one_page(visitor):
    data = visitor.get(JSON).json()
    published = Intervention.objects.published().count()
    assert published > 12  # more than one page of the list
    assert data["count"] == len(data["results"]) == published


def test_csv_is_ready_for_a_dutch_excel(visitor):
    response = visitor.get(CSV, {"thema": "soepele-overgang"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gka-interventies.csv"'
    assert response.content.startswith(("\ufeff" + ";".join(HEADER) + "\r\n").encode())
    assert response.content.endswith(b"\r\n")
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert all(len(row) == len(HEADER) for row in rows)


def test_one_entry_as_the_data_holds_it(visitor):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    themes = "; ".join(parkstad.themes.values_list("name", flat=True))
    rows = {row[1]: dict(zip(HEADER, row, strict=True)) for row in read_csv(visitor.get(CSV))[1:]}
    row = rows[PARKSTAD]
    assert row["titel"] == parkstad.title
    assert row["url"] == f"http://testserver/interventies/{PARKSTAD}/"
    assert row["soort"] == parkstad.get_kind_display()
    assert row["thema's"] == themes
    assert row["bron"] == parkstad.source.title
    assert row["gepubliceerd_op"] == parkstad.published_at.date().isoformat()
    assert row["laatst_gewijzigd"] == parkstad.updated_at.date().isoformat()
    item = next(item for item in visitor.get(JSON).json()["results"] if item["slug"] == PARKSTAD)
    assert item["thema's"] == themes.split("; ")
    assert item["provincies"] == ["Limburg"]
    assert item["regio's"] == ["Zuid-Nederland"]
    assert item["startjaar"] == parkstad.start_year


def test_what_the_source_does_not_name_stays_empty(visitor):
    Intervention.objects.filter(slug=PARKSTAD).update(status="", start_year=None, source=None)
    item = next(item for item in visitor.get(JSON).json()["results"] if item["slug"] == PARKSTAD)
    assert (item["status"], item["startjaar"], item["bron"]) == (None, None, None)
    row = next(row for row in read_csv(visitor.get(CSV))[1:] if row[1] == PARKSTAD)
    assert (row[HEADER.index("status")], row[HEADER.index("startjaar")], row[HEADER.index("bron")]) == ("", "", "")


@override_settings(SITE_URL="https://kennisbank.example")
def test_addresses_use_the_sites_own_address_when_set(visitor):
    item = visitor.get(JSON).json()["results"][0]
    assert item["url"] == f"https://kennisbank.example/interventies/{item['slug']}/"


def test_csv_never_hands_a_spreadsheet_a_formula(visitor):
    Theme.objects.filter(slug="soepele-overgang").update(name='=HYPERLINK("http://example.org")')
    Intervention.objects.filter(slug=PARKSTAD).update(title="@SUM(A1:A9)")
    rows = read_csv(visitor.get(CSV, {"thema": "soepele-overgang"}))
    parkstad = next(row for row in rows if row[1] == PARKSTAD)
    assert parkstad[0] == "'@SUM(A1:A9)"
    assert parkstad[HEADER.index("thema's")].startswith('\'=HYPERLINK("http://example.org")')
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # The JSON is data, not a spreadsheet: it keeps the names as they are.
    item = next(item for item in visitor.get(JSON).json()["results"] if item["slug"] == PARKSTAD)
    assert item["titel"] == "@SUM(A1:A9)"


def test_json_answers_with_dutch_fields_and_readable_text(visitor):
    response = visitor.get(JSON, {"provincie": "fryslan"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Fryslân".encode() in response.content, "no \\u escapes for Dutch text"
    data = json.loads(response.content)
    assert list(data) == ["count", "notices", "results"]
    assert data["notices"] == []
    assert data["count"] >= 1
    assert all(list(item) == HEADER for item in data["results"])
    assert all(isinstance(item["gemeenten"], list) for item in data["results"])


def test_unknown_values_get_the_lists_notice(visitor):
    notice = "Onbekende waarde ‘bestaat-niet’ voor thema is genegeerd."
    assert notice in page_text(visitor.get(LIST, {"thema": "bestaat-niet"}))
    data = visitor.get(JSON, {"thema": "bestaat-niet"}).json()
    assert data["notices"] == [notice]
    # The filter is ignored, as on the list: everything is there.
    assert data["count"] == Intervention.objects.published().count()


def test_unpublished_interventions_never_appear(visitor):
    Intervention.objects.filter(slug=PARKSTAD).update(publication_status=Intervention.PublicationStatus.DRAFT)
    for params in ({}, {"q": "overstap"}, {"provincie": "limburg"}):
        assert PARKSTAD not in [item["slug"] for item in visitor.get(JSON, params).json()["results"]]
        assert PARKSTAD.encode() not in visitor.get(CSV, params).content


def test_list_page_links_both_downloads_with_its_filters(visitor):
    response = visitor.get(LIST, {"thema": "soepele-overgang", "provincie": "limburg", "pagina": "1", "utm": "x"})
    body = response.content.decode()
    query = "?thema=soepele-overgang&amp;provincie=limburg"
    assert f'<a href="{CSV}{query}">Download deze lijst als CSV (Excel)</a>' in body
    assert f'<a href="{JSON}{query}">als JSON</a>' in body
    # The htmx update of the results brings the links with the new filters.
    fragment = visitor.get(LIST, {"soort": "community"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'<a href="{CSV}?soort=community">' in fragment
    assert f'<a href="{JSON}?soort=community">' in fragment
    unfiltered = visitor.get(LIST).content.decode()
    assert f'<a href="{CSV}">' in unfiltered and f'<a href="{JSON}">' in unfiltered


def test_followed_link_downloads_what_the_page_lists(visitor):
    params = {"thema": "soepele-overgang", "sorteer": "nieuwste"}
    body = visitor.get(LIST, params).content.decode()
    link = re.search(r'<a href="(/interventies/export\.json[^"]*)">', body)[1].replace("&amp;", "&")
    assert [item["slug"] for item in visitor.get(link).json()["results"]] == list_slugs(visitor, params)


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"q": "ouders " * 2000}, "Uw zoekopdracht was langer dan 200 tekens en is ingekort."),
        ({"thema": "x" * 10_000}, "voor thema is genegeerd."),
        ({"thema": [f"t{n}" for n in range(200)]}, "Alleen de eerste 30 waarden voor thema zijn gebruikt."),
        ({"provincie": "limburg\x00\x1b[31m"}, "voor provincie is genegeerd."),
        ({"sorteer": ["titel", "nieuwste"]}, "Er kan maar één sortering gekozen worden"),
        ({"soort": "'; DROP TABLE interventions_intervention; --"}, "voor soort is genegeerd."),
    ],
    ids=["huge search", "huge value", "many values", "control characters", "two sorts", "sql"],
)
def test_hostile_parameters_get_notices_not_errors(visitor, params, notice):
    response = visitor.get(JSON, params)
    assert response.status_code == 200
    assert any(notice in text for text in response.json()["notices"]), response.json()["notices"]
    assert visitor.get(CSV, params).status_code == 200


def test_search_with_control_characters_is_cleaned_as_on_the_list(visitor):
    params = {"q": "ouders\x00\x07"}
    shown = list_slugs(visitor, params)
    assert shown
    assert [item["slug"] for item in visitor.get(JSON, params).json()["results"]] == shown


def test_downloads_are_shared_like_pages(visitor):
    response = visitor.get(CSV)
    # The page cache marks them public: the view sets no Cache-Control of its own and no cookie.
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_MAX_AGE}"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_downloads_are_cached_like_pages_and_fresh_after_an_edit(visitor, settings):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
    try:
        first = visitor.get(JSON, {"thema": "soepele-overgang"})
        assert first["X-Page-Cache"] == "miss"
        hit = visitor.get(JSON, {"thema": "soepele-overgang"})
        assert hit["X-Page-Cache"] == "hit"
        assert hit.content == first.content
        assert hit["Content-Type"] == "application/json"
        # Other filters are another download.
        assert visitor.get(JSON, {"thema": "talentontwikkeling"})["X-Page-Cache"] == "miss"
        assert visitor.get(CSV, {"thema": "soepele-overgang"})["X-Page-Cache"] == "miss"
        # Served again from the cache, a download keeps its file name.
        assert hit.get("Content-Disposition") == first.get("Content-Disposition")
        csv_hit = visitor.get(CSV, {"thema": "soepele-overgang"})
        assert csv_hit["X-Page-Cache"] == "hit"
        assert csv_hit["Content-Disposition"] == 'attachment; filename="gka-interventies.csv"'
        parkstad = Intervention.objects.get(slug=PARKSTAD)
        parkstad.title = "Een nieuwe titel"
        parkstad.save()
        after = visitor.get(JSON, {"thema": "soepele-overgang"})
        assert after["X-Page-Cache"] == "miss"
        assert "Een nieuwe titel" in [item["titel"] for item in after.json()["results"]]
    finally:
        pagecache.clear_pages()
