"""Errors of the API as `application/problem+json` (RFC 9457), as the API Design Rules ask (API-46)."""

import json
from http import HTTPStatus

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

CONTENT_TYPE = "application/problem+json"

# The titles in Dutch, like the rest of the API; the standard English phrase for any other status.
TITLES = {
    400: _("Ongeldig verzoek"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Niet aanvaardbaar"),
    410: _("Verdwenen"),
    429: _("Te veel verzoeken"),
    500: _("Interne fout"),
    503: _("Niet beschikbaar"),
}


def title(status):
    if status in TITLES:
        return str(TITLES[status])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(request, status, detail, **headers):
    """A problem response: type, title, status, detail and the path it is about (`instance`)."""
    body = {
        "type": "about:blank",
        "title": title(status),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{CONTENT_TYPE}; charset=utf-8"
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def is_problem(response):
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)
