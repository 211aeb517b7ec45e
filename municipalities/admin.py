from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

from .models import Municipality, Province, Region


@admin.register(Region)
class RegionAdmin(CompareVersionAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Province)
class ProvinceAdmin(CompareVersionAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(CompareVersionAdmin):
    list_display = ["name", "official_name", "province", "cbs_code"]
    list_filter = ["province__region", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "official_name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["province"]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "slug", "province", "cbs_code"]}),
        ("Ligging", {"fields": ["latitude", "longitude"]}),
    ]
