from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("interventies/<slug:slug>/contact/", views.find_each_other, name="find_each_other"),
    path("interventies/<slug:slug>/contact/verstuurd/", views.find_each_other_sent, name="find_each_other_sent"),
    path("deel-je-aanpak/", views.share, name="share"),
    path("deel-je-aanpak/verstuurd/", views.share_sent, name="share_sent"),
]
