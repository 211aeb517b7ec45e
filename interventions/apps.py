from django.db.models.signals import post_migrate

# The module, not the class: Django would take an imported config class for this app's own.
from search import apps as search_apps


class InterventionsConfig(search_apps.SearchableConfig):
    name = "interventions"
    verbose_name = "Interventies"

    def ready(self):
        super().ready()
        from . import facets

        facets.connect()
        # A new or upgraded database gets its facet summary filled by migrate itself.
        post_migrate.connect(facets.rebuild_if_stale, sender=self, dispatch_uid="facets_after_migrate")
