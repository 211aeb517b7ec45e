"""Factors got pages of their own: point their search results there instead of at the list."""

from django.db import migrations


def point_to_factor_pages(apps, schema_editor):
    Factor = apps.get_model("knowledge", "Factor")
    SearchEntry = apps.get_model("gka_portal", "SearchEntry")
    for factor_id, number in Factor.objects.values_list("pk", "number"):
        SearchEntry.objects.filter(kind="factor", object_id=factor_id).update(url=f"/kennis/factoren/{number}/")


def point_to_factor_list(apps, schema_editor):
    Factor = apps.get_model("knowledge", "Factor")
    SearchEntry = apps.get_model("gka_portal", "SearchEntry")
    for factor_id, number in Factor.objects.values_list("pk", "number"):
        SearchEntry.objects.filter(kind="factor", object_id=factor_id).update(url=f"/kennis/factoren/#factor-{number}")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_agenda_themes_and_links"),
        ("gka_portal", "0003_cache_table"),
    ]

    operations = [migrations.RunPython(point_to_factor_pages, point_to_factor_list)]
