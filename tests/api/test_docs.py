"""/api/v1/docs: the API's documentation, a page of the site built from the OpenAPI document."""

import re

import pytest

from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def test_docs_list_every_operation_of_the_document(visitor):
    schema = visitor.get("/api/v1/openapi.json").json()
    text = page_text(visitor.get("/api/v1/docs"))
    for path in schema["paths"]:
        assert f"GET {path}" in text
    assert "Interventies De gepubliceerde interventies, met de filters, zoekwoorden en sortering" in text
    assert "thema zoekparameter, mag vaker De slug van een thema (zie /themas); meer waarden: of-of." in text
    assert "slug in het pad, verplicht" in text
    assert "Deze uitleg is van de redactie van de kennisbank." in text


def test_docs_load_nothing_from_elsewhere(visitor):
    body = visitor.get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]+)"', body)
    assert sources, "the page has its stylesheets"
    assert [source for source in sources if source.startswith(("http:", "https:", "//"))] == [
        "http://testserver/api/v1/docs"  # the canonical link to itself
    ]
    assert "<script>" not in body and "style=" not in body


def test_the_document_is_openapi_3_1_with_dutch_resources(visitor):
    response = visitor.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["version"] == "1.0.0"
    assert list(schema["paths"]) == [
        "/api/v1/interventies",
        "/api/v1/interventies/{slug}",
        "/api/v1/themas",
        "/api/v1/themas/{slug}",
        "/api/v1/regios",
        "/api/v1/regios/{slug}",
        "/api/v1/provincies",
        "/api/v1/provincies/{slug}",
        "/api/v1/gemeenten",
        "/api/v1/gemeenten/{slug}",
        "/api/v1/lessen",
        "/api/v1/lessen/{nummer}",
        "/api/v1/inzichten",
        "/api/v1/inzichten/{nummer}",
        "/api/v1/factoren",
        "/api/v1/factoren/{nummer}",
        "/api/v1/oplossingsrichtingen",
        "/api/v1/oplossingsrichtingen/{code}",
        "/api/v1/praktijkkaart",
        "/api/v1/praktijkkaart/{slug}",
    ]
    detail = schema["paths"]["/api/v1/interventies/{slug}"]["get"]["responses"]
    assert list(detail["404"]["content"]) == ["application/problem+json"]
    assert list(detail["200"]["content"]) == ["application/json"]
