from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable thing (an intervention, a lesson, ...) as the search engines see it.

    The texts are grouped by weight: A the title, B the quote and summary, C the
    body, D people, places and themes. The engines index these columns: on
    PostgreSQL a generated, weighted `search_vector` column with a GIN index, on
    SQLite the FTS5 table `search_fts`; both are created by migrations only on
    their own database, so the model does not list them.
    """

    kind = models.CharField(_("soort"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("object"))
    title = models.CharField(_("titel"), max_length=300)
    url = models.CharField(_("webadres"), max_length=300)
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    text_d = models.TextField(blank=True)
    # The parts of the compounds in the texts ("armoede" of "generatiearmoede"), indexed at weight D (compounds.py).
    text_parts = models.TextField(blank=True)

    class Meta:
        verbose_name = _("zoekindex-item")
        verbose_name_plural = _("zoekindex")
        constraints = [
            # Indexing replaces the entry of an object; querysets look entries up by object.
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"

    def texts(self, *, with_parts=False):
        """The texts from weight A to D; `with_parts`: D followed by the parts of compounds."""
        d = f"{self.text_d} {self.text_parts}" if with_parts and self.text_parts else self.text_d
        return (self.text_a, self.text_b, self.text_c, d)


class SearchWord(models.Model):
    """Every word in the index, unaccented and in lower case, for "Bedoelde je ...?" suggestions."""

    word = models.CharField(max_length=50, unique=True)

    def __str__(self):
        return self.word
