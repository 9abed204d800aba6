"""Targets and indicators across a reorganisation: open targets and shares pass to the successor,
values stay with the units that entered them, and figures add up across the change."""

import re
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.conftest import make_unit
from resolute.core.contributions import CarriedWork, Handover, contributed
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import Period, PeriodType
from resolute.orgunits.actions import close_unit
from resolute.orgunits.models import OrgUnitKind, Reorganisation
from resolute.reports.views.dashboard import scorecard_context
from resolute.targets import dashboard as target_panels
from resolute.targets import selectors
from resolute.targets.handovers import held_shares, held_targets, kept_targets, kept_values
from resolute.targets.models import DataValue, Target, TargetBreakdown, TargetHandover
from resolute.targets.rollup import unit_value, year_value

from .rows import make_indicator, make_target, make_value

pytestmark = pytest.mark.django_db

TAKEOVER = date(2025, 7, 1)
LAST_DAY = TAKEOVER - timedelta(days=1)
BASIS = "Resolution 1659/NQ-UBTVQH15"
TODAY = date(2026, 1, 20)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def reorganisation_of(area, effective_on=TAKEOVER) -> Reorganisation:
    return Reorganisation.objects.create(
        title="Arrangement of communes 2025", legal_basis=BASIS, effective_on=effective_on, area=area
    )


def merge(sources, into, *, on=TAKEOVER):
    """Close `sources` the day before `on`, naming `into` their successor."""
    for source in sources:
        close_unit(acting_user=None, unit=source, closed_on=on - timedelta(days=1), successors=[into])


def new_unit(name, parent, *, on=TAKEOVER, kind=OrgUnitKind.COMMUNE):
    return make_unit(name, parent, kind, effective_from=on)


def work_of(key) -> CarriedWork:
    return next(work for work in contributed(CarriedWork) if work.key == key)


def carry(key, closing, successor_of, reorganisation, *, day=LAST_DAY) -> int:
    """Hand everything of kind `key` the `closing` units hold to `successor_of(item)`, as the
    reorganisation engine does on apply."""
    work = work_of(key)
    handovers = [Handover(item, successor_of(item)) for item in work.held(closing, day)]
    return work.carry(handovers, reorganisation, None)


def six_monthly(code="HOUSES", **fields):
    return make_indicator(code, periodicity=PeriodType.SIX_MONTHLY, **fields)


# -- carrying owned targets and shares ------------------------------------------------------------


def test_open_targets_and_shares_of_a_closing_commune_pass_to_its_successor_and_finished_ones_stay(tree):
    houses = six_monthly()
    a1, b1 = tree["commune_a1"], tree["commune_b1"]
    merged = new_unit("Phường Hội An", tree["province"])
    open_target = make_target(a1, houses, value="100")
    finished = make_target(a1, houses, value="40", deadline=LAST_DAY)
    provincial = make_target(tree["province"], houses, value="500")
    share = TargetBreakdown.objects.create(target=provincial, unit=a1, value=Decimal("120.5"))
    make_value(houses, a1, "2025S1", "60")
    reorganisation = reorganisation_of(tree["province"])

    assert [item.key for item in held_targets([a1, b1], LAST_DAY)] == [f"targets.target:{open_target.pk}"]
    assert [item.key for item in held_shares([a1, b1], LAST_DAY)] == [f"targets.share:{share.pk}"]
    assert kept_targets([a1], LAST_DAY) == 1
    assert kept_values([a1], LAST_DAY) == 1

    merge([a1], merged)
    assert carry("targets.target", [a1], lambda item: merged, reorganisation) == 1
    assert carry("targets.share", [a1], lambda item: merged, reorganisation) == 1

    open_target.refresh_from_db()
    finished.refresh_from_db()
    share.refresh_from_db()
    assert open_target.unit == merged
    assert finished.unit == a1
    assert (share.unit, share.value) == (merged, Decimal("120.5"))
    assert DataValue.objects.get().unit == a1
    notes = ChangeLogEntry.objects.filter(note__contains=BASIS)
    assert notes.filter(object_id=str(open_target.pk), changes__unit__new=str(merged)).exists()


def test_a_share_handed_to_a_successor_that_already_holds_one_is_added_exactly_not_duplicated(tree):
    houses = six_monthly()
    a1, b1 = tree["commune_a1"], tree["commune_b1"]
    provincial = make_target(tree["province"], houses, value="1000")
    TargetBreakdown.objects.create(target=provincial, unit=a1, value=Decimal("0.1"))
    TargetBreakdown.objects.create(target=provincial, unit=b1, value=Decimal("0.2"))
    survivor = make_unit("Phường Điện Bàn", tree["province"], OrgUnitKind.COMMUNE)
    TargetBreakdown.objects.create(target=provincial, unit=survivor, value=Decimal("333.333333"))
    merge([a1, b1], survivor)

    moved = carry("targets.share", [a1, b1], lambda item: survivor, reorganisation_of(tree["province"]))

    assert moved == 2
    [share] = TargetBreakdown.objects.filter(target=provincial)
    assert (share.unit, share.value) == (survivor, Decimal("333.633333"))
    assert TargetHandover.objects.filter(target=provincial, role="share").count() == 2


def test_two_closing_units_handing_shares_to_a_new_unit_give_it_one_share_of_their_sum(tree):
    houses = six_monthly()
    a1, b1 = tree["commune_a1"], tree["commune_b1"]
    provincial = make_target(tree["province"], houses, value="1000")
    TargetBreakdown.objects.create(target=provincial, unit=a1, value=Decimal("10.25"))
    TargetBreakdown.objects.create(target=provincial, unit=b1, value=Decimal("20.5"))
    merged = new_unit("Xã mới", tree["province"])
    merge([a1, b1], merged)

    carry("targets.share", [a1, b1], lambda item: merged, reorganisation_of(tree["province"]))

    assert list(TargetBreakdown.objects.values_list("unit", "value")) == [(merged.pk, Decimal("30.75"))]


def test_the_target_page_shows_the_share_taken_over_with_the_day_and_the_legal_basis(tree, users):
    houses = six_monthly()
    b1 = tree["commune_b1"]
    provincial = make_target(tree["province"], houses, value="1000")
    TargetBreakdown.objects.create(target=provincial, unit=b1, value=Decimal("25"))
    merged = new_unit("Xã Đại Lộc mới", tree["district_b"])
    merge([b1], merged)
    carry("targets.share", [b1], lambda item: merged, reorganisation_of(tree["province"]))

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["leader"])
    html = client.get(provincial.get_absolute_url()).content.decode()
    assert f"Share taken over from {b1} on 01/07/2025 under {BASIS}" in html
    with translation.override("vi"):
        [handover] = TargetHandover.objects.all()
        assert handover.sentence == f"Phần chỉ tiêu nhận từ {b1.name} ngày 01/07/2025 theo {BASIS}"


def test_carrying_costs_the_same_queries_for_two_closing_units_as_for_six(tree):
    houses = six_monthly()
    reorganisation = reorganisation_of(tree["province"])
    provincial = make_target(tree["province"], houses, value="1000")
    for model in (Target, TargetBreakdown):
        ContentType.objects.get_for_model(model)  # cached for the process after the first read

    def close_and_carry(number: int) -> list[int]:
        closing = [make_unit(f"Xã {number}-{index}", tree["district_a"]) for index in range(number)]
        successor = make_unit(f"Phường {number}", tree["district_a"])
        TargetBreakdown.objects.create(target=provincial, unit=successor, value=Decimal(1))
        for unit in closing:
            make_target(unit, houses, value="5")
            TargetBreakdown.objects.create(target=provincial, unit=unit, value=Decimal(2))
        merge(closing, successor)
        counts = []
        for key in ("targets.target", "targets.share"):
            work = work_of(key)
            with CaptureQueriesContext(connection) as held:
                items = list(work.held(closing, LAST_DAY))
            with CaptureQueriesContext(connection) as carried:
                work.carry([Handover(item, successor) for item in items], reorganisation, None)
            counts += [len(held), len(carried)]
        assert not TargetBreakdown.objects.filter(unit__in=closing).exists()
        assert TargetBreakdown.objects.get(target=provincial, unit=successor).value == 1 + 2 * number
        return counts

    assert close_and_carry(2) == close_and_carry(6)


# -- figures add up across the change -------------------------------------------------------------


@pytest.fixture
def merger(tree):
    """Hội An's commune and Đại Lộc's commune merge on 1 July 2025 into a new commune under the
    province; the districts are abolished, their work passing to the province. Each half-year is
    reported by the units of its time."""
    houses = six_monthly()
    a1, b1 = tree["commune_a1"], tree["commune_b1"]
    merged = new_unit("Xã Hội An – Đại Lộc", tree["province"])
    second = new_unit("Phường Tân An", tree["province"])
    merge([a1, b1], merged)
    merge([tree["district_a"]], tree["province"])
    merge([tree["district_b"]], tree["province"])
    make_value(houses, a1, "2025S1", "10")
    make_value(houses, b1, "2025S1", "20.5")
    make_value(houses, tree["finance"], "2025S1", "3")
    make_value(houses, merged, "2025S2", "40")
    make_value(houses, second, "2025S2", "7.25")
    return {"houses": houses, "merged": merged, "second": second, **tree}


def test_per_half_year_the_province_rolls_up_the_leaves_of_that_half_year(merger):
    houses, province = merger["houses"], merger["province"]
    assert unit_value(houses, province, "2025S1").value == Decimal("33.5")
    assert unit_value(houses, province, "2025S2").value == Decimal("47.25")


def test_the_old_units_as_of_30_june_and_the_new_ones_as_of_31_december_equal_their_leaves(merger):
    houses = merger["houses"]
    assert unit_value(houses, merger["district_a"], "2025S1", as_of=LAST_DAY).value == Decimal("10")
    assert unit_value(houses, merger["district_b"], "2025S1", as_of=LAST_DAY).value == Decimal("20.5")
    assert unit_value(houses, merger["merged"], "2025S2", as_of=date(2025, 12, 31)).value == Decimal("40")


def test_the_new_commune_carries_the_first_half_year_of_the_two_it_merged(merger):
    houses, merged = merger["houses"], merger["merged"]
    assert unit_value(houses, merged, "2025S1").value == Decimal("30.5")
    year = year_value(houses, merged, 2025)
    assert year.by_period == {"2025S1": Decimal("30.5"), "2025S2": Decimal("40")}
    assert year.value == Decimal("70.5")


def test_the_provinces_2025_total_combines_both_halves_without_counting_a_commune_twice(merger):
    houses, province = merger["houses"], merger["province"]
    # The abolished districts are the province's predecessors and also sat under it on 30 June:
    # their communes still count once.
    assert year_value(houses, province, 2025).value == Decimal("80.75")


def test_two_predecessors_one_inside_the_other_are_counted_once(tree):
    houses = six_monthly()
    district, commune = tree["district_a"], tree["commune_a1"]
    successor = new_unit("Phường Hội An", tree["province"])
    make_value(houses, commune, "2025S1", "12")
    merge([commune, district], successor)
    assert unit_value(houses, successor, "2025S1").value == Decimal("12")


def test_a_target_carried_to_the_new_commune_is_judged_on_both_halves_of_the_year(merger):
    houses, merged = merger["houses"], merger["merged"]
    target = make_target(merger["commune_a1"], houses, value="70")
    reorganisation = reorganisation_of(merger["province"])
    carry("targets.target", [merger["commune_a1"]], lambda item: merged, reorganisation)
    [row] = selectors.evaluated(Target.objects.filter(pk=target.pk), date(2026, 1, 10))
    assert row.evaluation.actual == Decimal("70.5")
    assert row.evaluation.status == "achieved"


def test_the_dashboard_as_of_a_day_counts_the_targets_of_the_tree_of_that_day(merger, users):
    houses = merger["houses"]
    old_target = make_target(merger["commune_b1"], houses, value="30", deadline=LAST_DAY)
    before = selectors.scoped_targets(users["leader"], merger["merged"], as_of=LAST_DAY)
    after = selectors.scoped_targets(users["leader"], merger["merged"], as_of=date(2025, 12, 31))
    assert list(before) == [old_target]
    assert list(after) == []


# -- the scorecard shows the predecessors' record -------------------------------------------------


def test_the_scorecard_of_a_new_commune_shows_its_predecessors_record_marked_as_theirs(merger, users):
    houses = merger["houses"]
    a1, merged = merger["commune_a1"], merger["merged"]
    finished = make_target(a1, houses, value="10", deadline=LAST_DAY)
    running = make_target(a1, houses, value="70")
    carry("targets.target", [a1], lambda item: merged, reorganisation_of(merger["province"]))

    context = scorecard_context(users["leader"], merged, TODAY)
    rows = {row.target: row for row in target_panels.contributions_of(context["view"])}
    assert rows[finished].record_of == a1
    assert rows[running].record_of is None

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["leader"])
    html = client.get(f"/reports/units/{merged.pk}/").content.decode()
    assert f"record of {a1.name}" in re.sub(r"<[^>]+>", "", html)


def test_the_scorecard_costs_as_many_queries_for_one_predecessor_as_for_three(tree, users):
    houses = six_monthly()
    leader = users["leader"]

    def queries(number: int) -> int:
        successor = new_unit(f"Xã mới {number}", tree["province"])
        olds = [make_unit(f"Xã cũ {number}-{index}", tree["district_a"]) for index in range(number)]
        for old in olds:
            make_target(old, houses, value="1", deadline=LAST_DAY)
            make_value(houses, old, "2025S1", "1")
        merge(olds, successor)
        selectors.contributions_of_unit(leader, successor, TODAY)  # the scope is read once per user
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.contributions_of_unit(leader, successor, TODAY)
        assert len(rows) == number and all(row.record_of in olds for row in rows)
        return len(captured)

    assert queries(1) == queries(3)


# -- a property: random merges of random leaves ---------------------------------------------------

codes = count(1)
QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
QUARTER_ENDS = [date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30), date(2025, 12, 31)]
MERGE_DAYS = [date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)]
figures = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=3, allow_nan=False)


@st.composite
def histories(draw):
    """Leaves under two parents, then merges (the indexes of the merged leaves and the day), with a
    figure (or none) for every unit open at the end of every quarter, and a share for each leaf."""
    size = draw(st.integers(2, 6))
    parents = [draw(st.integers(0, 1)) for _ in range(size)]
    merges = []
    open_leaves = list(range(size))
    for day in sorted(draw(st.lists(st.sampled_from(MERGE_DAYS), max_size=3, unique=True))):
        if len(open_leaves) < 1:
            break
        sources = draw(st.lists(st.sampled_from(open_leaves), min_size=1, max_size=3, unique=True))
        merges.append((sources, day, draw(st.integers(0, 1))))
        open_leaves = [leaf for leaf in open_leaves if leaf not in sources] + [size + len(merges) - 1]
    total = size + len(merges)
    values = [[draw(st.none() | figures) for _ in QUARTERS] for _ in range(total)]
    shares = [draw(figures) for _ in range(size)]
    return parents, merges, values, shares


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_random_merges_keep_the_roots_totals_and_leave_no_open_share_on_a_closed_unit(db, history):
    parents, merges, values, shares = history
    number = next(codes)
    indicator = make_indicator(f"PROP_{number}")
    root = make_unit(f"Root {number}")
    middles = [make_unit(f"Middle {number}-{index}", root) for index in range(2)]
    units = [make_unit(f"Leaf {number}-{index}", middles[parent]) for index, parent in enumerate(parents)]
    opened = {index: None for index in range(len(units))}
    closed: dict[int, date] = {}
    target = make_target(root, indicator, value="1")
    for index, value in enumerate(shares):
        TargetBreakdown.objects.create(target=target, unit=units[index], value=value)
    for sources, day, parent in merges:
        successor = make_unit(
            f"New {number}-{len(units)}", middles[parent], OrgUnitKind.COMMUNE, effective_from=day
        )
        opened[len(units)] = day
        units.append(successor)
        closing = [units[source] for source in sources]
        merge(closing, successor, on=day)
        for source in sources:
            closed[source] = day - timedelta(days=1)
        reorganisation = reorganisation_of(root, day)
        carry("targets.share", closing, lambda item, s=successor: s, reorganisation, day=day - timedelta(1))

    expected = {code: Decimal(0) for code in QUARTERS}
    reported = {code: False for code in QUARTERS}
    for index, unit in enumerate(units):
        for quarter, (code, end) in enumerate(zip(QUARTERS, QUARTER_ENDS, strict=True)):
            is_open = (opened[index] is None or opened[index] <= end) and (
                index not in closed or closed[index] >= end
            )
            if is_open and values[index][quarter] is not None:
                make_value(indicator, unit, code, values[index][quarter])
                expected[code] += values[index][quarter]
                reported[code] = True

    for code in QUARTERS:
        rolled = unit_value(indicator, root, code).value
        assert rolled == (expected[code] if reported[code] else None), code
    assert not TargetBreakdown.objects.filter(target=target, unit__effective_to__isnull=False).exists()
    assert sum(TargetBreakdown.objects.filter(target=target).values_list("value", flat=True)) == sum(shares)


def test_a_ward_created_on_the_day_owes_the_periods_after_it_not_the_half_year_before(tree):
    """The ward that took the commune's share over on 1 July owes the second half-year; it is not listed
    late for the first, which ended before it existed."""
    houses = six_monthly()
    a1 = tree["commune_a1"]
    provincial = make_target(tree["province"], houses, value="500")
    share = TargetBreakdown.objects.create(target=provincial, unit=a1, value=Decimal("100"))
    ward = new_unit("Phường Hội An", tree["province"])
    merge([a1], ward)
    carry("targets.share", [a1], lambda item: ward, reorganisation_of(tree["province"]))
    share.refresh_from_db()
    assert share.unit == ward

    first, second = (Period.parse(code) for code in ("2025S1", "2025S2"))
    owed = selectors.owed_values(tree["province"], {PeriodType.SIX_MONTHLY: [first, second]})
    communes = {a1.pk, ward.pk}
    assert {(item.unit_id, item.period.code) for item in owed if item.unit_id in communes} == {
        (ward.pk, "2025S2")
    }


def test_an_existing_unit_that_took_a_share_over_owes_the_periods_from_that_day_only(tree):
    """Hội An's share passes to Điện Bàn, a ward that existed before: Điện Bàn owes the second half-year
    of that share, not the first, which Hội An owed and reported."""
    houses = six_monthly()
    a1 = tree["commune_a1"]
    survivor = make_unit("Phường Điện Bàn", tree["province"], OrgUnitKind.COMMUNE)
    provincial = make_target(tree["province"], houses, value="500")
    share = TargetBreakdown.objects.create(target=provincial, unit=a1, value=Decimal("100"))
    merge([a1], survivor)
    carry("targets.share", [a1], lambda item: survivor, reorganisation_of(tree["province"]))
    share.refresh_from_db()
    assert share.unit == survivor

    first, second = (Period.parse(code) for code in ("2025S1", "2025S2"))
    owed = selectors.owed_values(tree["province"], {PeriodType.SIX_MONTHLY: [first, second]})
    communes = {a1.pk, survivor.pk}
    assert {(item.unit_id, item.period.code) for item in owed if item.unit_id in communes} == {
        (survivor.pk, "2025S2")
    }
