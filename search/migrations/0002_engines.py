"""The native full-text indexes: PostgreSQL's weighted tsvector and SQLite's FTS5 table.

Each runs only on its own database, which is why the model does not declare them.
Every statement may run again: a database made while the index belonged to
`gka_portal` has all of this already, on the tables 0001 renamed; here it
only gets the two search functions again, now reading the new table name.
"""

from django.db import migrations

def weighted_vector(columns):
    # "/" becomes a space first: PostgreSQL's parser reads "ouders/verzorgers" as one file-path
    # token, so neither word would be found (SQLite's tokenizer splits it as expected).
    return " || ".join(
        f"setweight(to_tsvector('dutch_unaccent', replace(coalesce(text_{column}, ''), '/', ' ')), "
        f"'{column.upper()}')"
        for column in columns
    )


FORWARDS = {
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # Lets one GIN index hold the kind next to the vector (see the indexes below).
        "CREATE EXTENSION IF NOT EXISTS btree_gin",
        # Dutch stemming and stop words, with accents ignored on both sides.
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch_unaccent') THEN
                CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch);
                ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
            END IF;
        END $$
        """,
        # Generated, so every insert and update keeps it current, whoever writes the row.
        f"ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({weighted_vector('abcd')}) STORED",
        # Title, quote and summary only: where the best candidates for ranking are found first
        # when a frequent word matches thousands of entries.
        f"ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS head_vector tsvector "
        f"GENERATED ALWAYS AS ({weighted_vector('ab')}) STORED",
        # Full-text matches (`search_vector @@ query`), with or without `kind = ...`, use these:
        # with the kind inside the index, counting the few lessons among a frequent word's
        # thousands of matches reads only the lessons.
        "CREATE INDEX IF NOT EXISTS searchentry_vector_gin ON search_searchentry USING gin (kind, search_vector)",
        "CREATE INDEX IF NOT EXISTS searchentry_head_gin ON search_searchentry USING gin (kind, head_vector)",
        # The two searches, as functions so that they run with sequential and plain index scans
        # off: the planner prices filtering rows with `@@` as if the stored vectors were free to
        # read, and so walks the table or a btree index unpacking every vector, at ten times the
        # cost of asking the GIN indexes through a bitmap scan (see docs/benchmarks.md).
        # Counting stops at `cap` per kind: exact counts of a frequent word would read every
        # matching row, and "meer dan 1.000" tells a visitor as much.
        """
        CREATE OR REPLACE FUNCTION gka_search_counts(query tsquery, kinds varchar[], cap integer)
        RETURNS TABLE (kind varchar, hits bigint)
        LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off
        AS $$
            SELECT k, (
                SELECT count(*) FROM (
                    SELECT 1 FROM search_searchentry e
                    WHERE e.kind = k AND e.search_vector @@ query LIMIT cap
                ) matching
            )
            FROM unnest(kinds) AS k
        $$
        """,
        # Ranking reads each candidate's whole vector, so a frequent word would cost thousands
        # of reads: the candidates are the first `candidates` entries matching in title, quote
        # or summary, and the first `candidates` matching anywhere; below that, all are ranked.
        """
        CREATE OR REPLACE FUNCTION gka_search_ranked(
            query tsquery, only_kind varchar, candidates integer, normalization integer,
            page_size integer, page_offset integer
        )
        RETURNS TABLE (id bigint, kind varchar, object_id bigint, title varchar, url varchar, rank real)
        LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off
        AS $function$
        DECLARE
            -- Spelled out only when asked for, so that the plan can use the kind in the index.
            kind_filter text := CASE WHEN only_kind IS NULL THEN '' ELSE 'AND e.kind = $2' END;
            head_ids bigint[];
            body_ids bigint[] := '{}';
        BEGIN
            EXECUTE format(
                'SELECT array(SELECT e.id FROM search_searchentry e WHERE e.head_vector @@ $1 %s LIMIT $3)',
                kind_filter
            ) INTO head_ids USING query, only_kind, candidates;
            -- Enough head matches outrank any match in the body alone; else add those too.
            IF cardinality(head_ids) < candidates THEN
                EXECUTE format(
                    'SELECT array(SELECT e.id FROM search_searchentry e WHERE e.search_vector @@ $1 %s LIMIT $3)',
                    kind_filter
                ) INTO body_ids USING query, only_kind, candidates;
            END IF;
            RETURN QUERY
                SELECT e.id, e.kind, e.object_id, e.title, e.url, ts_rank_cd(e.search_vector, query, normalization)
                FROM search_searchentry e
                WHERE e.id = ANY(head_ids || body_ids)
                  -- A head match may still hold an excluded word in the body.
                  AND e.search_vector @@ query
                ORDER BY 6 DESC, 1
                LIMIT page_size OFFSET page_offset;
        END
        $function$
        """,
        # "Bedoelde je ...?" looks up similar words (`word % 'ouderconsulnet'`) through this index.
        "CREATE INDEX IF NOT EXISTS searchword_word_trgm ON search_searchword USING gin (word gin_trgm_ops)",
    ],
    "sqlite": [
        # Fed with stemmed text by the SQLite engine; rowid is the SearchEntry id. The kind is
        # indexed too, so that counting and filtering by kind are answered from the index alone.
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "a, b, c, d, kind, tokenize = 'unicode61 remove_diacritics 2')",
        # `ORDER BY rank` ranks with bm25 and the column weights 10, 4, 2, 1 (kind: 0).
        "INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 2.0, 1.0, 0.0)')",
    ],
}

BACKWARDS = {
    "postgresql": [
        "DROP FUNCTION IF EXISTS gka_search_ranked",
        "DROP FUNCTION IF EXISTS gka_search_counts",
        "DROP INDEX IF EXISTS searchword_word_trgm",
        "DROP INDEX IF EXISTS searchentry_head_gin",
        "DROP INDEX IF EXISTS searchentry_vector_gin",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head_vector",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent",
    ],
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
}


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            # No parameters: the SQL is passed as written, "%" included.
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
