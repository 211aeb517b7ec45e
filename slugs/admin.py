"""What the admin of a FixedAddress model shows: its address fields read-only once the item exists.

Mixins only; each app builds the admin of its own models with them.
"""

from django import forms


class FixedAddressAdmin:
    """A ModelAdmin of a FixedAddress model: on an existing item the address fields are read-only, in place."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk is not None:
            readonly += tuple(name for name in self.model.address_fields if name not in readonly)
        return readonly

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.fields or self.fieldsets:
            return fields
        # Without declared fields Django puts read-only fields last; keep the order of the add form instead.
        order = list(super().get_fields(request, None))
        return sorted(fields, key=lambda name: order.index(name) if name in order else len(order))


class FixedAddressForm(forms.ModelForm):
    """For an inline of a FixedAddress model, whose rows can be new or existing: an existing row's address
    fields are disabled (shown, not editable, and a posted value is ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in self.instance.address_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
