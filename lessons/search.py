"""What search knows about a lesson: its document, and the parts its text is made of."""

from interventions.models import Intervention
from search import engine

from .models import Lesson, LessonIllustration


def lesson_document(lesson):
    illustrations = [link for link in lesson.illustrations.all() if link.intervention.is_published]
    return engine.Document(
        title=f"Les {lesson.number}: {lesson.title}",
        url=lesson.get_absolute_url(),
        a=lesson.title,
        b=lesson.text,
        c="\n".join(illustration.reason for illustration in illustrations),
        d="\n".join(illustration.intervention.title for illustration in illustrations),
    )


KINDS = [
    engine.Kind(
        name="lesson",
        slug="les",
        model=Lesson,
        document=lesson_document,
        queryset=lambda: Lesson.objects.prefetch_related("illustrations__intervention"),
        depends_on=(
            engine.Dependency(LessonIllustration, lambda illustration: [illustration.lesson_id]),
            # A lesson's text names its examples: when one is (un)published or renamed, its lessons change.
            engine.Dependency(
                Intervention,
                lambda intervention: (
                    Lesson.objects.filter(illustrations__intervention_id=intervention.pk)
                    .distinct()
                    .values_list("pk", flat=True)
                ),
            ),
        ),
    ),
]
