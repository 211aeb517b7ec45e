"""The same endpoints with django-ninja: typed schemas, a custom page format, problem+json errors."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import PaginationBase, paginate

from .models import Intervention, published, published_list
from .paging import paginate as page_of
from .paging import problem


class VersionedAPI(NinjaAPI):
    """Every answer of this API, errors included, goes through create_response: the header is set once here."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        response["API-Version"] = settings.API_VERSION
        return response


api = VersionedAPI(title="apibench (ninja)", version=settings.API_VERSION, urls_namespace="ninja")


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(404, "Niet gevonden", str(exc) or "Geen interventie met dit adres.")


class ThemaOut(Schema):
    slug: str
    naam: str = Field(..., alias="name")


class InterventieOut(Schema):
    slug: str
    titel: str = Field(..., alias="title")
    soort: str = Field(..., alias="kind")
    status: str
    themas: list[ThemaOut] = Field(..., alias="themes")
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class InterventieDetailOut(InterventieOut):
    context: str


class DutchPages(PaginationBase):
    """{"count", "next", "previous", "results"}, ?page=N, 12 a page."""

    class Input(Schema):
        page: int = Field(1, ge=1)

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        items, links = page_of(request, queryset)
        return {**links, "results": items}


@api.get("/interventies/", response=list[InterventieOut], url_name="list")
@paginate(DutchPages)
def interventie_list(request):
    return published_list()


@api.get("/interventies/{slug}/", response=InterventieDetailOut, url_name="detail")
def interventie_detail(request, slug: str):
    try:
        return published().get(slug=slug)
    except Intervention.DoesNotExist:
        raise Http404("Geen interventie met dit adres.") from None
