"""The parts of compound words, indexed next to the texts (search/compounds.py).

A new column `text_parts` (weight D); on PostgreSQL the generated `search_vector`
is made again to hold it, with its GIN index (the search functions read the
column by name, so they need nothing). The entries already indexed get their
parts here, so a compound's parts are found as soon as the migration ran: on
SQLite their FTS rows are written again.
"""

from django.db import migrations, models

from search.compounds import parts


def weighted_vector(columns):
    # As in 0002_engines, with the parts of compounds at weight D.
    return " || ".join(
        f"setweight(to_tsvector('dutch_unaccent', replace(coalesce({column}, ''), '/', ' ')), '{weight}')"
        for column, weight in columns
    )


OLD = [("text_a", "A"), ("text_b", "B"), ("text_c", "C"), ("text_d", "D")]
NEW = [*OLD, ("text_parts", "D")]


def vector(columns):
    return [
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({weighted_vector(columns)}) STORED",
        "CREATE INDEX IF NOT EXISTS searchentry_vector_gin ON search_searchentry USING gin (kind, search_vector)",
    ]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in vector(NEW):
            schema_editor.execute(statement, params=None)
    SearchEntry = apps.get_model("search", "SearchEntry")
    entries = list(SearchEntry.objects.using(connection.alias).all())
    for entry in entries:
        entry.text_parts = parts(entry.text_a, entry.text_b, entry.text_c, entry.text_d)
    SearchEntry.objects.using(connection.alias).bulk_update(entries, ["text_parts"], batch_size=500)
    if connection.vendor == "sqlite":
        from search.text import index_terms

        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_fts SET d = %s WHERE rowid = %s",
                [(" ".join(index_terms(f"{entry.text_d} {entry.text_parts}")), entry.id) for entry in entries],
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in vector(OLD):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_matches")]

    operations = [
        migrations.AddField(model_name="searchentry", name="text_parts", field=models.TextField(blank=True)),
        migrations.RunPython(forwards, backwards),
    ]
