from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("kennis/", views.knowledge_index, name="index"),
    path("kennis/inzichten/", views.insight_list, name="insights"),
    path("kennis/inzichten/<int:number>/", views.insight_detail, name="insight"),
    path("kennis/factoren/", views.factor_list, name="factors"),
    path("kennis/factoren/<int:number>/", views.factor_detail, name="factor"),
    path("kennis/oplossingsrichtingen/", views.direction_list, name="directions"),
    path("kennis/oplossingsrichtingen/<int:theme>-<int:number>/", views.direction_detail, name="direction"),
    path("kennis/praktijkkaart/", views.topic_list, name="topics"),
    path("kennis/praktijkkaart/<slug:slug>/", views.topic_detail, name="topic"),
]
