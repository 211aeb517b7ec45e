"""Full-text search over everything in the knowledge base: one entry point, two native engines.

Callers use `Search` (the search page), `ranked_ids()` (a queryset's
`.search()`), `suggest()` ("Bedoelde je ...?"), `index()`/`unindex()`
(signals) and `rebuild()` (commands).
Which engine runs, PostgreSQL's tsvector or SQLite's FTS5, follows from the
database in use; no caller needs to know.

Apps declare what they make searchable with `register(Kind(...))`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from .backends import engine_for
from .models import SearchEntry, SearchWord
from .query import parse
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

    `queryset` holds every object of the kind that may be found (the rest is
    kept out of the index). `depends_on` lists the related models whose text
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


@dataclass
class Hit:
    kind: Kind
    object_id: int
    title: str
    url: str
    snippet: SafeString


def _store(instances, kind, *, fresh=False):
    """Write the search entries of `instances`; `fresh` when none of them has one yet (faster)."""
    entries, vocabulary = [], set()
    for instance in instances:
        document = kind.document(instance)
        fields = {
            "title": document.title[:300],
            "url": document.url,
            "text_a": document.a,
            "text_b": document.b,
            "text_c": document.c,
            "text_d": document.d,
        }
        if fresh:
            entries.append(SearchEntry(kind=kind.name, object_id=instance.pk, **fields))
        else:
            entry, _created = SearchEntry.objects.update_or_create(
                kind=kind.name, object_id=instance.pk, defaults=fields
            )
            entries.append(entry)
        for text in (document.a, document.b, document.c, document.d):
            vocabulary.update(
                word
                for word in words(text)
                if word.isalpha() and MIN_SUGGESTION_LENGTH <= len(word) <= 50 and word not in STOP_WORDS
            )
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
    entries = SearchEntry.objects.filter(kind=kind_of(model).name, object_id=pk)
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


def ranked_ids(text, *, kind):
    """Ids of the objects of `kind` matching `text`, best first (at most MAX_RESULTS)."""
    backend = _backend()
    for query in (parse(text), parse(text, prefix=True)):
        if not query:
            return []
        ids = [row[2] for row in backend.ranked(query, kind=kind, limit=MAX_RESULTS)]
        if ids:
            return ids
    return []


def suggest(text):
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
        self.query = parse(text)
        self.corrected_from = ""
        self.counts = self._count(self.query)
        if self.query and not self.counts:
            # Perhaps the last word is not finished: try it as the start of a word.
            started = parse(text, prefix=True)
            if started.clauses != self.query.clauses:
                self.query, self.counts = started, self._count(started)
        if correct and self.query and not self.counts:
            suggestion = suggest(text)
            alternative = Search(suggestion, kind=kind, correct=False) if suggestion else None
            if alternative and alternative.counts:
                self.corrected_from = text
                self.text, self.query, self.counts = alternative.text, alternative.query, alternative.counts

    @staticmethod
    def _count(query):
        return _backend().counts(query, list(KINDS), COUNT_LIMIT + 1) if query else {}

    @property
    def notices(self):
        return self.query.notices

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
        rows = backend.ranked(self.query, kind=self.kind, limit=stop - offset, offset=offset)
        snippets = backend.snippets(self.query, [row[0] for row in rows])
        return [
            Hit(kind=KINDS[kind], object_id=object_id, title=title, url=url, snippet=snippets.get(entry_id, ""))
            for entry_id, kind, object_id, title, url, _rank in rows
            if kind in KINDS
        ]


__all__ = [
    "Document",
    "Hit",
    "Kind",
    "Search",
    "index",
    "parse",
    "rebuild",
    "ranked_ids",
    "register",
    "suggest",
    "unindex",
]
