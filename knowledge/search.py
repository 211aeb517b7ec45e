"""What search knows about insights, factors, solution directions and practice-card topics, and how it stays current."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from gka_portal import search

from .models import (
    Factor,
    Insight,
    MeetupTheme,
    PracticeQuestion,
    PracticeSuggestion,
    PracticeTopic,
    ReadingItem,
    SolutionDirection,
)


def insight_document(insight):
    return search.Document(
        title=f"Inzicht {insight.number}: {insight.title}",
        url=insight.get_absolute_url(),
        a=insight.title,
        b=insight.text,
        d=insight.source.title,
    )


def factor_document(factor):
    return search.Document(
        title=f"Factor {factor.number}: {factor.name} ({factor.get_level_display().lower()})",
        url=factor.get_absolute_url(),
        a=factor.name,
        b=factor.definition,
        d=f"{factor.get_level_display()} {factor.source.title}",
    )


def direction_document(direction):
    reading = [f"{item.title} {item.by}" for item in direction.reading_items.all()]
    return search.Document(
        title=f"Oplossingsrichting {direction.code} {direction.title}",
        url=direction.get_absolute_url(),
        a=direction.title,
        b=direction.meetup_theme.title,
        c=direction.text,
        d="\n".join([direction.sources, *reading]),
    )


def topic_document(topic):
    return search.Document(
        title=f"Praktijkkaart: {topic.title}",
        url=topic.get_absolute_url(),
        a=topic.title,
        b="\n".join(question.text for question in topic.questions.all()),
        c=topic.text,
        d="\n".join(suggestion.text for suggestion in topic.suggestions.all()),
    )


KINDS = [
    search.Kind(
        name="insight",
        slug="inzicht",
        label=_("Inzicht"),
        label_plural=_("Inzichten"),
        model=Insight,
        document=insight_document,
        queryset=lambda: Insight.objects.select_related("source"),
    ),
    search.Kind(
        name="factor",
        slug="factor",
        label=_("Factor"),
        label_plural=_("Factoren"),
        model=Factor,
        document=factor_document,
        queryset=lambda: Factor.objects.select_related("source"),
    ),
    search.Kind(
        name="solution_direction",
        slug="oplossingsrichting",
        label=_("Oplossingsrichting"),
        label_plural=_("Oplossingsrichtingen"),
        model=SolutionDirection,
        document=direction_document,
        queryset=lambda: SolutionDirection.objects.select_related("meetup_theme").prefetch_related("reading_items"),
    ),
    search.Kind(
        name="practice_topic",
        slug="praktijkkaart",
        label=_("Praktijkkaart"),
        label_plural=_("Praktijkkaart"),
        model=PracticeTopic,
        document=topic_document,
        queryset=lambda: PracticeTopic.objects.prefetch_related("questions", "suggestions"),
    ),
]


def _parent_reindexer(model, attname):
    """Reindex the `model` object that a changed part (a question, a reading item) belongs to."""

    def handler(sender, instance, raw=False, **kwargs):
        pk = getattr(instance, attname)
        if not raw and pk and model.objects.filter(pk=pk).exists():
            search.index(model(pk=pk))

    return handler


def _reindex_directions(sender, instance, raw=False, **kwargs):
    # A direction's document holds its meetup theme's title.
    if not raw:
        for direction in instance.directions.all():
            search.index(direction)


_PARTS = [
    (PracticeQuestion, PracticeTopic, "topic_id"),
    (PracticeSuggestion, PracticeTopic, "topic_id"),
    (ReadingItem, SolutionDirection, "direction_id"),
]
_HANDLERS = {part: _parent_reindexer(parent, attname) for part, parent, attname in _PARTS}


def connect():
    for kind in KINDS:
        search.register(kind)
    for part, handler in _HANDLERS.items():
        uid = f"search_{part._meta.model_name}"
        post_save.connect(handler, sender=part, dispatch_uid=f"{uid}_save")
        post_delete.connect(handler, sender=part, dispatch_uid=f"{uid}_delete")
    post_save.connect(_reindex_directions, sender=MeetupTheme, dispatch_uid="search_meetuptheme_save")
