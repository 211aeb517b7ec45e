from django.shortcuts import get_object_or_404, render

from core.pagination import neighbours

from .models import Lesson


def lesson_list(request):
    ctx = {"lessons": Lesson.objects.with_interventions()}
    return render(request, "lessons/list.html", ctx)


def lesson_detail(request, number):
    lesson = get_object_or_404(Lesson.objects.select_related("source").with_interventions(), number=number)
    ctx = {"lesson": lesson, **neighbours(lesson)}
    return render(request, "lessons/detail.html", ctx)
