from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class InvestmentConfig(ResoluteAppConfig):
    name = "resolute.investment"
    verbose_name = _("Public investment")
