from django.apps import AppConfig, apps
from django.core import checks
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

        checks.register(check_querysets, checks.Tags.models)

        for model in apps.get_models():
            if issubclass(model, StableSlug) and not model._meta.proxy:
                uid = f"slugs_{model._meta.label_lower}"
                pre_save.connect(services.remember_slug, sender=model, dispatch_uid=f"{uid}_pre_save")
                post_save.connect(services.record_slug_change, sender=model, dispatch_uid=f"{uid}_post_save")
                post_delete.connect(services.record_deletion, sender=model, dispatch_uid=f"{uid}_post_delete")


def check_querysets(app_configs=None, **kwargs):
    """Every StableSlug model's manager records a bulk slug update, and every FixedAddress model's refuses an
    update of its address: a model that forgets the queryset would move addresses silently."""
    from .models import FixedAddress, FixedAddressQuerySet, StableSlug, StableSlugQuerySet

    errors = []
    models = [m for config in app_configs for m in config.get_models()] if app_configs else apps.get_models()
    for model in models:
        if model._meta.proxy:
            continue
        rules = [(StableSlug, StableSlugQuerySet, "E001"), (FixedAddress, FixedAddressQuerySet, "E002")]
        for mixin, queryset, code in rules:
            for manager in model._meta.managers:
                if issubclass(model, mixin) and not issubclass(manager._queryset_class, queryset):
                    errors.append(
                        checks.Error(
                            f"{model._meta.label}.{manager.name} is built on {manager._queryset_class.__name__}, "
                            f"not on {queryset.__name__}.",
                            hint=f"Use Manager.from_queryset() with a subclass of slugs.models.{queryset.__name__}.",
                            obj=model,
                            id=f"slugs.{code}",
                        )
                    )
    return errors
