from django.db import models
from django.urls import reverse


class Theme(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]


class Intervention(models.Model):
    class Kind(models.TextChoices):
        INTERVENTION = "interventie", "Interventie"
        COMMUNITY = "community", "Community"
        EXPERIMENT = "experiment", "Experiment"

    class Status(models.TextChoices):
        RUNNING = "lopend", "Lopend"
        FINISHED = "afgerond", "Afgerond"

    class Publication(models.TextChoices):
        DRAFT = "concept", "Concept"
        PUBLISHED = "gepubliceerd", "Gepubliceerd"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INTERVENTION)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    publication_status = models.CharField(max_length=20, choices=Publication.choices, default=Publication.PUBLISHED)
    context = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="interventions")

    class Meta:
        ordering = ["title", "pk"]
        # The list's order for published entries straight from the index: the database part stays small,
        # so what is measured is the library.
        indexes = [models.Index(fields=["publication_status", "title", "id"], name="published_title")]

    def get_absolute_url(self):
        return reverse("intervention", args=[self.slug])


def published():
    """The one queryset all three APIs use: published only, themes prefetched, in title order."""
    return Intervention.objects.filter(publication_status=Intervention.Publication.PUBLISHED).prefetch_related(
        models.Prefetch("themes", queryset=Theme.objects.only("name", "slug", "position"))
    )


def published_list():
    """The same for a list: without the long text."""
    return published().only("title", "slug", "kind", "status")
