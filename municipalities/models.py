from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.managers import SlugManager
from slugs.models import StableSlug, StableSlugQuerySet


class Place(StableSlug, models.Model):
    """A region, province or municipality: found by its slug, listed by name, with a page of its interventions.

    Fields declared here would come first in each place's forms, so each declares its own name and slug.
    """

    # The URL name of the place's page, which the interventions app serves.
    url_name = ""

    # Its queryset records a bulk update(slug=...) as an old address too.
    objects = SlugManager.from_queryset(StableSlugQuerySet)()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class Region(Place):
    """A coordinator's working area; seeded with the four CBS landsdelen."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    url_name = "interventions:region"

    class Meta(Place.Meta):
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")


class Province(Place):
    name = models.CharField(
        _("naam"), max_length=100, unique=True, help_text=_("De officiële naam, bijvoorbeeld Fryslân.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("regio"))

    url_name = "interventions:province"

    class Meta(Place.Meta):
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")


def coordinate_field(label):
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Van het centrum van de hoofdplaats, in graden (WGS84)."),
    )


class Municipality(Place):
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("De naam zoals die gewoonlijk gebruikt wordt, bijvoorbeeld Den Bosch.")
    )
    official_name = models.CharField(
        _("officiële naam"), max_length=100, unique=True, help_text=_("Bijvoorbeeld 's-Hertogenbosch.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, blank=True, help_text=_("De gemeentecode van het CBS, bijvoorbeeld GM0796.")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("provincie")
    )
    latitude = coordinate_field(_("breedtegraad"))
    longitude = coordinate_field(_("lengtegraad"))

    gka_member = models.BooleanField(
        _("aangesloten bij de GKA"),
        null=True,
        blank=True,
        help_text=_("Alleen invullen als een bron het zegt; leeg betekent onbekend."),
    )
    gka_member_since = models.PositiveSmallIntegerField(
        _("aangesloten sinds"), null=True, blank=True, help_text=_("Het jaar, alleen als een bron het noemt.")
    )

    url_name = "interventions:municipality"

    class Meta(Place.Meta):
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            # A CBS code identifies one municipality; many may still lack one.
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~Q(cbs_code=""), name="municipality_unique_cbs_code"
            ),
            models.CheckConstraint(
                condition=Q(cbs_code="") | Q(cbs_code__regex=r"^GM[0-9]{4}$"),
                name="municipality_cbs_code_format",
            ),
            # The map of a later issue needs both coordinates or neither, inside the Netherlands.
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__range=(50.7, 53.6)) & Q(longitude__range=(3.3, 7.3))),
                name="municipality_coordinates_in_netherlands",
            ),
            models.CheckConstraint(
                condition=Q(gka_member_since__isnull=True)
                | (Q(gka_member=True) & Q(gka_member_since__range=(2016, 2100))),
                name="municipality_gka_member_since_plausible",
            ),
        ]

    @property
    def display_name(self):
        """'Den Bosch ('s-Hertogenbosch)' where the two names differ."""
        if self.official_name and self.official_name != self.name:
            return f"{self.name} ({self.official_name})"
        return self.name
