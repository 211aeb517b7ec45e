from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from accounts.roles import region_ids
from core.admin import RegionRefusalMixin, RegionScopedMixin, VersionedAdmin
from municipalities.models import Municipality

from .models import Intervention, Person, Publication, Quote, ReadingTip, TargetGroup, Theme
from .permissions import can_publish, can_purge, in_user_regions
from .resources import InterventionResource
from .services import (
    intervention_delete,
    intervention_edit_conflict,
    intervention_mark_edited,
    intervention_set_status,
    intervention_statuses_allowed,
    municipalities_outside_regions,
)
from .video import video_from_url

# A web address typed without a scheme gets https:// (Django 6's default, now).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}

# An intervention's image: the formats every browser shows, by what Pillow finds in the file, not its name.
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024


@admin.register(Publication)
class PublicationAdmin(VersionedAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "publisher", "year"]
    search_fields = ["title", "publisher"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Theme, TargetGroup)
class ClassificationAdmin(VersionedAdmin):
    """Themes and target groups alike: a name, a place in the order of the filters, a slug."""

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


class InterventionRegionMixin(RegionScopedMixin):
    """For the intervention admin and every inline on its form: a coordinator's own regions only."""

    def in_user_regions(self, request, obj):
        return in_user_regions(request.user, obj)


class InterventionLinkInline(InterventionRegionMixin, admin.TabularInline):
    """On the intervention form (assembled in portal/admin.py): its links to another app's entries, with a reason."""

    extra = 0


class PersonInline(InterventionRegionMixin, admin.TabularInline):
    model = Person
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["position", "name", "role", "organisation", "is_portrayed"]


class QuoteInline(InterventionRegionMixin, admin.StackedInline):
    model = Quote
    formset = QuoteFormSet
    extra = 0
    fields = ["position", "text", "is_highlighted", "speakers", "attribution"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only the people of the intervention being edited can have said its quotes.
        if db_field.name == "speakers":
            # The change view names the intervention by keyword, the history views by position; a
            # recovered (deleted) intervention has no id to go by, so all people are offered there.
            match = request.resolver_match
            object_id = match.kwargs.get("object_id") or (match.args[0] if match.args else None)
            if object_id:
                kwargs["queryset"] = Person.objects.filter(intervention_id=object_id)
            elif match.url_name and match.url_name.endswith("_add"):
                kwargs["queryset"] = Person.objects.none()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadingTipInline(InterventionRegionMixin, admin.TabularInline):
    model = ReadingTip
    formset = OrderedInlineFormSet
    formfield_overrides = URL_FIELD_OVERRIDES
    extra = 0
    fields = ["position", "title", "url"]


class ConflictTokenField(forms.CharField):
    """A hidden timestamp; never counts as a change, so it stays out of the history messages."""

    def __init__(self):
        super().__init__(widget=forms.HiddenInput, required=False)

    def has_changed(self, initial, data):
        return False


class InterventionForm(forms.ModelForm):
    """The intervention form, with the region and workflow rules and edit-conflict detection (from services.py)."""

    # When the editor opened the form; compared on save to catch a colleague's save in between.
    loaded_at = ConflictTokenField()

    class Meta:
        model = Intervention
        fields = "__all__"  # noqa: DJ007 (the admin picks the fields from its fieldsets)
        # The admin passes its own callback with URL_FIELD_OVERRIDES; this one only serves the class
        # definition, where a URL field without assume_scheme warns about Django 6.
        formfield_callback = staticmethod(
            lambda db_field, **kwargs: db_field.formfield(**{**URL_FIELD_OVERRIDES.get(type(db_field), {}), **kwargs})
        )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_at"] = self.instance.updated_at.isoformat()
        status = self.fields.get("publication_status")
        allowed = intervention_statuses_allowed(user=user, intervention=self.instance) if status else None
        if allowed is not None:
            status.choices = [(value, label) for value, label in status.choices if value in allowed]
            status.error_messages["invalid_choice"] = _(
                "U mag deze interventie niet publiceren. Zet haar op ‘ter review’."
            )
        image = self.fields.get("image")
        if image:
            image.error_messages["invalid_image"] = _(
                "Dit bestand is geen afbeelding, of het is beschadigd. Kies een foto of illustratie in JPEG, PNG of "
                "WebP."
            )

    def clean_municipalities(self):
        municipalities = self.cleaned_data["municipalities"]
        outside = municipalities_outside_regions(user=self.user, municipalities=municipalities)
        if outside:
            raise ValidationError(
                _("%(places)s ligt buiten uw regio('s). U kunt alleen gemeenten in uw eigen regio kiezen.")
                % {"places": ", ".join(m.name for m in outside)}
            )
        return municipalities

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image  # unchanged or cleared
        if image.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                _("Deze afbeelding is %(size)s MB; het maximum is 5 MB. Verklein haar en probeer het opnieuw.")
                % {"size": f"{image.size / 1024 / 1024:.1f}".replace(".", ",")}
            )
        # Django's ImageField has opened the file with Pillow; image.image is what it found.
        found = getattr(getattr(image, "image", None), "format", None)
        if found not in IMAGE_FORMATS:
            raise ValidationError(
                _("Dit bestandstype kan niet: kies een foto of illustratie in JPEG, PNG of WebP (nu: %(format)s).")
                % {"format": found or _("onbekend")}
            )
        # The name ends as the content is, so the file is served with the right type.
        stem = image.name.rsplit(".", 1)[0] if "." in image.name else image.name
        image.name = stem + IMAGE_FORMATS[found]
        return image

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and video_from_url(url) is None:
            raise ValidationError(
                _(
                    "Alleen een video op YouTube of Vimeo kan op de website worden getoond. Plak het webadres van "
                    "de video zelf, zoals YouTube of Vimeo het toont: https://www.youtube.com/watch?v=… of https://vimeo.com/…"
                )
            )
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip() and "image_alt" in self.fields:
            self.add_error(
                "image_alt",
                _(
                    "Een afbeelding heeft een tekstalternatief nodig: beschrijf wat erop te zien is, voor wie de "
                    "afbeelding niet kan zien."
                ),
            )
        conflict = intervention_edit_conflict(intervention=self.instance, loaded_at=self.cleaned_data.get("loaded_at"))
        if conflict:
            raise ValidationError(
                _(
                    "Iemand anders (%(user)s) heeft deze interventie op %(time)s opgeslagen nadat u haar "
                    "opende. Uw wijzigingen zijn niet opgeslagen, zodat die van uw collega niet verloren "
                    "gaan. Open de interventie opnieuw (of bekijk de geschiedenis) en breng uw wijzigingen "
                    "opnieuw aan."
                )
                % {
                    "user": conflict.username or _("onbekend"),
                    "time": timezone.localtime(conflict.saved_at).strftime("%d-%m-%Y %H:%M:%S"),
                },
                code="conflict",
            )
        return cleaned


class InterventionAdmin(InterventionRegionMixin, RegionRefusalMixin, ImportExportMixin, VersionedAdmin):
    """The intervention form with this app's inlines; portal/admin.py adds those of the apps above and registers it."""

    form = InterventionForm
    formfield_overrides = URL_FIELD_OVERRIDES
    resource_classes = [InterventionResource]
    formats = [CSV, XLSX]
    list_display = ["title", "places", "publication_status", "updated_at", "last_edited_by"]
    list_filter = [
        "publication_status",
        "themes",
        "municipalities__province__region",
        "municipalities__province",
        "status",
        "target_groups",
        "kind",
    ]
    list_select_related = ["last_edited_by"]
    search_fields = ["title", "context", "approach", "results", "municipalities__name", "people__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities", "themes", "target_groups"]
    readonly_fields = ["published_at", "checked_at", "last_edited_by", "created_at", "updated_at"]
    inlines = [PersonInline, QuoteInline, ReadingTipInline]
    actions = ["submit_for_review", "publish", "archive"]
    change_list_template = "admin/interventions/intervention/change_list.html"
    fieldsets = [
        (_("Publicatie"), {"fields": ["publication_status", "loaded_at"]}),
        (None, {"fields": ["title", "slug", "kind", "municipalities", "themes", "target_groups"]}),
        (_("Verhaal"), {"fields": ["context", "approach", "results", "participants"]}),
        (_("Kenmerken"), {"fields": ["start_year", "status", "reach"]}),
        (_("Beeld en video"), {"fields": ["image", "image_alt", "video_url"]}),
        (
            _("Bron en geschiedenis"),
            {
                "fields": [
                    "source",
                    "source_position",
                    "published_at",
                    "checked_at",
                    "last_edited_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return partial_form(form, user=request.user)

    def add_data_read_fail_error_to_form(self, form, error):
        # django-import-export's own message is in English and names the Python exception.
        form.add_error(
            "import_file",
            _("Dit bestand kon niet worden gelezen. Kies het juiste formaat (CSV of XLSX) of begin met een export."),
        )

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.only("name")))
        )
        return queryset.in_regions(region_ids(request.user))

    def save_model(self, request, obj, form, change):
        intervention_mark_edited(intervention=obj, user=request.user)
        super().save_model(request, obj, form, change)

    # Deleting archives; only who may purge (a Beheerder) destroys (services.intervention_delete).

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not can_purge(request.user):
            # Archiving removes nothing, so no permission on related rows is needed.
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def render_delete_form(self, request, context):
        context["archive_only"] = not can_purge(request.user)
        return super().render_delete_form(request, context)

    def delete_model(self, request, obj):
        intervention_delete(interventions=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        intervention_delete(interventions=queryset, user=request.user)

    @admin.action(description=_("Ter review aanbieden"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = intervention_set_status(
            interventions=queryset, user=request.user, status=Intervention.PublicationStatus.REVIEW
        )
        self.message_user(request, _("%(count)s interventie(s) ter review aangeboden.") % {"count": count})

    @admin.action(description=_("Publiceren"), permissions=["publish"])
    def publish(self, request, queryset):
        # Those the user may not publish are left out, and not counted.
        count = intervention_set_status(
            interventions=queryset, user=request.user, status=Intervention.PublicationStatus.PUBLISHED
        )
        self.message_user(request, _("%(count)s interventie(s) gepubliceerd.") % {"count": count})

    @admin.action(description=_("Archiveren (van de website halen)"), permissions=["change"])
    def archive(self, request, queryset):
        count = intervention_set_status(
            interventions=queryset, user=request.user, status=Intervention.PublicationStatus.ARCHIVED
        )
        self.message_user(request, _("%(count)s interventie(s) gearchiveerd.") % {"count": count})

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def changelist_view(self, request, extra_context=None):
        visible = Intervention.objects.in_regions(region_ids(request.user))
        counts = dict(visible.values_list("publication_status").annotate(n=Count("pk")).order_by())
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Intervention.PublicationStatus.choices
            ],
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("gemeenten"))
    def places(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())


def partial_form(form_class, **bound):
    """`form_class` with keyword arguments filled in, as the admin instantiates forms itself."""

    class BoundForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**bound, **kwargs})

    BoundForm.__name__ = form_class.__name__
    return BoundForm
