from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import CoordinatorProfile


class CoordinatorProfileInline(admin.StackedInline):
    model = CoordinatorProfile
    can_delete = False
    filter_horizontal = ["regions"]
    verbose_name = _("regio's (voor een regiocoördinator)")
    verbose_name_plural = verbose_name


class PortalUserAdmin(UserAdmin):
    """Users with their regions; only a Beheerder has the permissions to open this."""

    inlines = [*UserAdmin.inlines, CoordinatorProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "roles"]
    list_filter = ["groups", "is_staff", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("rollen"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
