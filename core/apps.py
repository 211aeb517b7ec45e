from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Small helpers every app may use: pagination, rate limits, forms, admin mixins, template tags.

    The bottom floor: it has no models and imports no app of the project.
    """

    name = "core"
    verbose_name = "Gedeelde hulpmiddelen"
