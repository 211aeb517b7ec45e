from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
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
