"""Tasks across a reorganisation: on 1 July 2025 the districts are abolished and the two communes
merge into a new ward. The work the closing units held passes to their successors; the finished work
stays their history; and every "as of" view reads the tree and the lead of its day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resolute.conftest import make_unit, make_user
from resolute.core.changelog import history_of
from resolute.core.contributions import CarriedWork, Handover, contributed
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import (
    OrgUnit,
    OrgUnitKind,
    Reorganisation,
    ReorganisationStepKind,
    UnitSuccession,
)
from resolute.orgunits.reorganisation import plan_reorganisation
from resolute.tasks import actions
from resolute.tasks.actions.copies import CopiesCheck, check_copies
from resolute.tasks.filters import TaskFilter
from resolute.tasks.models import Decision, ExtensionRequest, Task, TaskHandover
from resolute.tasks.rates import league_table, unit_rates, unit_results
from resolute.tasks.selectors import requests_awaiting_decision, scoped_tasks, task_figures, timeline
from resolute.tasks.tally import counted_from_tally

from .factories import ask_extension, assign, browser_for, complete

LAST_DAY = date(2025, 6, 30)
DAY = date(2025, 7, 1)
DUE = date(2025, 5, 31)
LEGAL_BASIS = "Nghị quyết 1659/NQ-UBTVQH15"


@pytest.fixture(autouse=True)
def on_the_day(time_machine):
    """Today is the reorganisation's day, and pages speak English."""
    time_machine.move_to(datetime(2025, 7, 1, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    with translation.override("en"):
        yield


def tasks_work() -> list[CarriedWork]:
    return [work for work in contributed(CarriedWork) if work.key.startswith("tasks.")]


def hand_over(reorganisation, successors: dict) -> dict[str, int]:
    """What the engine does for tasks on applying: each closing unit's held items to its successor.
    `successors` is {closing unit: successor}. Returns how many items each kind of work moved."""
    closing = list(successors)
    by_pk = {unit.pk: successor for unit, successor in successors.items()}
    moved = {}
    for work in tasks_work():
        handovers = [Handover(item, by_pk[item.unit.pk]) for item in work.held(closing, LAST_DAY)]
        moved[work.key] = work.carry(handovers, reorganisation, None)
    return moved


def close(unit, successor):
    unit_actions.close_unit(acting_user=None, unit=unit, closed_on=LAST_DAY, successors=[successor])


@pytest.fixture
def ward(tree):
    """The new ward that merges the two communes, under the province from 1 July."""
    return make_unit(
        "Phường Hội An Đông",
        tree["province"],
        OrgUnitKind.COMMUNE,
        name_en="Hoi An Dong Ward",
        effective_from=DAY,
    )


@pytest.fixture
def reorganisation(tree):
    return Reorganisation.objects.create(
        title="Two-level local government",
        legal_basis=LEGAL_BASIS,
        effective_on=DAY,
        area=tree["province"],
    )


@pytest.fixture
def work(tree):
    """Tasks of the closing units, made before the day."""
    lead = assign(
        tree["commune_a1"],
        assigned_by_unit=tree["district_a"],
        title="Clear the market site",
        deadline=DUE,
        coordinating=[tree["finance"]],
    )
    parent = assign(
        tree["district_b"], assigned_by_unit=tree["office"], title="Build the school", deadline=DUE
    )
    subtask = actions.create_subtask(
        acting_user=None,
        parent=parent,
        title="Clear the school site",
        title_en="Clear the school site",
        lead_unit=tree["commune_b1"],
        assigned_on=date(2025, 2, 3),
        deadline=DUE,
    )
    coordinated_by_both = assign(
        tree["finance"],
        assigned_by_unit=tree["committee"],
        title="Fund the new ward",
        deadline=date(2025, 12, 31),
        coordinating=[tree["commune_a1"], tree["commune_b1"]],
    )
    finished = assign(
        tree["commune_a1"], assigned_by_unit=tree["district_a"], title="Count the houses", deadline=DUE
    )
    complete(finished, proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 22))
    return {
        "lead": lead,
        "parent": parent,
        "subtask": subtask,
        "coordinated_by_both": coordinated_by_both,
        "finished": finished,
    }


@pytest.fixture
def reorganised(tree, ward, reorganisation, work):
    """The communes close into the ward and the districts into the province; their work passes."""
    close(tree["commune_a1"], ward)
    close(tree["commune_b1"], ward)
    close(tree["district_a"], tree["province"])
    close(tree["district_b"], tree["province"])
    UnitSuccession.objects.update(reorganisation=reorganisation)
    successors = {
        tree["commune_a1"]: ward,
        tree["commune_b1"]: ward,
        tree["district_a"]: tree["province"],
        tree["district_b"]: tree["province"],
    }
    return hand_over(reorganisation, successors)


def fresh(task) -> Task:
    return Task.objects.get(pk=task.pk)


# -- carrying ------------------------------------------------------------------------------------------


def test_the_open_tasks_a_closing_unit_leads_pass_to_its_successor_sub_tasks_too(
    tree, ward, work, reorganised
):
    assert fresh(work["lead"]).lead_unit == ward
    assert fresh(work["subtask"]).lead_unit == ward
    assert fresh(work["parent"]).lead_unit == tree["province"]
    assert reorganised["tasks.lead"] == 3


def test_the_coordinations_copies_and_the_status_tally_follow_the_handovers(tree, ward, work, reorganised):
    assert check_copies() == CopiesCheck(0, 0)
    assert work["lead"].coordinations.get().lead_unit == ward
    # The commune keeps the task it finished; the ward counts the two it took over.
    assert counted_from_tally(DAY, [tree["commune_a1"].pk]).total == 1
    assert counted_from_tally(DAY, [ward.pk]).by_status["overdue"] == 2


def test_a_task_finished_before_the_day_stays_with_the_old_unit(tree, work, reorganised):
    finished = fresh(work["finished"])
    assert finished.lead_unit == tree["commune_a1"]
    assert finished.assigned_by_unit == tree["district_a"]
    assert not TaskHandover.objects.filter(task=finished).exists()


def test_the_preview_counts_the_finished_tasks_that_stay_as_history(tree, work):
    lead_work = next(work_ for work_ in tasks_work() if work_.key == "tasks.lead")
    assert lead_work.kept([tree["commune_a1"], tree["commune_b1"]], LAST_DAY) == 1
    held = lead_work.held([tree["commune_a1"], tree["commune_b1"]], LAST_DAY)
    assert sorted(item.title for item in held) == ["Clear the market site", "Clear the school site"]
    assert all(item.key.startswith("tasks.lead:") for item in held)


def test_the_tasks_a_closing_unit_assigned_pass_to_its_successor_with_their_pending_requests(tree, work):
    request = ask_extension(work["lead"], requested_on=date(2025, 6, 20), proposed_deadline=date(2025, 9, 30))
    ward = make_unit("Phường Hội An Đông", tree["province"], OrgUnitKind.COMMUNE, effective_from=DAY)
    reorganisation = Reorganisation.objects.create(
        title="Two-level local government", legal_basis=LEGAL_BASIS, effective_on=DAY, area=tree["province"]
    )
    hand_over(reorganisation, {tree["district_a"]: tree["province"], tree["commune_a1"]: ward})
    assert fresh(work["lead"]).assigned_by_unit == tree["province"]
    request = ExtensionRequest.objects.get(pk=request.pk)
    assert request.decision == Decision.PENDING and request.task.lead_unit == ward
    waiting_for_the_province = requests_awaiting_decision([(tree["province"].path, Role.MANAGER)])
    assert request in waiting_for_the_province.extensions
    # The province's manager decides it now.
    manager = make_user("province_manager", (tree["province"], Role.MANAGER))
    decided = actions.decide_request(acting_user=manager, request=request, approve=True, decided_on=DAY)
    assert fresh(work["lead"]).deadline == decided.proposed_deadline


def test_coordinating_roles_pass_without_listing_the_successor_twice(ward, work, reorganised):
    task = fresh(work["coordinated_by_both"])
    assert list(task.coordinating_units.all()) == [ward]
    handovers = TaskHandover.objects.filter(task=task).order_by("id")
    assert [(handover.to_unit, handover.already_held) for handover in handovers] == [
        (ward, False),
        (ward, True),
    ]
    assert reorganised["tasks.coordinating"] == 2


def test_a_coordinating_role_passed_to_the_unit_that_leads_the_task_ends(tree, reorganisation):
    task = assign(
        tree["province"], assigned_by_unit=tree["office"], deadline=DUE, coordinating=[tree["commune_b1"]]
    )
    unit_actions.close_unit(acting_user=None, unit=tree["commune_b1"], closed_on=LAST_DAY, successors=[])
    hand_over(reorganisation, {tree["commune_b1"]: tree["province"]})
    assert not fresh(task).coordinating_units.exists()
    assert TaskHandover.objects.get(task=task).already_held


def test_a_task_led_by_a_unit_that_coordinated_it_no_longer_lists_it_as_coordinating(tree, reorganisation):
    task = assign(
        tree["commune_a1"], assigned_by_unit=tree["office"], deadline=DUE, coordinating=[tree["district_a"]]
    )
    hand_over(reorganisation, {tree["commune_a1"]: tree["district_a"]})
    task = fresh(task)
    assert task.lead_unit == tree["district_a"] and not task.coordinating_units.exists()


def test_a_handover_is_in_the_change_log_naming_the_reorganisation(tree, ward, work, reorganised):
    entry = next(entry for entry in history_of(work["lead"]) if "lead_unit" in entry.changes)
    assert entry.changes["lead_unit"] == {"old": str(tree["commune_a1"]), "new": str(ward)}
    assert "Two-level local government" in entry.note and LEGAL_BASIS in entry.note
    assert fresh(work["lead"]).version > work["lead"].version


def tasks_led_by(unit, count):
    for number in range(count):
        assign(
            unit,
            assigned_by_unit=unit.parent,
            title=f"Task {number}",
            deadline=DUE,
            coordinating=[unit.parent],
        )


def carrying_queries(tree, count) -> tuple[int, int]:
    """(queries of `held`, queries of `carry`) for `count` tasks a new commune leads and coordinates."""
    commune = make_unit(f"Xã {count}", tree["district_a"], OrgUnitKind.COMMUNE)
    district = make_unit(f"Huyện {count}", tree["province"], OrgUnitKind.DISTRICT)
    successor = make_unit(f"Phường {count}", tree["province"], OrgUnitKind.COMMUNE)
    tasks_led_by(commune, count)
    for number in range(count):
        assign(
            tree["finance"],
            assigned_by_unit=district,
            title=f"Help {number}",
            deadline=DUE,
            coordinating=[commune],
        )
    reorganisation = Reorganisation.objects.create(
        title="Merger", legal_basis=LEGAL_BASIS, effective_on=DAY, area=tree["province"]
    )
    closing = [commune, district]
    successors = {commune.pk: successor, district.pk: successor}
    held_queries = carry_queries = 0
    for work in tasks_work():
        with CaptureQueriesContext(connection) as queries:
            items = list(work.held(closing, LAST_DAY))
        held_queries += len(queries)
        with CaptureQueriesContext(connection) as queries:
            moved = work.carry(
                [Handover(item, successors[item.unit.pk]) for item in items], reorganisation, None
            )
        carry_queries += len(queries)
        assert moved == len(items) >= count
    return held_queries, carry_queries


def test_listing_and_carrying_the_work_reads_as_many_queries_for_3_or_40_tasks(tree):
    assert carrying_queries(tree, 3) == carrying_queries(tree, 40)


# -- the timeline and the successor's pages ------------------------------------------------------------------


def handover_texts(task) -> list[str]:
    return [event.text for event in timeline(fresh(task)) if event.kind == "handover"]


def test_the_timeline_says_who_took_the_task_over_and_under_what(tree, work, reorganised):
    assert handover_texts(work["lead"]) == [
        f"Taken over from {tree['commune_a1']} on 01/07/2025 under {LEGAL_BASIS}. "
        "Hoi An Dong Ward leads the task from that day.",
        f"Taken over from Hoi An City on 01/07/2025 under {LEGAL_BASIS}. "
        "Quang Nam Province decides its extensions and completion from that day.",
    ]


def test_the_assignment_on_the_timeline_still_names_the_units_of_its_day(tree, work, reorganised):
    assigned = next(event for event in timeline(fresh(work["lead"])) if event.kind == "assigned")
    assert assigned.text.startswith(f"Assigned by Hoi An City to {tree['commune_a1']}")


def test_the_timeline_says_it_in_vietnamese_too(work, reorganised):
    with translation.override("vi"):
        texts = handover_texts(work["lead"])
    assert f"Tiếp nhận từ Phường Minh An ngày 01/07/2025 theo {LEGAL_BASIS}." in " ".join(texts)
    assert "Phường Hội An Đông chủ trì nhiệm vụ từ ngày đó." in " ".join(texts)
    assert "Tỉnh Quảng Nam quyết định việc gia hạn và hoàn thành nhiệm vụ từ ngày đó." in " ".join(texts)


def test_the_successors_inbox_shows_the_carried_task_with_its_history(tree, ward, work, reorganised):
    member = make_user("ward_reporter", (ward, Role.REPORTER))
    browser = browser_for(member)
    inbox = browser.get("/tasks/inbox/").content.decode()
    assert "Clear the market site" in inbox and "Clear the school site" in inbox
    page = browser.get(work["lead"].get_absolute_url()).content.decode()
    assert f"on 01/07/2025 under {LEGAL_BASIS}. Hoi An Dong Ward leads the task from that day." in page
    assert "Assigned by Hoi An City to Phường Minh An" in page
    assert "Count the houses" not in inbox


# -- the views as of a day ------------------------------------------------------------------------------


def league_rows(parent, day) -> dict[str, tuple[int, int, int]]:
    """{unit name: (completed on time, overdue, in progress)} of the league table of `parent` on `day`."""
    league = league_table(parent, as_of=day, user=None)
    return {
        row.unit.name: (row.rates.completed_on_time, row.rates.overdue, row.rates.in_progress)
        for row in league.rows
    }


def test_the_league_table_on_the_last_day_lists_the_old_units_with_their_tasks(tree, reorganised):
    assert league_rows(tree["province"], LAST_DAY) == {
        "Tỉnh ủy": (0, 0, 0),
        "UBND tỉnh": (0, 0, 1),
        "Thành phố Hội An": (1, 1, 0),
        "Huyện Đại Lộc": (0, 2, 0),
    }


def test_the_league_table_on_the_day_lists_the_new_units_and_the_old_units_history(tree, reorganised):
    league = league_table(tree["province"], as_of=DAY, user=None)
    assert league_rows(tree["province"], DAY) == {
        "Tỉnh ủy": (0, 0, 0),
        "UBND tỉnh": (0, 0, 1),
        "Phường Hội An Đông": (0, 2, 0),
        "Thành phố Hội An": (1, 0, 0),
    }
    assert league.parent_alone.overdue == 1  # the school, led by the province since the districts closed


def test_the_totals_add_up_on_both_sides_of_the_day(tree, reorganised):
    before = league_table(tree["province"], as_of=LAST_DAY, user=None).total
    after = league_table(tree["province"], as_of=DAY, user=None).total
    assert before.counted == after.counted == 5


def test_the_rates_of_a_unit_are_those_of_its_area_on_the_day(tree, ward, reorganised):
    old_district = unit_rates(tree["district_a"], as_of=LAST_DAY)
    assert (old_district.completed_on_time, old_district.overdue) == (1, 1)
    new_district = unit_rates(tree["district_a"], as_of=DAY)
    assert (new_district.completed_on_time, new_district.overdue) == (1, 0)
    # Before the day, the ward's area is the two communes it took over.
    ward_before = unit_rates(ward, as_of=LAST_DAY)
    assert (ward_before.completed_on_time, ward_before.overdue) == (1, 2)
    assert unit_rates(ward, as_of=DAY).overdue == 2
    results = unit_results(tree["district_a"], as_of=LAST_DAY)
    assert results.with_subtree == old_district and results.has_sub_units


def listed(user, **query) -> set[str]:
    request = RequestFactory().get("/tasks/")
    request.user = user
    filterset = TaskFilter({key: str(value) for key, value in query.items()}, request=request)
    assert filterset.is_valid(), filterset.errors
    return {task.title for task in filterset.qs}


def test_the_task_list_filtered_by_unit_as_of_a_day_reads_the_leads_of_that_day(
    tree, users, ward, reorganised
):
    admin = users["admin"]
    old = dict(unit=tree["district_a"].pk, role="lead", include_below=1)
    assert listed(admin, as_of=LAST_DAY, **old) == {"Clear the market site", "Count the houses"}
    assert listed(admin, as_of=DAY, **old) == {"Count the houses"}
    new = dict(unit=ward.pk, role="lead", include_below=1)
    assert listed(admin, as_of=DAY, **new) == {"Clear the market site", "Clear the school site"}
    coordinating = dict(role="coordinating", include_below=1)
    assert listed(admin, as_of=LAST_DAY, unit=tree["commune_a1"].pk, **coordinating) == {"Fund the new ward"}
    assert listed(admin, as_of=LAST_DAY, unit=ward.pk, **coordinating) == {"Fund the new ward"}
    assert listed(admin, as_of=DAY, unit=tree["commune_a1"].pk, **coordinating) == set()
    assert listed(admin, as_of=DAY, unit=ward.pk, **coordinating) == {"Fund the new ward"}


def test_the_dashboard_figures_of_a_unit_count_the_tasks_of_its_area_on_the_day(
    tree, users, ward, reorganised
):
    leader = users["leader"]
    before = task_figures(scoped_tasks(leader, tree["district_b"], as_of=LAST_DAY), LAST_DAY)
    assert (before.total, before.overdue) == (2, 2)
    after = task_figures(scoped_tasks(leader, tree["district_b"], as_of=DAY), DAY)
    assert after.total == 0
    ward_after = task_figures(scoped_tasks(leader, ward, as_of=DAY), DAY)
    assert (ward_after.total, ward_after.overdue) == (2, 2)


def reorganised_province(number: int, tasks: int):
    """A province of its own whose commune, leading `tasks` overdue tasks and one finished, merges into a
    new ward on the day, its work handed over."""
    province = make_unit(f"Tỉnh {number}", kind=OrgUnitKind.PROVINCE)
    district = make_unit(f"Huyện {number}", province, OrgUnitKind.DISTRICT)
    commune = make_unit(f"Xã {number}", district, OrgUnitKind.COMMUNE)
    ward = make_unit(f"Phường {number}", province, OrgUnitKind.COMMUNE, effective_from=DAY)
    for count in range(tasks):
        assign(commune, assigned_by_unit=district, title=f"Task {count}", deadline=DUE)
    done = assign(commune, assigned_by_unit=district, title="Done", deadline=DUE)
    complete(done, proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 22))
    close(commune, ward)
    close(district, province)
    reorganisation = Reorganisation.objects.create(
        title="Merger", legal_basis=LEGAL_BASIS, effective_on=DAY, area=province
    )
    hand_over(reorganisation, {commune: ward, district: province})
    return province, ward, make_user(f"admin_{number}", (province, Role.ADMIN))


def as_of_queries(province, ward, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        league_table(province, as_of=LAST_DAY, user=None)
        unit_rates(ward, as_of=LAST_DAY)
        unit_results(ward, as_of=LAST_DAY)
        listed(user, as_of=LAST_DAY, unit=ward.pk, include_below=1)
        task_figures(scoped_tasks(user, ward, as_of=LAST_DAY), LAST_DAY)
    return len(queries)


def test_the_views_as_of_a_day_before_the_reorganisation_read_as_many_queries_for_3_or_30_tasks(db):
    few = as_of_queries(*reorganised_province(1, 3))
    many = as_of_queries(*reorganised_province(2, 30))
    assert few == many
    province, _ward, _admin = reorganised_province(3, 1)
    rows = league_table(province, as_of=LAST_DAY, user=None).rows
    assert [(row.unit.name, row.rates.overdue, row.rates.completed) for row in rows] == [("Huyện 3", 1, 1)]


# -- through the reorganisation engine -------------------------------------------------------------------


def test_applying_a_merger_hands_the_communes_tasks_to_the_new_ward_as_previewed(tree, users, work):
    draft = unit_actions.create_reorganisation(
        acting_user=users["admin"],
        area=tree["province"],
        title="Two-level local government",
        legal_basis=LEGAL_BASIS,
        effective_on=DAY,
    )
    planned = unit_actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Hội An Đông",
        kind=OrgUnitKind.COMMUNE,
        parent=tree["province"],
    )
    unit_actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=ReorganisationStepKind.MERGE,
        sources=[tree["commune_a1"], tree["commune_b1"]],
        successors=[planned],
    )
    plan = plan_reorganisation(draft)
    groups = {group.work.key: group for group in plan.work}
    assert len(groups["tasks.lead"].handovers) == 2 and groups["tasks.lead"].kept == 1
    assert len(groups["tasks.coordinating"].handovers) == 2

    unit_actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    ward = OrgUnit.objects.get(name="Phường Hội An Đông")
    assert fresh(work["lead"]).lead_unit == ward and fresh(work["subtask"]).lead_unit == ward
    assert list(fresh(work["coordinated_by_both"]).coordinating_units.all()) == [ward]
    assert fresh(work["finished"]).lead_unit == tree["commune_a1"]
    assert league_rows(tree["province"], LAST_DAY)["Thành phố Hội An"] == (1, 1, 0)
    assert league_rows(tree["province"], DAY)["Phường Hội An Đông"] == (0, 2, 0)


def test_the_report_and_its_overdue_list_name_the_units_that_led_the_tasks_on_their_day(
    tree, ward, work, reorganised
):
    from resolute.tasks.selectors import lead_units_on, overdue_by_lead_unit

    tasks = Task.objects.filter(pk__in=[work["lead"].pk, work["subtask"].pk])
    before = {row.unit: row.count for row in overdue_by_lead_unit(tasks, LAST_DAY)}
    assert before == {
        OrgUnit.objects.get(pk=tree["commune_a1"].pk): 1,
        OrgUnit.objects.get(pk=tree["commune_b1"].pk): 1,
    }
    assert {row.unit: row.count for row in overdue_by_lead_unit(tasks, DAY)} == {ward: 2}
    leads = lead_units_on(tasks.select_related("lead_unit"), LAST_DAY)
    assert leads[work["lead"].pk] == tree["commune_a1"] and leads[work["subtask"].pk] == tree["commune_b1"]
    assert set(lead_units_on(tasks.select_related("lead_unit"), DAY).values()) == {ward}
