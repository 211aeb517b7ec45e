"""Knowledge from the other source documents: insights, factors, solution directions and the practice card."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.managers import NaturalKeyManager, NumberManager, SlugManager
from core.text import lines
from interventions.models import Intervention, Publication, Theme
from slugs.models import FixedAddress, FixedAddressQuerySet, StableSlug, StableSlugQuerySet


def source_field(related_name):
    """The publication a piece of knowledge comes from."""
    return models.ForeignKey(Publication, on_delete=models.PROTECT, related_name=related_name, verbose_name=_("bron"))


def themes_field(related_name):
    """The themes a piece of knowledge is about, as the editors link them."""
    return models.ManyToManyField(
        Theme,
        related_name=related_name,
        blank=True,
        verbose_name=_("thema's"),
        help_text=_("Alleen koppelen als de brontekst het thema duidelijk behandelt."),
    )


class Numbered(models.Model):
    """Knowledge its source numbers from 1, such as the ten insights: found and ordered by its number."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)

    objects = NumberManager()

    class Meta:
        abstract = True
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="%(class)s_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def natural_key(self):
        return (self.number,)


# Numbered knowledge whose number is its address (/kennis/inzichten/7/): the number never changes once the item
# exists (see slugs.models.FixedAddress for why a fixed number rather than redirects from old numbers).
FixedNumberManager = NumberManager.from_queryset(FixedAddressQuerySet)


class Insight(FixedAddress, Numbered):
    """One of the ten insights ("inzichten") of chapter 3 of the GKA progress report 2020."""

    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    source = source_field("insights")
    themes = themes_field("insights")

    objects = FixedNumberManager()

    class Meta(Numbered.Meta):
        verbose_name = _("inzicht")
        verbose_name_plural = _("inzichten")

    def get_absolute_url(self):
        return reverse("knowledge:insight", args=[self.number])


# Outside the class, so that Factor's Meta (which cannot see the class body) builds a constraint from its values.
class Level(models.TextChoices):
    STUDENT = "leerling", _("Leerling")
    FAMILY = "familie", _("Familie")
    SCHOOL = "school", _("School")
    NEIGHBOURHOOD = "wijk", _("Wijk")
    SOCIETY = "samenleving", _("Samenleving")


class Factor(FixedAddress, Numbered):
    """A factor of the Verwey-Jonker study, on one of five levels, numbered as in the report."""

    Level = Level

    name = models.CharField(_("naam"), max_length=100)
    definition = models.TextField(_("omschrijving"))
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    source = source_field("factors")
    themes = themes_field("factors")

    objects = FixedNumberManager()

    class Meta(Numbered.Meta):
        verbose_name = _("factor")
        verbose_name_plural = _("factoren")
        constraints = [
            *Numbered.Meta.constraints,
            models.CheckConstraint(condition=Q(level__in=Level.values), name="factor_level_valid"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("knowledge:factor", args=[self.number])


class MeetupTheme(FixedAddress, Numbered):
    """One of the three themes of the meetup briefing, with its guiding question.

    Its number is the first half of its directions' addresses (/kennis/oplossingsrichtingen/1-4/).
    """

    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("leidende vraag"))
    introduction = models.TextField(_("inleiding"))
    source = source_field("meetup_themes")

    objects = FixedNumberManager()

    class Meta(Numbered.Meta):
        verbose_name = _("meetup-thema")
        verbose_name_plural = _("meetup-thema's")

    def __str__(self):
        return f"Thema {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("knowledge:directions") + f"#thema-{self.number}"


class SolutionDirectionManager(NaturalKeyManager):
    lookups = ("meetup_theme__number", "number")


class SolutionDirection(FixedAddress, models.Model):
    """A solution direction ("oplossingsrichting") of the meetup briefing, such as 1.4.

    Its theme and number are its address (/kennis/oplossingsrichtingen/1-4/): fixed once it exists.
    """

    address_fields = ("meetup_theme", "number")

    meetup_theme = models.ForeignKey(
        MeetupTheme, on_delete=models.CASCADE, related_name="directions", verbose_name=_("meetup-thema")
    )
    number = models.PositiveSmallIntegerField(_("nummer binnen het thema"))
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("toelichting"))
    sources = models.TextField(
        _("bronnen"),
        blank=True,
        help_text=_("De bronnen die de tekst noemt, één per regel; een webadres alleen als de bron het geeft."),
    )
    themes = themes_field("solution_directions")

    objects = SolutionDirectionManager.from_queryset(FixedAddressQuerySet)()

    class Meta:
        ordering = ["meetup_theme__number", "number"]
        verbose_name = _("oplossingsrichting")
        verbose_name_plural = _("oplossingsrichtingen")
        constraints = [
            # The detail page looks a direction up by its code, e.g. 1-4.
            models.UniqueConstraint(fields=["meetup_theme", "number"], name="solutiondirection_unique_code"),
            models.CheckConstraint(condition=Q(number__gte=1), name="solutiondirection_number_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("knowledge:direction", args=[self.meetup_theme.number, self.number])

    def natural_key(self):
        return (self.meetup_theme.number, self.number)

    natural_key.dependencies = ["knowledge.meetuptheme"]

    @property
    def code(self):
        return f"{self.meetup_theme.number}.{self.number}"


class ReadingItemManager(NaturalKeyManager):
    lookups = ("meetup_theme__number", "category", "position")


class ReadingItem(models.Model):
    """An entry of a meetup theme's list: something to read, listen to or watch, or a named initiative."""

    class Category(models.TextChoices):
        READING = "lezen", _("Meer lezen, luisteren of zien")
        INITIATIVE = "initiatief", _("Mooi initiatief")

    meetup_theme = models.ForeignKey(
        MeetupTheme, on_delete=models.CASCADE, related_name="reading_items", verbose_name=_("meetup-thema")
    )
    direction = models.ForeignKey(
        SolutionDirection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reading_items",
        verbose_name=_("oplossingsrichting"),
        help_text=_("Alleen als de tekst het item bij een oplossingsrichting plaatst."),
    )
    category = models.CharField(_("soort lijst"), max_length=20, choices=Category.choices, default=Category.READING)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=300)
    by = models.CharField(_("maker of herkomst"), max_length=200, blank=True)
    kind = models.CharField(
        _("vorm"), max_length=200, blank=True, help_text=_("Zoals de tekst het noemt, bijvoorbeeld: artikel, podcast.")
    )
    url = models.URLField(_("webadres"), max_length=500, blank=True, help_text=_("Alleen als de bron het geeft."))

    objects = ReadingItemManager()

    class Meta:
        ordering = ["meetup_theme__number", "category", "position"]
        verbose_name = _("lees-, luister- of kijktip")
        verbose_name_plural = _("lees-, luister- en kijktips")
        constraints = [
            models.UniqueConstraint(
                fields=["meetup_theme", "category", "position"], name="readingitem_unique_position"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.meetup_theme.get_absolute_url()

    def natural_key(self):
        return (self.meetup_theme.number, self.category, self.position)

    natural_key.dependencies = ["knowledge.meetuptheme", "knowledge.solutiondirection"]


class PracticeTopic(StableSlug, Numbered):
    """One of the five topics of the practice card "Welbevinden en gelijke kansen".

    Addressed by its slug, not its number: a changed slug keeps redirecting and is never reused (StableSlug).
    """

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    text = models.TextField(_("tekst"))
    source = source_field("practice_topics")
    themes = themes_field("practice_topics")

    # Its fixtures and its address name it by slug; a bulk update(slug=...) is recorded as an old address too.
    objects = SlugManager.from_queryset(StableSlugQuerySet)()

    class Meta(Numbered.Meta):
        verbose_name = _("onderwerp van de praktijkkaart")
        verbose_name_plural = _("onderwerpen van de praktijkkaart")

    def get_absolute_url(self):
        return reverse("knowledge:topic", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class TopicPartManager(NaturalKeyManager):
    lookups = ("topic__slug", "position")


class TopicPart(models.Model):
    """A question or suggestion under a practice-card topic: found by its place under it, shown on its page."""

    # The start of its anchor on the topic's page.
    anchor = ""

    objects = TopicPartManager()

    class Meta:
        abstract = True
        ordering = ["topic__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="%(class)s_unique_position"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + f"#{self.anchor}-{self.position}"

    def natural_key(self):
        return (self.topic.slug, self.position)

    natural_key.dependencies = ["knowledge.practicetopic"]


class PracticeQuestion(TopicPart):
    """A question "om jezelf te stellen" under a practice-card topic."""

    topic = models.ForeignKey(
        PracticeTopic, on_delete=models.CASCADE, related_name="questions", verbose_name=_("onderwerp")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("vraag"))
    url = models.URLField(_("webadres"), max_length=500, blank=True, help_text=_("Alleen als de bron het geeft."))

    anchor = "vraag"

    class Meta(TopicPart.Meta):
        verbose_name = _("vraag om jezelf te stellen")
        verbose_name_plural = _("vragen om jezelf te stellen")


# Outside the class, so that PracticeSuggestion's Meta builds a constraint from its values.
class Term(models.TextChoices):
    SHORT = "kort", _("Om direct mee aan de slag te gaan")
    LONG = "lang", _("Voor ontwikkeling op langere termijn")


class PracticeSuggestion(TopicPart):
    """A concrete suggestion under a practice-card topic, for the short or the longer term."""

    Term = Term

    topic = models.ForeignKey(
        PracticeTopic, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("onderwerp")
    )
    term = models.CharField(_("termijn"), max_length=10, choices=Term.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("suggestie"))
    urls = models.TextField(
        _("webadressen"), blank=True, help_text=_("De webadressen die de bron bij deze suggestie geeft, één per regel.")
    )

    anchor = "suggestie"

    class Meta(TopicPart.Meta):
        verbose_name = _("concrete suggestie")
        verbose_name_plural = _("concrete suggesties")
        constraints = [
            # Positions run through both terms, so a topic's suggestions have one order.
            *TopicPart.Meta.constraints,
            models.CheckConstraint(condition=Q(term__in=Term.values), name="practicesuggestion_term_valid"),
        ]

    @property
    def url_list(self):
        return lines(self.urls)


class RowPositionManager(NaturalKeyManager):
    """Rows of a table from a source, found by their place in it."""

    lookups = ("position",)


class AgendaTheme(models.Model):
    """A row of the report's table "Meest voorkomende thema's en interventies uit de GKA-agenda's"."""

    position = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    name = models.CharField(_("thema"), max_length=100)
    intervention_count = models.PositiveSmallIntegerField(
        _("aantal interventies"), null=True, blank=True, help_text=_("Leeg als de bron geen aantal noemt.")
    )
    notes = models.TextField(_("toelichting"), blank=True, help_text=_("De punten die de bron noemt, één per regel."))
    source = source_field("agenda_themes")

    objects = RowPositionManager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("thema uit de GKA-agenda's")
        verbose_name_plural = _("thema's uit de GKA-agenda's")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.position,)

    @property
    def note_list(self):
        return lines(self.notes)


class InterventionLinkManager(NaturalKeyManager):
    @property
    def lookups(self):
        return ("intervention__slug", *self.model.target_lookups)

    def published_examples(self):
        """Links to published interventions only, by title: the public pages and the API never show a draft."""
        return (
            self.filter(intervention__publication_status=Intervention.PublicationStatus.PUBLISHED)
            .select_related("intervention")
            .order_by(Lower("intervention__title"), "pk")
        )


class InterventionLink(models.Model):
    """An editorial link between an intervention and a piece of knowledge, with the reason for it."""

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, verbose_name=_("interventie")
    )
    reason = models.CharField(
        _("reden"), max_length=300, help_text=_("Eén zin: waarom de interventie hierbij hoort, volgens de teksten.")
    )

    # After the intervention's slug, the lookups of the natural key that find the piece of knowledge.
    target_lookups: tuple[str, ...] = ()

    objects = InterventionLinkManager()

    class Meta:
        abstract = True


class FactorLink(InterventionLink):
    """An intervention addresses this Verwey-Jonker factor."""

    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, verbose_name=_("factor"))

    target_lookups = ("factor__number",)

    class Meta:
        default_related_name = "factor_links"
        ordering = ["factor__number"]
        verbose_name = _("koppeling met een factor")
        verbose_name_plural = _("koppelingen met factoren")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "factor"], name="factorlink_unique"),
        ]

    def __str__(self):
        return f"{self.intervention} – {self.factor}"

    def natural_key(self):
        return (self.intervention.slug, self.factor.number)

    natural_key.dependencies = ["interventions.intervention", "knowledge.factor"]


class DirectionLink(InterventionLink):
    """An intervention is an example of this solution direction."""

    direction = models.ForeignKey(SolutionDirection, on_delete=models.CASCADE, verbose_name=_("oplossingsrichting"))

    target_lookups = ("direction__meetup_theme__number", "direction__number")

    class Meta:
        default_related_name = "direction_links"
        ordering = ["direction__meetup_theme__number", "direction__number"]
        verbose_name = _("koppeling met een oplossingsrichting")
        verbose_name_plural = _("koppelingen met oplossingsrichtingen")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "direction"], name="directionlink_unique"),
        ]

    def __str__(self):
        return f"{self.intervention} – {self.direction}"

    def natural_key(self):
        return (self.intervention.slug, self.direction.meetup_theme.number, self.direction.number)

    natural_key.dependencies = ["interventions.intervention", "knowledge.solutiondirection"]
