"""Managers that find an object by its natural key, the values its fixtures name it by."""

from django.db import models


class NaturalKeyManager(models.Manager):
    """Looks an object up by its natural key: one of `lookups` per value of the key, in order."""

    # A class attribute, not an __init__ argument: related managers subclass this one without arguments.
    lookups: tuple[str, ...] = ()

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.lookups, values, strict=True)))


class SlugManager(NaturalKeyManager):
    """Looks objects up by slug."""

    lookups = ("slug",)


class NumberManager(NaturalKeyManager):
    """Looks objects up by the number their source gives them."""

    lookups = ("number",)
