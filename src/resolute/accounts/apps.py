from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class AccountsConfig(ResoluteAppConfig):
    name = "resolute.accounts"
    verbose_name = _("Accounts")
