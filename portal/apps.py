from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The top floor: the site as a whole (home, search page, about, sitemaps, admin site, seeding)."""

    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Portaal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the portal's admin site as its default `admin.site`."""

    default = False  # listed by its full path in INSTALLED_APPS; "portal" means PortalConfig

    default_site = "portal.admin_site.PortalAdminSite"
