"""Knowledge from the other source documents: insights, factors, solution directions and the practice card."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interventions.models import Publication, Theme
from municipalities.models import SlugManager

THEMES_HELP = _("Alleen koppelen als de brontekst het thema duidelijk behandelt.")


class NumberManager(models.Manager):
    """Finds an object by the one unique field its fixtures use as natural key: its number."""

    # A class attribute, not an __init__ argument: related managers subclass this one without arguments.
    key_field = "number"

    def get_by_natural_key(self, value):
        return self.get(**{self.key_field: value})


class RowPositionManager(NumberManager):
    """Rows of a table from a source, found by their place in it."""

    key_field = "position"


class Insight(models.Model):
    """One of the ten insights ("inzichten") of chapter 3 of the GKA progress report 2020."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    source = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="insights", verbose_name=_("bron"))
    themes = models.ManyToManyField(
        Theme, related_name="insights", blank=True, verbose_name=_("thema's"), help_text=THEMES_HELP
    )

    objects = NumberManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("inzicht")
        verbose_name_plural = _("inzichten")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="insight_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("knowledge:insight", args=[self.number])

    def natural_key(self):
        return (self.number,)


class Factor(models.Model):
    """A factor of the Verwey-Jonker study, on one of five levels, numbered as in the report."""

    class Level(models.TextChoices):
        STUDENT = "leerling", _("Leerling")
        FAMILY = "familie", _("Familie")
        SCHOOL = "school", _("School")
        NEIGHBOURHOOD = "wijk", _("Wijk")
        SOCIETY = "samenleving", _("Samenleving")

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    definition = models.TextField(_("omschrijving"))
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    source = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="factors", verbose_name=_("bron"))
    themes = models.ManyToManyField(
        Theme, related_name="factors", blank=True, verbose_name=_("thema's"), help_text=THEMES_HELP
    )

    objects = NumberManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("factor")
        verbose_name_plural = _("factoren")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="factor_number_positive"),
            models.CheckConstraint(
                condition=Q(level__in=["leerling", "familie", "school", "wijk", "samenleving"]),
                name="factor_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("knowledge:factor", args=[self.number])

    def natural_key(self):
        return (self.number,)


class MeetupTheme(models.Model):
    """One of the three themes of the meetup briefing, with its guiding question."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("leidende vraag"))
    introduction = models.TextField(_("inleiding"))
    source = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="meetup_themes", verbose_name=_("bron")
    )

    objects = NumberManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("meetup-thema")
        verbose_name_plural = _("meetup-thema's")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="meetuptheme_number_positive"),
        ]

    def __str__(self):
        return f"Thema {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("knowledge:directions") + f"#thema-{self.number}"

    def natural_key(self):
        return (self.number,)


class SolutionDirectionManager(models.Manager):
    def get_by_natural_key(self, theme_number, number):
        return self.get(meetup_theme__number=theme_number, number=number)


class SolutionDirection(models.Model):
    """A solution direction ("oplossingsrichting") of the meetup briefing, such as 1.4."""

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
    themes = models.ManyToManyField(
        Theme,
        related_name="solution_directions",
        blank=True,
        verbose_name=_("thema's"),
        help_text=THEMES_HELP,
    )

    objects = SolutionDirectionManager()

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


class ReadingItemManager(models.Manager):
    def get_by_natural_key(self, theme_number, category, position):
        return self.get(meetup_theme__number=theme_number, category=category, position=position)


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


class PracticeTopic(models.Model):
    """One of the five topics of the practice card "Welbevinden en gelijke kansen"."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    text = models.TextField(_("tekst"))
    source = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="practice_topics", verbose_name=_("bron")
    )
    themes = models.ManyToManyField(
        Theme, related_name="practice_topics", blank=True, verbose_name=_("thema's"), help_text=THEMES_HELP
    )

    objects = SlugManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("onderwerp van de praktijkkaart")
        verbose_name_plural = _("onderwerpen van de praktijkkaart")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="practicetopic_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("knowledge:topic", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class PositionedManager(models.Manager):
    def get_by_natural_key(self, topic_slug, position):
        return self.get(topic__slug=topic_slug, position=position)


class PracticeQuestion(models.Model):
    """A question "om jezelf te stellen" under a practice-card topic."""

    topic = models.ForeignKey(
        PracticeTopic, on_delete=models.CASCADE, related_name="questions", verbose_name=_("onderwerp")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("vraag"))
    url = models.URLField(_("webadres"), max_length=500, blank=True, help_text=_("Alleen als de bron het geeft."))

    objects = PositionedManager()

    class Meta:
        ordering = ["topic__number", "position"]
        verbose_name = _("vraag om jezelf te stellen")
        verbose_name_plural = _("vragen om jezelf te stellen")
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="practicequestion_unique_position"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + f"#vraag-{self.position}"

    def natural_key(self):
        return (self.topic.slug, self.position)

    natural_key.dependencies = ["knowledge.practicetopic"]


class PracticeSuggestion(models.Model):
    """A concrete suggestion under a practice-card topic, for the short or the longer term."""

    class Term(models.TextChoices):
        SHORT = "kort", _("Om direct mee aan de slag te gaan")
        LONG = "lang", _("Voor ontwikkeling op langere termijn")

    topic = models.ForeignKey(
        PracticeTopic, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("onderwerp")
    )
    term = models.CharField(_("termijn"), max_length=10, choices=Term.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("suggestie"))
    urls = models.TextField(
        _("webadressen"), blank=True, help_text=_("De webadressen die de bron bij deze suggestie geeft, één per regel.")
    )

    objects = PositionedManager()

    class Meta:
        ordering = ["topic__number", "position"]
        verbose_name = _("concrete suggestie")
        verbose_name_plural = _("concrete suggesties")
        constraints = [
            # Positions run through both terms, so a topic's suggestions have one order.
            models.UniqueConstraint(fields=["topic", "position"], name="practicesuggestion_unique_position"),
            models.CheckConstraint(condition=Q(term__in=["kort", "lang"]), name="practicesuggestion_term_valid"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + f"#suggestie-{self.position}"

    def natural_key(self):
        return (self.topic.slug, self.position)

    natural_key.dependencies = ["knowledge.practicetopic"]

    @property
    def url_list(self):
        return [line.strip() for line in self.urls.splitlines() if line.strip()]


class AgendaTheme(models.Model):
    """A row of the report's table "Meest voorkomende thema's en interventies uit de GKA-agenda's"."""

    position = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    name = models.CharField(_("thema"), max_length=100)
    intervention_count = models.PositiveSmallIntegerField(
        _("aantal interventies"), null=True, blank=True, help_text=_("Leeg als de bron geen aantal noemt.")
    )
    notes = models.TextField(_("toelichting"), blank=True, help_text=_("De punten die de bron noemt, één per regel."))
    source = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="agenda_themes", verbose_name=_("bron")
    )

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
        return [line.strip() for line in self.notes.splitlines() if line.strip()]


class InterventionLinkManager(models.Manager):
    def get_by_natural_key(self, intervention_slug, *target_key):
        return self.get(intervention__slug=intervention_slug, **self.model.target_lookup(*target_key))


class InterventionLink(models.Model):
    """An editorial link between an intervention and a piece of knowledge, with the reason for it."""

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, verbose_name=_("interventie")
    )
    reason = models.CharField(
        _("reden"), max_length=300, help_text=_("Eén zin: waarom de interventie hierbij hoort, volgens de teksten.")
    )

    objects = InterventionLinkManager()

    class Meta:
        abstract = True


class FactorLink(InterventionLink):
    """An intervention addresses this Verwey-Jonker factor."""

    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, verbose_name=_("factor"))

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

    @staticmethod
    def target_lookup(number):
        return {"factor__number": number}

    def natural_key(self):
        return (self.intervention.slug, self.factor.number)

    natural_key.dependencies = ["interventions.intervention", "knowledge.factor"]


class DirectionLink(InterventionLink):
    """An intervention is an example of this solution direction."""

    direction = models.ForeignKey(SolutionDirection, on_delete=models.CASCADE, verbose_name=_("oplossingsrichting"))

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

    @staticmethod
    def target_lookup(theme_number, number):
        return {"direction__meetup_theme__number": theme_number, "direction__number": number}

    def natural_key(self):
        return (self.intervention.slug, self.direction.meetup_theme.number, self.direction.number)

    natural_key.dependencies = ["interventions.intervention", "knowledge.solutiondirection"]
