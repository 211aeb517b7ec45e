from django.urls import path

from . import views
from .endpoints import api

# No trailing slashes (API Design Rules, API-48); api.middleware redirects the form with one.
urlpatterns = [
    path("api/v1", views.index, name="api_index"),
    path("api/v1/docs", views.docs, name="api_docs"),
    path("api/v1/", api.urls),
]
