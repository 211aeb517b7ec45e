from django.urls import path

from . import feeds, figures_views, maps, views

app_name = "interventions"

urlpatterns = [
    path("interventies/", views.intervention_list, name="list"),
    path("vergelijk/", views.compare, name="compare"),
    # Before the detail path, so these names are never read as a slug.
    path("interventies/export.csv", views.intervention_export_csv, name="export_csv"),
    path("interventies/export.json", views.intervention_export_json, name="export_json"),
    path("interventies/<slug:slug>/", views.intervention_detail, name="detail"),
    path("themas/", views.theme_list, name="themes"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme"),
    path("provincies/<slug:slug>/", views.place_detail, {"kind": "province"}, name="province"),
    path("regios/", views.region_list, name="regions"),
    path("regios/<slug:slug>/", views.place_detail, {"kind": "region"}, name="region"),
    path("gemeenten/<slug:slug>/", views.place_detail, {"kind": "municipality"}, name="municipality"),
    path("kaart/", maps.map_page, name="map"),
    path("cijfers/", figures_views.figures_page, name="figures"),
    path("cijfers/<slug:name>.csv", figures_views.figures_csv, name="figures_csv"),
    path("feeds/interventies.atom", feeds.InterventionFeed(), name="feed"),
    path("feeds/themas/<slug:slug>.atom", feeds.ThemeFeed(), name="theme_feed"),
    path("feeds/regios/<slug:slug>.atom", feeds.RegionFeed(), name="region_feed"),
]
