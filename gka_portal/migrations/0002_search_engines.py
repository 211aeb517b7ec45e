"""The native full-text indexes: PostgreSQL's weighted tsvector and SQLite's FTS5 table.

Each runs only on its own database, which is why the model does not declare them.
"""

from django.db import migrations

WEIGHTED_VECTOR = " || ".join(
    f"setweight(to_tsvector('dutch_unaccent', coalesce(text_{column}, '')), '{column.upper()}')"
    for column in "abcd"
)

FORWARDS = {
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # Dutch stemming and stop words, with accents ignored on both sides.
        "CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch)",
        "ALTER TEXT SEARCH CONFIGURATION dutch_unaccent "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem",
        # Generated, so every insert and update keeps it current, whoever writes the row.
        f"ALTER TABLE gka_portal_searchentry ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({WEIGHTED_VECTOR}) STORED",
        # Full-text matches (`search_vector @@ query`) use this index.
        "CREATE INDEX searchentry_vector_gin ON gka_portal_searchentry USING gin (search_vector)",
        # "Bedoelde je ...?" looks up similar words (`word % 'ouderconsulnet'`) through this index.
        "CREATE INDEX searchword_word_trgm ON gka_portal_searchword USING gin (word gin_trgm_ops)",
    ],
    "sqlite": [
        # Fed with stemmed text by the SQLite engine; rowid is the SearchEntry id.
        "CREATE VIRTUAL TABLE search_fts USING fts5(a, b, c, d, tokenize = 'unicode61 remove_diacritics 2')",
    ],
}

BACKWARDS = {
    "postgresql": [
        "DROP INDEX IF EXISTS searchword_word_trgm",
        "DROP INDEX IF EXISTS searchentry_vector_gin",
        "ALTER TABLE gka_portal_searchentry DROP COLUMN IF EXISTS search_vector",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent",
    ],
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
}


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("gka_portal", "0001_search_index")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
