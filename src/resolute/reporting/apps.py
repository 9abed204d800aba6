from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "resolute.reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from resolute.core.panels import register_unit_panel

        from .panels import reporting_record_panel

        register_unit_panel(reporting_record_panel)
