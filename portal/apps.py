from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# The apps whose rows the public pages show: any change to them makes every cached page stale.
CONTENT_APPS = ("municipalities", "interventions", "lessons", "knowledge")
# Tables derived from those, written in the same transaction as the change that already marks the
# pages stale; without receivers their bulk deletes stay one statement.
DERIVED_MODELS = {"interventions.facetentry", "interventions.facetcount"}


class PortalConfig(AppConfig):
    """The top floor: the site as a whole (home, search page, about, sitemaps, admin site, seeding)."""

    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Portaal"

    def ready(self):
        from core import pagecache

        for app_label in CONTENT_APPS:
            for model in apps.get_app_config(app_label).get_models():
                if model._meta.label_lower in DERIVED_MODELS:
                    continue
                uid = f"pagecache_{model._meta.label_lower}"
                post_save.connect(pagecache.content_changed, sender=model, dispatch_uid=f"{uid}_save")
                post_delete.connect(pagecache.content_changed, sender=model, dispatch_uid=f"{uid}_delete")
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    m2m_changed.connect(pagecache.content_changed, sender=through, dispatch_uid=f"{uid}_{field.name}")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the portal's admin site as its default `admin.site`."""

    default = False  # listed by its full path in INSTALLED_APPS; "portal" means PortalConfig

    default_site = "portal.admin_site.PortalAdminSite"
