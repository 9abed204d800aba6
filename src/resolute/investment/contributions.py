"""What public investment adds to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import ApiRouter, contribute

# The API (with the State Treasury's reconciliation import).
contribute(
    ApiRouter(key="investment", order=60, prefix="/investment", router="resolute.investment.api.router")
)
