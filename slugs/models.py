from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SLUG_TAKEN = _(
    "Het webadres “%(slug)s” is eerder gebruikt door een ander item; het oude adres blijft daarheen verwijzen "
    "en wordt niet opnieuw uitgegeven. Kies een andere slug."
)

ADDRESS_FIXED = _(
    "Het veld “%(field)s” is deel van het webadres van dit item en ligt vast zodra het item bestaat, zodat "
    "links ernaar blijven werken. Het kan niet worden gewijzigd."
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


class StableSlugQuerySet(models.QuerySet):
    """The queryset of every StableSlug model: a bulk `update(slug=...)` records the old slugs as a save does.

    `update()` sends no signals, so without this an ORM update would move an address without a redirect.
    `bulk_update(objs, ["slug"])` goes through here too. Raw SQL cannot be caught: whoever changes a slug in SQL
    inserts the SlugHistory row themselves (content type, old slug, object id).
    """

    def update(self, **kwargs):
        if "slug" not in kwargs:
            return super().update(**kwargs)
        from .services import slug_changed  # services is built on these models

        with transaction.atomic(using=self.db, savepoint=False):
            before = dict(self.values_list("pk", "slug"))
            updated = super().update(**kwargs)
            # Read back rather than take kwargs["slug"]: it may be an expression (F, Concat, bulk_update's Case).
            after = self.model._base_manager.using(self.db).filter(pk__in=before).values_list("pk", "slug")
            for pk, slug in after:
                slug_changed(model=self.model, pk=pk, old=before[pk], new=slug, using=self.db)
        return updated


class FixedAddress:
    """A model addressed by fields set once: `address_fields` never change after the object exists.

    For what the source documents number ("les 3", "inzicht 7", "oplossingsrichting 1.4"): the number is the
    address, and it is the source's own, so there is no reason to change it. Fixing it is the simplest honest
    guarantee: an address never moves, so it needs no redirect, and it is never handed to something else,
    because the item keeps it for good (only deleting the item frees it; a new item with that number is the
    source's item with that number again). A history of old numbers with redirects, as for slugs, would
    allow a renumbering that makes the site and the source disagree.

    The admin shows the fields read-only on an existing item (`slugs.admin.FixedAddressAdmin`); clean() and
    save() refuse a change, and the queryset's update() refuses to touch them. Fixtures loaded raw (seeding,
    a restore, reverting a version) bypass save(), but give the object the number its natural key found.
    """

    address_fields: tuple[str, ...] = ("number",)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_address()
        return instance

    def _address_attnames(self):
        return [self._meta.get_field(name).attname for name in self.address_fields]

    def _remember_address(self):
        # Deferred fields are not in __dict__: only what was loaded is remembered, the rest is asked for.
        self._stored_address = {name: self.__dict__[name] for name in self._address_attnames() if name in self.__dict__}

    def address_changes(self, using=None):
        """The address fields (names) whose value differs from the stored one; none for a new object."""
        if self.pk is None:
            return []
        attnames = self._address_attnames()
        stored = getattr(self, "_stored_address", {})
        if not all(name in stored for name in attnames):
            # Built without loading (Lesson(pk=3, ...)) or deferred: one query, never on an admin save.
            stored = (
                type(self)
                ._base_manager.using(using or self._state.db or "default")
                .filter(pk=self.pk)
                .values(*attnames)
                .first()
            )
            if stored is None:
                return []
        return [
            name
            for name, attname in zip(self.address_fields, attnames, strict=True)
            if getattr(self, attname) != stored[attname]
        ]

    @classmethod
    def address_error(cls, names):
        """The ValidationError that refuses a change of these address fields."""
        return ValidationError(
            {
                name: ValidationError(
                    ADDRESS_FIXED, code="address_fixed", params={"field": cls._meta.get_field(name).verbose_name}
                )
                for name in names
            }
        )

    def clean(self):
        super().clean()
        if changed := self.address_changes():
            raise self.address_error(changed)

    def save(self, *args, **kwargs):
        if changed := self.address_changes(using=kwargs.get("using")):
            raise self.address_error(changed)
        super().save(*args, **kwargs)
        self._remember_address()


class FixedAddressQuerySet(models.QuerySet):
    """The queryset of a FixedAddress model: an update() of an address field is refused (see FixedAddress)."""

    def update(self, **kwargs):
        fields = [self.model._meta.get_field(name) for name in kwargs]
        if touched := [f.name for f in fields if f.name in self.model.address_fields]:
            raise self.model.address_error(touched)
        return super().update(**kwargs)
