"""Forgotten password for staff. Setting a new one never logs in: the admin login, with its one-time code
when required, is the only way in. The names are Django's own, which its password views reverse."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import PasswordResetForm

urlpatterns = [
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(post_reset_login=False, reset_url_token="instellen"),
        name="password_reset_confirm",
    ),
    path("wachtwoord/ingesteld/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
