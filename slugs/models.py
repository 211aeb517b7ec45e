from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SLUG_TAKEN = _(
    "Het webadres “%(slug)s” is eerder gebruikt door een ander item; het oude adres blijft daarheen verwijzen "
    "en wordt niet opnieuw uitgegeven. Kies een andere slug."
)


class SlugHistory(models.Model):
    """A slug an object of a model had before: its old address, which redirects to the object's page now.

    `object_id` is empty once the object is deleted: its addresses then answer "410 Gone", and its slugs stay
    taken.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("soort"))
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    slug = models.CharField(_("oude slug"), max_length=100)
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        ordering = ["content_type", "slug"]
        verbose_name = _("oud webadres")
        verbose_name_plural = _("oude webadressen")
        constraints = [
            # One owner per old slug of a model: the lookup of an old address and the "never reused" check.
            models.UniqueConstraint(fields=["content_type", "slug"], name="slughistory_one_owner_per_slug"),
        ]
        indexes = [
            # An object's old slugs: handed over on delete, dropped when it takes one back.
            models.Index(fields=["content_type", "object_id"], name="slughistory_object"),
        ]

    def __str__(self):
        return f"{self.content_type.model}: {self.slug}"


class StableSlug:
    """A model whose `slug` is its address: a changed slug keeps redirecting, and no other object may take it.

    A plain mixin (not a model), so taking it as a base needs no migration; `slugs.apps` connects the signals.
    """

    def validate_unique(self, exclude=None):
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "slug" not in (exclude or ()) and "slug" not in errors and self.slug:
            used = SlugHistory.objects.using(self._state.db or "default").filter(
                content_type=ContentType.objects.db_manager(self._state.db or "default").get_for_model(self),
                slug=self.slug,
            )
            # The object itself may take an old slug of its own back.
            if self.pk is not None:
                used = used.exclude(object_id=self.pk)
            if used.exists():
                errors.setdefault("slug", []).append(
                    ValidationError(SLUG_TAKEN, code="slug_used_before", params={"slug": self.slug})
                )
        if errors:
            raise ValidationError(errors)
