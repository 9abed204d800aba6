"""Generated requests against every operation of the OpenAPI, through the WSGI app on the test
database: whatever a client sends, valid per the schema or not, the API never answers 500, answers
only with a status the operation declares, and its body matches the declared schema.

Each operation gets a few deterministic examples (schemathesis derives them from the OpenAPI and
hypothesis replays the same ones on every run), once as the province's office and once as a
district's reporter, so what one role may do and another may not is both exercised."""

from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from resolute.accounts import actions as account_actions
from resolute.targets.tests.rows import make_indicator, make_target
from resolute.tasks.tests.factories import assign

EXAMPLES_PER_OPERATION = 4
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db):
    """The OpenAPI, loaded from the app. The requests run in the test's transaction, so, as Django's
    test client does, the app must not close the connection at each request's start and end."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(tree, users):
    """A task and a target with its document, so that small generated ids name real records."""
    indicator = make_indicator("POOR_HOUSEHOLDS", minimum=Decimal("0"))
    target = make_target(tree["district_a"], indicator, value=Decimal("100"))
    task = assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site",
        deadline=date(2025, 3, 31),
    )
    return {"target": target, "task": task}


def failures_of(operation, headers) -> list[str]:
    failures = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # noqa: BLE001 (every failure is reported, with its operation)
            failures.append(f"{operation.label} ({mode.value}): {error}")
    return failures


@pytest.mark.parametrize("role", ["office", "district_a_reporter"])
def test_no_generated_request_gets_a_server_error_or_an_undeclared_answer(api_schema, records, users, role):
    _, raw = account_actions.create_api_token(acting_user=users[role], name="Generated tests")
    headers = {"Authorization": f"Bearer {raw}"}
    failures = []
    for result in api_schema.get_all_operations():
        failures.extend(failures_of(result.ok(), headers))
    assert not failures, "\n\n".join(failures)
