from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.models import Device


class PortalOTPAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin login with a one-time code from an authenticator app, in Dutch.

    django-otp asks the user to pick a device before it checks a code; a user
    with a single device (every coordinator) gets that one without asking.
    """

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Vul de code van zes cijfers uit uw authenticator-app in."),
        "invalid_token": _("Deze code klopt niet of is verlopen. Vul de code in die uw app nu toont."),
        "n_failed_attempts": ngettext_lazy(
            "Na %(failure_count)d foute code kunt u het pas over enkele seconden opnieuw proberen.",
            "Na %(failure_count)d foute codes kunt u het pas over enkele seconden opnieuw proberen.",
            "failure_count",
        ),
        "verification_not_allowed": _("Controleren van de code is nu niet mogelijk. Probeer het later opnieuw."),
        "device_required": _("Kies het apparaat waarmee u de code maakt."),
        "no_device": _("Voor dit account is nog geen authenticator-app ingesteld. Vraag een beheerder om een QR-code."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["otp_device"].label = _("Apparaat")
        self.fields["otp_token"].label = _("Verificatiecode")
        self.fields["otp_token"].widget = forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        )

    def clean_otp(self, user):
        if user is not None and not list(devices_for_user(user)):
            raise forms.ValidationError(self.otp_error_messages["no_device"], code="no_device")
        super().clean_otp(user)

    def _update_form(self, user):
        super()._update_form(user)
        # django-otp writes the password back into the page after a wrong code; retyping is safer.
        self.fields["password"].widget.render_value = False

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user))
            if len(devices) == 1:
                # Locked for update like a chosen device, so throttling counts every try.
                device = Device.from_persistent_id(devices[0].persistent_id, for_verify=True)
        return device


class PortalAdminSite(OTPAdminSite):
    """The admin for the GKA's editors: a dashboard, and a one-time code at login when required.

    With DJANGO_REQUIRE_2FA on (production), only a session that passed a TOTP
    code may use the admin; without it, the password suffices (development).
    """

    site_header = "Beheer GKA-kennisbank"
    site_title = "GKA-kennisbank"
    index_title = "Inhoud beheren"
    index_template = "admin/portal_index.html"

    # templates/admin/login.html shows the code field whenever the form has one.
    login_template = None

    def __init__(self, name="admin"):
        # OTPAdminSite defaults to "otpadmin"; this is the default site, so URLs stay "admin:...".
        super().__init__(name)

    @property
    def login_form(self):
        # Read per request, so the setting can change without a new site (and in tests).
        return PortalOTPAuthenticationForm if settings.REQUIRE_2FA else AdminAuthenticationForm

    def has_permission(self, request):
        if settings.REQUIRE_2FA:
            return super().has_permission(request)
        return admin.AdminSite.has_permission(self, request)

    def index(self, request, extra_context=None):
        from contact.models import inbox_for
        from interventions.models import Intervention

        extra_context = {
            **(extra_context or {}),
            "dashboard": Intervention.objects.dashboard_for(request.user),
            "inbox": inbox_for(request.user),
        }
        return super().index(request, extra_context)
