"""The read API under /api/v1/, by the Dutch government's API Design Rules where they apply.

Built with django-ninja (docs/benchmarks.md, "API framework", says why). Every list is read through the
querysets the pages use, so the API and the site cannot disagree: the intervention list through
`interventions.filters.filtered_list`, exactly as /interventies/ and its downloads. Only published content
is shown, decided against the live data. Answers are ordinary shared responses: the page cache stores them
and every change to the content makes them stale, as it does the pages; ETag and 304 come from
ConditionalGetMiddleware, the version header, the slash rule and the problem+json errors from
api.middleware.
"""

from contextlib import suppress
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from core import pagecache
from core.pagination import paginate
from core.text import shorten
from interventions import facets
from interventions.filters import filtered_list
from interventions.models import Intervention, Theme
from knowledge.models import DirectionLink, Factor, FactorLink, Insight, PracticeTopic, SolutionDirection
from lessons.models import Lesson, LessonIllustration
from municipalities.models import Municipality, Province, Region
from slugs.services import SLUG, slug_gone, slug_redirect

from . import representations as rep
from . import schemas
from .problems import CONTENT_TYPE, problem

PER_PAGE = 12  # as /interventies/, so page N of the API holds the entries of page N of the list
PER_PAGE_OTHERS = 100
# A number in an address is at most this (PositiveSmallIntegerField); a larger one finds nothing.
MAX_NUMBER = 32767

DESCRIPTION = """\
De open data van de GKA-kennisbank: de interventies voor kansengelijkheid in het onderwijs, de thema's,
regio's, provincies en gemeenten, de lessen en de kennis (inzichten, factoren, oplossingsrichtingen en de
praktijkkaart). Alleen lezen, zonder sleutel. Veldnamen zijn Nederlands, zoals op de site.

Lijsten antwoorden met `count`, `next`, `previous`, `meldingen` en `results`. De lijst van interventies neemt
precies de filters, zoekwoorden en sortering van /interventies/ en geeft dezelfde interventies in dezelfde
volgorde; wat het verzoek negeerde, staat in `meldingen`. Een gewijzigd webadres (slug) antwoordt met een
permanente doorverwijzing naar het nieuwe. Fouten zijn `application/problem+json`.

Teksten in velden die op `_redactie` eindigen schreef de redactie van de kennisbank, niet de bron.
(Deze beschrijving is van de redactie.)"""


class Renderer(JSONRenderer):
    """UTF-8 as it is: "Fryslân", not "Frysl\\u00e2n"."""

    json_dumps_params = {"ensure_ascii": False}


class KennisbankAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """The operation's URL name (interventions, intervention, themes...): short and stable."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as application/problem+json, the media type they are sent with."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    if str(status).startswith(("4", "5")) and "content" in answer:
                        answer["content"] = {CONTENT_TYPE: answer["content"].popitem()[1]}
        return schema


api = KennisbankAPI(
    title="GKA-kennisbank open data",
    version=settings.API_VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # the documentation is the site's own page, api/views.py
    openapi_url="/openapi.json",
    renderer=Renderer(),
)


class Gone(Exception):
    """The item existed and has been deleted: 410."""


class Moved(Exception):
    """The item has another slug now: a permanent redirect to its current address."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, 404, exc.args[0] if exc.args else _("Dit item bestaat niet of is niet openbaar."))


@api.exception_handler(Gone)
def gone(request, exc):
    return problem(request, 410, _("Dit item is verwijderd; het adres wordt niet opnieuw uitgegeven."))


@api.exception_handler(Moved)
def moved(request, exc):
    url = exc.url
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    return HttpResponsePermanentRedirect(url)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    # Only a number in a path can fail (lessons, insights, factors): such an item does not exist.
    return problem(request, 404, _("Dit item bestaat niet of is niet openbaar."))


ERRORS = {404: schemas.Problem}
DETAIL_ERRORS = {301: None, 404: schemas.Problem, 410: schemas.Problem}


def _last_modified(response):
    """When anything the API shows last changed (core.pagecache.content_changed_at)."""
    with suppress(Exception):  # a failing cache: no Last-Modified, the ETag still works
        response["Last-Modified"] = http_date(pagecache.content_changed_at())


def _ignored(request):
    """Notices for the parameters the answer does not know (the page cache drops them before the view)."""
    names = getattr(request, "ignored_parameters", None)
    if names is None:
        names = pagecache.ignored_parameters(request.GET)
    return [_("Parameter ‘%(name)s’ bestaat niet en is genegeerd.") % {"name": shorten(name)} for name in names]


def _page_url(request, number):
    params = [(name, value) for name, value in request.GET.lists() for value in value if name != "pagina"]
    if number > 1:
        params.append(("pagina", str(number)))
    url = rep.base_url(request) + request.path
    return f"{url}?{urlencode(params)}" if params else url


def _paged(request, response, queryset, item, *, per_page=PER_PAGE_OTHERS, notices=()):
    """A list answer: one page of `queryset`, each object shown by `item`, with the notices."""
    page, page_notices = paginate(request, queryset, per_page)
    _last_modified(response)
    return {
        "count": page.paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "meldingen": [str(notice) for notice in [*notices, *page_notices, *_ignored(request)]],
        "results": [item(request, obj) for obj in page.object_list],
    }


def _by_slug(queryset, slug, url_name):
    """The object with `slug` in `queryset`; for an old slug, Moved to its current API address."""
    if not SLUG.fullmatch(slug):
        raise Http404
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found
    current = slug_redirect(queryset, slug)
    if current is not None:
        raise Moved(reverse(f"api:{url_name}", args=[current.slug]))
    if slug_gone(queryset, slug):
        raise Gone
    raise Http404


def _by_number(queryset, number, **lookup):
    if not 1 <= number <= MAX_NUMBER:
        raise Http404
    found = queryset.filter(number=number, **lookup).first()
    if found is None:
        raise Http404
    return found


def _detail(request, response, item):
    _last_modified(response)
    return item


# Interventions

FILTER_HELP = {
    "q": "Zoekwoorden, zoals in het zoekveld van de lijst.",
    "soort": "interventie, community of experiment; meer waarden: of-of.",
    "thema": "De slug van een thema (zie /themas); meer waarden: of-of.",
    "provincie": "De slug van een provincie.",
    "regio": "De slug van een regio.",
    "gemeente": "De slug van een gemeente.",
    "doelgroep": "De slug van een doelgroep.",
    "status": "pilot, ingebed of afgerond.",
    "factor": "Het nummer van een factor (zie /factoren).",
    "sorteer": "relevantie (bij zoeken; anders titel), titel of nieuwste.",
    "pagina": "Het paginanummer, vanaf 1.",
}


class InterventionQuery(Schema):
    """The query parameters of /interventies/, declared for the OpenAPI document (the list reads request.GET)."""

    q: str | None = Field(None, description=FILTER_HELP["q"])
    soort: list[str] | None = Field(None, description=FILTER_HELP["soort"])
    thema: list[str] | None = Field(None, description=FILTER_HELP["thema"])
    provincie: list[str] | None = Field(None, description=FILTER_HELP["provincie"])
    regio: list[str] | None = Field(None, description=FILTER_HELP["regio"])
    gemeente: list[str] | None = Field(None, description=FILTER_HELP["gemeente"])
    doelgroep: list[str] | None = Field(None, description=FILTER_HELP["doelgroep"])
    status: list[str] | None = Field(None, description=FILTER_HELP["status"])
    factor: list[str] | None = Field(None, description=FILTER_HELP["factor"])
    sorteer: str | None = Field(None, description=FILTER_HELP["sorteer"])
    pagina: str | None = Field(None, description=FILTER_HELP["pagina"])


@api.get(
    "/interventies",
    response={200: schemas.InterventionPage, **ERRORS},
    url_name="interventions",
    summary="Interventies",
)
def interventions(request: HttpRequest, response: HttpResponse, filters: Query[InterventionQuery]):
    """De gepubliceerde interventies, met de filters, zoekwoorden en sortering van /interventies/.

    Wat niet kon (een onbekend thema, een onmogelijk paginanummer), staat in “meldingen”; het antwoord is dan
    dezelfde lijst als de site toont. Zoeken vindt ten hoogste 500 interventies, net als de site.
    """
    # The parameters are declared for the OpenAPI document; the list reads them from request.GET, as the page.
    filterset, notices = filtered_list(request.GET, Intervention.objects.with_summary_data())
    return _paged(request, response, filterset.qs, rep.intervention_summary, per_page=PER_PAGE, notices=notices)


@api.get(
    "/interventies/{slug}",
    response={200: schemas.InterventionDetail, **DETAIL_ERRORS},
    url_name="intervention",
    summary="Eén interventie",
)
def intervention(request: HttpRequest, response: HttpResponse, slug: str):
    """Eén gepubliceerde interventie met alles wat haar pagina toont."""
    item = _by_slug(Intervention.objects.published().with_detail_data().with_knowledge_links(), slug, "intervention")
    illustrations = item.lesson_illustrations.select_related("lesson").order_by("lesson__number")
    return _detail(request, response, rep.intervention_detail(request, item, illustrations))


# Themes and places


@api.get("/themas", response={200: schemas.ThemePage, **ERRORS}, url_name="themes", summary="Thema's")
def themes(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De thema's, met het aantal gepubliceerde interventies per thema."""
    return _paged(request, response, Theme.objects.with_intervention_count(), rep.theme)


@api.get("/themas/{slug}", response={200: schemas.Theme, **DETAIL_ERRORS}, url_name="theme", summary="Eén thema")
def theme(request: HttpRequest, response: HttpResponse, slug: str):
    return _detail(
        request, response, rep.theme(request, _by_slug(Theme.objects.with_intervention_count(), slug, "theme"))
    )


def _regions():
    return facets.with_count(Region.objects.prefetch_related("provinces").order_by("name"), "regio")


def _provinces():
    return facets.with_count(Province.objects.select_related("region").order_by("name"), "provincie")


def _municipalities():
    return facets.with_count(Municipality.objects.select_related("province__region").order_by("name"), "gemeente")


@api.get("/regios", response={200: schemas.RegionPage, **ERRORS}, url_name="regions", summary="Regio's")
def regions(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De regio's van de GKA, met hun provincies."""
    return _paged(request, response, _regions(), rep.region)


@api.get("/regios/{slug}", response={200: schemas.Region, **DETAIL_ERRORS}, url_name="region", summary="Eén regio")
def region(request: HttpRequest, response: HttpResponse, slug: str):
    return _detail(request, response, rep.region(request, _by_slug(_regions(), slug, "region")))


@api.get("/provincies", response={200: schemas.ProvincePage, **ERRORS}, url_name="provinces", summary="Provincies")
def provinces(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    return _paged(request, response, _provinces(), rep.province)


@api.get(
    "/provincies/{slug}",
    response={200: schemas.Province, **DETAIL_ERRORS},
    url_name="province",
    summary="Eén provincie",
)
def province(request: HttpRequest, response: HttpResponse, slug: str):
    return _detail(request, response, rep.province(request, _by_slug(_provinces(), slug, "province")))


@api.get(
    "/gemeenten", response={200: schemas.MunicipalityPage, **ERRORS}, url_name="municipalities", summary="Gemeenten"
)
def municipalities(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """Alle gemeenten, op naam; ook die zonder interventie."""
    return _paged(request, response, _municipalities(), rep.municipality)


@api.get(
    "/gemeenten/{slug}",
    response={200: schemas.Municipality, **DETAIL_ERRORS},
    url_name="municipality",
    summary="Eén gemeente",
)
def municipality(request: HttpRequest, response: HttpResponse, slug: str):
    return _detail(request, response, rep.municipality(request, _by_slug(_municipalities(), slug, "municipality")))


# Lessons and knowledge


def _lessons():
    illustrations = LessonIllustration.objects.filter(
        intervention__publication_status=Intervention.PublicationStatus.PUBLISHED
    ).select_related("intervention")
    return Lesson.objects.select_related("source").prefetch_related(
        Prefetch("illustrations", queryset=illustrations.order_by("intervention__title", "pk"))
    )


@api.get("/lessen", response={200: schemas.LessonPage, **ERRORS}, url_name="lessons", summary="Lessen")
def lessons(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De lessen uit "Land vol kansen", met de gepubliceerde interventies die ze laten zien."""
    return _paged(request, response, _lessons(), rep.lesson)


@api.get("/lessen/{nummer}", response={200: schemas.Lesson, **ERRORS}, url_name="lesson", summary="Eén les")
def lesson(request: HttpRequest, response: HttpResponse, nummer: int):
    return _detail(request, response, rep.lesson(request, _by_number(_lessons(), nummer)))


def _insights():
    return Insight.objects.select_related("source").prefetch_related("themes")


def _factors():
    examples = Prefetch("factor_links", queryset=FactorLink.objects.published_examples(), to_attr="examples")
    return Factor.objects.select_related("source").prefetch_related("themes", examples)


def _directions():
    examples = Prefetch("direction_links", queryset=DirectionLink.objects.published_examples(), to_attr="examples")
    return SolutionDirection.objects.select_related("meetup_theme__source").prefetch_related("themes", examples)


def _topics():
    return PracticeTopic.objects.select_related("source").prefetch_related("themes", "questions", "suggestions")


@api.get("/inzichten", response={200: schemas.InsightPage, **ERRORS}, url_name="insights", summary="Inzichten")
def insights(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De tien inzichten uit de voortgangsrapportage 2020."""
    return _paged(request, response, _insights(), rep.insight)


@api.get("/inzichten/{nummer}", response={200: schemas.Insight, **ERRORS}, url_name="insight", summary="Eén inzicht")
def insight(request: HttpRequest, response: HttpResponse, nummer: int):
    return _detail(request, response, rep.insight(request, _by_number(_insights(), nummer)))


@api.get("/factoren", response={200: schemas.FactorPage, **ERRORS}, url_name="factors", summary="Factoren")
def factors(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De factoren achter ongelijke kansen uit het onderzoek van het Verwey-Jonker Instituut."""
    return _paged(request, response, _factors(), rep.factor)


@api.get("/factoren/{nummer}", response={200: schemas.Factor, **ERRORS}, url_name="factor", summary="Eén factor")
def factor(request: HttpRequest, response: HttpResponse, nummer: int):
    return _detail(request, response, rep.factor(request, _by_number(_factors(), nummer)))


@api.get(
    "/oplossingsrichtingen",
    response={200: schemas.DirectionPage, **ERRORS},
    url_name="directions",
    summary="Oplossingsrichtingen",
)
def directions(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De oplossingsrichtingen van de meetup, per thema."""
    return _paged(request, response, _directions(), rep.direction)


@api.get(
    "/oplossingsrichtingen/{code}",
    response={200: schemas.Direction, **ERRORS},
    url_name="direction",
    summary="Eén oplossingsrichting",
)
def direction(request: HttpRequest, response: HttpResponse, code: str):
    """Eén oplossingsrichting, zoals 1-4: het nummer van het thema en het nummer daarbinnen."""
    theme_number, dash, number = code.partition("-")
    if not (dash and theme_number.isdecimal() and number.isdecimal() and len(code) <= 11):
        raise Http404
    if not 1 <= int(theme_number) <= MAX_NUMBER:
        raise Http404
    found = _by_number(_directions(), int(number), meetup_theme__number=int(theme_number))
    return _detail(request, response, rep.direction(request, found))


@api.get(
    "/praktijkkaart",
    response={200: schemas.PracticeTopicPage, **ERRORS},
    url_name="topics",
    summary="Onderwerpen van de praktijkkaart",
)
def topics(request: HttpRequest, response: HttpResponse, pagina: str | None = None):
    """De onderwerpen van de praktijkkaart "Welbevinden en gelijke kansen"."""
    return _paged(request, response, _topics(), rep.topic)


@api.get(
    "/praktijkkaart/{slug}",
    response={200: schemas.PracticeTopic, **DETAIL_ERRORS},
    url_name="topic",
    summary="Eén onderwerp van de praktijkkaart",
)
def topic(request: HttpRequest, response: HttpResponse, slug: str):
    return _detail(request, response, rep.topic(request, _by_slug(_topics(), slug, "topic")))
