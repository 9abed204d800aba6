from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class DirectivesConfig(ResoluteAppConfig):
    name = "resolute.directives"
    verbose_name = _("Documents")
