from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class ExtractionConfig(ResoluteAppConfig):
    name = "resolute.extraction"
    verbose_name = _("From text to plan")
