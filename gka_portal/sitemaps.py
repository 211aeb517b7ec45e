from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from interventions.models import Intervention, Theme
from knowledge.models import Factor, Insight, PracticeTopic, SolutionDirection
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
            "knowledge:index",
            "knowledge:insights",
            "knowledge:factors",
            "knowledge:directions",
            "knowledge:topics",
            "contact:share",
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


class DirectionSitemap(Sitemap):
    def items(self):
        # The address holds the meetup theme's number.
        return SolutionDirection.objects.select_related("meetup_theme").order_by("pk")


SITEMAPS = {
    "pages": PagesSitemap(),
    "interventions": InterventionSitemap(),
    "themes": ModelSitemap(Theme),
    "regions": ModelSitemap(Region),
    "provinces": ModelSitemap(Province),
    "municipalities": ModelSitemap(Municipality),
    "lessons": ModelSitemap(Lesson),
    "insights": ModelSitemap(Insight),
    "factors": ModelSitemap(Factor),
    "solution_directions": DirectionSitemap(),
    "practice_topics": ModelSitemap(PracticeTopic),
}
