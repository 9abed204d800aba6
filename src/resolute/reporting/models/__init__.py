"""Reporting models, split by concern; every module is imported here so migrations stay in one app."""

from .ladder import *  # noqa: F403
from .notifications import *  # noqa: F403
from .regimes import *  # noqa: F403
from .takeovers import *  # noqa: F403
