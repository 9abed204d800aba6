from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class ReportsConfig(ResoluteAppConfig):
    name = "resolute.reports"
    verbose_name = _("Dashboards and reports")
