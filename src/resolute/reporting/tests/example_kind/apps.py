from resolute.core.apps import ResoluteAppConfig


class ExampleKindConfig(ResoluteAppConfig):
    name = "resolute.reporting.tests.example_kind"
    label = "example_kind"
    verbose_name = "Example kind of regime"
