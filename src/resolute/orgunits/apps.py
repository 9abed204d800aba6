from django.utils.translation import gettext_lazy as _

# The module, not the class: Django picks the one AppConfig class defined in this module.
from resolute.core import apps as core_apps


class OrgUnitsConfig(core_apps.ResoluteAppConfig):
    name = "resolute.orgunits"
    verbose_name = _("Organisation")
