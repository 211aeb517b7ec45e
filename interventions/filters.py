"""The filters of the intervention list.

Visitors share and edit these URLs by hand, so a filter never rejects a
request: unknown, repeated or absurd values are dropped, and every dropped
value becomes a notice that the page shows ("... is genegeerd").
"""

import django_filters
from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import OptionsField, QueryField
from municipalities.models import Municipality, Province, Region
from search import engine

from .models import Intervention, TargetGroup, Theme


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class OptionsFilter(django_filters.Filter):
    field_class = OptionsField

    def __init__(self, *, condition=None, **kwargs):
        self.condition = condition
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return qs.filter(self.condition(value)) if value else qs


def linked_through(m2m_field, **lookups):
    """EXISTS over an m2m table, so OR-ed values never duplicate a row."""
    return Exists(m2m_field.through.objects.filter(intervention=OuterRef("pk"), **lookups))


def slugs_and_names(model):
    return lambda: dict(model.objects.values_list("slug", "name"))


# Knowledge builds on interventions, so its models are looked up by name, never imported.
def factor_link_model():
    return apps.get_model("knowledge", "FactorLink")


def factor_options():
    """{"12": "12. Naam"}: factors by number, the key as the visitor types it in the URL."""
    factors = apps.get_model("knowledge", "Factor").objects.order_by("number").values_list("number", "name")
    return {str(number): f"{number}. {name}" for number, name in factors}


def addresses_factors(numbers):
    return Exists(factor_link_model().objects.filter(intervention=OuterRef("pk"), factor__number__in=numbers))


# Lower(): SQLite compares bytes, so "De Twentse" would sort before "De kracht".
SORTS = {
    # Without search words there is nothing to rank: the title order applies.
    "relevantie": (_("Beste match eerst (bij zoeken)"), None),
    "titel": (_("Titel (A-Z)"), [Lower("title"), "pk"]),
    "nieuwste": (_("Nieuwste eerst (op startjaar)"), [F("start_year").desc(nulls_last=True), Lower("title"), "pk"]),
}


class InterventionFilter(django_filters.FilterSet):
    """The query parameters of /interventies/: these names are the public interface.

    Several values of one filter combine with OR, different filters with AND.
    """

    q = QueryFilter(label=_("Zoekwoorden"), method="filter_search")
    soort = OptionsFilter(
        label=_("Soort"),
        options=lambda: dict(Intervention.Kind.choices),
        condition=lambda values: Q(kind__in=values),
    )
    thema = OptionsFilter(
        label=_("Thema"),
        options=slugs_and_names(Theme),
        condition=lambda slugs: linked_through(Intervention.themes, theme__slug__in=slugs),
    )
    provincie = OptionsFilter(
        label=_("Provincie"),
        options=slugs_and_names(Province),
        condition=lambda slugs: linked_through(Intervention.municipalities, municipality__province__slug__in=slugs),
    )
    regio = OptionsFilter(
        label=_("Regio"),
        options=slugs_and_names(Region),
        condition=lambda slugs: linked_through(
            Intervention.municipalities, municipality__province__region__slug__in=slugs
        ),
    )
    gemeente = OptionsFilter(
        label=_("Gemeente"),
        options=slugs_and_names(Municipality),
        condition=lambda slugs: linked_through(Intervention.municipalities, municipality__slug__in=slugs),
    )
    doelgroep = OptionsFilter(
        label=_("Doelgroep"),
        options=slugs_and_names(TargetGroup),
        condition=lambda slugs: linked_through(Intervention.target_groups, targetgroup__slug__in=slugs),
    )
    status = OptionsFilter(
        label=_("Status"),
        options=lambda: dict(Intervention.Status.choices),
        condition=lambda values: Q(status__in=values),
    )
    factor = OptionsFilter(
        label=_("Factor"),
        options=factor_options,
        condition=addresses_factors,
    )
    sorteer = OptionsFilter(
        label=_("Sortering"),
        options=lambda: {key: label for key, (label, _order) in SORTS.items()},
        multiple=False,
        method="sort",
    )

    class Meta:
        model = Intervention
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sorteer"):
            queryset = self.sort(queryset, "sorteer", ["relevantie"])
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.in_ranking(self.search_ranking) if value else queryset

    @cached_property
    def search_ranking(self):
        """The ids the search words find, best first: the results and every facet count share one search."""
        return engine.ranked_ids(self.form.cleaned_data["q"], kind="intervention")

    def sort(self, queryset, name, value):
        if value[0] == "relevantie" and self.form.cleaned_data.get("q"):
            return queryset  # .search() ordered it by rank
        return queryset.order_by(*(SORTS[value[0]][1] or SORTS["titel"][1]))

    def notices(self):
        """What was ignored or changed in the request, as sentences for the page."""
        self.form.is_valid()
        return [notice for field in self.form.fields.values() for notice in getattr(field, "notices", [])]

    def active_filters(self):
        """(parameter, key, label) of each value in use, for the removable chips."""
        self.form.is_valid()
        active = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name == "sorteer" or not value:
                continue
            if name == "q":
                active.append((name, value, f"“{value}”"))
            else:
                options = field.options()
                active.extend((name, key, options[key]) for key in value)
        return active


# How each facet counts its options: the table linking interventions to them and the path to the option's key.
FACETS = {
    "thema": (lambda: Intervention.themes.through, "theme__slug"),
    "provincie": (lambda: Intervention.municipalities.through, "municipality__province__slug"),
    "regio": (lambda: Intervention.municipalities.through, "municipality__province__region__slug"),
    "gemeente": (lambda: Intervention.municipalities.through, "municipality__slug"),
    "doelgroep": (lambda: Intervention.target_groups.through, "targetgroup__slug"),
    "factor": (factor_link_model, "factor__number"),
}
# Facets on a column of the intervention itself.
FIELD_FACETS = {"soort": "kind", "status": "status"}


def facet_counts(filterset, queryset):
    """{filter: {option: count}}: for each filter, what each option would find combined with all the *other*
    filters in use (so a visitor sees where a click leads). One query per filter."""
    data = filterset.form.cleaned_data
    if data.get("q"):
        queryset = queryset.in_ranking(filterset.search_ranking)
    names = [*FIELD_FACETS, *FACETS]
    conditions = {name: filterset.filters[name].condition(data[name]) for name in names if data.get(name)}
    counts = {}
    for name in names:
        others = queryset.filter(*[condition for other, condition in conditions.items() if other != name])
        if name in FIELD_FACETS:
            rows = others.order_by().values_list(FIELD_FACETS[name]).annotate(n=Count("pk"))
        else:
            through, key = FACETS[name]
            rows = (
                through()
                .objects.filter(intervention__in=others.values("pk"))
                .order_by()
                .values_list(key)
                .annotate(n=Count("intervention", distinct=True))
            )
        # Option keys are strings (factor numbers too), as they come from the URL.
        counts[name] = {str(key): n for key, n in rows}
    return counts
