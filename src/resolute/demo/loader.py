"""Builds the demo from the seed. Running it again keeps what is there and adds only what is missing.

The steps are what the apps contribute (`core.contributions.DemoLoader`), in order; each gets the
demo being built, with what the steps before it added, so a new domain adds its part of the demo
from its own folder."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from resolute.core import clock
from resolute.core.contributions import DemoLoader, contributed

from .danang import EFFECTIVE_ON


def history_split(today: date) -> date | None:
    """The day before Đà Nẵng's first day when the demo runs on or after it; else None."""
    first_day = date.fromisoformat(EFFECTIVE_ON)
    return first_day - timedelta(days=1) if today >= first_day else None


@dataclass
class Demo:
    """The demo being built: where steps report progress, and what they made that later steps use,
    by the seed's keys (units, users, documents)."""

    log: Any = lambda message: None
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    # The last day written before the reorganisation (None: the demo runs before it, all history is
    # written in the first part), and what later parts still have to write, by step.
    history_split: date | None = None
    pending: dict = field(default_factory=dict)


@transaction.atomic
def load_demo(log=lambda message: None) -> Demo:
    demo = Demo(log=log, history_split=history_split(clock.today()))
    for step in contributed(DemoLoader):
        step.load(demo)
    return demo
