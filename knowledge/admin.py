from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedAdmin
from interventions.admin import URL_FIELD_OVERRIDES, InterventionRegionMixin

from .models import (
    AgendaTheme,
    DirectionLink,
    Factor,
    FactorLink,
    Insight,
    MeetupTheme,
    PracticeQuestion,
    PracticeSuggestion,
    PracticeTopic,
    ReadingItem,
    SolutionDirection,
)


@admin.register(Insight)
class InsightAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["number", "title", "source"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    filter_horizontal = ["themes"]


@admin.register(Factor)
class FactorAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["number", "name", "level"]
    list_display_links = ["number", "name"]
    list_filter = ["level"]
    search_fields = ["name", "definition"]
    filter_horizontal = ["themes"]


class SolutionDirectionInline(admin.StackedInline):
    formfield_overrides = URL_FIELD_OVERRIDES
    model = SolutionDirection
    extra = 0
    fields = ["number", "title", "text", "sources"]


class ReadingItemInline(admin.TabularInline):
    formfield_overrides = URL_FIELD_OVERRIDES
    model = ReadingItem
    extra = 0
    fields = ["category", "position", "title", "by", "kind", "url", "direction"]


@admin.register(MeetupTheme)
class MeetupThemeAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "question", "introduction"]
    inlines = [SolutionDirectionInline, ReadingItemInline]


@admin.register(SolutionDirection)
class SolutionDirectionAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["code", "title", "meetup_theme"]
    list_display_links = ["code", "title"]
    list_filter = ["meetup_theme"]
    search_fields = ["title", "text", "sources"]
    filter_horizontal = ["themes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meetup_theme")


class PracticeQuestionInline(admin.TabularInline):
    formfield_overrides = URL_FIELD_OVERRIDES
    model = PracticeQuestion
    extra = 0
    fields = ["position", "text", "url"]


class PracticeSuggestionInline(admin.TabularInline):
    formfield_overrides = URL_FIELD_OVERRIDES
    model = PracticeSuggestion
    extra = 0
    fields = ["position", "term", "text", "urls"]


@admin.register(PracticeTopic)
class PracticeTopicAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [PracticeQuestionInline, PracticeSuggestionInline]


@admin.register(AgendaTheme)
class AgendaThemeAdmin(VersionedAdmin):
    list_display = ["position", "name", "intervention_count"]
    list_display_links = ["position", "name"]
    search_fields = ["name", "notes"]


class FactorLinkInline(InterventionRegionMixin, admin.TabularInline):
    model = FactorLink
    extra = 0
    fields = ["factor", "reason"]
    verbose_name = _("factor waar deze interventie aan werkt")
    verbose_name_plural = _("factoren waar deze interventie aan werkt")


class DirectionLinkInline(InterventionRegionMixin, admin.TabularInline):
    model = DirectionLink
    extra = 0
    fields = ["direction", "reason"]
    verbose_name = _("oplossingsrichting waarvan deze interventie een voorbeeld is")
    verbose_name_plural = _("oplossingsrichtingen waarvan deze interventie een voorbeeld is")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "direction":
            # A direction's name includes its code, which comes from its meetup theme.
            kwargs["queryset"] = SolutionDirection.objects.select_related("meetup_theme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
