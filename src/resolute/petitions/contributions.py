"""What petitions add to the shared surfaces (see `core.contributions`)."""

from resolute.core.contributions import DemoLoader, contribute

from .demo import load_petitions, load_petitions_after

# -- the demo: Quảng Nam's petitions of 2023–2024 before the reorganisation, Đà Nẵng's recent year after it.

contribute(DemoLoader(key="petitions.demo", order=63, load=load_petitions))
contribute(DemoLoader(key="petitions.demo_after", order=69, load=load_petitions_after))
