from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "resolute.api"
    verbose_name = "API"
