"""Dutch text as the SQLite engine indexes it: accents off, lower case, stop words out, stemmed.

PostgreSQL does the same inside its `dutch_unaccent` text search
configuration; this module gives SQLite's FTS5 the same view of the words.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Snowball's Dutch stop word list, the one PostgreSQL's `dutch` configuration uses.
STOP_WORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of
    wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u
    want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun
    dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets
    uw iemand geweest andere
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# A word is a run of letters and digits; everything else separates words.
WORD = re.compile(r"[^\W_]+")

# The original Snowball Dutch stemmer, the one PostgreSQL's dutch_stem uses, so both engines agree.
_stemmer = snowballstemmer.stemmer("dutch_porter")


def unaccent(text: str) -> str:
    """'Súdwest-Fryslân' -> 'Sudwest-Fryslan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of `text`, without accents, in lower case."""
    return WORD.findall(unaccent(text).lower())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def index_terms(text: str) -> list[str]:
    """The stemmed words of `text` that the index keeps (stop words left out)."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]
