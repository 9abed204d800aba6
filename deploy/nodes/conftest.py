"""The cluster the `nodes` tests run against: started once for the module, stopped after it."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import Cluster  # noqa: E402


@pytest.fixture(scope="session")
def cluster():
    def say(message):
        print(message, file=sys.stderr, flush=True)

    running = Cluster(say=say).start()
    yield running
    running.stop()
