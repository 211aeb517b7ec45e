from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the portal's admin site as its default `admin.site`."""

    default_site = "gka_portal.admin_site.PortalAdminSite"
