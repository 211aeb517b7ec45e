"""The names people use for the same thing, applied to a query as alternatives (query expansion).

A visitor who types "Friesland" finds the stories that say "Fryslân", one who
types "po" those that say "primair onderwijs", and the other way round. Each
group holds names the source documents use for the same thing (Friesland, the
province's Dutch name, is in none of them, but it is the name most visitors
type). A name is matched as typed words, in order, outside quotes and OR; it
then becomes one clause that accepts any name of its group. Both engines get the
same expanded query, so they find the same entries.
"""

from .query import Query, _atom

GROUPS = [
    ("Friesland", "Fryslân"),
    ("Den Bosch", "'s-Hertogenbosch"),
    ("po", "primair onderwijs"),
    ("vo", "voortgezet onderwijs"),
    ("vve", "voor- en vroegschoolse educatie"),
    ("GKA", "Gelijke Kansen Alliantie"),
    ("OCW", "Onderwijs, Cultuur en Wetenschap"),
    ("NRO", "Nationaal Regieorgaan Onderwijsonderzoek"),
]
# Each name as the atom the parser makes of it, by its words: ("den", "bosch") -> the group's atoms.
NAMES = {}
for group in GROUPS:
    atoms = [_atom(name, negated=False) for name in group]
    for atom in atoms:
        NAMES[atom.words] = atoms
LONGEST = max(len(words) for words in NAMES)


def _plain_words(clause):
    """The words of a clause of one plain (not excluded, not prefix) atom, or None."""
    if len(clause) != 1 or clause[0].negated or clause[0].prefix:
        return None
    return clause[0].words


def expand(query: Query) -> Query:
    """`query` with each name of a group accepting the group's other names; the same query if none occurs."""
    clauses, position, changed = [], 0, False
    while position < len(query.clauses):
        for size in range(min(LONGEST, len(query.clauses) - position), 0, -1):
            run = [_plain_words(clause) for clause in query.clauses[position : position + size]]
            if None in run:
                continue
            typed = tuple(word for words in run for word in words)
            if typed in NAMES:
                clauses.append(list(NAMES[typed]))
                position += size
                changed = True
                break
        else:
            clauses.append(query.clauses[position])
            position += 1
    return Query(clauses=clauses, notices=list(query.notices)) if changed else query
