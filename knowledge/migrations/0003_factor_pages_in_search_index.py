"""Factors got pages of their own: their search results pointed there instead of at the list.

This migration rewrote the factors' entries in the search index, which then
belonged to the project package `gka_portal`. Every database of that time
applied it before the index moved to the `search` app (December 2026), and a
newer database indexes each factor at its page from the start; so nothing is
left for it to do, and a lower floor no longer writes the search app's table.
A database older than this migration gets the addresses right with
`python manage.py rebuild_search_index`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_agenda_themes_and_links")]

    operations = []
