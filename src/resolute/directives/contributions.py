"""What directives adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, ApiRouter, NavigationEntry, contribute

contribute(
    ApiRouter(key="directives", order=30, prefix="/documents", router="resolute.directives.api.router")
)
contribute(NavigationEntry(key="directives.list", order=50, label=_("Documents"), url_name="directives:list"))


contribute(
    AccessRecords(
        key="documents",
        order=30,
        model="directives.Document",
        noun=lambda count: ngettext("%(count)s document", "%(count)s documents", count),
    )
)
