from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class ReportingConfig(ResoluteAppConfig):
    name = "resolute.reporting"
    verbose_name = _("Reporting")
