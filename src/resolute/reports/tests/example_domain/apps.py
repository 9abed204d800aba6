from resolute.core.apps import ResoluteAppConfig


class ExampleDomainConfig(ResoluteAppConfig):
    name = "resolute.reports.tests.example_domain"
    label = "example_domain"
    verbose_name = "Example domain"
