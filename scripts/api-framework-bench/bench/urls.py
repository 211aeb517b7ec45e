from catalog import api_drf, views_plain
from catalog.api_ninja import api as ninja_api
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("plain/interventies/", views_plain.intervention_list, name="plain-list"),
    path("plain/interventies/<slug:slug>/", views_plain.intervention_detail, name="plain-detail"),
    path("ninja/", ninja_api.urls),
    path("drf/interventies/", api_drf.InterventionList.as_view(), name="drf-list"),
    path("drf/interventies/<slug:slug>/", api_drf.InterventionDetail.as_view(), name="drf-detail"),
    path("drf/openapi.json", SpectacularAPIView.as_view(), name="drf-openapi"),
    path("interventies/<slug:slug>/", views_plain.intervention_page, name="intervention"),
]
