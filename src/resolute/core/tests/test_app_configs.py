"""Every app of Resolute starts with its own config, so its contributions load at start-up."""

from django.apps import apps

from resolute.core.apps import ResoluteAppConfig


def test_every_resolute_app_starts_with_its_own_config():
    configs = [config for config in apps.get_app_configs() if config.name.startswith("resolute.")]
    assert configs
    for config in configs:
        assert isinstance(config, ResoluteAppConfig), f"{config.name} runs on Django's default config"
        assert type(config) is not ResoluteAppConfig, f"{config.name} runs on the shared base config"
