"""What orgunits adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute

contribute(ApiRouter(key="orgunits", order=20, prefix="/units", router="resolute.orgunits.api.router"))
contribute(NavigationEntry(key="orgunits.tree", order=60, label=_("Organisation"), url_name="orgunits:tree"))
