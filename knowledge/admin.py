from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedAdmin
from interventions.admin import URL_FIELD_OVERRIDES, InterventionLinkInline
from slugs.admin import FixedAddressAdmin, FixedAddressForm

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


class KnowledgeAdmin(VersionedAdmin):
    """A piece of knowledge, known by a number (or code) and a title: both columns open it from the list."""

    formfield_overrides = URL_FIELD_OVERRIDES

    def get_list_display_links(self, request, list_display):
        return list_display[:2]


class KnowledgeInline:
    """Rows on a knowledge entry's form, none added empty; for a tabular or a stacked inline."""

    formfield_overrides = URL_FIELD_OVERRIDES
    extra = 0


@admin.register(Insight)
class InsightAdmin(FixedAddressAdmin, KnowledgeAdmin):
    list_display = ["number", "title", "source"]
    search_fields = ["title", "text"]
    filter_horizontal = ["themes"]


@admin.register(Factor)
class FactorAdmin(FixedAddressAdmin, KnowledgeAdmin):
    list_display = ["number", "name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "definition"]
    filter_horizontal = ["themes"]


class SolutionDirectionInline(KnowledgeInline, admin.StackedInline):
    model = SolutionDirection
    # A stored direction's number is its address: shown, not editable (a new row still takes one).
    form = FixedAddressForm
    fields = ["number", "title", "text", "sources"]


class ReadingItemInline(KnowledgeInline, admin.TabularInline):
    model = ReadingItem
    fields = ["category", "position", "title", "by", "kind", "url", "direction"]


@admin.register(MeetupTheme)
class MeetupThemeAdmin(FixedAddressAdmin, KnowledgeAdmin):
    list_display = ["number", "title"]
    search_fields = ["title", "question", "introduction"]
    inlines = [SolutionDirectionInline, ReadingItemInline]


@admin.register(SolutionDirection)
class SolutionDirectionAdmin(FixedAddressAdmin, KnowledgeAdmin):
    list_display = ["code", "title", "meetup_theme"]
    list_filter = ["meetup_theme"]
    search_fields = ["title", "text", "sources"]
    filter_horizontal = ["themes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meetup_theme")


class PracticeQuestionInline(KnowledgeInline, admin.TabularInline):
    model = PracticeQuestion
    fields = ["position", "text", "url"]


class PracticeSuggestionInline(KnowledgeInline, admin.TabularInline):
    model = PracticeSuggestion
    fields = ["position", "term", "text", "urls"]


@admin.register(PracticeTopic)
class PracticeTopicAdmin(KnowledgeAdmin):
    list_display = ["number", "title"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [PracticeQuestionInline, PracticeSuggestionInline]


@admin.register(AgendaTheme)
class AgendaThemeAdmin(KnowledgeAdmin):
    list_display = ["position", "name", "intervention_count"]
    search_fields = ["name", "notes"]


class FactorLinkInline(InterventionLinkInline):
    model = FactorLink
    fields = ["factor", "reason"]
    verbose_name = _("factor waar deze interventie aan werkt")
    verbose_name_plural = _("factoren waar deze interventie aan werkt")


class DirectionLinkInline(InterventionLinkInline):
    model = DirectionLink
    fields = ["direction", "reason"]
    verbose_name = _("oplossingsrichting waarvan deze interventie een voorbeeld is")
    verbose_name_plural = _("oplossingsrichtingen waarvan deze interventie een voorbeeld is")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "direction":
            # A direction's name includes its code, which comes from its meetup theme.
            kwargs["queryset"] = SolutionDirection.objects.select_related("meetup_theme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
