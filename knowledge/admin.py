from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

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
class InsightAdmin(CompareVersionAdmin):
    list_display = ["number", "title", "source"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    filter_horizontal = ["themes"]


@admin.register(Factor)
class FactorAdmin(CompareVersionAdmin):
    list_display = ["number", "name", "level"]
    list_display_links = ["number", "name"]
    list_filter = ["level"]
    search_fields = ["name", "definition"]
    filter_horizontal = ["themes"]


class SolutionDirectionInline(admin.StackedInline):
    model = SolutionDirection
    extra = 0
    fields = ["number", "title", "text", "sources"]


class ReadingItemInline(admin.TabularInline):
    model = ReadingItem
    extra = 0
    fields = ["category", "position", "title", "by", "kind", "url", "direction"]


@admin.register(MeetupTheme)
class MeetupThemeAdmin(CompareVersionAdmin):
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "question", "introduction"]
    inlines = [SolutionDirectionInline, ReadingItemInline]


@admin.register(SolutionDirection)
class SolutionDirectionAdmin(CompareVersionAdmin):
    list_display = ["code", "title", "meetup_theme"]
    list_display_links = ["code", "title"]
    list_filter = ["meetup_theme"]
    search_fields = ["title", "text", "sources"]
    filter_horizontal = ["themes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meetup_theme")


class PracticeQuestionInline(admin.TabularInline):
    model = PracticeQuestion
    extra = 0
    fields = ["position", "text", "url"]


class PracticeSuggestionInline(admin.TabularInline):
    model = PracticeSuggestion
    extra = 0
    fields = ["position", "term", "text", "urls"]


@admin.register(PracticeTopic)
class PracticeTopicAdmin(CompareVersionAdmin):
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [PracticeQuestionInline, PracticeSuggestionInline]
