"""Facet counts and figures read from a summary, never by aggregating every intervention per request.

Each published intervention has a row in FacetEntry for every value of every facet of the
list's filter panel (its kind, status, themes, places, target groups, factors) and for each pair
in PAIRS (theme x region, the figures' gap matrix). FacetCount holds the number of
interventions per value. Both are kept here, in the transaction of the change itself:

- `refresh(pks)` computes the rows these interventions should have from the live tables,
  compares them with the stored ones and applies the difference to both tables, adding or
  subtracting one per changed value. The intervention rows are locked first, so two
  transactions refreshing the same intervention never both count it.
- the signals connected by `connect()` call it for every change that can alter a value: an
  intervention saved or deleted, an M2M change, a factor link, a renamed or moved place, theme,
  target group or factor.
- `rebuild()` recomputes everything in two statements, for bulk writes that send no signals
  (seeding, a restore, the benchmark); `check()` says whether the stored rows agree.

The unfiltered list and the figures read FacetCount (a few hundred rows). A filtered list counts
FacetEntry rows of just the interventions its other filters find, through the (facet, key)
index: work that grows with the matches, not with the table.
"""

from collections import Counter, defaultdict

from django.apps import apps
from django.db import connection, transaction
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from municipalities.models import Municipality, Province, Region

from .filters import InterventionFilter, LinkedOptionsFilter, OptionsFilter
from .models import FacetCount, FacetEntry, Intervention, TargetGroup, Theme

# Facets that pair two values, "<theme> <region>": the gap matrix of /cijfers/.
THEME_REGION = "thema-regio"
PAIRS = {
    THEME_REGION: (
        lambda: Intervention.themes.through,
        ("theme__slug", "intervention__municipalities__province__region__slug"),
    ),
}


# The columns of Intervention itself that facet rows are made of (InterventionQuerySet.update).
COUNTED_FIELDS = {"publication_status", "kind", "status"}
# Past this many interventions one refresh recomputes everything in two statements instead.
REFRESH_LIMIT = 2000


def facet_filters():
    """{name: filter} of the list's facets, in the panel's order: their definitions are the facets'."""
    return {name: facet for name, facet in InterventionFilter.base_filters.items() if isinstance(facet, OptionsFilter)}


def _value_sets(pks=None):
    """One queryset per facet giving (intervention_id, facet, key) of published interventions (of `pks`)."""
    published = Intervention.PublicationStatus.PUBLISHED
    querysets = []
    for name, facet in facet_filters().items():
        if isinstance(facet, LinkedOptionsFilter):
            rows = facet.through().objects.filter(intervention__publication_status=published)
            key = Cast(facet.field_name, CharField())
            id_field = "intervention_id"
        else:
            rows = Intervention.objects.filter(publication_status=published)
            key = Cast(facet.field_name, CharField())
            id_field = "pk"
        if pks is not None:
            rows = rows.filter(**{f"{id_field}__in": pks})
        querysets.append(rows.order_by().annotate(_facet=Value(name), _key=key).values_list(id_field, "_facet", "_key"))
    for name, (through, (first, second)) in PAIRS.items():
        rows = (
            through()
            .objects.filter(intervention__publication_status=published, **{f"{second}__isnull": False})
            .order_by()
        )
        if pks is not None:
            rows = rows.filter(intervention_id__in=pks)
        pair = Concat(first, Value(" "), second, output_field=CharField())
        querysets.append(rows.annotate(_facet=Value(name), _key=pair).values_list("intervention_id", "_facet", "_key"))
    return querysets


def _union(querysets):
    # UNION (not ALL): an intervention with two places in one province has one "provincie" row.
    first, *rest = querysets
    return first.union(*rest)


def expected_rows(pks=None):
    """The set of (intervention_id, facet, key) the live tables give (for `pks`, or every intervention)."""
    return set(_union(_value_sets(pks)))


def _apply_deltas(deltas):
    """Add each (facet, key) delta to FacetCount in one statement (an upsert, atomic per row)."""
    deltas = sorted((facet, key, n) for (facet, key), n in deltas.items() if n)
    if not deltas:
        return
    table = connection.ops.quote_name(FacetCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(deltas))
    with connection.cursor() as cursor:
        # Sorted, so concurrent transactions lock the count rows in one order (no deadlock).
        cursor.execute(
            f"INSERT INTO {table} (facet, key, count) VALUES {values} "
            f"ON CONFLICT (facet, key) DO UPDATE SET count = {table}.count + excluded.count",
            [part for row in deltas for part in row],
        )
        cursor.execute(f"DELETE FROM {table} WHERE count = 0")


def refresh(pks):
    """Bring the facet rows and counts of these interventions in line with the live tables."""
    pks = sorted({int(pk) for pk in pks if pk is not None})
    if not pks:
        return
    if len(pks) > REFRESH_LIMIT:
        rebuild()
        return
    with transaction.atomic():
        # Lock the interventions (in id order): a concurrent refresh of one of them waits, then
        # reads the rows this one stored. Deleted ones have no row to lock and no rows to keep.
        list(Intervention.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))
        stored = {
            (pk, facet, key): row_id
            for row_id, pk, facet, key in FacetEntry.objects.filter(intervention_id__in=pks).values_list(
                "id", "intervention_id", "facet", "key"
            )
        }
        wanted = expected_rows(pks)
        gone, new = stored.keys() - wanted, wanted - stored.keys()
        if not gone and not new:
            return
        deltas = Counter()
        for _pk, facet, key in gone:
            deltas[facet, key] -= 1
        for _pk, facet, key in new:
            deltas[facet, key] += 1
        FacetEntry.objects.filter(id__in=[stored[row] for row in gone]).delete()
        FacetEntry.objects.bulk_create(
            [FacetEntry(intervention_id=pk, facet=facet, key=key) for pk, facet, key in sorted(new)], batch_size=500
        )
        _apply_deltas(deltas)


@transaction.atomic
def rebuild():
    """Recompute every facet row and count from the live tables; returns the number of rows."""
    FacetEntry.objects.all().delete()
    FacetCount.objects.all().delete()
    select, params = _union(_value_sets()).query.sql_with_params()
    entries = connection.ops.quote_name(FacetEntry._meta.db_table)
    counts = connection.ops.quote_name(FacetCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {entries} (intervention_id, facet, key) SELECT * FROM ({select}) AS rows", params)
        cursor.execute(
            f"INSERT INTO {counts} (facet, key, count) SELECT facet, key, COUNT(*) FROM {entries} GROUP BY facet, key"
        )
    return FacetEntry.objects.count()


def check():
    """What disagrees with the live tables: (missing rows, surplus rows, wrong counts) as sets."""
    wanted = expected_rows()
    stored = set(FacetEntry.objects.values_list("intervention_id", "facet", "key"))
    expected_counts = Counter((facet, key) for _pk, facet, key in wanted)
    stored_counts = {(facet, key): n for facet, key, n in FacetCount.objects.values_list("facet", "key", "count")}
    wrong = {
        (facet, key, stored_counts.get((facet, key), 0), n)
        for (facet, key), n in expected_counts.items()
        if stored_counts.get((facet, key), 0) != n
    } | {(facet, key, n, 0) for (facet, key), n in stored_counts.items() if (facet, key) not in expected_counts}
    return wanted - stored, stored - wanted, wrong


def is_current():
    """A cheap sign that the summary matches: as many "soort" rows as published interventions."""
    counted = sum(FacetCount.objects.filter(facet="soort").values_list("count", flat=True))
    return counted == Intervention.objects.published().count()


# Reading


def counts(facet):
    """{key: number of published interventions} of one facet, from the summary: one query."""
    return dict(FacetCount.objects.filter(facet=facet).values_list("key", "count"))


def with_count(queryset, facet, key="slug"):
    """`queryset` (themes, places...) annotated with `intervention_count`: the published interventions that
    have the object's `key` as a value of `facet`, read from the summary in the same query."""
    count = FacetCount.objects.filter(facet=facet, key=Cast(OuterRef(key), CharField())).values("count")
    return queryset.annotate(intervention_count=Coalesce(Subquery(count), 0))


def facet_counts(filterset):
    """{facet: {key: count}}: for each facet of the panel, what each value would find combined with
    all the *other* filters in use (so a visitor sees where a click leads).

    Facets whose other filters are the same share one query: without filters or words that is one
    query on FacetCount; with k filters in use, at most k + 1 queries on FacetEntry, each counting
    the rows of just the interventions those filters find.
    """
    data = filterset.form.cleaned_data
    names = list(facet_filters())
    active = {name: data[name] for name in names if data.get(name)}
    ranking = filterset.search_ranking if data.get("q") else None
    groups = defaultdict(list)
    for name in names:
        groups[frozenset(other for other in active if other != name)].append(name)
    result = {name: {} for name in names}
    for others, members in groups.items():
        if not others and ranking is None:
            rows = FacetCount.objects.filter(facet__in=members).values_list("facet", "key", "count")
        elif ranking is None and len(others) == 1 and next(iter(others)) in SINGLE_VALUED:
            rows = _counts_with_one_choice(members, next(iter(others)), active)
        else:
            rows = _entries_with(members, {other: active[other] for other in others}, ranking)
        for facet, key, n in rows:
            result[facet][key] = n
    return result


# Facets of which every published intervention has exactly one value (a column, never empty).
SINGLE_VALUED = {"soort", "status"}


def _entries_with(members, chosen, ranking=None):
    """(facet, key, n) of the `members` facets over the interventions with the `chosen` values."""
    entries = FacetEntry.objects.filter(facet__in=members)
    for other, keys in sorted(chosen.items()):
        entries = entries.filter(
            intervention_id__in=FacetEntry.objects.filter(facet=other, key__in=keys).values("intervention_id")
        )
    if ranking is not None:
        entries = entries.filter(intervention_id__in=ranking)
    return entries.order_by().values_list("facet", "key").annotate(n=Count("id"))


def _counts_with_one_choice(members, facet, active):
    """The counts with one filter on a single-valued facet (soort=interventie), from the smaller side.

    When the chosen values hold most interventions, counting the rest is cheaper: every intervention
    has exactly one value of `facet`, so those with the chosen values are all of them minus those
    with any other value, and the summary holds "all of them".
    """
    totals = counts(facet)
    chosen = set(active[facet])
    rest = [key for key in totals if key not in chosen]
    if sum(totals.get(key, 0) for key in chosen) <= sum(totals[key] for key in rest):
        return _entries_with(members, {facet: chosen})
    remaining = Counter(
        {(f, key): n for f, key, n in FacetCount.objects.filter(facet__in=members).values_list("facet", "key", "count")}
    )
    for f, key, n in _entries_with(members, {facet: rest}) if rest else []:
        remaining[f, key] -= n
    return [(f, key, n) for (f, key), n in remaining.items() if n > 0]


# Keeping it current


def _refresh_saved(sender, instance, raw=False, **kwargs):
    # Fixture loads (raw) are followed by a rebuild (seed_portal).
    if not raw:
        refresh([instance.pk])


def _refresh_deleted(sender, instance, **kwargs):
    refresh([instance.pk])


def _refresh_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # After a reverse clear (theme.interventions.clear()) pk_set is None: remember whose rows
        # change while the links still show. The link table names the other side by its model.
        links = sender.objects.filter(**{instance._meta.model_name: instance})
        instance._facet_pks = list(links.values_list("intervention_id", flat=True))
    if action in {"post_add", "post_remove"}:
        refresh(pk_set if reverse else [instance.pk])
    elif action == "post_clear":
        refresh(getattr(instance, "_facet_pks", []) if reverse else [instance.pk])


def _refresh_link(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.intervention_id])


# What an intervention's keys are made of, elsewhere: a new slug, a municipality moved to another
# province, a province to another region. `affected` names the interventions that hold it.
DEPENDENCIES = {
    Theme: lambda theme: Intervention.objects.filter(themes=theme),
    TargetGroup: lambda group: Intervention.objects.filter(target_groups=group),
    Municipality: lambda place: Intervention.objects.filter(municipalities=place),
    Province: lambda province: Intervention.objects.filter(municipalities__province=province),
    Region: lambda region: Intervention.objects.filter(municipalities__province__region=region),
    "knowledge.Factor": lambda factor: Intervention.objects.filter(factor_links__factor=factor),
}


def connect():
    """Connect the signals that keep the summary current (InterventionsConfig.ready)."""
    post_save.connect(_refresh_saved, sender=Intervention, dispatch_uid="facets_intervention_save")
    post_delete.connect(_refresh_deleted, sender=Intervention, dispatch_uid="facets_intervention_delete")
    for field in ("themes", "municipalities", "target_groups"):
        through = getattr(Intervention, field).through
        m2m_changed.connect(_refresh_m2m, sender=through, dispatch_uid=f"facets_intervention_{field}")
    # Knowledge stands above interventions: its models are named, never imported.
    post_save.connect(_refresh_link, sender="knowledge.FactorLink", dispatch_uid="facets_factorlink_save")
    post_delete.connect(_refresh_link, sender="knowledge.FactorLink", dispatch_uid="facets_factorlink_delete")
    for model, affected in DEPENDENCIES.items():
        uid = f"facets_{model if isinstance(model, str) else model._meta.label}"

        def saved(sender, instance, raw=False, _affected=affected, **kwargs):
            if not raw:
                refresh(_affected(instance).values_list("pk", flat=True).distinct())

        def deleting(sender, instance, _affected=affected, **kwargs):
            # After the delete the links are gone (cascaded without signals): remember them now.
            instance._facet_pks = list(_affected(instance).values_list("pk", flat=True).distinct())

        def deleted(sender, instance, **kwargs):
            refresh(getattr(instance, "_facet_pks", []))

        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}_save")
        pre_delete.connect(deleting, sender=model, weak=False, dispatch_uid=f"{uid}_pre_delete")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}_delete")


def rebuild_if_stale(**kwargs):
    """After migrate: fill the summary when it does not match (a new table, an upgraded database)."""
    if apps.is_installed("interventions") and not is_current():
        rebuild()
