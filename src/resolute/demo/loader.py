"""Builds the demo from the seed. Running it again keeps what is there and adds only what is missing.

The steps are what the apps contribute (`core.contributions.DemoLoader`), in order; each gets the
demo being built, with what the steps before it added, so a new domain adds its part of the demo
from its own folder."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from resolute.core.contributions import DemoLoader, contributed


@dataclass
class Demo:
    """The demo being built: where steps report progress, and what they made that later steps use,
    by the seed's keys (units, users, documents)."""

    log: Any = lambda message: None
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)


@transaction.atomic
def load_demo(log=lambda message: None) -> Demo:
    demo = Demo(log=log)
    for step in contributed(DemoLoader):
        step.load(demo)
    return demo
