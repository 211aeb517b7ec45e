"""Messages from the public: questions about an intervention ("Vind elkaar") and proposed approaches."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interventions.models import Intervention

# What the forms promise: a message and its contact details are deleted this long after they came in
# (the `purge_contact_requests` command does it).
RETENTION_MONTHS = 12
RETENTION = timedelta(days=365)


# Outside the class, so that Meta (which cannot see the class body) builds a constraint from its values.
class Status(models.TextChoices):
    NEW = "new", _("Nieuw")
    HANDLED = "handled", _("Afgehandeld")


class MailStatus(models.TextChoices):
    """How far the mail to the region is: queued (also while it is retried), sent, or failed for good."""

    QUEUED = "queued", _("In de wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


class MessageQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Messages older than the retention period the forms promise."""
        return self.filter(created_at__lt=(now or timezone.now()) - RETENTION)

    def new(self):
        return self.filter(status=Status.NEW)

    def in_regions(self, region_ids):
        """Messages for the coordinators of these regions (None: every region)."""
        return self if region_ids is None else self.filter(self.model.for_regions(region_ids))


class VisitorMessage(models.Model):
    """What both forms store about the sender, and how far the GKA is with it."""

    Status = Status
    MailStatus = MailStatus

    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    consent = models.BooleanField(
        _("toestemming"), default=False, help_text=_("De afzender gaf toestemming om de gegevens door te geven.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now, editable=False)
    # The mail to the region's coordinators goes out from the task queue (contact.tasks), never in the request.
    mail_status = models.CharField(
        _("e-mail aan de regio"), max_length=20, choices=MailStatus.choices, default=MailStatus.QUEUED, editable=False
    )
    mail_attempts = models.PositiveSmallIntegerField(_("verzendpogingen"), default=0, editable=False)
    mail_error = models.CharField(
        _("laatste verzendfout"), max_length=300, blank=True, editable=False, help_text=_("Zonder adressen of inhoud.")
    )
    mail_sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        indexes = [
            # purge_contact_requests deletes by age.
            models.Index(fields=["created_at"], name="%(class)s_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="%(class)s_status_known"),
            models.CheckConstraint(condition=Q(mail_status__in=MailStatus.values), name="%(class)s_mail_status_known"),
            # The form cannot be sent without it; a row without it must not exist.
            models.CheckConstraint(condition=Q(consent=True), name="%(class)s_has_consent"),
        ]

    def get_absolute_url(self):
        return reverse(f"admin:contact_{self._meta.model_name}_change", args=[self.pk])

    def mark_handled(self, user):
        self.status = self.Status.HANDLED
        self.handled_by = user
        self.handled_at = timezone.now()


class ContactRequest(VisitorMessage):
    """A visitor's question about an intervention, for the coordinators of its region ("Vind elkaar")."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name=_("interventie"),
    )
    message = models.TextField(_("bericht"))

    class Meta(VisitorMessage.Meta):
        verbose_name = _("vraag over een interventie")
        verbose_name_plural = _("vragen over interventies")

    def __str__(self):
        return _("%(name)s over %(intervention)s") % {"name": self.name, "intervention": self.intervention}

    @staticmethod
    def for_regions(region_ids):
        """A question belongs to the regions of its intervention."""
        return Q(intervention__in=Intervention.objects.in_regions(region_ids).values("pk"))


class Proposal(VisitorMessage):
    """An approach a practitioner proposed through "Deel je aanpak", with the draft intervention made of it."""

    intervention = models.OneToOneField(
        "interventions.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("concept-interventie"),
        help_text=_("Het concept dat van het voorstel is gemaakt; het blijft een concept tot de regio het publiceert."),
    )
    title = models.CharField(_("titel zoals ingezonden"), max_length=200)
    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("regio")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    other_place = models.CharField(
        _("andere gemeente"),
        max_length=200,
        blank=True,
        help_text=_("De plaats zoals de inzender die opgaf, als die niet in de lijst stond."),
    )

    class Meta(VisitorMessage.Meta):
        verbose_name = _("ingezonden aanpak")
        verbose_name_plural = _("ingezonden aanpakken")

    def __str__(self):
        return self.title

    @staticmethod
    def for_regions(region_ids):
        """A proposal belongs to the region its sender chose, or that of the place chosen from the list."""
        return Q(region__in=region_ids)

    @property
    def place(self):
        return self.municipality.name if self.municipality else self.other_place


def inbox_for(user):
    """The admin dashboard's "new from visitors": per kind of message the user may see, how many are new
    in the user's regions, and the admin list of just those."""
    from accounts.roles import region_ids

    regions = region_ids(user)
    return [
        {
            "label": model._meta.verbose_name_plural,
            "count": model.objects.new().in_regions(regions).count(),
            "url": reverse(f"admin:contact_{model._meta.model_name}_changelist") + f"?status__exact={Status.NEW}",
        }
        for model in (ContactRequest, Proposal)
        if user.has_perm(f"contact.view_{model._meta.model_name}")
    ]
