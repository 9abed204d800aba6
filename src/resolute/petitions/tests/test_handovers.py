"""A reorganisation hands a closing unit's open petitions to its successor: those it settles (a step
says the successor took them over, and their legal clocks run on) and those it received (so someone
routes and follows them up). Closed petitions and duplicates stay as its record. The half-year of
`scenario`; on 1 July 2025 the Department of Natural Resources and Environment merges into the new
Department of Agriculture and Environment, and the reception office into the People's Committee's
office."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.changelog import history_of
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.models import ReorganisationStepKind as Kind
from resolute.orgunits.reorganisation import plan_reorganisation
from resolute.petitions.models import Petition

from .scenario import half_year, register_at

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANOI)


@pytest.fixture
def made(petitions_tree, people, time_machine):
    time_machine.move_to(at(date(2025, 6, 2)), tick=False)
    made = half_year(petitions_tree)
    # Received by the department itself, the competent unit: it holds it both ways.
    made["K"] = register_at(
        petitions_tree["environment"],
        "reflection",
        date(2025, 5, 30),
        handling_unit=petitions_tree["environment"],
    )
    return made


def draft_of(units, users):
    draft = unit_actions.create_reorganisation(
        acting_user=users["admin"],
        area=units["province"],
        title="Sắp xếp các sở",
        legal_basis="Nghị quyết 1659/NQ-UBTVQH15",
        effective_on=DAY,
    )
    merged = unit_actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Sở Nông nghiệp và Môi trường",
        kind=OrgUnitKind.DEPARTMENT,
        parent=units["committee"],
    )
    unit_actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[units["environment"]],
        successors=[merged],
    )
    office = make_unit("Văn phòng UBND tỉnh", units["committee"], OrgUnitKind.AGENCY)
    unit_actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[units["reception"]],
        successors=[office],
    )
    return draft


def test_the_preview_lists_each_closing_units_open_petitions_by_code_and_kind(
    made, petitions_tree, people, time_machine
):
    plan = plan_reorganisation(draft_of(petitions_tree, people))
    [group] = [group for group in plan.work if group.work.key == "petitions.open"]
    items = {(handover.item.key.split(":")[0], handover.item.title) for handover in group.handovers}
    code = {letter: petition.code for letter, petition in made.items()}
    assert items == {
        ("petitions.handling", f"{code['D']} · recommendation"),
        ("petitions.handling", f"{code['K']} · reflection"),
        ("petitions.received", f"{code['K']} · reflection"),
        # The reception office received C (at the inspectorate), D, I and J, still open.
        ("petitions.received", f"{code['C']} · denunciation"),
        ("petitions.received", f"{code['D']} · recommendation"),
        ("petitions.received", f"{code['I']} · complaint"),
        ("petitions.received", f"{code['J']} · complaint"),
    }
    # Closed: A and B (received at reception, settled at the department), E (forwarded), F (refused),
    # and G, the duplicate.
    assert group.kept == 5
    assert all(made["C"].subject not in title for _key, title in items)


def test_applying_hands_the_open_petitions_over_with_a_step_and_a_logged_change(
    made, petitions_tree, people, time_machine
):
    draft = draft_of(petitions_tree, people)
    time_machine.move_to(at(date(2025, 7, 2)), tick=False)
    unit_actions.apply_reorganisation(acting_user=people["admin"], reorganisation=draft)
    merged = OrgUnit.objects.get(name="Sở Nông nghiệp và Môi trường")
    office = OrgUnit.objects.get(name="Văn phòng UBND tỉnh")
    petitions = {letter: Petition.objects.get(pk=petition.pk) for letter, petition in made.items()}
    assert petitions["D"].handling_unit == merged and petitions["D"].received_by_unit == office
    assert petitions["K"].handling_unit == merged and petitions["K"].received_by_unit == merged
    assert petitions["C"].received_by_unit == office
    assert petitions["C"].handling_unit == petitions_tree["inspectorate"]
    # The clock runs on: D still owes its acceptance by 9 June.
    assert petitions["D"].next_deadline == made["D"].next_deadline
    step = petitions["D"].steps.order_by("-pk").first()
    assert (step.kind, step.day) == ("routed", DAY)
    assert "Sở Nông nghiệp và Môi trường took the petition over from Sở Tài nguyên và Môi trường" in step.note
    entries = [entry for entry in history_of(petitions["D"]) if "Sắp xếp các sở" in entry.note]
    assert sorted((name, change["new"]) for entry in entries for name, change in entry.changes.items()) == [
        ("handling_unit", "Sở Nông nghiệp và Môi trường"),
        ("received_by_unit", "Văn phòng UBND tỉnh"),
    ]
    # What was closed, and the duplicate, stay where they were.
    assert petitions["A"].handling_unit == petitions_tree["environment"]
    assert petitions["G"].received_by_unit == petitions_tree["reception"]
    draft.refresh_from_db()
    assert draft.outcome["petitions.open"] == 7


def test_the_successors_follow_up_board_counts_what_it_took_over(made, petitions_tree, people, time_machine):
    from resolute.petitions.selectors.follow_up import overdue_petitions_by_unit

    draft = draft_of(petitions_tree, people)
    time_machine.move_to(at(date(2025, 7, 2)), tick=False)
    unit_actions.apply_reorganisation(acting_user=people["admin"], reorganisation=draft)
    office = OrgUnit.objects.get(name="Văn phòng UBND tỉnh")
    rows = overdue_petitions_by_unit(people["office"], date(2025, 7, 2), 50)
    assert (petitions_tree["province"], office, 2) in [(row.issuer, row.unit, row.count) for row in rows]
