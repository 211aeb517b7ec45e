from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Intervention, Person, Publication, Quote, ReadingTip, TargetGroup, Theme

# A web address typed without a scheme gets https:// (Django 6's default, now).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
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


class OrderedInlineFormSet(BaseInlineFormSet):
    """Rows with a position that is unique per intervention, which editors may swap.

    Saving row by row would hit the unique position of the row not yet
    saved, so rows whose position changed are first parked out of the way.
    """

    PARKING_POSITION = 30_000

    def save_existing_objects(self, commit=True):
        if commit:
            moved = [
                form.instance.pk
                for form in self.initial_forms
                if "position" in form.changed_data and not self._should_delete_form(form)
            ]
            for offset, pk in enumerate(moved):
                self.model._default_manager.filter(pk=pk).update(position=self.PARKING_POSITION + offset)
        return super().save_existing_objects(commit)


class QuoteFormSet(OrderedInlineFormSet):
    def clean(self):
        super().clean()
        highlighted = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_highlighted") and not self._should_delete_form(form)
        ]
        if len(highlighted) > 1:
            raise ValidationError(_("Er kan maar één citaat uitgelicht zijn; vink ‘uitgelicht’ bij de andere uit."))


class PersonInline(admin.TabularInline):
    model = Person
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["position", "name", "role", "organisation", "is_portrayed"]


class QuoteInline(admin.StackedInline):
    model = Quote
    formset = QuoteFormSet
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
    formset = OrderedInlineFormSet
    formfield_overrides = URL_FIELD_OVERRIDES
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
