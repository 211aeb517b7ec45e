from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.managers import NaturalKeyManager, NumberManager
from interventions.models import Intervention, Publication
from slugs.models import FixedAddress, FixedAddressQuerySet


class LessonQuerySet(FixedAddressQuerySet):
    def with_interventions(self):
        """Each lesson with its illustrating interventions, in a fixed number of queries."""
        return self.prefetch_related(
            Prefetch(
                "illustrations",
                queryset=LessonIllustration.objects.filter(
                    intervention__publication_status=Intervention.PublicationStatus.PUBLISHED
                )
                .select_related("intervention")
                .prefetch_related("intervention__municipalities__province", "intervention__themes")
                .order_by(Lower("intervention__title")),
            )
        )


class Lesson(FixedAddress, models.Model):
    """One of the ten lessons of "Wat hebben we geleerd?".

    Its number is its address (/lessen/3/) and the source's own: fixed once the lesson exists (FixedAddress).
    """

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    source = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("bron"))
    interventions = models.ManyToManyField(
        Intervention, through="LessonIllustration", related_name="lessons", verbose_name=_("interventies")
    )

    objects = NumberManager.from_queryset(LessonQuerySet)()

    class Meta:
        ordering = ["number"]
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="lesson_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("lessons:detail", args=[self.number])

    def natural_key(self):
        return (self.number,)


class LessonIllustrationManager(NaturalKeyManager):
    lookups = ("lesson__number", "intervention__slug")


class LessonIllustration(models.Model):
    """An intervention that shows a lesson in practice, and why."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="illustrations", verbose_name=_("les"))
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="lesson_illustrations", verbose_name=_("interventie")
    )
    reason = models.CharField(
        _("reden"), max_length=300, help_text=_("In één zin: waar in het verhaal deze les te zien is.")
    )

    objects = LessonIllustrationManager()

    class Meta:
        ordering = ["lesson__number", Lower("intervention__title")]
        verbose_name = _("voorbeeld van een les")
        verbose_name_plural = _("voorbeelden van lessen")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "intervention"], name="lessonillustration_unique_pair"),
        ]

    def __str__(self):
        return f"Les {self.lesson.number}: {self.intervention}"

    def natural_key(self):
        return (self.lesson.number, self.intervention.slug)

    natural_key.dependencies = ["lessons.lesson", "interventions.intervention"]
