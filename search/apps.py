from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The full-text search engine and its index: on the bottom floor, it imports no app of the project.

    The apps above register what they make searchable: their configs are SearchableConfigs.
    """

    # Django picks this one for "search", not the base class below.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Zoeken")


class SearchableConfig(AppConfig):
    """The config of an app that makes something searchable: when ready, it registers the `KINDS` of its
    `search` module with the engine."""

    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import engine

        for kind in import_module(f"{self.name}.search").KINDS:
            engine.register(kind)
