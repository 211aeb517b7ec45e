from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Province, Region


@admin.register(Region)
class RegionAdmin(VersionedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Province)
class ProvinceAdmin(VersionedAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MunicipalityAdmin(VersionedAdmin):
    """Registered by portal/admin.py, which limits the intervention form's place picker to a coordinator's regions."""

    list_display = ["name", "official_name", "province", "cbs_code", "gka_member", "gka_member_since"]
    list_filter = ["province__region", "province", "gka_member"]
    list_select_related = ["province"]
    search_fields = ["name", "official_name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["province"]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "province", "cbs_code"]}),
        ("Ligging", {"fields": ["latitude", "longitude"]}),
        ("Gelijke Kansen Alliantie", {"fields": ["gka_member", "gka_member_since"]}),
    ]
