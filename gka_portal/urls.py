from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

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
    path("", include("interventions.urls")),
    path("", include("lessons.urls")),
    path("", include("knowledge.urls")),
    path("", include("contact.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    # Forgotten password for staff. Setting a new one never logs in: the admin
    # login, with its one-time code when required, is the only way in.
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(post_reset_login=False, reset_url_token="instellen"),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
