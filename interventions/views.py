from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.pagination import paginate
from core.text import shorten
from municipalities.models import Municipality, Province, Region
from search import engine
from slugs.services import get_current_or_redirect

from . import facets
from .csvfile import csv_response
from .filters import filtered_list
from .models import Intervention, Theme
from .permissions import can_preview

PER_PAGE = 12
PANELS = ["thema", "provincie", "regio", "gemeente", "doelgroep", "status", "soort", "factor"]


def _removal_urls(filterset):
    """For each active filter value, the list URL without just that value."""
    data = filterset.form.cleaned_data
    chips = []
    for name, key, label in filterset.active_filters():
        params = [
            (param, value)
            for param in filterset.filters
            for value in ([data[param]] if param == "q" else data.get(param) or [])
            if value and not (param == name and value == key)
        ]
        chips.append(
            {
                "label": label,
                "filter": filterset.form.fields[name].label,
                "url": "?" + urlencode(params),
                "name": name,  # the parameter and value let the page's script untick the matching box
                "value": key,
            }
        )
    return chips


def _panel(form, name, counts=None):
    """A filter's label and its options as (key, label, chosen, count) for the filter form."""
    field = form.fields[name]
    chosen = form.cleaned_data.get(name) or []
    counts = counts or {}
    return {
        "name": name,
        "label": field.label,
        "options": [(key, label, key in chosen, counts.get(key, 0)) for key, label in field.options().items()],
    }


def _list_heading(filterset):
    """What the list shows, for its <h1> and <title>: "Interventies met “ouders”: Meertaligheid, Limburg".

    The chosen values in the filter panel's order (PANELS, then each panel's own option order), so the same
    filters always read the same; ignored values are not in cleaned_data, so never in the heading.
    """
    data = filterset.form.cleaned_data
    labels = []
    for name in PANELS:
        chosen = data.get(name) or []
        for key, label in filterset.form.fields[name].options().items():
            if key in chosen:
                # A factor's option reads "11. Thuissituatie": say what the number is.
                labels.append(_("factor %(label)s") % {"label": label} if name == "factor" else str(label))
    heading = _("Interventies met “%(text)s”") % {"text": data["q"]} if data.get("q") else _("Interventies")
    return f"{heading}: {', '.join(labels)}" if labels else heading


def intervention_list(request):
    filterset, filter_notices = filtered_list(request.GET, Intervention.objects.with_card_data())
    page, page_notices = paginate(request, filterset.qs, PER_PAGE)
    text = filterset.form.cleaned_data.get("q")
    counts = facets.facet_counts(filterset)
    ctx = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        # Shown inside the results (not by base.html), so an htmx update replaces them too.
        "list_notices": filter_notices + page_notices,
        # The downloads of this list, with its filters (the page number is no filter).
        "export_query": _export_query(request, filterset),
        "suggestion": engine.suggest(text) if text and not page.paginator.count else "",
        "chips": _removal_urls(filterset),
        "panels": [_panel(filterset.form, name, counts[name]) for name in PANELS],
        "sort_options": _panel(filterset.form, "sorteer")["options"],
        "list_heading": _list_heading(filterset),
    }
    # htmx asks for the results and the filter counts only; its history restore
    # (after "back", with nothing cached) needs the whole page.
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")
    template = "includes/intervention_list_partial.html" if partial else "interventions/list.html"
    response = render(request, template, ctx)
    # One URL, two bodies: caches (the browser's too) must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def _export_query(request, filterset):
    """The list's own parameters as they were sent, so a download answers with the list's notices too."""
    params = [(name, value) for name in filterset.filters for value in request.GET.getlist(name)]
    return "?" + urlencode(params) if params else ""


# The columns of the downloads, named in Dutch like the site's filters.
EXPORT_FIELDS = [
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


def _exported(request):
    """The list's entries, every one of them in the list's order, as dicts of EXPORT_FIELDS, and the notices.

    A search finds at most engine.MAX_RESULTS interventions, here as on the list page. A fixed number of
    queries, however many entries there are.
    """
    filterset, notices = filtered_list(request.GET, Intervention.objects.with_summary_data())
    interventions = filterset.qs
    # DJANGO_SITE_URL when set, as the pages' own links (portal.context_processors.site_url) use it.
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    rows = []
    for item in interventions:
        places = list(item.municipalities.all())
        rows.append(
            {
                "titel": item.title,
                "slug": item.slug,
                "url": base + item.get_absolute_url(),
                "soort": item.get_kind_display(),
                "status": item.get_status_display() if item.status else None,
                "gemeenten": [place.name for place in places],
                "provincies": item.province_names(),
                "regio's": [region.name for region in item.regions()],
                "thema's": [theme.name for theme in item.themes.all()],
                "doelgroepen": [group.name for group in item.target_groups.all()],
                "startjaar": item.start_year,
                "bron": item.source.title if item.source else None,
                "gepubliceerd_op": _date(item.published_at),
                "laatst_gewijzigd": _date(item.updated_at),
            }
        )
    return rows, notices


def _date(moment):
    return timezone.localdate(moment).isoformat() if moment else None


def intervention_export_csv(request):
    """/interventies/export.csv: the list with its filters, for Excel; a list of values joined by "; "."""
    rows, _notices = _exported(request)
    return csv_response(
        "gka-interventies.csv",
        EXPORT_FIELDS,
        ([("; ".join(value) if isinstance(value, list) else value) for value in row.values()] for row in rows),
    )


def intervention_export_json(request):
    """/interventies/export.json: the list with its filters, and the notices for what was ignored."""
    rows, notices = _exported(request)
    return JsonResponse(
        {"count": len(rows), "notices": [str(notice) for notice in notices], "results": rows},
        json_dumps_params={"ensure_ascii": False},
    )


def intervention_detail(request, slug):
    intervention, moved = get_current_or_redirect(
        request, Intervention.objects.with_detail_data().with_knowledge_links(), slug
    )
    if moved:
        return moved
    if not intervention.is_published and not can_preview(request.user, intervention):
        raise Http404
    ctx = {
        "intervention": intervention,
        "lesson_illustrations": intervention.lesson_illustrations.select_related("lesson").order_by("lesson__number"),
        "related": Intervention.objects.published().related_to(intervention).with_card_data()[:3],
    }
    return render(request, "interventions/detail.html", ctx)


def theme_list(request):
    ctx = {"themes": Theme.objects.with_intervention_count()}
    return render(request, "interventions/theme_list.html", ctx)


def _listing(request, *, obj, interventions, template, **extra):
    """A page about one theme or place, with its interventions paginated."""
    page, notices = paginate(request, interventions.published().with_card_data(), PER_PAGE)
    ctx = {"object": obj, "page": page, "notices": notices, **extra}
    return render(request, template, ctx)


def theme_detail(request, slug):
    # The knowledge content linked to a theme comes through its reverse relations (knowledge builds on themes).
    knowledge = ["insights", "factors", "solution_directions__meetup_theme", "practice_topics__questions"]
    theme, moved = get_current_or_redirect(request, Theme.objects.prefetch_related(*knowledge), slug)
    if moved:
        return moved
    # The lessons belong to a theme through the published interventions that illustrate them; lessons build
    # on interventions, so the model is looked up by name.
    lessons = apps.get_model("lessons", "Lesson").objects.filter(
        illustrations__intervention__themes=theme,
        illustrations__intervention__publication_status=Intervention.PublicationStatus.PUBLISHED,
    )
    return _listing(
        request,
        obj=theme,
        interventions=Intervention.objects.for_theme(theme),
        template="interventions/theme_detail.html",
        filter_query=urlencode({"thema": theme.slug}),
        lessons=lessons.distinct().order_by("number"),
    )


def region_list(request):
    """The four regions with their provinces and how many published interventions each has."""
    regions = facets.with_count(Region.objects.prefetch_related("provinces").order_by("name"), "regio")
    return render(request, "interventions/region_list.html", {"regions": regions})


# The place pages: where each finds its place, the path from an intervention's municipalities to it, and the
# list filter that finds the same interventions.
PLACES = {
    "province": (Province.objects.select_related("region"), "municipality__province", "provincie"),
    "region": (Region.objects.all(), "municipality__province__region", "regio"),
    "municipality": (Municipality.objects.select_related("province__region"), "municipality", "gemeente"),
}


def place_detail(request, slug, kind):
    """The page of a province, region or municipality (`kind`), with its interventions paginated."""
    places, path, filter_name = PLACES[kind]
    place, moved = get_current_or_redirect(request, places, slug)
    if moved:
        return moved
    return _listing(
        request,
        obj=place,
        interventions=Intervention.objects.in_place(**{path: place}),
        template=f"interventions/{kind}_detail.html",
        filter_query=urlencode({filter_name: place.slug}),
    )


MAX_COMPARED = 3


def compare(request):
    """Two or three interventions side by side; with fewer chosen, a list to choose from."""
    wanted = list(dict.fromkeys(slug[:100] for slug in request.GET.getlist("id") if slug.strip()))
    notices = []
    if len(wanted) > MAX_COMPARED:
        notices.append(_("U kunt drie interventies tegelijk vergelijken; de eerste drie worden getoond."))
        wanted = wanted[:MAX_COMPARED]
    found = {item.slug: item for item in Intervention.objects.published().with_detail_data().filter(slug__in=wanted)}
    notices += [
        _("Interventie ‘%(slug)s’ bestaat niet en is genegeerd.") % {"slug": shorten(slug)}
        for slug in wanted
        if slug not in found
    ]
    chosen = [found[slug] for slug in wanted if slug in found]
    ctx = {
        "chosen": chosen,
        "notices": notices,
        "choices": Intervention.objects.published().with_card_data() if len(chosen) < 2 else [],
        "chosen_slugs": [item.slug for item in chosen],
    }
    return render(request, "interventions/compare.html", ctx)
