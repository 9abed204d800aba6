from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResoluteAppConfig(AppConfig):
    """Every app of Resolute: once the models are loaded, its `contributions` module (if it has one)
    declares what it adds to the shared surfaces (see `core.contributions`)."""

    # Each `apps.py` holds this class beside its own config, so Django cannot pick an app's config by
    # itself: `INSTALLED_APPS` names every config in full (a test in core keeps it so).

    def ready(self):
        module_name = f"{self.name}.contributions"
        if find_spec(module_name) is not None:
            import_module(module_name)


class CoreConfig(ResoluteAppConfig):
    name = "resolute.core"
    verbose_name = _("Core")
