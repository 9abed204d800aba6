"""What orgunits adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, ApiRouter, NavigationEntry, contribute

contribute(ApiRouter(key="orgunits", order=20, prefix="/units", router="resolute.orgunits.api.router"))
contribute(NavigationEntry(key="orgunits.tree", order=60, label=_("Organisation"), url_name="orgunits:tree"))


def _visible_unit_ids(user):
    from .selectors import visible_units

    return visible_units(user).values_list("pk", flat=True)


contribute(
    AccessRecords(
        key="units",
        order=40,
        visible_ids=_visible_unit_ids,
        noun=lambda count: ngettext("%(count)s unit", "%(count)s units", count),
    )
)
