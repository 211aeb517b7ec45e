"""The admins that gather several apps: the intervention form with every app's inlines, and the place picker.

The apps below define their parts (interventions the form and its own inlines,
lessons and knowledge the inlines that link to them); this is the one place
where they are put together and registered, so no app reaches into another's
registration and the result does not depend on the order of INSTALLED_APPS.
"""

from django.contrib import admin

from accounts.roles import region_ids
from interventions import admin as intervention_admin
from interventions.models import Intervention
from knowledge.admin import DirectionLinkInline, FactorLinkInline
from lessons.admin import InterventionLessonInline
from municipalities.admin import MunicipalityAdmin
from municipalities.models import Municipality


@admin.register(Intervention)
class InterventionAdmin(intervention_admin.InterventionAdmin):
    # django-reversion follows every inline's rows, so an intervention's history holds them all.
    inlines = [
        *intervention_admin.InterventionAdmin.inlines,
        InterventionLessonInline,
        FactorLinkInline,
        DirectionLinkInline,
    ]


@admin.register(Municipality)
class RegionScopedMunicipalityAdmin(MunicipalityAdmin):
    """Places, with the intervention form's place picker limited to a coordinator's regions."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "intervention" and request.GET.get("field_name") == "municipalities":
            regions = region_ids(request.user)
            if regions is not None:
                queryset = queryset.filter(province__region__in=regions)
        return queryset, may_have_duplicates
