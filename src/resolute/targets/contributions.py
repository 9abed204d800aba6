"""What targets adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute

contribute(ApiRouter(key="targets", order=50, prefix="/targets", router="resolute.targets.api.router"))
contribute(NavigationEntry(key="targets.list", order=40, label=_("Targets"), url_name="targets:list"))
