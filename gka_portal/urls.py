"""The site's addresses: each app's own, the admin, and the staff's password reset."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("interventions.urls")),
    path("", include("lessons.urls")),
    path("", include("knowledge.urls")),
    path("", include("contact.urls")),
    path("", include("api.urls")),
    path("account/", include("accounts.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
