"""What search knows about insights, factors, solution directions and practice-card topics, and their parts."""

from django.utils.translation import gettext_lazy as _

from search import engine

from . import models


def insight_document(insight):
    return engine.Document(
        title=f"Inzicht {insight.number}: {insight.title}",
        url=insight.get_absolute_url(),
        a=insight.title,
        b=insight.text,
        d=insight.source.title,
    )


def factor_document(factor):
    return engine.Document(
        title=f"Factor {factor.number}: {factor.name} ({factor.get_level_display().lower()})",
        url=factor.get_absolute_url(),
        a=factor.name,
        b=factor.definition,
        d=f"{factor.get_level_display()} {factor.source.title}",
    )


def direction_document(direction):
    reading = [f"{item.title} {item.by}" for item in direction.reading_items.all()]
    return engine.Document(
        title=f"Oplossingsrichting {direction.code} {direction.title}",
        url=direction.get_absolute_url(),
        a=direction.title,
        b=direction.meetup_theme.title,
        c=direction.text,
        d="\n".join([direction.sources, *reading]),
    )


def topic_document(topic):
    return engine.Document(
        title=f"Praktijkkaart: {topic.title}",
        url=topic.get_absolute_url(),
        a=topic.title,
        b="\n".join(question.text for question in topic.questions.all()),
        c=topic.text,
        d="\n".join(suggestion.text for suggestion in topic.suggestions.all()),
    )


KINDS = [
    engine.Kind(
        name="insight",
        slug="inzicht",
        model=models.Insight,
        document=insight_document,
        queryset=lambda: models.Insight.objects.select_related("source"),
    ),
    engine.Kind(
        name="factor",
        slug="factor",
        model=models.Factor,
        document=factor_document,
        queryset=lambda: models.Factor.objects.select_related("source"),
    ),
    engine.Kind(
        name="solution_direction",
        slug="oplossingsrichting",
        model=models.SolutionDirection,
        document=direction_document,
        queryset=lambda: models.SolutionDirection.objects.select_related("meetup_theme").prefetch_related(
            "reading_items"
        ),
        depends_on=(
            engine.Dependency(models.ReadingItem, lambda item: [item.direction_id]),
            # A direction's document holds its meetup theme's title.
            engine.Dependency(models.MeetupTheme, lambda theme: theme.directions.values_list("pk", flat=True)),
        ),
    ),
    engine.Kind(
        name="practice_topic",
        slug="praktijkkaart",
        model=models.PracticeTopic,
        document=topic_document,
        queryset=lambda: models.PracticeTopic.objects.prefetch_related("questions", "suggestions"),
        depends_on=(
            engine.Dependency(models.PracticeQuestion, lambda question: [question.topic_id]),
            engine.Dependency(models.PracticeSuggestion, lambda suggestion: [suggestion.topic_id]),
        ),
        # The card as a whole, as the site names it, rather than "onderwerpen van de praktijkkaart".
        label_override=_("Praktijkkaart"),
        label_plural_override=_("Praktijkkaart"),
    ),
]
