"""What search knows about a lesson, and how it stays current."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from gka_portal import search
from interventions.models import Intervention

from .models import Lesson, LessonIllustration


def lesson_document(lesson):
    illustrations = [link for link in lesson.illustrations.all() if link.intervention.is_published]
    return search.Document(
        title=f"Les {lesson.number}: {lesson.title}",
        url=lesson.get_absolute_url(),
        a=lesson.title,
        b=lesson.text,
        c="\n".join(illustration.reason for illustration in illustrations),
        d="\n".join(illustration.intervention.title for illustration in illustrations),
    )


KIND = search.Kind(
    name="lesson",
    slug="les",
    label=_("Les"),
    label_plural=_("Lessen"),
    model=Lesson,
    document=lesson_document,
    queryset=lambda: Lesson.objects.prefetch_related("illustrations__intervention"),
)


def _reindex_lesson(sender, instance, raw=False, **kwargs):
    if not raw and Lesson.objects.filter(pk=instance.lesson_id).exists():
        search.index(Lesson(pk=instance.lesson_id))


def _reindex_lessons_of(sender, instance, raw=False, **kwargs):
    """A lesson's text names its examples: when one is (un)published or renamed, index its lessons again."""
    if not raw:
        for lesson in Lesson.objects.filter(illustrations__intervention_id=instance.pk).distinct():
            search.index(lesson)


def connect():
    search.register(KIND)
    post_save.connect(_reindex_lesson, sender=LessonIllustration, dispatch_uid="search_illustration_save")
    post_delete.connect(_reindex_lesson, sender=LessonIllustration, dispatch_uid="search_illustration_delete")
    post_save.connect(_reindex_lessons_of, sender=Intervention, dispatch_uid="search_lessons_of_intervention")
