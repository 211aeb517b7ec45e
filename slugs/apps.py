from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class SlugsConfig(AppConfig):
    """Stable addresses: the slugs objects had before, so old addresses redirect and are never given out again.

    On the bottom floor, it imports no app of the project: the models above opt in by taking `StableSlug` as a
    base class, and this config connects the signals of every such model once all models are loaded.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "slugs"
    verbose_name = _("Webadressen")

    def ready(self):
        from . import services
        from .models import StableSlug

        for model in apps.get_models():
            if issubclass(model, StableSlug) and not model._meta.proxy:
                uid = f"slugs_{model._meta.label_lower}"
                pre_save.connect(services.remember_slug, sender=model, dispatch_uid=f"{uid}_pre_save")
                post_save.connect(services.record_slug_change, sender=model, dispatch_uid=f"{uid}_post_save")
                post_delete.connect(services.record_deletion, sender=model, dispatch_uid=f"{uid}_post_delete")
