from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedAdmin
from interventions.admin import InterventionLinkInline
from slugs.admin import FixedAddressAdmin

from .models import Lesson, LessonIllustration


class LessonIllustrationInline(admin.TabularInline):
    model = LessonIllustration
    extra = 0
    autocomplete_fields = ["intervention"]
    fields = ["intervention", "reason"]


@admin.register(Lesson)
class LessonAdmin(FixedAddressAdmin, VersionedAdmin):
    list_display = ["number", "title", "intervention_count"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    inlines = [LessonIllustrationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("illustrations")

    @admin.display(description=_("aantal interventies"))
    def intervention_count(self, obj):
        return len(obj.illustrations.all())


class InterventionLessonInline(InterventionLinkInline):
    """The lessons the intervention illustrates."""

    model = LessonIllustration
    fields = ["lesson", "reason"]
    verbose_name = _("les die deze interventie illustreert")
    verbose_name_plural = _("lessen die deze interventie illustreert")
