# The module, not the class: Django would take an imported config class for this app's own.
from search import apps as search_apps


class KnowledgeConfig(search_apps.SearchableConfig):
    name = "knowledge"
    verbose_name = "Kennis"
