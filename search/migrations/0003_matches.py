"""PostgreSQL names the matching objects for counting, instead of counting them itself.

The index only finds candidates: the engine counts those that the database
says may be found now (a status changed without signals leaves an entry
behind), so the count per kind becomes a list of at most `cap` object ids per
kind. Like `gka_search_counts`, it runs with sequential and plain index scans
off, which leaves the GIN bitmap scans on `(kind, search_vector)` (see
0002_engines and docs/benchmarks.md). SQLite needs nothing: it reads the ids
with one query over its FTS table.
"""

from django.db import migrations

FORWARDS = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION gka_search_matches(query tsquery, kinds varchar[], cap integer)
        RETURNS TABLE (kind varchar, object_id bigint)
        LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off
        AS $$
            SELECT k, matching.object_id
            FROM unnest(kinds) AS k, LATERAL (
                SELECT e.object_id FROM search_searchentry e
                WHERE e.kind = k AND e.search_vector @@ query LIMIT cap
            ) matching
        $$
        """,
    ],
}

BACKWARDS = {
    "postgresql": ["DROP FUNCTION IF EXISTS gka_search_matches"],
}


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engines")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
