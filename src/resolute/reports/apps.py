from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "resolute.reports"
    verbose_name = _("Dashboards and reports")
