"""Full-text search over everything in the knowledge base: one entry point, two native engines.

Callers use `Search` (the search page), `ranked_ids()` (a queryset's
`.search()`), `suggest()` ("Bedoelde je ...?"), `index()`/`unindex()`
(signals), and `differences()`/`repair()`/`rebuild()` (commands).
Which engine runs, PostgreSQL's tsvector or SQLite's FTS5, follows from the
database in use; no caller needs to know.

The index only finds candidates; the database decides what is shown. Every
hit and every count is checked against each kind's `queryset()` at query
time, so an entry whose object was unpublished or deleted without signals (a
bulk `update()`, a data migration, raw SQL) is never shown, only left behind
until `rebuild_search_index` repairs it.

A search helps as far as it can: a name also finds its other names
(`synonyms.py`, query expansion), a word is found inside the compounds that
hold it (`compounds.py`, parts indexed next to the text), and when no entry has
every word, those with most of them are shown, ranked, under a notice.

Apps declare what they make searchable with `register(Kind(...))`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import compounds
from .backends import engine_for
from .models import SearchEntry, SearchWord
from .query import Query, parse
from .synonyms import expand
from .text import STOP_WORDS, WORD, unaccent, words

# The most results a visitor can page through, or a list can hold: past this, words narrow better.
MAX_RESULTS = 500
# Counting stops just past this; the page says "meer dan 1.000" (a frequent word matches all).
COUNT_LIMIT = 1000
MIN_SUGGESTION_LENGTH = 4


@dataclass(frozen=True)
class Document:
    """An object's searchable text: a title (weight A), quote and summary (B), body (C), people and places (D)."""

    title: str
    url: str
    a: str
    b: str = ""
    c: str = ""
    d: str = ""


@dataclass(frozen=True)
class Dependency:
    """A related model whose text is part of a kind's documents.

    When one of its objects is saved or deleted, `parents(instance)` names the
    ids of the kind's objects whose documents hold it; those are indexed again.
    """

    model: type
    parents: Callable[[Any], Iterable[int]]


@dataclass(frozen=True)
class Kind:
    """Something searchable: how to read its document, and what it is made of.

    `queryset` holds every object of the kind that may be found: the rest is
    kept out of the index, and every search asks it again which candidates
    to show (`visible_sql`), however the index came to disagree. `depends_on` lists the related models whose text
    the document holds, `m2m` the many-to-many fields of `model` it holds; a
    change to either indexes the affected objects again. The labels are the
    model's own names unless given.
    """

    name: str
    slug: str  # the value of `soort` in URLs, in Dutch
    model: type
    document: Callable[[Any], Document]
    queryset: Callable[[], Any]
    depends_on: tuple[Dependency, ...] = ()
    m2m: tuple[str, ...] = ()
    label_override: str = ""
    label_plural_override: str = ""

    @property
    def label(self):
        return self.label_override or capfirst(self.model._meta.verbose_name)

    def visible_sql(self, id_column):
        """SQL that holds when the object whose id is in `id_column` may be found now, and its parameters.

        Made from `queryset()`, so the index and the pages agree on what is public: an
        EXISTS that looks the object up by its primary key (one index lookup per candidate).
        """
        found = RawSQL(id_column, (), output_field=models.BigIntegerField())
        sql, params = (
            self.queryset().prefetch_related(None).order_by().filter(pk=found).values("pk").query.sql_with_params()
        )
        return f"EXISTS ({sql})", list(params)

    def visible_ids(self, ids):
        """Those of `ids` whose objects may be found now, read from the database (not from the index)."""
        return set(self.queryset().prefetch_related(None).filter(pk__in=list(ids)).values_list("pk", flat=True))

    @property
    def label_plural(self):
        return self.label_plural_override or capfirst(self.model._meta.verbose_name_plural)


KINDS: dict[str, Kind] = {}


def register(kind: Kind):
    """Make `kind` searchable; its entries follow every save and delete of its model and its parts."""
    KINDS[kind.name] = kind
    uid = f"search_{kind.name}"
    post_save.connect(_index_saved, sender=kind.model, dispatch_uid=f"{uid}_save")
    post_delete.connect(_unindex_deleted, sender=kind.model, dispatch_uid=f"{uid}_delete")
    for dependency in kind.depends_on:
        handler = partial(_reindex_parents, kind, dependency)
        part = f"{uid}_{dependency.model._meta.label_lower}"
        post_save.connect(handler, sender=dependency.model, weak=False, dispatch_uid=f"{part}_save")
        post_delete.connect(handler, sender=dependency.model, weak=False, dispatch_uid=f"{part}_delete")
    for field_name in kind.m2m:
        through = getattr(kind.model, field_name).through
        m2m_changed.connect(
            partial(_reindex_on_m2m, kind), sender=through, weak=False, dispatch_uid=f"{uid}_{field_name}"
        )


def _index_saved(sender, instance, raw=False, **kwargs):
    # Fixture loads (raw) are indexed as a whole by seed_portal afterwards.
    if not raw:
        index(instance)


def _unindex_deleted(sender, instance, **kwargs):
    unindex(sender, instance.pk)


def _reindex_parents(kind, dependency, sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(kind, dependency.parents(instance))


def _reindex_on_m2m(kind, sender, instance, action, reverse, pk_set, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        reindex(kind, (pk_set or []) if reverse else [instance.pk])


def kind_of(instance_or_model):
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    return next(kind for kind in KINDS.values() if issubclass(model, kind.model))


def _backend():
    return engine_for(connection.vendor)


def _visible_sql(kind_name, id_column):
    """What the engines ask of every candidate: does the database show this object now? (SQL, parameters)."""
    kind = KINDS.get(kind_name)
    return kind.visible_sql(id_column) if kind else ("1 = 0", [])


@dataclass
class Hit:
    kind: Kind
    object_id: int
    title: str
    url: str
    snippet: SafeString


def _fields(document):
    """The columns of a SearchEntry holding `document`."""
    return {
        "title": document.title[:300],
        "url": document.url,
        "text_a": document.a,
        "text_b": document.b,
        "text_c": document.c,
        "text_d": document.d,
        "text_parts": compounds.parts(document.a, document.b, document.c, document.d),
    }


def _vocabulary(document):
    """The words of `document` that "Bedoelde je ...?" may suggest."""
    return {
        word
        for text in (document.a, document.b, document.c, document.d)
        for word in words(text)
        if word.isalpha() and MIN_SUGGESTION_LENGTH <= len(word) <= 50 and word not in STOP_WORDS
    }


def _store(instances, kind, *, fresh=False):
    """Write the search entries of `instances`; `fresh` when none of them has one yet (faster)."""
    entries, vocabulary = [], set()
    for instance in instances:
        document = kind.document(instance)
        fields = _fields(document)
        if fresh:
            entries.append(SearchEntry(kind=kind.name, object_id=instance.pk, **fields))
        else:
            entry, _created = SearchEntry.objects.update_or_create(
                kind=kind.name, object_id=instance.pk, defaults=fields
            )
            entries.append(entry)
        vocabulary |= _vocabulary(document)
    if fresh:
        entries = SearchEntry.objects.bulk_create(entries, batch_size=500)
    _backend().write(entries)
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in vocabulary], ignore_conflicts=True)


def index_all(kind_name, instances):
    """Index objects that have no entry yet, in bulk (rebuilds, benchmarks)."""
    _store(instances, KINDS[kind_name], fresh=True)


def index(instance):
    """(Re)index one object, with its related objects read afresh."""
    reindex(kind_of(instance), [instance.pk])


def reindex(kind, pks):
    """(Re)index the objects of `kind` with these ids; those no longer in its queryset leave the index."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    fresh = list(kind.queryset().filter(pk__in=pks))
    if fresh:
        _store(fresh, kind)
    for pk in pks - {instance.pk for instance in fresh}:
        unindex(kind.model, pk)


def unindex(model, pk):
    _delete(SearchEntry.objects.filter(kind=kind_of(model).name, object_id=pk))


def _delete(entries):
    _backend().delete(list(entries.values_list("id", flat=True)))
    entries.delete()


@transaction.atomic
def rebuild():
    """Index every registered object from scratch; returns {kind: count}."""
    _backend().clear()
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    counts = {}
    for kind in KINDS.values():
        instances = list(kind.queryset())
        _store(instances, kind, fresh=True)
        counts[kind.name] = len(instances)
    return counts


@dataclass(frozen=True)
class Difference:
    """Where the index disagrees with the database, about one object."""

    HIDDEN = "hidden"  # in the index, but no longer visible (unpublished, deleted, or of no known kind)
    MISSING = "missing"  # visible, but not in the index
    STALE = "stale"  # in the index with another text than its document has now

    problem: str
    kind: str
    object_id: int
    title: str

    @property
    def label(self):
        """The kind as an operator reads it ("Interventie"), or its name when no app registers it any more."""
        return KINDS[self.kind].label if self.kind in KINDS else self.kind


@dataclass
class Audit:
    """What `differences()` found: the disagreeing entries, and suggestion words no visible object holds."""

    differences: list[Difference]
    stray_words: list[str]


def differences():
    """Compare every entry with what the database holds now: each kind's queryset and its documents.

    Reads every visible object and its document once (as a rebuild does), and writes nothing.
    """
    found = []
    for entry in SearchEntry.objects.exclude(kind__in=list(KINDS)).only("kind", "object_id", "title"):
        found.append(Difference(Difference.HIDDEN, entry.kind, entry.object_id, entry.title))
    vocabulary = set()
    for kind in KINDS.values():
        entries = {entry.object_id: entry for entry in SearchEntry.objects.filter(kind=kind.name)}
        for instance in kind.queryset():
            document = kind.document(instance)
            vocabulary |= _vocabulary(document)
            entry = entries.pop(instance.pk, None)
            if entry is None:
                found.append(Difference(Difference.MISSING, kind.name, instance.pk, document.title))
            elif any(getattr(entry, name) != value for name, value in _fields(document).items()):
                found.append(Difference(Difference.STALE, kind.name, instance.pk, document.title))
        found += [Difference(Difference.HIDDEN, kind.name, pk, entry.title) for pk, entry in sorted(entries.items())]
    stray = sorted(set(SearchWord.objects.values_list("word", flat=True)) - vocabulary)
    return Audit(found, stray)


@transaction.atomic
def repair(audit):
    """Make the index agree with the database where `audit` found it does not; returns {kind: entries}.

    Hidden entries leave, missing and stale ones are indexed again, and the
    suggestion words that no visible object holds any more are dropped.
    """
    for difference in audit.differences:
        if difference.kind not in KINDS:
            _delete(SearchEntry.objects.filter(kind=difference.kind, object_id=difference.object_id))
    for kind in KINDS.values():
        # reindex() reads the objects afresh: what is visible is stored, the rest leaves the index.
        reindex(kind, [d.object_id for d in audit.differences if d.kind == kind.name])
    for start in range(0, len(audit.stray_words), 500):
        SearchWord.objects.filter(word__in=audit.stray_words[start : start + 500]).delete()
    return {kind.name: SearchEntry.objects.filter(kind=kind.name).count() for kind in KINDS.values()}


def _partial_notice():
    return _("Geen resultaten met alle woorden; wel met een deel ervan.")


def _search_query(text, *, prefix=False):
    """The query tree of `text` as the engines run it: with the other names of a name (synonyms.py)."""
    return expand(parse(text, prefix=prefix))


def _any_of(query):
    """`query` with its words OR-ed instead of AND-ed (exclusions still exclude)."""
    positive = [atom for clause in query.positive for atom in clause]
    negative = [clause for clause in query.clauses if clause not in query.positive]
    return Query(clauses=[positive, *negative], notices=query.notices)


def _partial_rows(query, *, kind, kinds, visible):
    """The rows of entries matching some of `query`'s words, most words first, then by rank.

    Only for a query of two or more words that nothing matches in full. The candidates
    are the best matches of any word, and for three or more words the best matches of
    all words but one, so that the entries that miss just one word are among them.
    """
    backend = _backend()
    positive = query.positive
    negative = [clause for clause in query.clauses if clause not in positive]
    subqueries = [_any_of(query)]
    if len(positive) > 2:
        subqueries += [Query(clauses=[*positive[:i], *positive[i + 1 :], *negative]) for i in range(len(positive))]
    rows = {}
    for subquery in subqueries:
        for row in backend.ranked(subquery, kind=kind, kinds=kinds, limit=MAX_RESULTS, visible=visible):
            rows.setdefault(row[0], row)
    scores = backend.scores(_any_of(query), positive, list(rows))
    ranked = sorted(rows.values(), key=lambda row: (-scores[row[0]][0], -scores[row[0]][1], row[0]))
    return [(*row[:5], scores[row[0]][1]) for row in ranked]


def _is_partial_candidate(query):
    return len(query.positive) > 1


class Ranking(list):
    """Object ids, best first, with the notices for the page (a list, so callers may treat it as one)."""

    def __init__(self, ids=(), notices=()):
        super().__init__(ids)
        self.notices = list(notices)


def ranked_ids(text, *, kind):
    """Ids of the objects of `kind` matching `text` that may be found now, best first (at most MAX_RESULTS).

    When no object matches every word, those that match most of them (the Ranking's notices say so).
    """
    backend = _backend()
    query = _search_query(text)
    for attempt in (query, _search_query(text, prefix=True)):
        if not attempt:
            return Ranking(notices=query.notices)
        rows = backend.ranked(attempt, kind=kind, kinds=[kind], limit=MAX_RESULTS, visible=_visible_sql)
        if rows:
            return Ranking([row[2] for row in rows], query.notices)
    if _is_partial_candidate(query):
        rows = _partial_rows(query, kind=kind, kinds=[kind], visible=_visible_sql)
        if rows:
            return Ranking([row[2] for row in rows[:MAX_RESULTS]], [*query.notices, _partial_notice()])
    return Ranking(notices=query.notices)


def _suggestion(text):
    """`text` with each word that the index does not know replaced by the closest one it knows, or ''."""
    query = parse(text)
    changed = False
    suggestion = text
    known = set(SearchWord.objects.filter(word__in=query.words()).values_list("word", flat=True))
    for word in query.words():
        if word in known or len(word) < MIN_SUGGESTION_LENGTH:
            continue
        similar = _backend().similar_word(word)
        if similar and similar != word:
            suggestion = _replace_word(suggestion, word, similar)
            changed = True
    return suggestion if changed else ""


def suggest(text):
    """A better spelling of `text` that finds something the public may see, or ''.

    The words come from every document ever indexed (SearchWord), which may hold
    words of entries hidden since; a suggestion is only made when it finds a
    visible object, so it never leads to, or spells out, only hidden ones.
    """
    suggestion = _suggestion(text)
    found = Search(suggestion, correct=False) if suggestion else None
    return suggestion if found and found.counts and not found.partial else ""


def _replace_word(text, word, replacement):
    """Replace the first word of `text` that reads as `word` (ignoring accents and case)."""
    for match in WORD.finditer(text):
        if unaccent(match.group()).lower() == word:
            return text[: match.start()] + replacement + text[match.end() :]
    return text


class Search:
    """One visitor's search: parsed and counted once, its hits fetched a page at a time.

    It is a sequence, so Django's Paginator pages through it. When nothing
    matches and a word looks misspelt, it searches for the closest known words
    instead (`corrected_from` holds what the visitor typed).
    """

    def __init__(self, text, *, kind=None, correct=True):
        self.text = text
        self.kind = kind
        # Each kind's visibility SQL, compiled once for the counts and every page of hits.
        self._visible_sql = cache(_visible_sql)
        self.query = _search_query(text)
        self.corrected_from = ""
        self.partial = False
        self._partial_rows = None
        self.counts = self._count(self.query)
        if self.query and not self.counts:
            # Perhaps the last word is not finished: try it as the start of a word.
            started = _search_query(text, prefix=True)
            if started.clauses != self.query.clauses:
                self.query, self.counts = started, self._count(started)
        if correct and self.query and not self.counts:
            # Checked below, by counting what the suggestion finds (suggest() would count twice).
            suggestion = _suggestion(text)
            alternative = Search(suggestion, kind=kind, correct=False) if suggestion else None
            # Only a spelling that finds every word: else the words as typed, partly matched, say more.
            if alternative and alternative.counts and not alternative.partial:
                self.corrected_from = text
                self.text, self.query, self.counts = alternative.text, alternative.query, alternative.counts
        if self.query and not self.counts and _is_partial_candidate(self.query):
            # No entry has every word: those with most of them, ranked, under a notice.
            query = _search_query(text)
            counts = self._count(_any_of(query))
            if counts:
                self.text, self.query, self.counts, self.partial = text, query, counts, True

    def _count(self, query):
        """Visible hits per kind, up to just past COUNT_LIMIT each.

        The engines count, in one query, the matching entries whose objects the
        database shows now (`Kind.visible_sql`), so a hidden entry is never counted.
        """
        return _backend().counts(query, list(KINDS), COUNT_LIMIT + 1, visible=self._visible_sql) if query else {}

    @property
    def notices(self):
        return [*self.query.notices, _partial_notice()] if self.partial else self.query.notices

    @property
    def total(self):
        """Hits of the chosen kind (or of all kinds), counted up to just past COUNT_LIMIT."""
        return self.counts.get(self.kind, 0) if self.kind else sum(self.counts.values())

    @property
    def total_is_more(self):
        """True when there are more than COUNT_LIMIT hits: show "meer dan 1.000"."""
        return self.total > COUNT_LIMIT

    def count(self):
        """What a Paginator may page through."""
        return min(self.total, MAX_RESULTS)

    __len__ = count

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("a Search is read a page (a slice) at a time")
        if not self.query:
            return []
        offset, stop = window.start or 0, window.stop
        backend = _backend()
        kinds = [self.kind] if self.kind else list(KINDS)
        if self.partial:
            if self._partial_rows is None:
                self._partial_rows = _partial_rows(self.query, kind=self.kind, kinds=kinds, visible=self._visible_sql)
            rows = self._partial_rows[offset:stop]
            snippets = backend.snippets(_any_of(self.query), [row[0] for row in rows])
            return self._hits(rows, snippets)
        # Whatever the index holds, only what the database shows now is a hit (a page may come out short).
        rows = backend.ranked(
            self.query, kind=self.kind, kinds=kinds, limit=stop - offset, offset=offset, visible=self._visible_sql
        )
        snippets = backend.snippets(self.query, [row[0] for row in rows])
        return self._hits(rows, snippets)

    def _hits(self, rows, snippets):
        return [
            Hit(kind=KINDS[kind], object_id=object_id, title=title, url=url, snippet=snippets.get(entry_id, ""))
            for entry_id, kind, object_id, title, url, _rank in rows
        ]


__all__ = [
    "Audit",
    "Difference",
    "Document",
    "Hit",
    "Kind",
    "Ranking",
    "Search",
    "index",
    "parse",
    "rebuild",
    "ranked_ids",
    "register",
    "repair",
    "differences",
    "suggest",
    "unindex",
]
