"""What directives adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import AccessRecords, ApiRouter, NavigationEntry, contribute

contribute(
    ApiRouter(key="directives", order=30, prefix="/documents", router="resolute.directives.api.router")
)
contribute(NavigationEntry(key="directives.list", order=50, label=_("Documents"), url_name="directives:list"))


def _visible_document_ids(user):
    from .models import Document

    return Document.objects.visible_to(user).values_list("pk", flat=True)


contribute(
    AccessRecords(
        key="documents",
        order=30,
        visible_ids=_visible_document_ids,
        noun=lambda count: ngettext("%(count)s document", "%(count)s documents", count),
    )
)
