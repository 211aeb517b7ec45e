from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from . import checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
