"""What every answer under /api/ shares, whichever part of Django gave it.

- `API-Version: 1.0.0` (the full version; the path holds only the major one), API Design Rules API-57.
- One form of each path: without a trailing slash (API-48); the form with one answers 308 to it.
- HEAD is answered as GET without a body, so the page cache and the ETag are the same for both.
- Any error is `application/problem+json`, also the 404 of an unknown path, a 405 and a 500 that Django's
  own handlers gave as HTML.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _

from .problems import is_problem, problem

PREFIX = "/api/"
ROOT = "/api/v1"


def is_api(request):
    return request.path_info.startswith(PREFIX) or request.path_info == PREFIX.rstrip("/")


class APIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        head = request.method == "HEAD"
        if request.path_info.endswith("/") and request.method in ("GET", "HEAD"):
            response = self._without_slash(request)
        else:
            if head:
                request.method = "GET"
            response = self.get_response(request)
            if head:
                request.method = "HEAD"
                response.content = b""
        if response.status_code >= 400 and not is_problem(response):
            response = self._as_problem(request, response)
        response["API-Version"] = settings.API_VERSION
        return response

    def _without_slash(self, request):
        url = request.path.rstrip("/") or ROOT
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        return _redirect_308(url)

    def _as_problem(self, request, response):
        details = {
            400: _("Het verzoek is ongeldig en is niet uitgevoerd."),
            404: _("Dit adres bestaat niet in de API; zie /api/v1/docs voor de adressen die er zijn."),
            405: _("De API kan alleen gelezen worden: gebruik GET of HEAD."),
            500: _("Er ging iets mis aan onze kant; het is gemeld. Probeer het later opnieuw."),
        }
        detail = details.get(response.status_code, "")
        replacement = problem(request, response.status_code, detail)
        for header in ("Allow", "Retry-After"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement


def _redirect_308(url):
    response = HttpResponsePermanentRedirect(url)
    response.status_code = 308
    return response
