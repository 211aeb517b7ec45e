from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from interventions.models import Intervention, Theme
from lessons.models import Lesson
from municipalities.models import Municipality, Province, Region


class PagesSitemap(Sitemap):
    def items(self):
        return [
            "home",
            "interventions:list",
            "interventions:themes",
            "interventions:regions",
            "interventions:figures",
            "interventions:map",
            "lessons:list",
            "search",
            "about",
        ]

    def location(self, item):
        return reverse(item)


class InterventionSitemap(Sitemap):
    def items(self):
        return Intervention.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ModelSitemap(Sitemap):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def items(self):
        return self.model.objects.order_by("pk")


SITEMAPS = {
    "pages": PagesSitemap(),
    "interventions": InterventionSitemap(),
    "themes": ModelSitemap(Theme),
    "regions": ModelSitemap(Region),
    "provinces": ModelSitemap(Province),
    "municipalities": ModelSitemap(Municipality),
    "lessons": ModelSitemap(Lesson),
}
