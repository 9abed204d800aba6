from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class OrgUnitsConfig(ResoluteAppConfig):
    name = "resolute.orgunits"
    verbose_name = _("Organisation")
