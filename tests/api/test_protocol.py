"""What every answer of the API shares: the version header, one form of each path, problem+json errors,
CORS for reads, ETag and 304, HEAD, and the page cache's sharing and invalidation."""

import pytest

from core import pagecache
from interventions.models import Intervention, Theme
from tests.interventions.test_exports import PARKSTAD

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json; charset=utf-8"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1", 200),
        ("get", "/api/v1/interventies", 200),
        ("get", "/api/v1/interventies/", 308),
        ("get", "/api/v1/openapi.json", 200),
        ("get", "/api/v1/bestaat-niet", 404),
        ("get", "/api/v2/interventies", 404),
        ("post", "/api/v1/interventies", 405),
        ("delete", "/api/v1/themas/talentontwikkeling", 405),
        ("head", "/api/v1/themas", 200),
    ],
)
def test_every_answer_names_the_full_api_version(visitor, method, url, status):
    response = getattr(visitor, method)(url)
    assert response.status_code == status
    assert response["API-Version"] == "1.0.0"


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/api/v1/", "/api/v1"),
        ("/api/v1/interventies/", "/api/v1/interventies"),
        (
            "/api/v1/interventies/?thema=talentontwikkeling&pagina=2",
            "/api/v1/interventies?thema=talentontwikkeling&pagina=2",
        ),
        (f"/api/v1/interventies/{PARKSTAD}/", f"/api/v1/interventies/{PARKSTAD}"),
        ("/api/v1/docs/", "/api/v1/docs"),
    ],
)
def test_the_form_with_a_trailing_slash_redirects_permanently(visitor, url, location):
    response = visitor.get(url)
    assert response.status_code == 308
    assert response["Location"] == location


def test_unknown_address_is_a_problem_in_dutch(visitor):
    response = visitor.get("/api/v1/bestaat-niet")
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Dit adres bestaat niet in de API; zie /api/v1/docs voor de adressen die er zijn.",
        "instance": "/api/v1/bestaat-niet",
    }


def test_writing_is_refused_as_a_problem(visitor):
    response = visitor.post("/api/v1/interventies", {"titel": "x"})
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET"
    assert response.json()["detail"] == "De API kan alleen gelezen worden: gebruik GET of HEAD."
    assert Intervention.objects.filter(title="x").count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lessen/abc",
        "/api/v1/lessen/0",
        "/api/v1/lessen/99999999999999999999",
        "/api/v1/factoren/-1",
        "/api/v1/oplossingsrichtingen/1",
        "/api/v1/oplossingsrichtingen/1-99999999999",
        "/api/v1/oplossingsrichtingen/x-1",
        "/api/v1/interventies/%00",
        "/api/v1/interventies/n%C3%A9e",
        "/api/v1/themas/" + "a" * 300,
        "/api/v1/gemeenten/..%2F..%2Fetc",
    ],
)
def test_impossible_items_are_404_problems_never_errors(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404


def test_server_error_is_a_problem_too(visitor, monkeypatch):
    from api import endpoints

    def broken(*args, **kwargs):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(endpoints, "filtered_list", broken)
    visitor.raise_request_exception = False
    response = visitor.get("/api/v1/interventies")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Interne fout"
    assert "fire" not in response.content.decode()


def test_any_site_may_read_it_from_a_browser(visitor):
    response = visitor.get("/api/v1/themas", HTTP_ORIGIN="https://data.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "API-Version, ETag, Last-Modified"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_browsers_preflight_allows_reads_only(visitor):
    response = visitor.options(
        "/api/v1/interventies",
        HTTP_ORIGIN="https://data.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert response["API-Version"] == "1.0.0"


def test_the_site_itself_gets_no_cors_headers(visitor):
    assert "Access-Control-Allow-Origin" not in visitor.get("/themas/", HTTP_ORIGIN="https://data.example")


def test_etag_answers_304_and_a_change_gives_a_new_one(visitor):
    first = visitor.get("/api/v1/themas")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = visitor.get("/api/v1/themas", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["API-Version"] == "1.0.0"
    theme = Theme.objects.get(slug="talentontwikkeling")
    theme.name = "Talent"
    theme.save()
    changed = visitor.get("/api/v1/themas", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Talent" in [item["naam"] for item in changed.json()["results"]]


def test_head_is_get_without_a_body(visitor):
    get = visitor.get("/api/v1/interventies")
    head = visitor.head("/api/v1/interventies")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_answers_are_shared_like_pages(visitor, settings):
    response = visitor.get("/api/v1/interventies")
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_MAX_AGE}"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_answers_are_cached_and_stale_after_publishing(visitor, settings):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
    try:
        first = visitor.get("/api/v1/interventies", {"thema": "soepele-overgang"})
        assert first["X-Page-Cache"] == "miss"
        hit = visitor.get("/api/v1/interventies", {"thema": "soepele-overgang"})
        assert hit["X-Page-Cache"] == "hit"
        assert hit.content == first.content
        assert hit["API-Version"] == "1.0.0"
        assert hit["Content-Type"] == "application/json; charset=utf-8"
        # An unknown parameter's notice is part of the answer, so it is another entry.
        odd = visitor.get("/api/v1/interventies", {"thema": "soepele-overgang", "onzin": "1"})
        assert odd["X-Page-Cache"] == "miss"
        assert odd.json()["meldingen"] == ["Parameter ‘onzin’ bestaat niet en is genegeerd."]
        assert visitor.get("/api/v1/interventies", {"thema": "soepele-overgang", "onzin": "2"})["X-Page-Cache"] == "hit"
        parkstad = Intervention.objects.get(slug=PARKSTAD)
        parkstad.publication_status = Intervention.PublicationStatus.DRAFT
        parkstad.save()
        after = visitor.get("/api/v1/interventies", {"thema": "soepele-overgang"})
        assert after["X-Page-Cache"] == "miss"
        assert PARKSTAD not in [item["slug"] for item in after.json()["results"]]
        assert after.json()["count"] == first.json()["count"] - 1
    finally:
        pagecache.clear_pages()


def test_the_page_cache_drops_unknown_names_from_the_site_without_a_word(visitor):
    # The site's own pages do not vary by unknown parameters (tracking tags and the like).
    response = visitor.get("/interventies/", {"utm_source": "nieuwsbrief"})
    assert "utm_source" not in response.content.decode()


def test_json_is_utf8_as_it_is(visitor):
    body = visitor.get("/api/v1/regios").content.decode()
    assert "Fryslân" in body
    assert "\\u00e2" not in body


def test_index_names_every_list(visitor):
    body = visitor.get("/api/v1").json()
    assert body["versie"] == "1.0.0"
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert body["documentatie"] == "http://testserver/api/v1/docs"
    assert list(body["bronnen"]) == [
        "interventies",
        "themas",
        "regios",
        "provincies",
        "gemeenten",
        "lessen",
        "inzichten",
        "factoren",
        "oplossingsrichtingen",
        "praktijkkaart",
    ]
    for url in body["bronnen"].values():
        assert visitor.get(url).status_code == 200
