"""The floor: the list and detail as plain Django views returning JsonResponse."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse

from .models import Intervention, published, published_list
from .paging import paginate, problem


def _item(request, intervention):
    return {
        "slug": intervention.slug,
        "titel": intervention.title,
        "soort": intervention.kind,
        "status": intervention.status,
        "themas": [{"slug": theme.slug, "naam": theme.name} for theme in intervention.themes.all()],
        "url": request.build_absolute_uri(intervention.get_absolute_url()),
    }


def _answer(body):
    response = JsonResponse(body)
    response["API-Version"] = settings.API_VERSION
    return response


def intervention_list(request):
    try:
        items, links = paginate(request, published_list())
    except Http404 as exc:
        return problem(404, "Niet gevonden", str(exc))
    return _answer({**links, "results": [_item(request, intervention) for intervention in items]})


def intervention_detail(request, slug):
    try:
        intervention = published().get(slug=slug)
    except Intervention.DoesNotExist:
        return problem(404, "Niet gevonden", "Geen interventie met dit adres.")
    return _answer({**_item(request, intervention), "context": intervention.context})


def intervention_page(request, slug):
    return HttpResponse(slug)
