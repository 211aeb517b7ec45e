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
    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def items(self):
        return self.queryset.order_by("pk")


SITEMAPS = {
    "pages": PagesSitemap(),
    "interventions": InterventionSitemap(),
    "themes": ModelSitemap(Theme.objects.all()),
    "regions": ModelSitemap(Region.objects.all()),
    "provinces": ModelSitemap(Province.objects.all()),
    "municipalities": ModelSitemap(Municipality.objects.all()),
    "lessons": ModelSitemap(Lesson.objects.all()),
    "insights": ModelSitemap(Insight.objects.all()),
    "factors": ModelSitemap(Factor.objects.all()),
    # A direction's address holds its meetup theme's number.
    "solution_directions": ModelSitemap(SolutionDirection.objects.select_related("meetup_theme")),
    "practice_topics": ModelSitemap(PracticeTopic.objects.all()),
}
