from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.roles import region_ids
from core.admin import RegionRefusalMixin, RegionScopedMixin

from .models import ContactRequest, MailStatus, Proposal, VisitorMessage
from .tasks import message_mail_enqueue


class VisitorMessageAdmin(RegionScopedMixin, RegionRefusalMixin, admin.ModelAdmin):
    """The public's messages, each region's for its own coordinators; the national editors see all.

    Not versioned (django-reversion): a copy of a sender's details in the history would outlive the
    deletion after twelve months that the forms promise. Messages come from the public only, so nobody
    adds them here; deleting is left to the roles that have the permission (not coordinators).
    """

    list_filter = ["status", "mail_status"]
    date_hierarchy = "created_at"
    actions = ["mark_handled", "resend_mail"]
    sender_fields = ["name", "email", "organisation", "consent"]
    handling_fields = ["status", "handled_by", "handled_at"]
    # The mail to the region goes out from the task queue; a message it could not deliver shows "Mislukt".
    mail_fields = ["mail_status", "mail_attempts", "mail_error", "mail_sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).in_regions(region_ids(request.user))

    def in_user_regions(self, request, obj):
        regions = region_ids(request.user)
        return regions is None or self.model.objects.in_regions(regions).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if obj.status == VisitorMessage.Status.HANDLED:
                obj.mark_handled(request.user)
            else:
                obj.handled_by, obj.handled_at = None, None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Markeren als afgehandeld"), permissions=["change"])
    def mark_handled(self, request, queryset):
        handled = 0
        for message in queryset.new():
            message.mark_handled(request.user)
            message.save(update_fields=["status", "handled_by", "handled_at"])
            handled += 1
        self.message_user(request, _("%(count)s bericht(en) gemarkeerd als afgehandeld.") % {"count": handled})

    @admin.action(description=_("Opnieuw verzenden"), permissions=["change"])
    def resend_mail(self, request, queryset):
        """Queue the mail again for the messages whose every attempt failed (e.g. after the mail server is fixed)."""
        base_url = request.build_absolute_uri("/").rstrip("/")
        queued = 0
        for message in queryset.filter(mail_status=MailStatus.FAILED):
            message.mail_status = MailStatus.QUEUED
            message.save(update_fields=["mail_status"])
            message_mail_enqueue(message, base_url=base_url)
            queued += 1
        self.message_user(
            request, _("%(count)s bericht(en) opnieuw in de wachtrij gezet voor verzending.") % {"count": queued}
        )


@admin.register(ContactRequest)
class ContactRequestAdmin(VisitorMessageAdmin):
    list_display = ["created_at", "name", "intervention", "status", "handled_by", "mail_status"]
    list_select_related = ["intervention", "handled_by"]
    search_fields = ["name", "email", "organisation", "message", "intervention__title"]
    readonly_fields = ["created_at", "intervention_link", "message", *VisitorMessageAdmin.sender_fields]
    readonly_fields += ["handled_by", "handled_at", *VisitorMessageAdmin.mail_fields]
    fieldsets = [
        (None, {"fields": ["created_at", "intervention_link", "message"]}),
        (_("Afzender"), {"fields": VisitorMessageAdmin.sender_fields}),
        (_("Afhandeling"), {"fields": VisitorMessageAdmin.handling_fields}),
        (_("E-mail aan de regio"), {"fields": VisitorMessageAdmin.mail_fields}),
    ]

    @admin.display(description=_("interventie"))
    def intervention_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.intervention.get_absolute_url(), obj.intervention.title)


@admin.register(Proposal)
class ProposalAdmin(VisitorMessageAdmin):
    list_display = ["created_at", "title", "place", "region", "name", "status", "handled_by", "mail_status"]
    list_filter = ["status", "mail_status", "region"]
    list_select_related = ["region", "municipality", "handled_by"]
    search_fields = ["title", "other_place", "municipality__name", "name", "email", "organisation"]
    readonly_fields = ["created_at", "title", "draft", "region", "municipality", "other_place"]
    readonly_fields += [
        *VisitorMessageAdmin.sender_fields,
        "handled_by",
        "handled_at",
        *VisitorMessageAdmin.mail_fields,
    ]
    fieldsets = [
        (None, {"fields": ["created_at", "title", "draft", "region", "municipality", "other_place"]}),
        (_("Inzender"), {"fields": VisitorMessageAdmin.sender_fields}),
        (_("Afhandeling"), {"fields": VisitorMessageAdmin.handling_fields}),
        (_("E-mail aan de regio"), {"fields": VisitorMessageAdmin.mail_fields}),
    ]

    @admin.display(description=_("gemeente"))
    def place(self, obj):
        return obj.place

    @admin.display(description=_("concept-interventie"))
    def draft(self, obj):
        if obj.intervention_id is None:
            return _("(verwijderd)")
        url = reverse("admin:interventions_intervention_change", args=[obj.intervention_id])
        return format_html(
            '<a href="{}">{}</a> ({})', url, obj.intervention.title, obj.intervention.get_publication_status_display()
        )
