"""Every write of petitions (see the modules for the rules each enforces): receiving them (`intake`),
sending them where they are settled (`routing`) and settling them (`settlement`)."""

from . import intake, routing, settlement
from .intake import (
    duplicate_candidates,
    link_duplicate,
    lookup_secret_hash,
    lookup_secret_matches,
    new_lookup_secret,
    reclassify_petition,
    register_petition,
    same_person,
)
from .routing import assign_handler, forward_petition, remove_handler, route_petition
from .settlement import (
    accept_petition,
    change_complexity,
    decide_petition,
    extend_settlement,
    publish_decision,
    record_enforcement,
    record_step,
    refuse_petition,
    withdraw_petition,
)

__all__ = [
    "accept_petition",
    "assign_handler",
    "change_complexity",
    "decide_petition",
    "duplicate_candidates",
    "extend_settlement",
    "forward_petition",
    "intake",
    "link_duplicate",
    "lookup_secret_hash",
    "lookup_secret_matches",
    "new_lookup_secret",
    "publish_decision",
    "reclassify_petition",
    "record_enforcement",
    "record_step",
    "refuse_petition",
    "register_petition",
    "remove_handler",
    "route_petition",
    "routing",
    "same_person",
    "settlement",
    "withdraw_petition",
]
