# The module, not the class: Django would take an imported config class for this app's own.
from search import apps as search_apps


class LessonsConfig(search_apps.SearchableConfig):
    name = "lessons"
    verbose_name = "Lessen"
