from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from reversion_compare.admin import CompareVersionAdmin


class VersionedAdmin(CompareVersionAdmin):
    """An admin whose every change is versioned, with history, compare and restore.

    django-reversion-compare's compare view reads the object without asking the
    admin; here it goes through `get_object` and the view permission like every
    other view, so another region's (or a forbidden model's) history stays closed.
    """

    def compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)


class RegionRefusalMixin:
    """For admins whose queryset holds only the user's regions: another region's object answers 403.

    Without this the admin would say the object does not exist, which misleads a coordinator who
    followed a link from a colleague.
    """

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists_elsewhere(object_id):
            raise PermissionDenied
        return obj

    def _exists_elsewhere(self, object_id):
        try:
            return self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return False


class RegionScopedMixin:
    """The region rule of an admin or inline: view, add, change and delete only within the user's regions.

    Subclasses say what "within" means in `in_user_regions(request, obj)`. For a
    ModelAdmin `obj` is its own object; for an inline it is the parent object
    being edited, so an inline is open exactly where its parent is.
    """

    def in_user_regions(self, request, obj) -> bool:
        raise NotImplementedError

    def _within_regions(self, request, obj, allowed):
        return allowed and (obj is None or self.in_user_regions(request, obj))

    def has_view_permission(self, request, obj=None):
        return self._within_regions(request, obj, super().has_view_permission(request, obj))

    def has_add_permission(self, request, *obj):
        # A ModelAdmin asks without an object, an inline with its parent.
        return self._within_regions(request, obj[0] if obj else None, super().has_add_permission(request, *obj))

    def has_change_permission(self, request, obj=None):
        return self._within_regions(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._within_regions(request, obj, super().has_delete_permission(request, obj))
