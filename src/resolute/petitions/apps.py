from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class PetitionsConfig(ResoluteAppConfig):
    name = "resolute.petitions"
    verbose_name = _("Petitions")
