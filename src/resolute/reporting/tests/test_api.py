"""The reporting API at /api/reporting, used with personal tokens: regimes, narrative reports, the
compliance table, one's notifications, the follow-up board, the ladder and the urging letters — each
scoped as its page is, each write through the page's action.

On Thursday 10 December 2026: the province (its office: `office`) has a monthly narrative regime owed
by the districts; Hội An (district A) and Đại Lộc (district B) each have a reporter."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.core.periods import PeriodType
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnitKind
from resolute.reporting.actions import regimes as regime_actions
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.models import (
    LadderStep,
    LetterStatus,
    Notification,
    RegimeKind,
    ReportingRegime,
    ReportSubmission,
    UrgingLetter,
)
from resolute.tasks.tests.factories import api_for, assign

API = "/api/reporting"
TODAY = date(2026, 12, 10)
PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(datetime(2026, 12, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def narrative(tree):
    return regime_actions.create_regime(
        acting_user=None,
        name="Báo cáo tình hình tháng",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["province"],
        period_type=PeriodType.MONTHLY,
        unit_kinds=[OrgUnitKind.DISTRICT],
    )


@pytest.fixture
def clients(users):
    return {role: api_for(user) for role, user in users.items()}


def send(client, url, payload=None, method="post", **headers):
    return getattr(client, method)(
        url, json.dumps(payload or {}, default=str), content_type="application/json", **headers
    )


def overdue_tasks(tree, count, unit="district_a"):
    return [
        assign(
            tree[unit],
            assigned_by_unit=tree["committee"],
            title=f"Overdue task {number} of {unit}",
            assigned_on=date(2026, 10, 1),
            deadline=date(2026, 11, 18),
        )
        for number in range(count)
    ]


# -- the OpenAPI -----------------------------------------------------------------------------------


def with_references(schema, components, seen=()):
    """`schema` with every $ref replaced by the component it names (once on each path)."""
    if isinstance(schema, dict):
        reference = schema.get("$ref")
        if reference and reference not in seen:
            name = reference.rsplit("/", 1)[-1]
            return with_references(components[name], components, (*seen, reference))
        return {key: with_references(value, components, seen) for key, value in schema.items()}
    if isinstance(schema, list):
        return [with_references(item, components, seen) for item in schema]
    return schema


def test_every_operation_shows_an_example_of_what_it_reads_and_answers():
    from resolute.api.api import api

    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    without = []
    for path, operations in document["paths"].items():
        if not path.startswith(API):
            continue
        for method, operation in operations.items():
            bodies = [
                content["schema"]
                for content in operation.get("requestBody", {}).get("content", {}).values()
                if "signed_scan" not in json.dumps(content["schema"])  # a file only: no example to give
            ]
            bodies += [
                content["schema"]
                for status, answer in operation["responses"].items()
                if str(status).startswith("2")
                for content in answer.get("content", {}).values()
            ]
            for body in bodies:
                if "example" not in json.dumps(with_references(body, components)):
                    without.append(f"{method.upper()} {path}")
    assert without == []


# -- regimes ---------------------------------------------------------------------------------------


def test_a_district_reads_the_regimes_of_its_levels_and_above_but_not_another_districts(
    tree, clients, narrative
):
    theirs = regime_actions.create_regime(
        acting_user=None,
        name="Đại Lộc's own",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["district_b"],
        period_type=PeriodType.MONTHLY,
        unit_kinds=[OrgUnitKind.COMMUNE],
    )
    listed = clients["district_a_reporter"].get(f"{API}/regimes").json()
    assert [(item["name"], item["may_edit"]) for item in listed["items"]] == [
        ("Báo cáo tình hình tháng", False)
    ]
    assert clients["district_a_reporter"].get(f"{API}/regimes/{theirs.pk}").status_code == 404
    office = clients["office"].get(f"{API}/regimes", {"managed": True}).json()
    assert {(item["name"], item["may_edit"]) for item in office["items"]} == {
        ("Báo cáo tình hình tháng", True),
        ("Đại Lộc's own", True),
    }


def test_the_office_sets_up_a_regime_then_changes_it_from_the_version_it_read(tree, clients, users):
    office = clients["office"]
    created = send(
        office,
        f"{API}/regimes",
        {
            "name": "Báo cáo quý",
            "kind": "narrative",
            "issuer_id": tree["province"].pk,
            "period_type": "quarterly",
            "unit_kinds": ["district"],
            "unit_ids": [tree["finance"].pk],
        },
    )
    assert created.status_code == 201, created.content
    regime = created.json()
    assert (regime["cutoff_day"], regime["deadline_working_days"], regime["unit_ids"]) == (
        14,
        1,
        [tree["finance"].pk],
    )
    url = f"{API}/regimes/{regime['id']}"
    assert send(office, url, {"deadline_working_days": 3}, method="patch").status_code == 428
    changed = send(office, url, {"deadline_working_days": 3}, method="patch", HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200
    assert (changed.json()["deadline_working_days"], changed["ETag"]) == (3, '"2"')
    stale = send(office, url, {"version": 1, "active": False}, method="patch")
    assert stale.status_code == 409
    entries = history_of(ReportingRegime.objects.get(name="Báo cáo quý"))
    assert [entry.actor for entry in entries] == [users["office"], users["office"]]


def test_the_regimes_read_in_the_same_queries_however_many(tree, clients, django_assert_max_num_queries):
    def regime(number):
        regime_actions.create_regime(
            acting_user=None,
            name=f"Regime {number}",
            kind=RegimeKind.NARRATIVE,
            issuer=tree["province"],
            period_type=PeriodType.MONTHLY,
            unit_kinds=[OrgUnitKind.DISTRICT],
            units=[tree["finance"]],
        )

    reporter = clients["district_a_reporter"]
    regime(0)
    reporter.get(f"{API}/regimes")
    with django_assert_max_num_queries(10) as few:
        reporter.get(f"{API}/regimes")
    for number in range(1, 6):
        regime(number)
    with django_assert_max_num_queries(10) as many:
        assert reporter.get(f"{API}/regimes").json()["count"] == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_reporter_may_neither_set_up_nor_change_a_regime(tree, clients, narrative):
    reporter = clients["district_a_reporter"]
    payload = {
        "name": "Mine",
        "kind": "narrative",
        "issuer_id": tree["district_a"].pk,
        "period_type": "monthly",
    }
    assert send(reporter, f"{API}/regimes", {**payload, "unit_kinds": ["commune"]}).status_code == 403
    refused = send(
        reporter, f"{API}/regimes/{narrative.pk}", {"version": 1, "cutoff_day": 20}, method="patch"
    )
    assert refused.status_code == 403
    narrative.refresh_from_db()
    assert narrative.cutoff_day == 14


def test_a_broken_rule_names_the_apis_field(tree, clients):
    office = clients["office"]
    base = {
        "name": "Báo cáo",
        "kind": "narrative",
        "issuer_id": tree["district_a"].pk,
        "period_type": "monthly",
    }
    outside = send(office, f"{API}/regimes", {**base, "unit_ids": [tree["commune_b1"].pk]})
    assert outside.status_code == 422
    assert list(outside.json()["errors"]) == ["unit_ids"]
    department = send(
        office, f"{API}/regimes", {**base, "issuer_id": tree["finance"].pk, "unit_kinds": ["commune"]}
    )
    assert list(department.json()["errors"]) == ["issuer_id"]
    unknown_kind = send(office, f"{API}/regimes", {**base, "kind": "gossip", "unit_kinds": ["commune"]})
    assert list(unknown_kind.json()["errors"]) == ["kind"]


# -- narrative reports ---------------------------------------------------------------------------------


def submit(client, regime, unit, period="202611", **fields):
    return client.post(
        f"{API}/submissions", {"regime_id": regime.pk, "unit_id": unit.pk, "period": period, **fields}
    )


def test_a_reporter_sends_the_report_of_their_district_with_its_file_and_reads_it_back(
    tree, users, clients, narrative
):
    reporter = clients["district_a_reporter"]
    sent = submit(
        reporter,
        narrative,
        tree["district_a"],
        text="Tình hình tháng 11 ổn định.",
        file=SimpleUploadedFile("bao-cao.pdf", PDF_SCAN),
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["submitted_by"]["name"] == str(users["district_a_reporter"])
    assert sent.json()["file_url"]
    listed = reporter.get(f"{API}/submissions", {"period": "202611"}).json()
    assert [(item["unit"]["name"], item["text"]) for item in listed["items"]] == [
        ("Thành phố Hội An", "Tình hình tháng 11 ổn định.")
    ]


def test_a_district_neither_reads_nor_sends_another_districts_reports(tree, clients, narrative):
    submit(clients["district_a_reporter"], narrative, tree["district_a"], text="Hội An's report")
    other = clients["district_b_reporter"]
    assert other.get(f"{API}/submissions").json() == {"items": [], "count": 0}
    assert other.get(f"{API}/submissions", {"unit": tree["district_a"].pk}).json()["count"] == 0
    assert submit(other, narrative, tree["district_a"], text="Not mine").status_code == 404
    # The province's leader reads Hội An's report but is no reporter of it.
    assert clients["leader"].get(f"{API}/submissions").json()["count"] == 1
    assert submit(clients["leader"], narrative, tree["district_a"], text="For them").status_code == 403
    assert ReportSubmission.objects.count() == 1


def test_a_report_needs_a_period_of_the_regimes_type_and_some_words(tree, clients, narrative):
    reporter = clients["district_a_reporter"]
    for period in ("2026-11", "2026Q4"):
        refused = submit(reporter, narrative, tree["district_a"], period=period, text="…")
        assert (refused.status_code, list(refused.json()["errors"])) == (422, ["period"])
    empty = submit(reporter, narrative, tree["district_a"], text="  ")
    assert (empty.status_code, list(empty.json()["errors"])) == (422, ["text"])


def test_the_reports_read_in_the_same_queries_however_many(
    tree, clients, narrative, django_assert_max_num_queries
):
    office = clients["office"]
    submit(clients["district_a_reporter"], narrative, tree["district_a"], text="One")
    office.get(f"{API}/submissions")
    with django_assert_max_num_queries(12) as few:
        assert office.get(f"{API}/submissions").json()["count"] == 1
    for number in range(4):
        submit(
            clients["district_b_reporter"],
            narrative,
            tree["district_b"],
            period=f"20260{number + 5}",
            text="…",
        )
    with django_assert_max_num_queries(12) as many:
        assert office.get(f"{API}/submissions").json()["count"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)


# -- compliance --------------------------------------------------------------------------------------


def test_the_compliance_table_counts_each_district_by_period_as_of_a_day(tree, clients, narrative):
    submit(clients["district_a_reporter"], narrative, tree["district_a"], text="Late, but here")
    query = {"unit": tree["province"].pk, "first": "202610", "last": "202611"}
    rows = clients["office"].get(f"{API}/compliance", query).json()
    by_unit = {row["unit"]["name"]: row for row in rows["items"]}
    assert set(by_unit) == {"Thành phố Hội An", "Huyện Đại Lộc"}
    hoi_an = by_unit["Thành phố Hội An"]
    assert [(cell["period"], cell["received"], cell["on_time"]) for cell in hoi_an["cells"]] == [
        ("202610", 0, 0),
        ("202611", 1, 0),
    ]
    assert (hoi_an["expected"], hoi_an["completeness"], hoi_an["timeliness"]) == (2, "50.0", "0.0")
    earlier = clients["office"].get(f"{API}/compliance", {**query, "as_of": "2026-12-01"}).json()
    assert {row["unit"]["name"]: row["received"] for row in earlier["items"]}["Thành phố Hội An"] == 0


def test_a_district_counts_only_its_own_units_and_is_refused_another(tree, clients, narrative):
    reporter = clients["district_a_reporter"]
    rows = reporter.get(f"{API}/compliance").json()
    assert [row["unit"]["name"] for row in rows["items"]] == ["Thành phố Hội An"]
    refused = reporter.get(f"{API}/compliance", {"unit": tree["district_b"].pk})
    assert (refused.status_code, list(refused.json()["errors"])) == (422, ["unit"])
    tomorrow = reporter.get(f"{API}/compliance", {"as_of": "2026-12-11"})
    assert (tomorrow.status_code, list(tomorrow.json()["errors"])) == (422, ["as_of"])


def test_the_compliance_table_reads_the_same_queries_for_few_or_many_units(
    tree, clients, narrative, django_assert_max_num_queries
):
    office = clients["office"]
    query = {"unit": tree["province"].pk, "first": "202610", "last": "202611"}
    office.get(f"{API}/compliance", query)
    with django_assert_max_num_queries(25) as few:
        assert office.get(f"{API}/compliance", query).json()["count"] == 2
    for number in range(5):
        make_unit(f"Huyện {number}", tree["province"], OrgUnitKind.DISTRICT)
    with django_assert_max_num_queries(25) as many:
        assert office.get(f"{API}/compliance", query).json()["count"] == 7
    assert len(many.captured_queries) == len(few.captured_queries)


# -- notifications -----------------------------------------------------------------------------------


def notify(user, title, read=False):
    return Notification.objects.create(
        user=user,
        kind="general",
        title=title,
        read_at=datetime(2026, 12, 9, tzinfo=ZoneInfo("UTC")) if read else None,
    )


def test_a_user_lists_and_marks_read_their_own_notifications_only(users, clients):
    mine = [notify(users["district_a_reporter"], f"News {number}") for number in range(3)]
    notify(users["district_a_reporter"], "Old news", read=True)
    theirs = notify(users["district_b_reporter"], "Not yours")
    reporter = clients["district_a_reporter"]
    unread = reporter.get(f"{API}/notifications", {"unread": True}).json()
    assert [item["title"] for item in unread["items"]] == ["News 2", "News 1", "News 0"]
    assert reporter.get(f"{API}/notifications").json()["count"] == 4
    marked = send(reporter, f"{API}/notifications/read", {"ids": [mine[0].pk, theirs.pk]})
    assert marked.json() == {"marked": 1, "unread": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert send(reporter, f"{API}/notifications/read-all").json() == {"marked": 2, "unread": 0}
    assert clients["district_b_reporter"].get(f"{API}/notifications", {"unread": True}).json()["count"] == 1


def test_the_notifications_read_in_the_same_queries_however_many(
    users, clients, django_assert_max_num_queries
):
    reporter = clients["district_a_reporter"]
    notify(users["district_a_reporter"], "First")
    reporter.get(f"{API}/notifications")
    with django_assert_max_num_queries(8) as few:
        reporter.get(f"{API}/notifications")
    for number in range(10):
        notify(users["district_a_reporter"], f"More {number}")
    with django_assert_max_num_queries(8) as many:
        assert reporter.get(f"{API}/notifications").json()["count"] == 11
    assert len(many.captured_queries) == len(few.captured_queries)


# -- the follow-up board -----------------------------------------------------------------------------


def test_the_office_reads_the_board_a_unit_does_not(tree, clients, default_ladder):
    overdue_tasks(tree, 2)
    run_ladder(on=TODAY)
    board = clients["office"].get(f"{API}/board").json()
    assert [(row["unit"]["name"], row["issuer"]["name"]) for row in board["overdue"]] == [
        ("Thành phố Hội An", "UBND tỉnh")
    ]
    cells = {cell["key"]: cell["count"] for cell in board["overdue"][0]["cells"]}
    assert cells["tasks.overdue"] == 2
    assert board["overdue"][0]["pending_letter"]["status"] == "drafted"
    assert sorted(item["title"] for item in board["escalations"]) == [
        "Overdue task 0 of district_a",
        "Overdue task 1 of district_a",
    ]
    assert clients["district_a_reporter"].get(f"{API}/board").status_code == 403
    assert clients["district_a_manager"].get(f"{API}/board").status_code == 403


def test_the_board_reads_the_same_queries_for_few_or_many_units(
    tree, clients, default_ladder, django_assert_max_num_queries
):
    office = clients["office"]
    overdue_tasks(tree, 1)
    run_ladder(on=TODAY)
    office.get(f"{API}/board")
    with django_assert_max_num_queries(25) as few:
        office.get(f"{API}/board")
    for unit in ("district_b", "commune_a1", "finance"):
        overdue_tasks(tree, 2, unit=unit)
    run_ladder(on=TODAY)
    with django_assert_max_num_queries(25) as many:
        assert len(office.get(f"{API}/board").json()["overdue"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_office_takes_an_escalation_off_the_list_and_a_district_may_not(tree, clients, default_ladder):
    overdue_tasks(tree, 1)
    run_ladder(on=TODAY)
    office = clients["office"]
    (escalation,) = office.get(f"{API}/board").json()["escalations"]
    url = f"{API}/escalations/{escalation['id']}/resolve"
    assert send(clients["district_b_reporter"], url).status_code == 404
    assert send(clients["district_a_manager"], url).status_code == 403
    assert send(office, url).status_code == 200
    assert office.get(f"{API}/board").json()["escalations"] == []


# -- the ladder --------------------------------------------------------------------------------------


def test_the_office_reads_the_rungs_and_changes_a_delay_which_is_logged(users, clients, default_ladder):
    office = clients["office"]
    steps = office.get(f"{API}/ladder/steps").json()
    assert [(step["kind"], step["delay_working_days"]) for step in steps] == [
        ("reminder", -3),
        ("overdue_notice", 0),
        ("letter", 5),
        ("escalation", 15),
    ]
    changed = send(office, f"{API}/ladder/steps/{steps[0]['id']}", {"delay_working_days": -5}, method="patch")
    assert changed.json()["delay_working_days"] == -5
    (entry,) = history_of(LadderStep.objects.get(kind="reminder"))
    assert (entry.actor, entry.changes["delay_working_days"]) == (users["office"], {"old": -3, "new": -5})
    assert clients["district_a_reporter"].get(f"{API}/ladder/steps").status_code == 403


def test_a_district_office_may_not_change_the_ladder(tree, users, default_ladder):
    Membership.objects.create(user=users["district_a_reporter"], unit=tree["commune_a1"], role=Role.OFFICE)
    district_office = api_for(users["district_a_reporter"])
    step = LadderStep.objects.get(kind="reminder")
    assert district_office.get(f"{API}/ladder/steps").status_code == 200
    url = f"{API}/ladder/steps/{step.pk}"
    assert send(district_office, url, {"delay_working_days": -5}, method="patch").status_code == 403
    step.refresh_from_db()
    assert step.delay_working_days == -3


def test_the_ladder_refuses_a_rung_out_of_place_naming_the_field(clients, default_ladder):
    office = clients["office"]
    reminder, escalation = (LadderStep.objects.get(kind=kind) for kind in ("reminder", "escalation"))
    positive = send(office, f"{API}/ladder/steps/{reminder.pk}", {"delay_working_days": 2}, method="patch")
    assert (positive.status_code, list(positive.json()["errors"])) == (422, ["delay_working_days"])
    early = send(office, f"{API}/ladder/steps/{escalation.pk}", {"delay_working_days": 4}, method="patch")
    assert (early.status_code, list(early.json()["errors"])) == (422, ["__all__"])
    escalation.refresh_from_db()
    assert escalation.delay_working_days == 15


# -- urging letters ----------------------------------------------------------------------------------


def test_the_office_drafts_signs_and_sends_a_letter_and_downloads_it(tree, clients):
    overdue_tasks(tree, 1)
    office = clients["office"]
    payload = {"issuer_id": tree["committee"].pk, "recipient_id": tree["district_a"].pk}
    drafted = send(office, f"{API}/letters", payload)
    assert drafted.status_code == 201
    letter = drafted.json()
    assert (letter["number"], letter["status"], letter["items"][0]["title"]) == (
        "01/UBND-TH",
        "drafted",
        "Overdue task 0 of district_a",
    )
    again = send(office, f"{API}/letters", payload)
    assert (again.status_code, again.json()["number"]) == (200, "01/UBND-TH")
    download = office.get(letter["docx_url"])
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    url = f"{API}/letters/{letter['id']}"
    assert send(office, f"{url}/send").json()["errors"] == {"status": ["Only a signed letter can be sent."]}
    not_a_pdf = office.post(f"{url}/sign", {"signed_scan": SimpleUploadedFile("scan.pdf", b"text")})
    assert (not_a_pdf.status_code, list(not_a_pdf.json()["errors"])) == (422, ["signed_scan"])
    signed = office.post(f"{url}/sign", {"signed_scan": SimpleUploadedFile("scan.pdf", PDF_SCAN)})
    assert (signed.json()["status"], signed.json()["signed_on"]) == ("signed", "2026-12-10")
    assert office.get(signed.json()["signed_scan_url"]).status_code == 200
    sent = send(office, f"{url}/send")
    assert (sent.json()["status"], sent.json()["sent_on"]) == ("sent", "2026-12-10")
    assert UrgingLetter.objects.get().status == LetterStatus.SENT


def test_a_district_finds_no_letter_of_the_office_and_may_not_draft_one(tree, clients):
    overdue_tasks(tree, 1)
    office = clients["office"]
    letter = send(
        office, f"{API}/letters", {"issuer_id": tree["committee"].pk, "recipient_id": tree["district_a"].pk}
    ).json()
    reporter = clients["district_b_reporter"]
    assert reporter.get(f"{API}/letters").json() == {"items": [], "count": 0}
    for path in ("", "/docx"):
        assert reporter.get(f"{API}/letters/{letter['id']}{path}").status_code == 404
    assert send(reporter, f"{API}/letters/{letter['id']}/send").status_code == 404
    refused = send(
        reporter,
        f"{API}/letters",
        {"issuer_id": tree["district_b"].pk, "recipient_id": tree["commune_b1"].pk},
    )
    assert refused.status_code == 403
    unknown = send(office, f"{API}/letters", {"issuer_id": tree["committee"].pk, "recipient_id": 999999})
    assert (unknown.status_code, list(unknown.json()["errors"])) == (422, ["recipient_id"])


def test_the_letters_read_in_the_same_queries_however_many(tree, clients, django_assert_max_num_queries):
    office = clients["office"]
    overdue_tasks(tree, 1)
    send(office, f"{API}/letters", {"issuer_id": tree["committee"].pk, "recipient_id": tree["district_a"].pk})
    office.get(f"{API}/letters")
    with django_assert_max_num_queries(10) as few:
        office.get(f"{API}/letters")
    for unit in ("district_b", "finance"):
        overdue_tasks(tree, 1, unit=unit)
        send(office, f"{API}/letters", {"issuer_id": tree["committee"].pk, "recipient_id": tree[unit].pk})
    with django_assert_max_num_queries(10) as many:
        assert office.get(f"{API}/letters", {"status": "drafted"}).json()["count"] == 3
    assert len(many.captured_queries) == len(few.captured_queries)
