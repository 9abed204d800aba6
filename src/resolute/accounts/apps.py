from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class AccountsConfig(ResoluteAppConfig):
    name = "resolute.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        super().ready()
        from . import two_factor  # noqa: F401 (connects what a sign-in owes to the sign-in signal)
