"""What oversight findings add to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import ApiRouter, DemoLoader, contribute

from .demo import load_oversight, load_oversight_after

# -- the API and the demo ---------------------------------------------------------------------------------
# The API: conclusions, recommendations, the ledger and the writes of the follow-up. The demo in two steps:
# before the reorganisation (order 65), whose engine then hands the recommendations' tasks over, and after it.

contribute(ApiRouter(key="oversight", order=70, prefix="/oversight", router="resolute.oversight.api.router"))
contribute(DemoLoader(key="oversight.demo", order=64, load=load_oversight))
contribute(DemoLoader(key="oversight.demo_after", order=69, load=load_oversight_after))

# -- end of the API and the demo ---------------------------------------------------------------------------
