"""On random trees with random holders of open work, random reorganisations (mergers into new or
existing communes, splits, abolished districts) leave no open item on a closed unit, hand each item to
exactly one open successor, and count each unit once in the province's area on either side of the day."""

import datetime
from itertools import count

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.conftest import make_unit, make_user
from resolute.core.contributions import CarriedWork, HeldItem, contribute, contributed
from resolute.orgunits import actions, history
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnit, OrgUnitKind
from resolute.orgunits.models import ReorganisationStepKind as Kind

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
numbers = count(1)


class OpenItems:
    """A domain whose open items sit on units until carried: what a task's lead unit is to tasks."""

    def __init__(self):
        self.holder: dict[str, int] = {}
        self.carried: list[str] = []

    def held(self, units, day):
        ids = {unit.pk: unit for unit in units}
        return [HeldItem(key=key, unit=ids[pk], title=key) for key, pk in self.holder.items() if pk in ids]

    def carry(self, handovers, reorganisation, acting_user):
        for handover in handovers:
            assert handover.successor.is_open_on(reorganisation.effective_on)
            self.holder[handover.item.key] = handover.successor.pk
            self.carried.append(handover.item.key)
        return len(handovers)


@st.composite
def reorganisations(draw):
    """Districts of communes; per commune what becomes of it: kept, merged into group g, or split."""
    districts = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    fates = [
        [draw(st.sampled_from(["keep", "group0", "group1", "group2", "split"])) for _ in range(size)]
        for size in districts
    ]
    abolish = [draw(st.booleans()) for _ in districts]
    items = draw(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=12))
    return fates, abolish, items


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=reorganisations())
def test_no_open_item_stays_on_a_closed_unit_and_no_unit_counts_twice(db, case):
    fates, abolish, items = case
    run = next(numbers)
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        province = make_unit(f"Tỉnh {run}", kind=OrgUnitKind.PROVINCE)
        admin = make_user(f"admin{run}", (province, Role.ADMIN))
        districts, communes = [], []
        for d, commune_fates in enumerate(fates):
            district = make_unit(f"Huyện {run}.{d}", province, OrgUnitKind.DISTRICT)
            districts.append(district)
            communes.append(
                [
                    make_unit(f"Xã {run}.{d}.{c}", district, OrgUnitKind.COMMUNE)
                    for c in range(len(commune_fates))
                ]
            )
        flat = [commune for row in communes for commune in row]
        work = OpenItems()
        for n, (unit_index, role_index) in enumerate(items):
            holder = flat[unit_index % len(flat)]
            work.holder[f"random.item:{run}-{n}"] = holder.pk
            Membership.objects.get_or_create(
                user=make_user(f"u{run}-{n}"), unit=holder, role=[Role.VIEWER, Role.REPORTER][role_index % 2]
            )
        contribute(
            CarriedWork(key="random.items", label="items", held=work.held, carry=work.carry),
            app_label="orgunits",
        )

        draft = actions.create_reorganisation(
            acting_user=admin, area=province, title=f"R{run}", legal_basis="NQ", effective_on=DAY
        )
        new_units = {
            group: actions.plan_unit(
                acting_user=admin,
                reorganisation=draft,
                name=f"Xã mới {run}.{group}",
                kind=OrgUnitKind.COMMUNE,
                parent=province,
            )
            for group in ("group0", "group1", "group2")
        }
        members = {group: [] for group in new_units}
        kept = [
            c
            for row, commune_fates in zip(communes, fates, strict=True)
            for c, f in zip(row, commune_fates, strict=True)
            if f == "keep"
        ]
        for row, commune_fates in zip(communes, fates, strict=True):
            for commune, fate in zip(row, commune_fates, strict=True):
                if fate in members:
                    members[fate].append(commune)
                elif fate == "split":
                    actions.add_step(
                        acting_user=admin,
                        reorganisation=draft,
                        kind=Kind.SPLIT,
                        sources=[commune],
                        successors=[new_units["group0"], new_units["group1"]],
                    )
        for group, sources in members.items():
            if sources:
                actions.add_step(
                    acting_user=admin,
                    reorganisation=draft,
                    kind=Kind.MERGE,
                    sources=sources,
                    successors=[new_units[group]],
                )
        for district, abolished in zip(districts, abolish, strict=True):
            if abolished:
                actions.add_step(
                    acting_user=admin, reorganisation=draft, kind=Kind.ABOLISH, sources=[district]
                )

        first_holders = dict(work.holder)
        try:
            actions.apply_reorganisation(acting_user=admin, reorganisation=draft)
        finally:
            from resolute.core import contributions

            contributions._registry[CarriedWork].pop("random.items")

        closed = list(
            OrgUnit.objects.filter(pk__in=[u.pk for u in flat + districts], effective_to__isnull=False)
        )
        closed_ids = {unit.pk for unit in closed}
        for carried_work in contributed(CarriedWork):
            assert list(carried_work.held(closed, DAY)) == [], carried_work.key
        assert not Membership.objects.filter(unit__in=closed).exists()
        assert sorted(work.carried) == sorted(key for key, pk in first_holders.items() if pk in closed_ids)
        for key, pk in work.holder.items():
            assert OrgUnit.objects.get(pk=pk).is_open_on(DAY), key

        before = list(history.units_in_area(province, LAST_DAY))
        after = list(history.units_in_area(province, DAY).open_on(DAY))
        assert len(before) == len({u.pk for u in before}) == 1 + len(districts) + len(flat)
        assert len(after) == len({u.pk for u in after})
        assert {u.pk for u in after} >= {c.pk for c in kept}
        assert not any(unit.effective_to is not None and unit.effective_to < DAY for unit in after)
