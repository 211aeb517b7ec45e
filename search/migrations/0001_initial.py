"""The search index: one entry per searchable object, and the words for "Bedoelde je ...?".

Until December 2026 these tables belonged to the project package `gka_portal`
(`gka_portal_searchentry`, `gka_portal_searchword`). A database made then has
them with every entry in place: this migration renames them to the `search`
app's names and moves their content types along, instead of creating them
again, so no row is lost and nothing needs re-indexing. A new database gets
them created as usual.
"""

from django.db import migrations, models

LEGACY_TABLES = {"SearchEntry": "gka_portal_searchentry", "SearchWord": "gka_portal_searchword"}


def create_or_adopt(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for name, legacy_table in LEGACY_TABLES.items():
        model = apps.get_model("search", name)
        if legacy_table in existing:
            schema_editor.alter_db_table(model, legacy_table, model._meta.db_table)
        else:
            schema_editor.create_model(model)
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="gka_portal", model__in=["searchentry", "searchword"]
    ).update(app_label="search")


def drop(apps, schema_editor):
    for name in LEGACY_TABLES:
        schema_editor.delete_model(apps.get_model("search", name))


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        # The models as Django sees them; the tables are made or taken over below.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("word", models.CharField(max_length=50, unique=True)),
                    ],
                ),
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=30, verbose_name="soort")),
                        ("object_id", models.PositiveBigIntegerField(verbose_name="object")),
                        ("title", models.CharField(max_length=300, verbose_name="titel")),
                        ("url", models.CharField(max_length=300, verbose_name="webadres")),
                        ("text_a", models.TextField(blank=True)),
                        ("text_b", models.TextField(blank=True)),
                        ("text_c", models.TextField(blank=True)),
                        ("text_d", models.TextField(blank=True)),
                    ],
                    options={
                        "verbose_name": "zoekindex-item",
                        "verbose_name_plural": "zoekindex",
                        "constraints": [
                            models.UniqueConstraint(fields=("kind", "object_id"), name="searchentry_unique_object")
                        ],
                    },
                ),
            ],
        ),
        # After the state above, so that the models it creates are known here.
        migrations.RunPython(create_or_adopt, drop),
    ]
