from django.shortcuts import get_object_or_404, render

from .models import Lesson


def lesson_list(request):
    ctx = {"lessons": Lesson.objects.with_interventions()}
    return render(request, "lessons/list.html", ctx)


def lesson_detail(request, number):
    lesson = get_object_or_404(Lesson.objects.select_related("source").with_interventions(), number=number)
    ctx = {
        "lesson": lesson,
        "previous": Lesson.objects.filter(number__lt=lesson.number).order_by("-number").first(),
        "next": Lesson.objects.filter(number__gt=lesson.number).order_by("number").first(),
    }
    return render(request, "lessons/detail.html", ctx)
