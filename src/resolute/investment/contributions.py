"""What public investment adds to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import DemoLoader, contribute

# -- the demo: Quảng Nam's plans before the reorganisation hands the projects over (order 65), the rest
# after it, by the units that hold them then.
from .demo import load_investment, load_investment_after  # noqa: E402

contribute(DemoLoader(key="investment.demo", order=62, load=load_investment))
contribute(DemoLoader(key="investment.demo_after", order=69, load=load_investment_after))
