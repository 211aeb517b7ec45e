from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import media, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search_page, name="search"),
    path("over/", views.about, name="about"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Uploaded images; a web server in front may serve MEDIA_ROOT at this address instead.
    path(settings.MEDIA_URL.lstrip("/") + "<path:path>", media.serve, name="media"),
]
