"""The filters of the intervention list.

Visitors share and edit these URLs by hand, so a filter never rejects a
request: unknown, repeated or absurd values are dropped, and every dropped
value becomes a notice that the page shows ("... is genegeerd").
"""

import django_filters
from django.apps import apps
from django.db.models import Exists, F, OuterRef, Q
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
    """Options held in a column of the intervention, `field_name`; several values combine with OR.

    The filters of this kind are also the facets, counted for the filter panel (interventions.facets).
    """

    field_class = OptionsField

    def filter(self, qs, value):
        return qs.filter(self.condition(value)) if value else qs

    def condition(self, values):
        return Q(**{f"{self.field_name}__in": values})


class LinkedOptionsFilter(OptionsFilter):
    """Options linked to interventions through a table; `field_name` is the path from that table to the key."""

    def __init__(self, *, through, **kwargs):
        # A function: the table may belong to an app above this one, looked up only when needed.
        self.through = through
        super().__init__(**kwargs)

    def condition(self, values):
        # EXISTS, so OR-ed values never duplicate a row.
        links = self.through().objects.filter(intervention=OuterRef("pk"), **{f"{self.field_name}__in": values})
        return Exists(links)


class SortFilter(django_filters.Filter):
    field_class = OptionsField


def slugs_and_names(model):
    return lambda: dict(model.objects.values_list("slug", "name"))


def factor_options():
    """{"12": "12. Naam"}: factors by number, the key as the visitor types it in the URL."""
    factors = apps.get_model("knowledge", "Factor").objects.order_by("number").values_list("number", "name")
    return {str(number): f"{number}. {name}" for number, name in factors}


def places():
    return Intervention.municipalities.through


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
    soort = OptionsFilter(field_name="kind", label=_("Soort"), options=lambda: dict(Intervention.Kind.choices))
    thema = LinkedOptionsFilter(
        through=lambda: Intervention.themes.through,
        field_name="theme__slug",
        label=_("Thema"),
        options=slugs_and_names(Theme),
    )
    provincie = LinkedOptionsFilter(
        through=places,
        field_name="municipality__province__slug",
        label=_("Provincie"),
        options=slugs_and_names(Province),
    )
    regio = LinkedOptionsFilter(
        through=places,
        field_name="municipality__province__region__slug",
        label=_("Regio"),
        options=slugs_and_names(Region),
    )
    gemeente = LinkedOptionsFilter(
        through=places,
        field_name="municipality__slug",
        label=_("Gemeente"),
        options=slugs_and_names(Municipality),
    )
    doelgroep = LinkedOptionsFilter(
        through=lambda: Intervention.target_groups.through,
        field_name="targetgroup__slug",
        label=_("Doelgroep"),
        options=slugs_and_names(TargetGroup),
    )
    status = OptionsFilter(field_name="status", label=_("Status"), options=lambda: dict(Intervention.Status.choices))
    factor = LinkedOptionsFilter(
        # Knowledge builds on interventions, so its models are looked up by name, never imported.
        through=lambda: apps.get_model("knowledge", "FactorLink"),
        field_name="factor__number",
        label=_("Factor"),
        options=factor_options,
    )
    sorteer = SortFilter(
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


def filtered_list(query, queryset):
    """The list's filters, search words and sort (the query parameters `query`) over the published
    `queryset`, and the notices for what they ignored, as (filterset, notices).

    The list page, its downloads and the API's list all call this, so they hold the same entries in the same
    order and answer bad input with the same notices.
    """
    filterset = InterventionFilter(query, queryset=queryset.published())
    notices = filterset.notices()  # validates the form: cleaned_data is there from here on
    text = filterset.form.cleaned_data.get("q")
    # The search's notices: what the words were read as, and whether only some of them are found.
    return filterset, notices + (filterset.search_ranking.notices if text else [])
