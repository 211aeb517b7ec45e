from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region


class CoordinatorProfile(models.Model):
    """The regions a regional coordinator works in; set on their account in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_profile",
        verbose_name=_("gebruiker"),
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="coordinators",
        verbose_name=_("regio's"),
        help_text=_("Een regiocoördinator bewerkt en publiceert alleen interventies in deze regio's."),
    )

    class Meta:
        verbose_name = _("regio's van een coördinator")
        verbose_name_plural = _("regio's van coördinatoren")

    def __str__(self):
        return str(self.user)
