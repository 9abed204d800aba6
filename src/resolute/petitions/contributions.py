"""What petitions add to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import DemoLoader, NavigationEntry, contribute

from .demo import load_petitions, load_petitions_after

# -- the pages: the navigation entry ---------------------------------------------------------------------

# Everyone signed in sees the entry, as everyone sees "Tasks" and "Public investment": the list tells a
# reader without petitions in their area what to expect there, and no page pays a query to decide.
contribute(NavigationEntry(key="petitions.list", order=47, label=_("Petitions"), url_name="petitions:list"))

# -- the demo: Quảng Nam's petitions of 2023–2024 before the reorganisation, Đà Nẵng's recent year after it.

contribute(DemoLoader(key="petitions.demo", order=63, load=load_petitions))
contribute(DemoLoader(key="petitions.demo_after", order=69, load=load_petitions_after))
