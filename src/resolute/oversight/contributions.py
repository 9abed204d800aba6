"""What oversight findings add to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import ApiRouter, DemoLoader, contribute

from .demo import load_oversight, load_oversight_after

# -- the API: conclusions, recommendations, the ledger and the writes of the follow-up ------------------

contribute(ApiRouter(key="oversight", order=70, prefix="/oversight", router="resolute.oversight.api.router"))

# -- end of the API --------------------------------------------------------------------------------------

# -- the demo: before the reorganisation (its engine hands the recommendations' tasks over), and after ----

contribute(DemoLoader(key="oversight.demo", order=64, load=load_oversight))
contribute(DemoLoader(key="oversight.demo_after", order=69, load=load_oversight_after))

# -- end of the demo -------------------------------------------------------------------------------------
