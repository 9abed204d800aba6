"""What petitions add to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import NavigationEntry, contribute

# -- the pages: the navigation entry ---------------------------------------------------------------------

# Everyone signed in sees the entry, as everyone sees "Tasks" and "Public investment": the list tells a
# reader without petitions in their area what to expect there, and no page pays a query to decide.
contribute(NavigationEntry(key="petitions.list", order=47, label=_("Petitions"), url_name="petitions:list"))
