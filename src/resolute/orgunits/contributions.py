"""What orgunits adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, ApiRouter, NavigationEntry, contribute

contribute(ApiRouter(key="orgunits", order=20, prefix="/units", router="resolute.orgunits.api.router"))
contribute(NavigationEntry(key="orgunits.tree", order=60, label=_("Organisation"), url_name="orgunits:tree"))


contribute(
    AccessRecords(
        key="units",
        order=40,
        model="orgunits.OrgUnit",
        noun=lambda count: ngettext("%(count)s unit", "%(count)s units", count),
    )
)
