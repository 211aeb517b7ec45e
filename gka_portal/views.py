from django.shortcuts import render

from interventions.models import Intervention, Theme
from lessons.models import Lesson


def home(request):
    ctx = {
        "themes": Theme.objects.with_intervention_count(),
        "interventions": Intervention.objects.with_card_data().order_by("source_position", "title")[:6],
        "intervention_count": Intervention.objects.count(),
        "lessons": Lesson.objects.all(),
    }
    return render(request, "home.html", ctx)
