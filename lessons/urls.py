from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("lessen/", views.lesson_list, name="list"),
    path("lessen/<int:number>/", views.lesson_detail, name="detail"),
]
