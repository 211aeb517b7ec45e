from django.contrib import admin

from gka_portal.admin_mixins import VersionedAdmin
from interventions.admin import URL_FIELD_OVERRIDES

from .models import (
    Factor,
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
