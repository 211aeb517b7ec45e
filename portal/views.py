from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import OptionsField, QueryField
from core.pagination import paginate
from interventions.models import Intervention, Publication, Theme
from lessons.models import Lesson
from search import engine

from . import archive

SEARCH_PER_PAGE = 10


class SearchForm(forms.Form):
    q = QueryField(label=_("Zoekwoorden"), required=False)
    # Set by the "search for what I typed after all" link under a correction.
    letterlijk = forms.BooleanField(required=False)
    soort = OptionsField(
        label=_("Soort"),
        required=False,
        multiple=False,
        options=lambda: {kind.slug: kind.label for kind in engine.KINDS.values()},
    )


def home(request):
    ctx = {
        "themes": Theme.objects.with_intervention_count(),
        # "Interventies uit de bundel": the first stories of Land vol kansen, in the bundle's order.
        "interventions": Intervention.objects.published()
        .filter(source__slug=Publication.BUNDLE_SLUG)
        .with_card_data()
        .order_by("source_position", "title")[:6],
        "intervention_count": Intervention.objects.published().count(),
        "lessons": Lesson.objects.all(),
    }
    return render(request, "portal/home.html", ctx)


# What each source gives the site, counted from the database, as (related name, singular, plural) on
# Publication; interventions are counted per kind (below), published ones only.
SOURCE_PARTS = [
    ("lessons", _("les"), _("lessen")),
    ("insights", _("inzicht"), _("inzichten")),
    ("factors", _("factor"), _("factoren")),
    ("agenda_themes", _("thema uit de GKA-agenda's"), _("thema's uit de GKA-agenda's")),
    (
        "meetup_themes",
        _("thema met oplossingsrichtingen en leestips"),
        _("thema's met oplossingsrichtingen en leestips"),
    ),
    ("practice_topics", _("onderwerp met vragen en suggesties"), _("onderwerpen met vragen en suggesties")),
]
KIND_PLURALS = {"interventie": _("interventies"), "community": _("communities"), "experiment": _("experimenten")}


def _source_parts(publications):
    """Each publication with `parts`: what the site takes from it, e.g. ["15 interventies", "10 lessen"].

    Two queries however many publications: the publications with a count subquery per relation, and the
    published interventions counted per source and kind.
    """
    counts = {
        f"n_{name}": Coalesce(
            Subquery(
                Publication._meta.get_field(name)
                .related_model.objects.filter(source=OuterRef("pk"))
                .order_by()
                .values("source")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
        for name, _one, _many in SOURCE_PARTS
    }
    rows = list(publications.annotate(**counts))
    interventions = (
        Intervention.objects.published()
        .filter(source__in=[row.pk for row in rows])
        .order_by()
        .values("source", "kind")
        .annotate(n=Count("pk"))
        .values_list("source", "kind", "n")
    )
    per_kind = {(source, kind): n for source, kind, n in interventions}
    for row in rows:
        row.parts = [
            f"{n} {label.lower() if n == 1 else KIND_PLURALS[kind]}"
            for kind, label in Intervention.Kind.choices
            if (n := per_kind.get((row.pk, kind)))
        ] + [f"{n} {one if n == 1 else many}" for name, one, many in SOURCE_PARTS if (n := getattr(row, f"n_{name}"))]
    return rows


def about(request):
    ctx = {
        "publications": _source_parts(Publication.objects.all()),
        # Proposed through "Deel je aanpak": their source is whoever sent them in.
        "submitted_count": Intervention.objects.published().filter(source__isnull=True).count(),
    }
    return render(request, "portal/about.html", ctx)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", content_type="text/plain")


def count_label(count):
    """'17', or '1.000+' past the point where search stops counting."""
    if count > engine.COUNT_LIMIT:
        return f"{engine.COUNT_LIMIT:,}+".replace(",", ".")
    return f"{count:,}".replace(",", ".")


def _label_intervention_kinds(hits):
    """A community or experiment is labelled as such, not as "Interventie": one query for the page's hits."""
    ids = [hit.object_id for hit in hits if hit.kind.name == "intervention"]
    kinds = dict(
        Intervention.objects.filter(pk__in=ids).exclude(kind=Intervention.Kind.INTERVENTION).values_list("pk", "kind")
        if ids
        else []
    )
    for hit in hits:
        kind = kinds.get(hit.object_id) if hit.kind.name == "intervention" else None
        hit.label = Intervention.Kind(kind).label if kind else hit.kind.label


def search_page(request):
    """One search over interventions, lessons and the rest of the knowledge base."""
    if archive.current():
        # The static archive has no server to search with: a script searches its prebuilt index.
        return render(request, "portal/archive_search.html", {"index_url": reverse("search") + "zoekindex.js"})
    form = SearchForm(request.GET)
    form.is_valid()
    text = form.cleaned_data.get("q", "")
    kind_slug = next(iter(form.cleaned_data.get("soort") or []), None)
    kind = next((k for k in engine.KINDS.values() if k.slug == kind_slug), None)
    results = engine.Search(text, kind=kind.name if kind else None, correct=not form.cleaned_data.get("letterlijk"))
    page, page_notices = paginate(request, results, SEARCH_PER_PAGE)
    _label_intervention_kinds(page.object_list)
    ctx = {
        "form": form,
        "q": results.text,
        "results": results,
        "page": page,
        "kind": kind,
        "kinds": [(k, count_label(results.counts.get(k.name, 0))) for k in engine.KINDS.values()],
        "total_all": count_label(sum(results.counts.values())),
        "count_limit": f"{engine.COUNT_LIMIT:,}".replace(",", "."),
        "notices": [notice for field in form.fields.values() for notice in getattr(field, "notices", ())]
        + results.notices
        + page_notices,
    }
    return render(request, "portal/search.html", ctx)
