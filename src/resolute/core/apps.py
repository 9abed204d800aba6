from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResoluteAppConfig(AppConfig):
    """Every app of Resolute: once the models are loaded, its `contributions` module (if it has one)
    declares what it adds to the shared surfaces (see `core.contributions`)."""

    # An app's `apps.py` imports this class beside its own config. Django picks the one config of
    # the module that does not say `default = False`; with two candidates it would fall back to a
    # plain AppConfig, whose `ready()` loads no contributions. So this base says False, and each
    # app's own config (unless it says otherwise) is the default.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self):
        module_name = f"{self.name}.contributions"
        if find_spec(module_name) is not None:
            import_module(module_name)


class CoreConfig(ResoluteAppConfig):
    name = "resolute.core"
    verbose_name = _("Core")
