from django.urls import include, path

from . import views

app_name = "knowledge"

urlpatterns = [
    path(
        "kennis/",
        include(
            [
                path("", views.knowledge_index, name="index"),
                path("inzichten/", views.insight_list, name="insights"),
                path("inzichten/<int:number>/", views.insight_detail, name="insight"),
                path("factoren/", views.factor_list, name="factors"),
                path("factoren/<int:number>/", views.factor_detail, name="factor"),
                path("oplossingsrichtingen/", views.direction_list, name="directions"),
                path("oplossingsrichtingen/<int:theme>-<int:number>/", views.direction_detail, name="direction"),
                path("praktijkkaart/", views.topic_list, name="topics"),
                path("praktijkkaart/<slug:slug>/", views.topic_detail, name="topic"),
            ]
        ),
    ),
]
