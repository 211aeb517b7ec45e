"""Words inside Dutch compounds: "armoede" in "generatiearmoede", "stage" in "stagemakelaar".

Dutch writes compounds as one word, so a search for "armoede" would miss a
text that only speaks of "generatiearmoede". When an entry is indexed, each
long word is split against a lexicon of parts, and the parts it holds are
indexed next to the text (`SearchEntry.text_parts`, weight D: a part is weaker
evidence than the word itself). Both engines index the same parts, so they find
the same entries; the query is left as typed.

The lexicon (`data/parts.txt`) is made from the site's own vocabulary, the five
source documents the content comes from (`build_lexicon`): words that occur on
their own at least twice, and the first parts of compounds whose other part is
such words, when several compounds share them ("stage" of "stageplek" and
"stageplaats"). A word is split where both halves are parts, or one is and the
other is too long to be an ending ("wethouder" is no "weth" + "ouder"). Why not a package:
no maintained Dutch splitter is on PyPI (`compound-split` was last released in
2020 and guesses from German n-grams; `wordfreq` is a frequency list, frozen by
its author in 2024, not a splitter), and a hunspell dictionary (Debian's
`hunspell-nl`, via `spylls` or `cyhunspell`) checks whether a compound is valid
rather than naming its parts, needs a system package on every machine and takes
seconds to load in Python. A lexicon of the site's own words splits the words the
site uses, costs nothing at query time and needs nothing at run time.
"""

from collections import Counter
from functools import cache
from pathlib import Path

from .text import STOP_WORDS, words

LEXICON = Path(__file__).parent / "data" / "parts.txt"
MIN_PART = 4  # shorter parts ("kind" is the shortest) would mostly be accidents of spelling
MIN_COMPOUND = 8
# A first part that several compounds share is a part when it is this long ("stage"),
MIN_SHARED = 5
# and a part not in the lexicon is still the other half of a split when it is this long ("makelaar").
MIN_OTHER = 6
# Dutch links the parts of a compound with an -s- or -en- ("signaleringskaart", "leerlingenzorg"),
# and a part is often found in the lexicon as a plural only ("stages").
ENDINGS = ("", "s", "en", "n")


def _known(part, lexicon):
    return len(part) >= MIN_PART and part not in STOP_WORDS and any(part + end in lexicon for end in ENDINGS)


def _other(part, lexicon, *, first):
    """`part` as the other half of a split (its linking -s- or -en- off), or '' when it cannot be one.

    It must be a known part too, or at least MIN_OTHER letters: "wethouder" is no "weth" + "ouder".
    """
    links = [part[: -len(link)] for link in ("s", "en") if part.endswith(link)] if first else []
    links += [part[1:]] if not first and part.startswith("s") else []
    for candidate in (part, *links):
        if _known(candidate, lexicon):
            return candidate
    return part if len(part) >= MIN_OTHER and part not in STOP_WORDS else ""


def _split(word, lexicon):
    """The longest known last part and the longest known first part of `word`, with what is left of it."""
    found = set()
    # The longest known last part, preferring one whose first part is known too.
    splits = [
        (word[i:], head)
        for i in range(3, len(word) - MIN_PART + 1)
        if _known(word[i:], lexicon) and (head := _other(word[:i], lexicon, first=True))
    ]
    both = [split for split in splits if _known(split[1], lexicon)]
    if splits:
        found |= set((both or splits)[0])
    for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        if _known(word[:i], lexicon) and (tail := _other(word[i:], lexicon, first=False)):
            found |= {word[:i], tail}
            break
    found.discard(word)
    return found


def build_lexicon(texts):
    """The parts lexicon of `texts`: words on their own (twice or more), and first parts of compounds of them."""
    counts = Counter(word for text in texts for word in words(text))
    lexicon = {w for w, n in counts.items() if n >= 2 and w.isalpha() and len(w) >= MIN_PART and w not in STOP_WORDS}
    heads = Counter()
    for word in counts:
        if len(word) >= MIN_COMPOUND and word.isalpha():
            for i in range(MIN_SHARED, len(word) - MIN_PART + 1):
                if _known(word[i:], lexicon):
                    head = word[:i]
                    heads[head[:-1] if head.endswith("s") and _known(head[:-1], lexicon) else head] += 1
                    break
    # A first part is one when several compounds share it ("stage" of "stageplek" and "stageplaats").
    return sorted(lexicon | {h for h, n in heads.items() if n >= 2 and len(h) >= MIN_SHARED and h not in STOP_WORDS})


@cache
def lexicon():
    lines = LEXICON.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _parts_of(word):
    return tuple(sorted(_split(word, lexicon()))) if len(word) >= MIN_COMPOUND and word.isalpha() else ()


def parts(*texts):
    """The parts of the compounds in `texts`, each once, in order of first appearance, as one text."""
    found = {}
    for text in texts:
        for word in words(text):
            for part in _parts_of(word):
                found.setdefault(part, None)
    return " ".join(found)
