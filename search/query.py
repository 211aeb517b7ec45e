"""What a visitor typed in the search box, as a small query tree both engines understand.

The language is the one people know from web search engines, and the one
PostgreSQL's `websearch_to_tsquery` speaks: words are AND-ed, "quoted words"
form a phrase, -word excludes, OR between two words or phrases accepts either.
When nothing matches, the last plain word is tried as the start of a word,
for people who have not finished typing it.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text import STOP_WORDS, words

MAX_ATOMS = 12
MAX_WORD_LENGTH = 50
MIN_PREFIX_LENGTH = 3

# "a phrase" (a missing closing quote ends it at the end), or a run without spaces or quotes.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)')


@dataclass(frozen=True)
class Atom:
    """One word or phrase.

    `words` are unaccented and lower case, stop words removed (what SQLite's
    index holds); `all_words` keeps the stop words, whose positions
    PostgreSQL's vectors keep, so its phrases must count them.
    """

    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False
    all_words: tuple[str, ...] = ()

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass
class Query:
    """Clauses are AND-ed; the atoms within a clause are OR-ed."""

    clauses: list[list[Atom]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def positive(self):
        return [clause for clause in self.clauses if not all(atom.negated for atom in clause)]

    def __bool__(self):
        return bool(self.positive)

    def words(self):
        """Every word to look for (not the excluded ones), for highlighting and suggestions."""
        return [word for clause in self.positive for atom in clause if not atom.negated for word in atom.words]


def _atom(text, *, negated):
    # "po-vo" or "'s-Hertogenbosch" is one typed word but several index words next to each other: a phrase.
    found = tuple(word[:MAX_WORD_LENGTH] for word in words(text))
    kept = tuple(word for word in found if word not in STOP_WORDS)
    if not kept:
        return None
    return Atom(words=kept, negated=negated, all_words=found)


def parse(text: str, *, prefix: bool = False) -> Query:
    """The query tree of `text`; with `prefix`, its last plain word also matches as the start of a word."""
    query = Query()
    tokens = list(TOKEN.finditer(text or ""))
    pending_or = False
    atoms = 0
    for position, match in enumerate(tokens):
        negated_phrase, phrase_text, plain = match.groups()
        if plain is not None and plain == "OR":
            pending_or = bool(query.clauses)
            continue
        if plain is not None and plain == "AND":
            continue  # words are AND-ed anyway
        negated = bool(negated_phrase) if phrase_text is not None else plain.startswith("-")
        body = phrase_text if phrase_text is not None else plain.lstrip("-")
        atom = _atom(body, negated=negated)
        if atom is None:
            pending_or = False
            continue
        atoms += 1
        if atoms > MAX_ATOMS:
            query.notices.append(_("Alleen de eerste %(max)s zoektermen zijn gebruikt.") % {"max": MAX_ATOMS})
            break
        is_last = position == len(tokens) - 1
        if (
            prefix
            and is_last
            and plain is not None
            and not negated
            and not atom.is_phrase
            and len(atom.words[0]) >= MIN_PREFIX_LENGTH
        ):
            atom = Atom(words=atom.words, prefix=True, all_words=atom.all_words)
        if pending_or and not negated and not any(a.negated for a in query.clauses[-1]):
            query.clauses[-1].append(atom)
        else:
            query.clauses.append([atom])
        pending_or = False
    if query.clauses and not query:
        query.notices.append(_("Geef naast woorden om uit te sluiten ook een woord op om naar te zoeken."))
    return query
