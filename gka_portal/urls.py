from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Beheer GKA-kennisbank"
admin.site.site_title = "GKA-kennisbank"
admin.site.index_title = "Inhoud beheren"

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search_page, name="search"),
    path("", include("interventions.urls")),
    path("", include("lessons.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
