import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gka_portal.admin_mixins import VersionedAdmin
from interventions.admin import InterventionAdmin, RegionScopedInlineMixin
from interventions.models import Intervention

from .models import Lesson, LessonIllustration


class LessonIllustrationInline(admin.TabularInline):
    model = LessonIllustration
    extra = 0
    autocomplete_fields = ["intervention"]
    fields = ["intervention", "reason"]


@admin.register(Lesson)
class LessonAdmin(VersionedAdmin):
    list_display = ["number", "title", "intervention_count"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "text"]
    inlines = [LessonIllustrationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("illustrations")

    @admin.display(description=_("aantal interventies"))
    def intervention_count(self, obj):
        return len(obj.illustrations.all())


class InterventionLessonInline(RegionScopedInlineMixin, admin.TabularInline):
    model = LessonIllustration
    extra = 0
    fields = ["lesson", "reason"]
    verbose_name = _("les die deze interventie illustreert")
    verbose_name_plural = _("lessen die deze interventie illustreert")


# The intervention form also edits its lesson links. The inline is added here,
# not in interventions/admin.py, because lessons build on interventions and
# not the other way round.
class InterventionWithLessonsAdmin(InterventionAdmin):
    inlines = [*InterventionAdmin.inlines, InterventionLessonInline]


admin.site.unregister(Intervention)
# Registered again so that an intervention's history also follows its lesson links.
reversion.unregister(Intervention)
admin.site.register(Intervention, InterventionWithLessonsAdmin)
