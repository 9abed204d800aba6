"""What oversight findings add to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import ApiRouter, contribute

# -- the API: conclusions, recommendations, the ledger and the writes of the follow-up ------------------

contribute(ApiRouter(key="oversight", order=70, prefix="/oversight", router="resolute.oversight.api.router"))

# -- end of the API --------------------------------------------------------------------------------------
