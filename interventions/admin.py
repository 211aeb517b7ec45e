from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Intervention, Person, Publication, Quote, ReadingTip, TargetGroup, Theme


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year"]
    search_fields = ["title", "publisher"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "slug"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["position", "name", "role", "organisation", "is_portrayed"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["position", "text", "is_highlighted", "speakers", "attribution"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only the people of the intervention being edited can have said its quotes.
        if db_field.name == "speakers":
            object_id = request.resolver_match.kwargs.get("object_id")
            people = Person.objects.filter(intervention_id=object_id) if object_id else Person.objects.none()
            kwargs["queryset"] = people
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadingTipInline(admin.TabularInline):
    model = ReadingTip
    extra = 0
    fields = ["position", "title", "url"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["title", "places", "status", "start_year", "updated_at"]
    list_filter = ["themes", "status", "target_groups", "municipalities__province__region", "municipalities__province"]
    search_fields = ["title", "context", "approach", "results", "municipalities__name", "people__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities", "themes", "target_groups"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = None
    inlines = [PersonInline, QuoteInline, ReadingTipInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipalities", "themes", "target_groups"]}),
        (_("Verhaal"), {"fields": ["context", "approach", "results"]}),
        (_("Kenmerken"), {"fields": ["start_year", "status", "reach"]}),
        (_("Bron"), {"fields": ["source", "source_position", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.only("name")))
        )

    @admin.display(description=_("gemeenten"))
    def places(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())
