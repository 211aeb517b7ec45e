"""Interventions to and from spreadsheets (CSV, XLSX), for coordinators who work in them.

An import obeys the same rules as the form (both call services.py): places
only in the importer's regions, no publishing without the right to, and
every unknown value is a row error in Dutch. django-import-export shows a dry-run preview first and
writes nothing while any row is wrong.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from municipalities.models import Municipality

from .models import Intervention, Publication, TargetGroup, Theme
from .permissions import in_user_regions
from .services import (
    intervention_mark_edited,
    intervention_may_publish,
    intervention_revision,
    municipalities_outside_regions,
)


class SlugsWidget(widgets.ManyToManyWidget):
    """Comma-separated slugs; an unknown slug is an error instead of being dropped."""

    def __init__(self, model, label):
        super().__init__(model, separator=",", field="slug")
        self.label = label

    def clean(self, value, row=None, **kwargs):
        slugs = [slug.strip() for slug in str(value or "").split(",") if slug.strip()]
        found = {obj.slug: obj for obj in self.model.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise ValueError(_("Onbekende %(label)s: %(slugs)s.") % {"label": self.label, "slugs": ", ".join(unknown)})
        return [found[slug] for slug in slugs]


class LabelledChoiceWidget(widgets.Widget):
    """Exports the Dutch label of a choice; imports the label or the stored value."""

    def __init__(self, choices, label):
        self.choices = dict(choices)
        self.by_label = {str(text).lower(): value for value, text in self.choices.items()}
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text in self.choices:
            return text
        if text.lower() in self.by_label:
            return self.by_label[text.lower()]
        raise ValueError(
            _("Onbekende %(label)s ‘%(value)s’; kies uit: %(choices)s.")
            % {"label": self.label, "value": text, "choices": ", ".join(str(t) for t in self.choices.values())}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices.get(value, value or ""))


class YearWidget(widgets.Widget):
    """A year such as 2021; anything else is a Dutch row error."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if text.endswith(".0"):  # spreadsheets hand over 2021 as 2021.0
            text = text[:-2]
        if not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise ValueError(_("Startjaar ‘%(value)s’ is geen jaartal (zoals 2021).") % {"value": text})
        return int(text)


# Text cells may be empty (a spreadsheet gives None): stored as "".
TEXT = widgets.CharWidget(allow_blank=True)


class InterventionResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=TEXT)
    title = fields.Field(attribute="title", column_name="titel", widget=TEXT)
    publication_status = fields.Field(
        attribute="publication_status",
        column_name="publicatiestatus",
        widget=LabelledChoiceWidget(Intervention.PublicationStatus.choices, _("publicatiestatus")),
    )
    municipalities = fields.Field(
        attribute="municipalities", column_name="gemeenten", widget=SlugsWidget(Municipality, _("gemeente(n)"))
    )
    themes = fields.Field(attribute="themes", column_name="thema's", widget=SlugsWidget(Theme, _("thema('s)")))
    target_groups = fields.Field(
        attribute="target_groups", column_name="doelgroepen", widget=SlugsWidget(TargetGroup, _("doelgroep(en)"))
    )
    context = fields.Field(attribute="context", column_name="context", widget=TEXT)
    approach = fields.Field(attribute="approach", column_name="aanpak", widget=TEXT)
    results = fields.Field(attribute="results", column_name="opbrengsten", widget=TEXT)
    start_year = fields.Field(attribute="start_year", column_name="startjaar", widget=YearWidget())
    status = fields.Field(
        attribute="status", column_name="status", widget=LabelledChoiceWidget(Intervention.Status.choices, _("status"))
    )
    reach = fields.Field(attribute="reach", column_name="bereik", widget=TEXT)
    source = fields.Field(
        attribute="source", column_name="bron", widget=widgets.ForeignKeyWidget(Publication, field="slug")
    )

    class Meta:
        model = Intervention
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "publication_status",
            "municipalities",
            "themes",
            "target_groups",
            "context",
            "approach",
            "results",
            "start_year",
            "status",
            "reach",
            "source",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        """A file without the columns of an export cannot be read: say which ones are missing."""
        expected = [field.column_name for field in self.get_import_fields()]
        missing = [column for column in expected if column not in (dataset.headers or [])]
        if "slug" in missing or "titel" in missing:
            raise ValueError(
                _("Het bestand mist de kolom(men) %(missing)s. Begin met een export: die heeft de juiste kolommen.")
                % {"missing": ", ".join(missing)}
            )

    def before_import_row(self, row, **kwargs):
        """The rules of the form, for a row: the place, the region and the right to publish."""
        user = kwargs["user"]
        errors = {}
        existing = Intervention.objects.filter(slug=str(row.get("slug") or "").strip()).first()
        if existing and not in_user_regions(user, existing):
            errors["slug"] = _("Deze interventie hoort bij een andere regio; u kunt haar niet wijzigen.")
        slugs = [slug.strip() for slug in str(row.get("gemeenten") or "").split(",") if slug.strip()]
        places = Municipality.objects.filter(slug__in=slugs).select_related("province")
        outside = municipalities_outside_regions(user=user, municipalities=places)
        if outside:
            errors["municipalities"] = _("%(places)s ligt buiten uw regio('s).") % {
                "places": ", ".join(m.name for m in outside)
            }
        wants = str(row.get("publicatiestatus") or "").strip().lower()
        publishing = wants in {"published", str(Intervention.PublicationStatus.PUBLISHED.label).lower()}
        if publishing and not intervention_may_publish(user=user, intervention=existing or Intervention()):
            errors["publication_status"] = _("U mag niet publiceren; gebruik ‘concept’ of ‘ter review’.")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        intervention_mark_edited(intervention=instance, user=kwargs.get("user"))

    def import_row(self, row, instance_loader, **kwargs):
        if kwargs.get("dry_run"):
            return super().import_row(row, instance_loader, **kwargs)
        # One version in each imported entry's history, like a save in the form.
        with intervention_revision(user=kwargs.get("user"), comment=_("Geïmporteerd uit een bestand")):
            return super().import_row(row, instance_loader, **kwargs)
