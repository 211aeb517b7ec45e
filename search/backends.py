"""The two native full-text engines behind `search.engine`.

Both answer the same questions about a parsed `Query`: which entries match,
ranked; which objects of each kind match (up to a cap, for counting); a highlighted snippet for a few of them; and a
similar word for a misspelt one. Weights are alike on both: title 10, quote
and summary 4, body 2, people and places 1 (PostgreSQL's ts_rank_cd default
weights {0.1, 0.2, 0.4, 1.0}; the same ratios as bm25 column weights).
"""

import difflib

from django.db import connection

from .highlight import START, STOP, marked_to_html, snippet
from .query import Query
from .text import index_terms, stem

ENTRY = "search_searchentry"
# PostgreSQL ranks at most this many candidates per way of matching (see migration 0002),
# enough for every page a visitor can reach (MAX_RESULTS in __init__).
CANDIDATES = 500
WORD_TABLE = "search_searchword"


def _any_visible(visible, kinds, *, kind_column, id_column):
    """SQL that holds for rows (kind, object id) whose object the database shows now, and its parameters."""
    parts, params = [], []
    for kind in kinds:
        sql, kind_params = visible(kind, id_column)
        parts.append(f"({kind_column} = %s AND {sql})")
        params += [kind, *kind_params]
    return "(" + " OR ".join(parts or ["1 = 0"]) + ")", params


class PostgresEngine:
    config = "'dutch_unaccent'::regconfig"
    # Rank divided by document length, as bm25 favours the shorter of two documents that
    # match alike: with it both engines put the same result first for 52 of 53 test queries.
    normalization = 2

    def _tsquery(self, query):
        """SQL for the tsquery of `query`, and its parameters."""
        clauses, params = [], []
        for clause in query.clauses:
            alternatives = []
            for atom in clause:
                if atom.prefix:
                    # The word itself, or any word it begins (the visitor may still be typing).
                    expr = f"(websearch_to_tsquery({self.config}, %s) || to_tsquery({self.config}, %s))"
                    params += [atom.words[0], f"'{atom.words[0]}':*"]
                else:
                    # With its stop words: the vector counts their positions between the others.
                    text = " ".join(atom.all_words)
                    expr = f"websearch_to_tsquery({self.config}, %s)"
                    params.append(f'"{text}"' if atom.is_phrase else text)
                alternatives.append(f"!!{expr}" if atom.negated else expr)
            clauses.append("(" + " || ".join(alternatives) + ")")
        return " && ".join(clauses), params

    def write(self, entries):
        """Nothing to do: `search_vector` is a generated column."""

    def delete(self, entry_ids):
        """Nothing to do: the vector goes with its row."""

    def clear(self):
        pass

    def ranked(self, query, *, kind=None, kinds, limit, offset=0, visible):
        """The best matches, ranked among a limited set of candidates (see migration 0002), that are visible."""
        tsquery, params = self._tsquery(query)
        shown, shown_params = _any_visible(visible, kinds, kind_column="r.kind", id_column="r.object_id")
        # The function returns its rows ranked; a filtered scan of them need not keep that order.
        sql = f"SELECT * FROM gka_search_ranked({tsquery}, %s, %s, %s, %s, %s) r WHERE {shown} ORDER BY 6 DESC, 1"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, kind, CANDIDATES, self.normalization, limit, offset, *shown_params])
            return cursor.fetchall()

    def scores(self, query, clauses, entry_ids):
        """{entry id: (how many of `clauses` it matches, its rank for `query`)}, for a partial match."""
        if not entry_ids:
            return {}
        matched, params = [], []
        for clause in clauses:
            tsquery, clause_params = self._tsquery(Query(clauses=[clause]))
            matched.append(f"(e.search_vector @@ ({tsquery}))::int")
            params += clause_params
        tsquery, query_params = self._tsquery(query)
        sql = f"""
            SELECT e.id, {" + ".join(matched)}, ts_rank_cd(e.search_vector, {tsquery}, %s)
            FROM {ENTRY} e WHERE e.id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *query_params, self.normalization, list(entry_ids)])
            return {entry_id: (count, rank) for entry_id, count, rank in cursor.fetchall()}

    def counts(self, query, kinds, cap, *, visible):
        """Visible hits per kind, among the first `cap` matching entries of each (see migration 0003).

        An entry hidden since it was indexed still takes one of the `cap` places, so a
        frequent word's count may come out a little low; it never counts a hidden one.
        """
        tsquery, params = self._tsquery(query)
        shown, shown_params = _any_visible(visible, kinds, kind_column="m.kind", id_column="m.object_id")
        sql = f"SELECT m.kind, count(*) FROM gka_search_matches({tsquery}, %s, %s) m WHERE {shown} GROUP BY m.kind"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, kinds, cap, *shown_params])
            return {kind: count for kind, count in cursor.fetchall() if count}

    def snippets(self, query, entry_ids):
        if not entry_ids:
            return {}
        tsquery, params = self._tsquery(query)
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=1"
        sql = f"""
            SELECT e.id, ts_headline({self.config}, e.text_b || ' ' || e.text_c, q.query, %s)
            FROM {ENTRY} e, (SELECT {tsquery} AS query) q
            WHERE e.id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [options, *params, list(entry_ids)])
            return {entry_id: marked_to_html(text) for entry_id, text in cursor.fetchall()}

    def similar_word(self, word):
        """The indexed word most like `word`, by trigram similarity (pg_trgm)."""
        sql = f"SELECT word FROM {WORD_TABLE} WHERE word %% %s ORDER BY similarity(word, %s) DESC, word LIMIT 1"
        with connection.cursor() as cursor:
            cursor.execute(sql, [word, word])
            row = cursor.fetchone()
        return row[0] if row else None


class SqliteEngine:
    def _match(self, query):
        """The FTS5 MATCH expression of `query`, built from stemmed words only."""

        def atom_expr(atom):
            stems = [stem(word) for word in atom.words]
            if atom.prefix:
                options = {f'"{stems[0]}"', f'"{stems[0]}" *', f'"{atom.words[0]}" *'}
                return "(" + " OR ".join(sorted(options)) + ")"
            return '"' + " ".join(stems) + '"'

        positive, negative = [], []
        for clause in query.clauses:
            if all(atom.negated for atom in clause):
                negative += [atom_expr(atom) for atom in clause]
            else:
                positive.append("(" + " OR ".join(atom_expr(atom) for atom in clause if not atom.negated) + ")")
        expression = " AND ".join(positive)
        for excluded in negative:
            expression = f"({expression}) NOT {excluded}"
        # Only the text columns: the visitor's words never match the kind column.
        return f"{{a b c d}} : ({expression})"

    def _match_kind(self, query, kind):
        return f"{self._match(query)} AND kind : {kind}" if kind else self._match(query)

    def write(self, entries):
        # The parts of compounds go with the people and places (weight D), as on PostgreSQL.
        rows = [
            (entry.id, *(" ".join(index_terms(text)) for text in entry.texts(with_parts=True)), entry.kind)
            for entry in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(entry.id,) for entry in entries])
            cursor.executemany("INSERT INTO search_fts (rowid, a, b, c, d, kind) VALUES (%s, %s, %s, %s, %s, %s)", rows)

    def delete(self, entry_ids):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(entry_id,) for entry_id in entry_ids])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def ranked(self, query, *, kind=None, kinds, limit, offset=0, visible):
        # FTS5 ranks and cuts the page before the join, with the weights set as its `rank`;
        # the database then drops what it does not show (a page may come out short).
        shown, shown_params = _any_visible(visible, kinds, kind_column="e.kind", id_column="e.object_id")
        sql = f"""
            SELECT e.id, e.kind, e.object_id, e.title, e.url, -m.rank
            FROM (
                SELECT rowid, rank FROM search_fts WHERE search_fts MATCH %s
                ORDER BY rank, rowid LIMIT %s OFFSET %s
            ) m
            JOIN {ENTRY} e ON e.id = m.rowid
            WHERE {shown}
            ORDER BY m.rank, e.id
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match_kind(query, kind), limit, offset, *shown_params])
            return cursor.fetchall()

    def counts(self, query, kinds, cap, *, visible):
        """Visible hits per kind (up to `cap`): FTS finds the entries (the kind is in its index), then each
        entry's object is looked up by its primary key, until `cap` are found."""
        selects, params = [], []
        for kind in kinds:
            shown, shown_params = visible(kind, "e.object_id")
            selects.append(
                f"SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN {ENTRY} e ON e.id = search_fts.rowid "
                f"WHERE search_fts MATCH %s AND {shown} LIMIT %s))"
            )
            params += [kind, self._match_kind(query, kind), *shown_params, cap]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            return {kind: count for kind, count in cursor.fetchall() if count}

    def scores(self, query, clauses, entry_ids):
        """{entry id: (how many of `clauses` it matches, its rank for `query`)}, for a partial match."""
        if not entry_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(entry_ids))
        sql = f"SELECT rowid, -rank FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({placeholders})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match(query), *entry_ids])
            scores = {entry_id: [0, rank] for entry_id, rank in cursor.fetchall()}
            for clause in clauses:
                cursor.execute(sql, [self._match(Query(clauses=[clause])), *entry_ids])
                for entry_id, _rank in cursor.fetchall():
                    scores[entry_id][0] += 1
        return {entry_id: tuple(score) for entry_id, score in scores.items()}

    def snippets(self, query, entry_ids):
        if not entry_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, text_b || ' ' || text_c FROM {ENTRY} WHERE id IN ({placeholders})", list(entry_ids)
            )
            return {entry_id: snippet(text, query) for entry_id, text in cursor.fetchall()}

    def similar_word(self, word):
        """The indexed word most like `word`: same first letter, closest spelling (difflib)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word FROM {WORD_TABLE} WHERE word LIKE %s", [word[:1] + "%"])
            candidates = [row[0] for row in cursor.fetchall()]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        return close[0] if close else None


def engine_for(vendor):
    return {"postgresql": PostgresEngine, "sqlite": SqliteEngine}[vendor]()
