# The module, not the class: Django would take an imported config class for this app's own.
from search import apps as search_apps


class InterventionsConfig(search_apps.SearchableConfig):
    name = "interventions"
    verbose_name = "Interventies"
