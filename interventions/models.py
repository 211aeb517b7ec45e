from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower, StrIndex
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import pagecache
from core.managers import NaturalKeyManager, SlugManager
from core.text import lines
from municipalities.models import Municipality
from search import engine
from slugs.models import StableSlug, StableSlugQuerySet


class Publication(models.Model):
    """A source document that portal content is taken from."""

    # The intervention bundle "Land vol kansen", the portal's core (fixtures/taxonomy.json).
    BUNDLE_SLUG = "land-vol-kansen"

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    url = models.URLField(_("webadres"), blank=True)
    contact_email = models.EmailField(
        _("contactadres"), blank=True, help_text=_("Het adres dat de publicatie noemt voor vragen en contact.")
    )

    objects = SlugManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("bronpublicatie")
        verbose_name_plural = _("bronpublicaties")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class ThemeQuerySet(StableSlugQuerySet):
    def with_intervention_count(self):
        """Each theme with its number of published interventions, read from the facet summary."""
        count = FacetCount.objects.filter(facet="thema", key=OuterRef("slug")).values("count")
        return self.annotate(intervention_count=Coalesce(Subquery(count), 0))


class Classification(models.Model):
    """A theme or target group: what interventions are classified by, in the editors' order.

    Each declares its own `position`: a field declared here would come before a theme's description in its form.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Theme(StableSlug, Classification):
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SlugManager.from_queryset(ThemeQuerySet)()

    class Meta(Classification.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def get_absolute_url(self):
        return reverse("interventions:theme", args=[self.slug])


class TargetGroup(Classification):
    """Who an intervention is for: a school phase, parents or professionals."""

    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta(Classification.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class InterventionQuerySet(StableSlugQuerySet):
    def update(self, **kwargs):
        """A bulk update sends no signals: the facets it changes are refreshed and cached pages made stale here."""
        from . import facets  # built on these models

        pks = list(self.values_list("pk", flat=True)) if facets.COUNTED_FIELDS & kwargs.keys() else []
        updated = super().update(**kwargs)
        facets.refresh(pks)
        if updated:
            pagecache.content_changed()
        return updated

    def published(self):
        """What the public site, its search, feeds and counts may show."""
        return self.filter(publication_status=Intervention.PublicationStatus.PUBLISHED)

    def in_regions(self, region_ids):
        """Interventions with at least one municipality in these regions (None: every region)."""
        if region_ids is None:
            return self
        places = Intervention.municipalities.through.objects
        in_places = Exists(places.filter(intervention=OuterRef("pk"), municipality__province__region__in=region_ids))
        # A draft sent in through "Deel je aanpak" (the contact app's Proposal) for a place not in the
        # list has no municipality yet; until it gets one, it belongs to the region its sender chose.
        unplaced = ~Exists(places.filter(intervention=OuterRef("pk"))) & Q(proposal__region__in=region_ids)
        return self.filter(in_places | unplaced)

    def dashboard_for(self, user):
        """The admin's "mijn concepten en wat op review wacht" block for `user`."""
        from accounts.roles import region_ids

        mine = self.in_regions(region_ids(user))
        return {
            "my_drafts": list(
                mine.filter(publication_status=Intervention.PublicationStatus.DRAFT, last_edited_by=user).order_by(
                    "-updated_at"
                )[:10]
            ),
            "awaiting_review": list(
                mine.filter(publication_status=Intervention.PublicationStatus.REVIEW).order_by("updated_at")[:10]
            ),
        }

    def with_card_data(self):
        """What a result card shows: places with their province, and themes."""
        return self.prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.select_related("province")),
            "themes",
        )

    def with_summary_data(self):
        """What a row of the downloads and an item of the API's list show: places with their province and
        region, themes, target groups and the source."""
        return self.select_related("source").prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.select_related("province__region")),
            "themes",
            "target_groups",
        )

    def with_detail_data(self):
        """Everything the detail page shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.select_related("province__region"),
            ),
            "themes",
            "target_groups",
            "people",
            Prefetch("quotes", queryset=Quote.objects.prefetch_related("speakers")),
            "reading_tips",
        )

    def with_knowledge_links(self):
        """The factors and solution directions linked to each intervention, with the reasons: two queries.

        Knowledge builds on interventions, so its models are looked up by name, never imported.
        """
        factor_link = apps.get_model("knowledge", "FactorLink")
        direction_link = apps.get_model("knowledge", "DirectionLink")
        return self.prefetch_related(
            Prefetch("factor_links", queryset=factor_link.objects.select_related("factor")),
            Prefetch("direction_links", queryset=direction_link.objects.select_related("direction__meetup_theme")),
        )

    def for_theme(self, theme):
        return self.filter(themes=theme)

    def in_place(self, **lookup):
        """Interventions with at least one municipality that matches `lookup`, such as
        `municipality__province=province`: each once, however many of its places match."""
        places = Intervention.municipalities.through.objects
        return self.filter(Exists(places.filter(intervention=OuterRef("pk"), **lookup)))

    def related_to(self, intervention):
        """Other interventions that share at least one theme, closest first."""
        shared = Intervention.themes.through.objects.filter(
            intervention=OuterRef("pk"), theme__in=intervention.themes.all()
        )
        return (
            self.exclude(pk=intervention.pk)
            .filter(Exists(shared))
            .annotate(shared_themes=models.Count("themes", filter=Q(themes__in=intervention.themes.all())))
            .order_by("-shared_themes", "source_position", Lower("title"))
        )

    def search(self, query):
        """Interventions matching `query` (Dutch full-text search), best match first."""
        return self.in_ranking(engine.ranked_ids(query, kind="intervention"))

    def in_ranking(self, ids):
        """These interventions in the order of `ids` (a search's ranking, computed once per request)."""
        # The position of ",<pk>," in ",<id1>,<id2>,...," orders by rank on every database.
        ranking = "," + ",".join(map(str, ids)) + ","
        position = StrIndex(Value(ranking), Concat(Value(","), Cast("pk", models.CharField()), Value(",")))
        return self.filter(pk__in=ids).alias(search_position=position).order_by("search_position")


# The choices of an intervention stand outside the class so that its Meta, which cannot see the class body,
# builds the constraints from their values; the class names them too (Intervention.Kind).
class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REVIEW = "review", _("Ter review")
    PUBLISHED = "published", _("Gepubliceerd")
    ARCHIVED = "archived", _("Gearchiveerd")


class Kind(models.TextChoices):
    INTERVENTION = "interventie", _("Interventie")
    COMMUNITY = "community", _("Community")
    EXPERIMENT = "experiment", _("Experiment")


class Status(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    EMBEDDED = "ingebed", _("Ingebed")
    COMPLETED = "afgerond", _("Afgerond")


class Intervention(StableSlug, models.Model):
    PublicationStatus = PublicationStatus
    Kind = Kind
    Status = Status

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Het laatste deel van het webadres."))
    kind = models.CharField(
        _("soort"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.INTERVENTION,
        help_text=_(
            "Een community brengt scholen uit het hele land samen; een experiment wordt met onderzoek gevolgd."
        ),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="interventions",
        verbose_name=_("gemeenten"),
        help_text=_("Alle gemeenten waar de interventie loopt; Parkstad bijvoorbeeld beslaat er vier."),
    )
    themes = models.ManyToManyField(Theme, related_name="interventions", verbose_name=_("thema's"))
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="interventions", blank=True, verbose_name=_("doelgroepen")
    )
    context = models.TextField(_("context"), help_text=_("Laat een lege regel tussen alinea's."))
    approach = models.TextField(
        _("aanpak"),
        blank=True,
        help_text=_("Laat een lege regel tussen alinea's. Leeg laten als de bron er niets over zegt."),
    )
    results = models.TextField(
        _("opbrengsten"),
        blank=True,
        help_text=_("Laat een lege regel tussen alinea's. Leeg laten als de bron er niets over zegt."),
    )
    participants = models.TextField(
        _("deelnemers"),
        blank=True,
        help_text=_("Deelnemende scholen en organisaties zoals de bron ze noemt, één per regel."),
    )
    image = models.ImageField(
        _("afbeelding"),
        upload_to="interventions/",
        blank=True,
        help_text=_("Een foto of illustratie; JPEG, PNG of WebP."),
    )
    image_alt = models.CharField(
        _("tekstalternatief van de afbeelding"),
        max_length=300,
        blank=True,
        help_text=_("Verplicht bij een afbeelding: beschrijf wat erop te zien is voor wie de afbeelding niet ziet."),
    )
    video_url = models.URLField(
        _("video"),
        blank=True,
        help_text=_("Webadres van een video op YouTube of Vimeo; die laadt pas als de bezoeker erop klikt."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, help_text=_("Alleen invullen als de bron het noemt.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Alleen invullen als de bron het noemt."),
    )
    reach = models.CharField(
        _("bereik"),
        max_length=300,
        blank=True,
        help_text=_("Zoals de bron het zegt, bijvoorbeeld: meer dan 400 leerlingen van zes scholen."),
    )
    source = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("bron"),
        help_text=_("Leeg bij een aanpak die via de website is ingezonden."),
    )
    source_position = models.PositiveSmallIntegerField(
        _("plek in de bron"), null=True, blank=True, help_text=_("Het volgnummer van het verhaal in de bronpublicatie.")
    )
    publication_status = models.CharField(
        _("publicatiestatus"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Alleen gepubliceerde interventies staan op de website."),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, editable=False)
    checked_at = models.DateTimeField(
        _("laatst gecontroleerd op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Bijgewerkt bij elke opslag door een redacteur of coördinator."),
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("laatst bewerkt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now, editable=False)

    objects = SlugManager.from_queryset(InterventionQuerySet)()

    class Meta:
        # Lower(): SQLite compares bytes, so "De Twentse" would sort before "De kracht".
        ordering = [Lower("title"), "pk"]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        permissions = [
            ("publish_intervention", _("Mag interventies publiceren")),
            ("purge_intervention", _("Mag interventies definitief verwijderen")),
        ]
        indexes = [
            # Every public page filters on it.
            models.Index(fields=["publication_status"], name="intervention_pub_status_idx"),
            # The list's count with a kind or status filter, from the index alone.
            models.Index(fields=["publication_status", "kind"], name="intervention_pub_kind_idx"),
            models.Index(fields=["publication_status", "status"], name="intervention_pub_state_idx"),
            # The home page's first stories of the bundle, in the bundle's order.
            models.Index(
                fields=["source", "source_position", "title"],
                name="intervention_pub_source_idx",
                condition=Q(publication_status="published"),
            ),
            # The public list's title order: its first page reads twelve rows from an index instead of
            # sorting every published intervention.
            models.Index(
                Lower("title"),
                "id",
                name="intervention_pub_title_idx",
                condition=Q(publication_status="published"),
            ),
            # The Atom feeds (interventions/feeds.py), last changed first: the newest fifty from the index
            # instead of sorting every published intervention (70 ms against 0.4 ms at 100,000 rows).
            models.Index(
                fields=["-updated_at", "-id"],
                name="intervention_pub_feed_idx",
                condition=Q(publication_status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__range=(1900, 2100)),
                name="intervention_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(publication_status__in=PublicationStatus.values),
                name="intervention_publication_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["", *Status.values]),
                name="intervention_status_known",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="intervention_kind_known",
            ),
            # An image without a text alternative is unusable for screen-reader users.
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="intervention_image_has_alt"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Not auto_now: that would also bump the time when fixtures are loaded raw.
        self.updated_at = timezone.now()
        if self.is_published and self.published_at is None:
            self.published_at = self.updated_at
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("interventions:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.publication_status == self.PublicationStatus.PUBLISHED

    def province_names(self):
        """The provinces of its places, each once, in the order of the places (uses prefetched municipalities)."""
        return list(dict.fromkeys(m.province.name for m in self.municipalities.all()))

    def regions(self):
        """The regions of its municipalities (prefetched with with_detail_data)."""
        return sorted({m.province.region for m in self.municipalities.all()}, key=lambda region: region.name)

    def natural_key(self):
        return (self.slug,)

    @property
    def other_quotes(self):
        """The quotes besides the highlighted one, in the source's order; uses the prefetched quotes."""
        return [quote for quote in self.quotes.all() if not quote.is_highlighted]

    @property
    def highlighted_quote(self):
        """The quote the bundle sets in large type; uses the prefetched quotes."""
        return next((quote for quote in self.quotes.all() if quote.is_highlighted), None)

    @property
    def participant_list(self):
        """The participating schools and organisations, one per line in the field."""
        return lines(self.participants)


class InterventionPartManager(NaturalKeyManager):
    lookups = ("intervention__slug", "position")


class InterventionPart(models.Model):
    """Something that belongs to one intervention and keeps the bundle's order."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, verbose_name=_("interventie"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = InterventionPartManager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        constraints = [
            # Fixtures find the parts of an intervention by their position.
            models.UniqueConstraint(fields=["intervention", "position"], name="%(class)s_unique_position"),
        ]

    def natural_key(self):
        return (self.intervention.slug, self.position)

    natural_key.dependencies = ["interventions.intervention"]


class Person(InterventionPart):
    """Someone the bundle names in an intervention's story."""

    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    is_portrayed = models.BooleanField(
        _("geportretteerd"),
        default=True,
        help_text=_("Uit: de persoon wordt in de tekst genoemd maar staat niet met foto in de bundel."),
    )

    class Meta(InterventionPart.Meta):
        default_related_name = "people"
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return self.name


class Quote(InterventionPart):
    text = models.TextField(_("citaat"))
    speakers = models.ManyToManyField(
        Person,
        blank=True,
        related_name="quotes",
        verbose_name=_("sprekers"),
        help_text=_("Leeg laten als de bron niet zegt wie het zei."),
    )
    attribution = models.CharField(
        _("toeschrijving"),
        max_length=200,
        blank=True,
        help_text=_("Voor een spreker zonder naam, bijvoorbeeld: een ouderbegeleider."),
    )
    is_highlighted = models.BooleanField(
        _("uitgelicht"), default=False, help_text=_("Het citaat dat bovenaan het verhaal staat.")
    )

    class Meta(InterventionPart.Meta):
        default_related_name = "quotes"
        verbose_name = _("citaat")
        verbose_name_plural = _("citaten")
        constraints = [
            *InterventionPart.Meta.constraints,
            # The detail page shows one highlighted quote at the top.
            models.UniqueConstraint(
                fields=["intervention"], condition=Q(is_highlighted=True), name="quote_one_highlight_per_intervention"
            ),
        ]

    def __str__(self):
        return self.text[:80]


class ReadingTip(InterventionPart):
    """A "Meer informatie" link; the bundle gives the link texts without addresses."""

    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("webadres"), blank=True, help_text=_("Leeg laten als het adres niet bekend is."))

    class Meta(InterventionPart.Meta):
        default_related_name = "reading_tips"
        verbose_name = _("leestip")
        verbose_name_plural = _("leestips")

    def __str__(self):
        return self.title


class FacetEntry(models.Model):
    """One value of one facet of a published intervention: its theme, place, kind, factor...

    Derived data, kept by interventions.facets in the same transaction as every change to what it
    is derived from, so that the list's facet counts and the figures never aggregate the
    interventions themselves. `facet` is the list's query parameter ("thema"), `key` the value as
    the URL spells it ("soepele-overgang"); a few facets pair two of them (facets.PAIRS).
    """

    # No foreign-key constraint: a deleted intervention's rows are removed by its post_delete
    # signal, which also updates the counts (a cascade would skip that).
    intervention = models.ForeignKey(
        Intervention, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("interventie")
    )
    facet = models.CharField(_("facet"), max_length=30)
    key = models.CharField(_("waarde"), max_length=255)

    class Meta:
        verbose_name = _("facetwaarde")
        verbose_name_plural = _("facetwaarden")
        constraints = [
            # Also the index that reads and replaces one intervention's rows.
            models.UniqueConstraint(fields=["intervention", "facet", "key"], name="facetentry_unique"),
        ]
        indexes = [
            # A filter: the interventions with these values of one facet.
            models.Index(fields=["facet", "key", "intervention"], name="facetentry_lookup_idx"),
        ]

    def __str__(self):
        return f"{self.facet}={self.key}"


class FacetCount(models.Model):
    """How many published interventions have each value of each facet: the unfiltered counts."""

    facet = models.CharField(_("facet"), max_length=30)
    key = models.CharField(_("waarde"), max_length=255)
    # Not Positive...: its CHECK would refuse the negative deltas the upsert adds (facets._apply_deltas).
    count = models.IntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("facettelling")
        verbose_name_plural = _("facettellingen")
        constraints = [
            # The upsert in facets._apply_deltas conflicts on it.
            models.UniqueConstraint(fields=["facet", "key"], name="facetcount_unique"),
        ]

    def __str__(self):
        return f"{self.facet}={self.key}: {self.count}"
