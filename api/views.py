"""The API's own pages: its index (JSON) and its documentation (HTML, from the OpenAPI document)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from . import representations as rep
from .endpoints import api

# The lists of the API, in the order of the documentation.
RESOURCES = [
    ("interventies", "interventions"),
    ("themas", "themes"),
    ("regios", "regions"),
    ("provincies", "provinces"),
    ("gemeenten", "municipalities"),
    ("lessen", "lessons"),
    ("inzichten", "insights"),
    ("factoren", "factors"),
    ("oplossingsrichtingen", "directions"),
    ("praktijkkaart", "topics"),
]


def index(request):
    """/api/v1: what the API holds, and where its documentation is."""
    base = rep.base_url(request)
    return JsonResponse(
        {
            "naam": api.title,
            "versie": api.version,
            "documentatie": base + reverse("api_docs"),
            "openapi": base + reverse("api:openapi-json"),
            "bronnen": {name: base + reverse(f"api:{url_name}") for name, url_name in RESOURCES},
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _operations(schema):
    """The documented operations as (path, method, operation), in the document's order."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield {
                "path": path,
                "method": method.upper(),
                "anchor": operation["operationId"],
                "summary": operation.get("summary", ""),
                # A docstring's lines are wrapped by hand: its paragraphs are what a reader needs.
                "paragraphs": [
                    " ".join(part.split())
                    for part in operation.get("description", "").split("\n\n")
                    if part.strip() and " ".join(part.split()) != operation.get("summary", "")
                ],
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": {"query": "zoekparameter", "path": "in het pad"}.get(parameter["in"], parameter["in"]),
                        "required": parameter.get("required", False),
                        "description": parameter.get("description", ""),
                        "many": parameter.get("schema", {}).get("type") == "array"
                        or any(
                            option.get("type") == "array" for option in parameter.get("schema", {}).get("anyOf", [])
                        ),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "responses": sorted(str(status) for status in operation.get("responses", {})),
            }


def docs(request):
    """/api/v1/docs: the documentation, rendered here from the OpenAPI document (no external assets)."""
    schema = api.get_openapi_schema()
    ctx = {
        "info": schema["info"],
        "operations": list(_operations(schema)),
        "openapi_url": reverse("api:openapi-json"),
        "index_url": reverse("api_index"),
    }
    return render(request, "api/docs.html", ctx)
