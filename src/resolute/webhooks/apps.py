from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class WebhooksConfig(ResoluteAppConfig):
    name = "resolute.webhooks"
    verbose_name = _("Webhooks")
