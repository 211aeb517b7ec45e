from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The full-text search engine and its index: on the bottom floor, it imports no app of the project.

    The apps above register what they make searchable (`search.engine.register`).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Zoeken")
