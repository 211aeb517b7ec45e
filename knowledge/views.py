from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.pagination import neighbours
from slugs.services import get_current_or_redirect

from .models import (
    DirectionLink,
    Factor,
    FactorLink,
    Insight,
    MeetupTheme,
    PracticeTopic,
    ReadingItem,
    SolutionDirection,
)


def _published_examples(link_model):
    return link_model.objects.published_examples()


def _meetup_themes():
    return MeetupTheme.objects.select_related("source").prefetch_related(
        Prefetch("directions", queryset=SolutionDirection.objects.select_related("meetup_theme")),
        Prefetch("reading_items", queryset=ReadingItem.objects.order_by("category", "position")),
    )


def _topics():
    return PracticeTopic.objects.select_related("source").prefetch_related("questions", "suggestions", "themes")


def _source(objects):
    """The publication a list page cites: the objects of one list share it."""
    return objects[0].source if objects else None


def knowledge_index(request):
    ctx = {
        "insights": Insight.objects.all(),
        "levels": Factor.Level,
        "factor_count": Factor.objects.count(),
        "meetup_themes": MeetupTheme.objects.prefetch_related(
            Prefetch("directions", queryset=SolutionDirection.objects.select_related("meetup_theme"))
        ),
        "topics": PracticeTopic.objects.all(),
    }
    return render(request, "knowledge/index.html", ctx)


def insight_list(request):
    insights = Insight.objects.select_related("source").prefetch_related("themes")
    ctx = {"insights": insights, "source": _source(insights)}
    return render(request, "knowledge/insight_list.html", ctx)


def insight_detail(request, number):
    insight = get_object_or_404(Insight.objects.select_related("source").prefetch_related("themes"), number=number)
    ctx = {"insight": insight, **neighbours(insight)}
    return render(request, "knowledge/insight_detail.html", ctx)


def factor_list(request):
    factors = list(
        Factor.objects.select_related("source").prefetch_related(
            Prefetch("factor_links", queryset=_published_examples(FactorLink), to_attr="examples")
        )
    )
    groups = [(level, [f for f in factors if f.level == level.value]) for level in Factor.Level]
    ctx = {"groups": groups, "factors": factors, "source": _source(factors)}
    return render(request, "knowledge/factor_list.html", ctx)


def factor_detail(request, number):
    factor = get_object_or_404(
        Factor.objects.select_related("source").prefetch_related(
            "themes", Prefetch("factor_links", queryset=_published_examples(FactorLink), to_attr="examples")
        ),
        number=number,
    )
    ctx = {
        "factor": factor,
        **neighbours(factor),
        "factor_count": Factor.objects.count(),
    }
    return render(request, "knowledge/factor_detail.html", ctx)


def direction_list(request):
    meetup_themes = list(_meetup_themes())
    ctx = {"meetup_themes": meetup_themes, "source": _source(meetup_themes)}
    return render(request, "knowledge/direction_list.html", ctx)


def direction_detail(request, theme, number):
    direction = get_object_or_404(
        SolutionDirection.objects.select_related("meetup_theme__source").prefetch_related(
            "themes",
            "reading_items",
            Prefetch("direction_links", queryset=_published_examples(DirectionLink), to_attr="examples"),
        ),
        meetup_theme__number=theme,
        number=number,
    )
    siblings = list(SolutionDirection.objects.select_related("meetup_theme"))
    index = next(i for i, d in enumerate(siblings) if d.pk == direction.pk)
    ctx = {
        "direction": direction,
        "meetup_theme": direction.meetup_theme,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render(request, "knowledge/direction_detail.html", ctx)


def topic_list(request):
    topics = list(_topics())
    ctx = {"topics": topics, "source": _source(topics)}
    return render(request, "knowledge/topic_list.html", ctx)


def topic_detail(request, slug):
    # A renamed topic's old address answers 301 to the new one; a deleted topic's 410.
    topic, moved = get_current_or_redirect(request, _topics(), slug)
    if moved:
        return moved
    suggestions = list(topic.suggestions.all())
    ctx = {
        "topic": topic,
        "short_term": [s for s in suggestions if s.term == s.Term.SHORT],
        "long_term": [s for s in suggestions if s.term == s.Term.LONG],
        **neighbours(topic),
    }
    return render(request, "knowledge/topic_detail.html", ctx)
