"""Whatever a client writes through the API, if the API accepts it, every page and endpoint that
shows the record reads it back: random payloads that are valid per the OpenAPI (any year, day and
exact amount the schema allows, any text — decomposed Vietnamese, direction marks, emoji) are posted
to each write endpoint, then the record's API detail and its web page are read. Nothing answers 500.
"""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.accounts.models import ApiToken
from resolute.core.periods import PeriodType
from resolute.core.schemas import FIRST_DAY, FIRST_YEAR, LAST_DAY, LAST_YEAR
from resolute.directives.models import Document
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.targets.models import Direction, Target
from resolute.targets.tests.rows import make_indicator, make_target
from resolute.tasks.models import Task
from resolute.tasks.tests.factories import TODAY, at_noon

EXAMPLES = settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a client may send, NUL aside (refused with 422 at the edge, see test_edge.py).
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def texts(min_size=0, max_size=60):
    return st.text(characters, min_size=min_size, max_size=max_size).map(
        lambda text: unicodedata.normalize("NFD", text)
    )


days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
years = st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR)
amounts = st.decimals(
    min_value=Decimal("-999999999999999999"),
    max_value=Decimal("999999999999999999"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
).map(str)


def api_for(user) -> Client:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash(raw), hint=raw[:8])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def browser_for(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code} {response.content[:2000]!r}"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def indicator(tree, today):
    indicator = make_indicator("POOR_HOUSEHOLDS")
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    return indicator


@given(
    year=years,
    deadline=days,
    value=amounts,
    baseline_value=st.none() | amounts,
    baseline_year=st.none() | years,
    area=texts(max_size=200),
    source_text=texts(),
)
@EXAMPLES
def test_any_target_the_api_accepts_reads_back_on_its_page_and_in_the_api(
    tree, users, indicator, year, deadline, value, baseline_value, baseline_year, area, source_text
):
    office = users["office"]
    payload = {
        "document_id": indicator.targets.first().document_id,
        "indicator": indicator.code,
        "unit_id": tree["district_a"].pk,
        "year": year,
        "deadline": deadline.isoformat(),
        "comparator": "at_least",
        "value": value,
        "baseline_value": baseline_value,
        "baseline_year": baseline_year,
        "area": area,
        "source_text": source_text,
    }
    response = api_for(office).post("/api/targets/targets", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    target = Target.objects.get(pk=response.json()["id"])
    assert target.source_text == unicodedata.normalize("NFC", target.source_text)
    assert_no_server_error(api_for(office).get(f"/api/targets/targets/{target.pk}"), "API detail")
    assert_no_server_error(api_for(office).get("/api/targets/targets", {"year": year}), "API list")
    assert_no_server_error(browser_for(office).get(target.get_absolute_url()), "page")


@given(
    title=texts(min_size=1, max_size=500),
    description=texts(),
    assigned_on=st.dates(min_value=date(2024, 1, 1), max_value=TODAY),
    deadline=st.none() | days,
    expected_result=texts(max_size=500),
)
@EXAMPLES
def test_any_task_the_api_accepts_reads_back_on_its_page_and_in_the_api(
    tree, users, today, title, description, assigned_on, deadline, expected_result
):
    office = users["office"]
    payload = {
        "title": title,
        "lead_unit_id": tree["district_a"].pk,
        "assigned_by_unit_id": tree["office"].pk,
        "assigned_on": assigned_on.isoformat(),
        "description": description,
        "deadline": deadline.isoformat() if deadline else None,
        "expected_result": expected_result,
        "reporting_frequency": "" if deadline else "monthly",
    }
    response = api_for(office).post("/api/tasks/", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    task = Task.objects.get(pk=response.json()["id"])
    assert task.title == unicodedata.normalize("NFC", task.title)
    assert_no_server_error(api_for(office).get(f"/api/tasks/{task.pk}"), "API detail")
    assert_no_server_error(api_for(office).get("/api/tasks/", {"q": title[:50]}), "API list")
    assert_no_server_error(browser_for(office).get(task.get_absolute_url()), "page")
    assert_no_server_error(browser_for(office).get("/tasks/"), "list page")


@given(
    title=texts(min_size=1, max_size=500),
    number=texts(max_size=64),
    issued_on=st.none() | days,
    signer=texts(max_size=200),
    text=texts(max_size=400),
)
@EXAMPLES
def test_any_document_the_api_accepts_reads_back_on_its_page_and_in_the_api(
    tree, users, today, title, number, issued_on, signer, text
):
    office = users["office"]
    payload = {
        "kind": "conclusion",
        "title": title,
        "number": number,
        "issued_on": issued_on.isoformat() if issued_on else None,
        "issuer_id": tree["party"].pk,
        "signer": signer,
        "text": text,
    }
    response = api_for(office).post("/api/documents/", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    document = Document.objects.get(pk=response.json()["id"])
    assert_no_server_error(api_for(office).get(f"/api/documents/{document.pk}"), "API detail")
    query = {"year": issued_on.year} if issued_on else {}
    assert_no_server_error(api_for(office).get("/api/documents/", query), "API list")
    assert_no_server_error(browser_for(office).get(document.get_absolute_url()), "page")


@given(period_year=years, quarter=st.integers(1, 4), value=amounts, comment=texts())
@EXAMPLES
def test_any_value_the_api_accepts_reads_back_in_the_api_and_on_the_target_page(
    tree, users, indicator, period_year, quarter, value, comment
):
    reporter = users["district_a_reporter"]
    payload = {
        "unit": tree["district_a"].pk,
        "period": f"{period_year}Q{quarter}",
        "entries": [{"indicator": indicator.code, "value": value, "comment": comment}],
    }
    response = api_for(reporter).post("/api/targets/values", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    assert_no_server_error(
        api_for(reporter).get("/api/targets/values", {"indicator": indicator.code}), "API list"
    )
    target = indicator.targets.first()
    assert_no_server_error(api_for(reporter).get(f"/api/targets/targets/{target.pk}"), "API target")
    assert_no_server_error(browser_for(reporter).get(target.get_absolute_url()), "target page")


@given(
    name=texts(min_size=1, max_size=255),
    name_en=texts(max_size=255),
    kind=st.sampled_from(OrgUnitKind.values),
    code=texts(max_size=32),
    effective_from=st.none() | days,
    email=st.just("") | st.emails(),
)
@EXAMPLES
def test_any_unit_the_api_accepts_reads_back_on_its_page_in_the_tree_and_in_the_api(
    tree, users, today, name, name_en, kind, code, effective_from, email
):
    admin = users["admin"]
    payload = {
        "parent": tree["district_a"].pk,
        "name": name,
        "name_en": name_en,
        "kind": kind,
        "code": code,
        "effective_from": effective_from.isoformat() if effective_from else None,
        "email": email,
    }
    response = api_for(admin).post("/api/units/", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    unit = OrgUnit.objects.get(pk=response.json()["id"])
    assert unit.name == unicodedata.normalize("NFC", unit.name)
    assert_no_server_error(api_for(admin).get(f"/api/units/{unit.pk}"), "API detail")
    assert_no_server_error(browser_for(admin).get(unit.get_absolute_url()), "page")
    assert_no_server_error(browser_for(admin).get("/units/", {"q": name[:40]}), "tree")
    # The district's own users read the new commune on their pages too.
    assert_no_server_error(browser_for(users["district_a_reporter"]).get(unit.get_absolute_url()), "page")


@given(
    code=texts(min_size=1, max_size=32),
    name=texts(min_size=1, max_size=255),
    unit_of_measure=texts(max_size=64),
    decimals=st.integers(0, 6),
    direction=st.sampled_from(Direction.values),
    periodicity=st.sampled_from(PeriodType.values),
    minimum=st.none() | amounts,
    maximum=st.none() | amounts,
)
@EXAMPLES
def test_any_indicator_the_api_accepts_reads_back_in_the_api_and_on_the_target_form(
    tree, users, today, code, name, unit_of_measure, decimals, direction, periodicity, minimum, maximum
):
    office = users["office"]
    payload = {
        "code": code,
        "name": name,
        "unit_of_measure": unit_of_measure,
        "decimals": decimals,
        "direction": direction,
        "periodicity": periodicity,
        "minimum": minimum,
        "maximum": maximum,
    }
    response = api_for(office).post("/api/targets/indicators", payload, content_type="application/json")
    assert_no_server_error(response, "create")
    if response.status_code != 201:
        return
    assert_no_server_error(api_for(office).get("/api/targets/indicators"), "API list")
    assert_no_server_error(browser_for(office).get("/targets/"), "target list")


@given(
    reported_on=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=TODAY),
    narrative=texts(min_size=1, max_size=400),
    percent_complete=st.none() | st.integers(0, 100),
    comment=texts(min_size=1, max_size=400),
)
@EXAMPLES
def test_any_report_or_comment_the_api_accepts_reads_back_on_the_task_page_and_in_the_api(
    tree, users, today, reported_on, narrative, percent_complete, comment
):
    from resolute.tasks import actions as task_actions

    task = task_actions.create_task(
        acting_user=users["office"],
        title="Repair the Minh An market",
        lead_unit=tree["district_a"],
        assigned_by_unit=tree["office"],
        assigned_on=date(2024, 1, 2),
        reporting_frequency="monthly",
    )
    reporter = users["district_a_reporter"]
    report = {
        "reported_on": reported_on.isoformat() if reported_on else None,
        "narrative": narrative,
        "percent_complete": percent_complete,
    }
    api = api_for(reporter)
    responses = [
        api.post(f"/api/tasks/{task.pk}/reports", report, content_type="application/json"),
        api.post(f"/api/tasks/{task.pk}/comments", {"text": comment}, content_type="application/json"),
    ]
    for response in responses:
        assert_no_server_error(response, "create")
    assert_no_server_error(api_for(reporter).get(f"/api/tasks/{task.pk}"), "API detail")
    assert_no_server_error(browser_for(reporter).get(task.get_absolute_url()), "page")
    assert_no_server_error(browser_for(users["office"]).get(task.get_absolute_url()), "the office's page")
