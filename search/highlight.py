"""Short snippets around the words a visitor searched for, with the matches in <mark>."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import WORD, stem, unaccent

# Private-use characters: they never occur in the texts, so they can travel
# through the database to mark where a match starts and ends.
START, STOP = "\ue000", "\ue001"


def marked_to_html(text: str):
    """Text with START/STOP markers (from ts_headline, say) as escaped HTML with <mark>."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(" ".join(html.split()))


def snippet(text: str, query, *, words: int = 30):
    """The stretch of `text` with the most matches of `query`, as HTML with <mark>.

    Used where the database has no headline function of its own (SQLite): the
    same unaccenting and stemming as the index decide what counts as a match.
    """
    wanted = {stem(word) for word in query.words()}
    prefixes = [word for clause in query.positive for atom in clause if atom.prefix for word in atom.words]
    tokens = list(WORD.finditer(text))
    if not tokens:
        return mark_safe("")

    def matches(token):
        word = unaccent(token.group()).lower()
        return stem(word) in wanted or any(word.startswith(prefix) for prefix in prefixes)

    hits = [matches(token) for token in tokens]
    best = max(range(max(1, len(tokens) - words + 1)), key=lambda start: (sum(hits[start : start + words]), -start))
    # Start a few words before the first match, so it reads as a sentence.
    first_hit = next((i for i in range(best, min(best + words, len(tokens))) if hits[i]), best)
    start = max(0, min(best, first_hit - 5))
    end = min(len(tokens), start + words)
    parts = ["… " if start > 0 else ""]
    position = tokens[start].start()
    for index in range(start, end):
        token = tokens[index]
        parts.append(escape(text[position : token.start()]))
        parts.append(f"<mark>{escape(token.group())}</mark>" if hits[index] else escape(token.group()))
        position = token.end()
    if end < len(tokens):
        parts.append(" …")
    else:
        parts.append(escape(text[position:]))
    return mark_safe(" ".join("".join(parts).split()))
