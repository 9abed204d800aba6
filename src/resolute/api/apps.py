# The module, not the class: Django picks the one AppConfig class defined in this module.
from resolute.core import apps as core_apps


class ApiConfig(core_apps.ResoluteAppConfig):
    name = "resolute.api"
    verbose_name = "API"
