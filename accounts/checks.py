"""Deployment checks for staff login (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_login_required(app_configs, **kwargs):
    """Warn when production runs with a password alone for the admin."""
    if settings.REQUIRE_2FA or settings.DEBUG:
        return []
    return [
        Warning(
            "Two-factor login is off (DJANGO_REQUIRE_2FA=0): a stolen or guessed password alone opens the admin.",
            hint=(
                "Remove DJANGO_REQUIRE_2FA=0 from the environment (with DEBUG off two-factor login is on by "
                "default) after giving every staff account an authenticator app (README, 'Inloggen en "
                "twee-stapsverificatie')."
            ),
            id="accounts.W001",
        )
    ]
