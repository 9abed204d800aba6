"""Reporting across the 2025 reorganisation: what a closing unit hands to its successor (regimes it
issued, duties that name it, escalations in progress, letters not yet sent), that a closed unit is
never urged or listed as owing after its last day, and that compliance reads the tree of its day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.core.contributions import Handover
from resolute.core.periods import Period
from resolute.orgunits.actions import close_unit
from resolute.orgunits.models import OrgUnitKind, Reorganisation
from resolute.reporting.actions import reorganisation as carrying
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.actions.letters import draft_letter, send_letter, sign_letter
from resolute.reporting.actions.regimes import create_regime, submit_report
from resolute.reporting.models import (
    LadderEvent,
    LetterStatus,
    Notification,
    OutgoingEmail,
    RegimeKind,
    StepKind,
    UrgingLetter,
)
from resolute.reporting.selectors import takeovers as held
from resolute.reporting.selectors.compliance import units_under
from resolute.reporting.selectors.ladder import board_data, report_subjects, subjects_in_reach
from resolute.reporting.selectors.obligations import compliance, expected
from resolute.tasks.tests.factories import assign, browser_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_DAY = date(2025, 6, 30)
NEW_DAY = date(2025, 7, 1)
AFTER = date(2025, 7, 10)
MAY = Period.parse("202505")
JULY = Period.parse("202507")
BASIS = "Nghị quyết 1659/NQ-UBTVQH15"
PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def merged(tree, time_machine):
    """Phường Minh An and Thành phố Hội An close on 30/06/2025; Phường Hội An carries their work."""
    time_machine.move_to(date(2025, 5, 1), tick=False)
    successor = make_unit(
        "Phường Hội An",
        tree["province"],
        OrgUnitKind.COMMUNE,
        code="20333",
        name_en="Hoi An Ward",
        document_symbol="UBND-PHA",
        effective_from=NEW_DAY,
    )
    reorganisation = Reorganisation.objects.create(
        title="Sắp xếp đơn vị hành chính cấp xã",
        legal_basis=BASIS,
        effective_on=NEW_DAY,
        area=tree["province"],
    )
    return {"successor": successor, "reorganisation": reorganisation}


def close_old_units(tree, merged):
    close_unit(
        acting_user=None, unit=tree["commune_a1"], closed_on=LAST_DAY, successors=[merged["successor"]]
    )
    close_unit(
        acting_user=None, unit=tree["district_a"], closed_on=LAST_DAY, successors=[merged["successor"]]
    )


def hand_over(items, successor):
    return [Handover(item=item, successor=successor) for item in items]


def narrative(tree, issuer="province", **fields):
    values = {
        "name": "Báo cáo tháng",
        "kind": RegimeKind.NARRATIVE,
        "issuer": tree[issuer] if isinstance(issuer, str) else issuer,
        "period_type": "monthly",
        "legal_basis": "Quyết định 12/QĐ-UBND",
    }
    values.update(fields)
    return create_regime(acting_user=None, **values)


# -- each kind carried ----------------------------------------------------------------------------------


def test_a_regime_issued_by_a_closing_unit_is_issued_by_its_successor_from_the_day(
    tree, users, merged, time_machine
):
    regime = narrative(tree, issuer="district_a", unit_kinds=[OrgUnitKind.COMMUNE])
    close_old_units(tree, merged)
    items = held.held_regimes([tree["district_a"]], LAST_DAY)
    assert [(item.key, item.title) for item in items] == [(f"reporting.regime:{regime.pk}", "Báo cáo tháng")]

    moved = carrying.carry_regimes(
        hand_over(items, merged["successor"]), merged["reorganisation"], users["admin"]
    )

    regime.refresh_from_db()
    assert moved == 1 and regime.issuer == merged["successor"]
    assert held.issuers_on([regime], LAST_DAY)[regime.pk] == tree["district_a"]
    assert held.issuers_on([regime], NEW_DAY)[regime.pk] == merged["successor"]
    entry = history_of(regime).first()
    assert entry.changes["issuer"] == {"old": "Hoi An City", "new": "Hoi An Ward"}
    assert BASIS in entry.note
    time_machine.move_to(AFTER, tick=False)
    page = browser_for(users["admin"]).get(reverse("reporting:regime_edit", args=[regime.pk]))
    assert f"Taken over from Hoi An City on 01/07/2025 under {BASIS}." in page.content.decode()


def test_a_duty_naming_a_closing_unit_names_its_successor_once(tree, users, merged):
    naming_both = narrative(tree, units=[tree["district_a"], merged["successor"]])
    naming_one = narrative(tree, name="Báo cáo quý", units=[tree["commune_a1"]])
    close_old_units(tree, merged)
    items = held.held_duties([tree["district_a"], tree["commune_a1"]], LAST_DAY)
    assert sorted(item.title for item in items) == ["Báo cáo quý", "Báo cáo tháng"]

    carrying.carry_duties(hand_over(items, merged["successor"]), merged["reorganisation"], None)

    assert list(naming_both.units.all()) == [merged["successor"]]
    assert list(naming_one.units.all()) == [merged["successor"]]
    assert history_of(naming_one).first().changes["units"] == {
        "old": ["Phường Minh An"],
        "new": ["Phường Hội An"],
    }
    trace = held.traces_of(regime=naming_one)[0]
    assert trace.text == f"Taken over from {tree['commune_a1']} on 01/07/2025 under {BASIS}."


@pytest.fixture
def urged(tree, merged, time_machine):
    """Phường Minh An is escalated about an overdue task and a report it did not send; the province's
    letter to it waits for signature."""
    task = assign(
        tree["commune_a1"],
        assigned_by_unit=tree["province"],
        title="Clear the site of the market",
        assigned_on=date(2025, 3, 1),
        deadline=date(2025, 5, 30),
    )
    narrative(tree, units=[tree["commune_a1"]])
    run_ladder(on=date(2025, 6, 25))
    escalations = LadderEvent.objects.open_escalations().filter(unit=tree["commune_a1"])
    assert {bool(event.task_id) for event in escalations} == {True, False}
    return {"task": task, "letter": UrgingLetter.objects.get(recipient=tree["commune_a1"])}


def test_an_escalation_about_a_task_follows_it_and_one_about_a_report_is_closed(tree, users, merged, urged):
    notices = LadderEvent.objects.filter(unit=tree["commune_a1"], kind=StepKind.OVERDUE_NOTICE).count()
    close_old_units(tree, merged)
    items = held.held_escalations([tree["commune_a1"]], LAST_DAY)
    assert {item.role for item in items} == {"closed: unit reorganised", "follows the task"}

    carrying.carry_escalations(hand_over(items, merged["successor"]), merged["reorganisation"], None)

    about_task = LadderEvent.objects.get(kind=StepKind.ESCALATION, task=urged["task"])
    about_reports = LadderEvent.objects.filter(kind=StepKind.ESCALATION, task__isnull=True)
    assert about_task.unit == merged["successor"] and about_task.resolved_on is None
    assert {(event.unit, event.resolved_on) for event in about_reports} == {(tree["commune_a1"], NEW_DAY)}
    assert held.traces_of(event=about_reports[0])[0].text == (
        f"Closed on 01/07/2025: {tree['commune_a1']} was reorganised under {BASIS}."
    )
    # Reminders and notices already fired stay the old unit's record.
    old_notices = LadderEvent.objects.filter(unit=tree["commune_a1"], kind=StepKind.OVERDUE_NOTICE)
    assert old_notices.count() == notices


def test_a_letter_not_yet_sent_is_readdressed_to_the_successor_listing_only_the_tasks(
    tree, users, merged, urged, time_machine
):
    letter = urged["letter"]
    assert {item["kind"] for item in letter.items} == {"report", "task"}
    sign_letter(
        acting_user=None,
        letter=letter,
        signed_scan=SimpleUploadedFile("scan.pdf", PDF_SCAN, content_type="application/pdf"),
        on=date(2025, 6, 26),
    )
    close_old_units(tree, merged)
    items = held.held_letters_to([tree["commune_a1"]], LAST_DAY)
    assert [item.title for item in items] == [f"Urging letter {letter.number}"]

    carrying.carry_letters_to(hand_over(items, merged["successor"]), merged["reorganisation"], None)

    letter.refresh_from_db()
    assert letter.recipient == merged["successor"]
    assert [item["kind"] for item in letter.items] == ["task"]
    assert (
        letter.status == LetterStatus.DRAFTED and not letter.signed_scan
    )  # the signed paper named the old unit
    assert letter.issued_on == NEW_DAY and letter.issuer == tree["province"]
    time_machine.move_to(AFTER, tick=False)
    page = browser_for(users["office"]).get(letter.get_absolute_url())
    assert f"Taken over from {tree['commune_a1']} on 01/07/2025 under {BASIS}." in page.content.decode()


def test_a_letter_not_yet_sent_by_a_closing_unit_is_renumbered_by_its_successor(tree, merged):
    issuer = make_unit("Huyện Điện Bàn", tree["province"], OrgUnitKind.DISTRICT, document_symbol="UBND-DB")
    without_symbol = make_unit("Xã Điện Quang", tree["province"], OrgUnitKind.COMMUNE, effective_from=NEW_DAY)
    assign(
        tree["commune_b1"], assigned_by_unit=issuer, assigned_on=date(2025, 3, 1), deadline=date(2025, 4, 30)
    )
    first = draft_letter(acting_user=None, issuer=issuer, recipient=tree["commune_b1"], on=date(2025, 6, 20))
    second = draft_letter(acting_user=None, issuer=issuer, recipient=tree["district_b"], on=date(2025, 6, 20))
    close_unit(acting_user=None, unit=issuer, closed_on=LAST_DAY, successors=[merged["successor"]])
    items = {item.key: item for item in held.held_letters_from([issuer], LAST_DAY)}
    handovers = [
        Handover(items[f"reporting.letter_from:{first.pk}"], merged["successor"]),
        Handover(items[f"reporting.letter_from:{second.pk}"], without_symbol),
    ]

    carrying.carry_letters_from(handovers, merged["reorganisation"], None)

    first.refresh_from_db()
    assert (first.issuer, first.number) == (merged["successor"], "01/UBND-PHA")
    assert held.traces_of(letter=first)[0].from_unit == issuer
    # Without a symbol the successor could not number it: the draft is withdrawn, and the log says why.
    assert not UrgingLetter.objects.filter(pk=second.pk).exists()


def test_what_stays_with_the_old_units_is_counted(tree, merged, urged, time_machine):
    regime = narrative(tree, units=[tree["commune_a1"]])
    time_machine.move_to(date(2025, 6, 1), tick=False)
    submit_report(acting_user=None, regime=regime, unit=tree["commune_a1"], period="202505", text="Đã xong.")
    assert held.kept_submissions([tree["commune_a1"]], LAST_DAY) == 1
    assert held.kept_letters_to([tree["commune_a1"]], LAST_DAY) == 0
    assert (
        held.kept_steps([tree["commune_a1"]], LAST_DAY)
        == LadderEvent.objects.filter(unit=tree["commune_a1"]).exclude(kind=StepKind.ESCALATION).count()
    )


# -- a closed unit is never urged or listed as owing after its day ------------------------------------


def test_a_closed_unit_owes_what_fell_due_before_its_last_day_and_nothing_after(tree, merged):
    regime = narrative(tree, units=[tree["commune_a1"], merged["successor"]])
    close_old_units(tree, merged)
    assert tree["commune_a1"] in {obligation.unit for obligation in expected(regime, MAY)}
    july = {obligation.unit for obligation in expected(regime, JULY)}
    assert tree["commune_a1"] not in july and merged["successor"] in july
    in_reach = subjects_in_reach(date(2025, 6, 27))
    assert not [
        subject for subject in in_reach if subject.unit == tree["commune_a1"] and "202507" in subject.key
    ]


def test_a_closed_unit_gets_no_reminder_notice_or_email_after_its_day(tree, users, merged, time_machine):
    from resolute.orgunits.models import Membership

    Membership.objects.create(user=users["district_a_reporter"], unit=tree["commune_a1"], role="reporter")
    users["district_a_reporter"].email = "hoian@example.vn"
    users["district_a_reporter"].save()
    narrative(tree, units=[tree["commune_a1"]])
    close_old_units(tree, merged)
    for day in (date(2025, 7, 10), date(2025, 7, 16), date(2025, 8, 20)):
        time_machine.move_to(day, tick=False)
        run_ladder(on=day)
    assert not LadderEvent.objects.filter(unit=tree["commune_a1"], fired_on__gt=LAST_DAY).exists()
    assert not Notification.objects.filter(user=users["district_a_reporter"]).exists()
    assert not OutgoingEmail.objects.filter(to="hoian@example.vn").exists()
    assert not [
        s for s in report_subjects(AFTER, deadline_before=date(2025, 9, 1)) if s.unit == tree["commune_a1"]
    ]


def test_the_board_lists_no_escalation_or_row_for_a_closed_unit(tree, users, merged, urged, time_machine):
    time_machine.move_to(LAST_DAY, tick=False)
    assert board_data(users["office"], date(2025, 6, 29))["escalations"]
    close_old_units(tree, merged)
    board = board_data(users["office"], LAST_DAY)
    assert board["escalations"] == []
    assert not [row for row in board["overdue"] if row.unit == tree["commune_a1"]]


def test_a_signed_letter_is_not_sent_to_a_unit_closed_by_the_day(tree, users, merged, urged):
    letter = sign_letter(
        acting_user=None,
        letter=urged["letter"],
        signed_scan=SimpleUploadedFile("scan.pdf", PDF_SCAN, content_type="application/pdf"),
        on=date(2025, 6, 26),
    )
    close_old_units(tree, merged)
    with pytest.raises(ValidationError) as refusal:
        send_letter(acting_user=None, letter=letter, on=NEW_DAY)
    assert "closed on 30/06/2025" in refusal.value.message_dict["recipient"][0]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SIGNED


# -- compliance on both sides of the day -----------------------------------------------------------------


def test_compliance_as_of_the_last_day_shows_the_old_units_and_from_the_day_the_new_ones(
    tree, users, merged, time_machine
):
    regime = narrative(tree, unit_kinds=[OrgUnitKind.COMMUNE])
    time_machine.move_to(datetime(2025, 5, 15, 9, tzinfo=HANOI), tick=False)
    submit_report(acting_user=None, regime=regime, unit=tree["commune_a1"], period="202505", text="Báo cáo.")
    close_old_units(tree, merged)
    time_machine.move_to(AFTER, tick=False)

    before = compliance(units_under(users["admin"], tree["province"], LAST_DAY), [regime], [MAY], LAST_DAY)
    assert [(row.unit.name, row.received, row.expected) for row in before] == [
        ("Phường Minh An", 1, 1),
        ("Thị trấn Ái Nghĩa", 0, 1),
    ]
    after = compliance(units_under(users["admin"], tree["province"], AFTER), [regime], [JULY], AFTER)
    assert sorted(row.unit.name for row in after) == ["Phường Hội An", "Thị trấn Ái Nghĩa"]

    browser = browser_for(users["admin"])
    page = browser.get(
        reverse("reporting:compliance"), {"regime": regime.pk, "first": "202505", "as_of": "2025-06-30"}
    )
    assert [row["row"].unit.name for row in page.context["rows"]] == ["Phường Minh An", "Thị trấn Ái Nghĩa"]
    page = browser.get(
        reverse("reporting:compliance"), {"regime": regime.pk, "first": "202505", "as_of": "2025-07-10"}
    )
    assert "Phường Minh An" not in [row["row"].unit.name for row in page.context["rows"]]


def test_compliance_before_the_day_reads_a_carried_regime_under_its_old_issuer(tree, merged, time_machine):
    regime = narrative(tree, issuer="district_a", unit_kinds=[OrgUnitKind.COMMUNE])
    close_old_units(tree, merged)
    items = held.held_regimes([tree["district_a"]], LAST_DAY)
    carrying.carry_regimes(hand_over(items, merged["successor"]), merged["reorganisation"], None)
    regime.refresh_from_db()
    time_machine.move_to(AFTER, tick=False)
    assert [row.unit for row in compliance([tree["commune_a1"]], [regime], [MAY], LAST_DAY)] == [
        tree["commune_a1"]
    ]
    assert [row.unit for row in compliance([merged["successor"]], [regime], [JULY], AFTER)] == [
        merged["successor"]
    ]


# -- a constant number of queries ------------------------------------------------------------------------


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def closing_units(tree, prefix, count):
    """Units that issue a regime each and are named by another."""
    units = [
        make_unit(f"{prefix} {n}", tree["province"], OrgUnitKind.COMMUNE, document_symbol=f"UBND-{prefix}{n}")
        for n in range(count)
    ]
    for unit in units:
        narrative(tree, name=f"Chế độ {unit.name}", units=[unit])
        narrative(tree, name=f"Báo cáo của {unit.name}", issuer=unit, unit_kinds=[OrgUnitKind.COMMUNE])
    return units


@pytest.mark.parametrize(
    ("read", "carry"),
    [
        (held.held_regimes, carrying.carry_regimes),
        (held.held_duties, carrying.carry_duties),
    ],
)
def test_reading_and_carrying_take_the_same_number_of_queries_for_one_unit_or_many(tree, merged, read, carry):
    few, many = closing_units(tree, "A", 1), closing_units(tree, "B", 4)
    for kept in (held.kept_submissions, held.kept_steps, held.kept_letters_to, held.kept_letters_from):
        assert queries(lambda kept=kept: kept(few, LAST_DAY)) == queries(
            lambda kept=kept: kept(many, LAST_DAY)
        )
    assert queries(lambda: read(few, LAST_DAY)) == queries(lambda: read(many, LAST_DAY))
    counts = []
    for units in (few, many):
        items = list(read(units, LAST_DAY))
        counts.append(
            queries(
                lambda items=items: carry(
                    hand_over(items, merged["successor"]), merged["reorganisation"], None
                )
            )
        )
    assert counts[0] == counts[1]
