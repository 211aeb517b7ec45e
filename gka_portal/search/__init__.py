"""Full-text search over everything in the knowledge base: one entry point, two native engines.

Callers use `Search` (the search page), `ranked_ids()` (a queryset's
`.search()`), `suggest()` ("Bedoelde je ...?"), `index()`/`unindex()`
(signals) and `rebuild()` (commands).
Which engine runs, PostgreSQL's tsvector or SQLite's FTS5, follows from the
database in use; no caller needs to know.

Apps declare what they make searchable with `register(Kind(...))`.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString

from gka_portal.models import SearchEntry, SearchWord

from .backends import engine_for
from .query import parse
from .text import STOP_WORDS, unaccent, words

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
class Kind:
    name: str
    slug: str  # the value of `soort` in URLs, in Dutch
    label: str
    label_plural: str
    model: type
    document: object  # callable(instance) -> Document
    queryset: object  # callable() -> QuerySet of every object to index


KINDS: dict[str, Kind] = {}


def register(kind: Kind):
    """Make `kind` searchable; its entries follow every save and delete of its model."""
    KINDS[kind.name] = kind
    uid = f"search_{kind.model._meta.label_lower}"
    post_save.connect(_index_saved, sender=kind.model, dispatch_uid=f"{uid}_save")
    post_delete.connect(_unindex_deleted, sender=kind.model, dispatch_uid=f"{uid}_delete")


def _index_saved(sender, instance, raw=False, **kwargs):
    # Fixture loads (raw) are indexed as a whole by seed_portal afterwards.
    if not raw:
        index(instance)


def _unindex_deleted(sender, instance, **kwargs):
    unindex(sender, instance.pk)


def kind_of(instance_or_model):
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    return next(kind for kind in KINDS.values() if issubclass(model, kind.model))


def engine():
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
    engine().write(entries)
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in vocabulary], ignore_conflicts=True)


def index_all(kind_name, instances):
    """Index objects that have no entry yet, in bulk (rebuilds, benchmarks)."""
    _store(instances, KINDS[kind_name], fresh=True)


def index(instance):
    """(Re)index one object, with its related objects read afresh."""
    kind = kind_of(instance)
    fresh = kind.queryset().filter(pk=instance.pk).first()
    if fresh is None:
        unindex(type(instance), instance.pk)
    else:
        _store([fresh], kind)


def unindex(model, pk):
    entries = SearchEntry.objects.filter(kind=kind_of(model).name, object_id=pk)
    engine().delete(list(entries.values_list("id", flat=True)))
    entries.delete()


@transaction.atomic
def rebuild():
    """Index every registered object from scratch; returns {kind: count}."""
    engine().clear()
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
    backend = engine()
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
        similar = engine().similar_word(word)
        if similar and similar != word:
            suggestion = _replace_word(suggestion, word, similar)
            changed = True
    return suggestion if changed else ""


def _replace_word(text, word, replacement):
    """Replace the first word of `text` that reads as `word` (ignoring accents and case)."""
    for match in re.finditer(r"[^\W_]+", text):
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
        return engine().counts(query, list(KINDS), COUNT_LIMIT + 1) if query else {}

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
        backend = engine()
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
