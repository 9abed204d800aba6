from resolute.core.apps import ResoluteAppConfig


class ApiConfig(ResoluteAppConfig):
    name = "resolute.api"
    verbose_name = "API"
