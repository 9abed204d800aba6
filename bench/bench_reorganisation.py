"""Applying the national reorganisation of 2025 on a synthetic country: 63 provinces become 34 (29 merge
into a seat province, with their People's Committees), the district level is abolished, and 10,395
communes are merged into 3,321.

The baseline is the raw SQL of the writes such a change cannot avoid — insert the new communes, close
the old units, record each succession, point each open item at its new unit — in one transaction.
Both run inside a transaction that is rolled back, so each repetition starts from the same country.
Each commune leads two open tasks (every other one with a neighbour coordinating), which the
reorganisation hands to the new communes."""

import datetime

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from resolute.accounts.models import User
from resolute.orgunits import actions
from resolute.orgunits.actions import place_new_units
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnit, OrgUnitKind, ReorganisationStepKind, UnitSuccession
from resolute.orgunits.querysets import path_segment
from resolute.orgunits.reorganisation import plan_reorganisation
from resolute.tasks.models import Task, TaskCoordination

PROVINCES_BEFORE = 63
SEATS = 34
DISTRICTS_PER_PROVINCE = 11
COMMUNES_PER_DISTRICT = 15
DEPARTMENTS_PER_PROVINCE = 5
COMMUNES_AFTER = 3321
TASKS_PER_COMMUNE = 2
EFFECTIVE_ON = datetime.date(2025, 7, 1)
# The raw UPDATE of each kind of item handed over, by the prefix of the item's key.
ITEM_WRITES: dict[str, str] = {}


@transaction.atomic
def build_old_country():
    """63 provinces, each with a People's Committee and its departments, 11 districts of 15 communes."""
    next_id = (OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units = []
    provinces, committees, districts_of, communes_of = [], [], {}, {}

    def add(name, parent, kind, code=""):
        nonlocal next_id
        unit = OrgUnit(pk=next_id, name=name, kind=kind, code=code, parent_id=parent.pk if parent else None)
        unit.path = (parent.path if parent else "") + path_segment(next_id)
        unit.depth = parent.depth + 1 if parent else 0
        unit.search_text = name.lower()
        next_id += 1
        units.append(unit)
        return unit

    country = add("Old country", None, OrgUnitKind.OTHER)
    for p in range(PROVINCES_BEFORE):
        province = add(f"Old province {p}", country, OrgUnitKind.PROVINCE, code=f"P{p:02d}")
        provinces.append(province)
        committee = add(f"People's Committee {p}", province, OrgUnitKind.PEOPLES_COMMITTEE)
        committees.append(committee)
        for d in range(DEPARTMENTS_PER_PROVINCE):
            add(f"Department {p}.{d}", committee, OrgUnitKind.DEPARTMENT)
        districts_of[province.pk] = []
        communes_of[province.pk] = []
        for d in range(DISTRICTS_PER_PROVINCE):
            district = add(f"District {p}.{d}", province, OrgUnitKind.DISTRICT, code=f"D{p:02d}{d:02d}")
            districts_of[province.pk].append(district)
            for c in range(COMMUNES_PER_DISTRICT):
                communes_of[province.pk].append(
                    add(f"Commune {p}.{d}.{c}", district, OrgUnitKind.COMMUNE, code=f"C{p:02d}{d:02d}{c:02d}")
                )
    OrgUnit.objects.bulk_create(units, batch_size=2000)
    # The ids were chosen here: move PostgreSQL's sequence past them for the units applying creates.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [OrgUnit]):
            cursor.execute(statement)
    place_new_units(units)
    return country, provinces, committees, districts_of, communes_of


@transaction.atomic
def build_open_tasks(committees, communes_of) -> int:
    """Two open tasks per commune, assigned by its province's People's Committee; every other one with
    a neighbouring commune coordinating: the work the reorganisation must hand over."""
    tasks, coordinations = [], []
    for committee, communes in zip(committees, communes_of.values(), strict=True):
        for commune in communes:
            for number in range(TASKS_PER_COMMUNE):
                tasks.append(
                    Task(
                        title=f"Task {commune.name} #{number}",
                        lead_unit=commune,
                        assigned_by_unit=committee,
                        assigned_on=datetime.date(2025, 1, 6),
                        original_deadline=datetime.date(2025, 12, 31),
                        deadline=datetime.date(2025, 12, 31),
                    )
                )
    Task.objects.bulk_create(tasks, batch_size=2000)
    neighbours = {}
    for communes in communes_of.values():
        for index, commune in enumerate(communes):
            neighbours[commune.pk] = communes[index - 1]
    for task in Task.objects.filter(title__startswith="Task Commune").only("pk", "lead_unit_id"):
        if task.pk % 2:
            coordinations.append(TaskCoordination(task_id=task.pk, unit=neighbours[task.lead_unit_id]))
    TaskCoordination.objects.bulk_create(coordinations, batch_size=2000)
    return len(tasks)


def draft_national_reorganisation(admin, country, provinces, committees, districts_of, communes_of):
    """The draft: seats keep their identity; every other province merges into a seat (its committee
    into the seat's committee); every district is abolished; communes merge into new ones under the
    seat province, 3,321 in all."""
    reorganisation = actions.create_reorganisation(
        acting_user=admin,
        area=country,
        title="Sắp xếp đơn vị hành chính 2025",
        legal_basis="Nghị quyết 202/2025/QH15",
        effective_on=EFFECTIVE_ON,
    )
    seat_of = {}
    for index, province in enumerate(provinces):
        seat_index = index if index < SEATS else index - SEATS
        seat_of[province.pk] = provinces[seat_index]
        if index >= SEATS:
            actions.add_step(
                acting_user=admin,
                reorganisation=reorganisation,
                kind=ReorganisationStepKind.MERGE,
                sources=[province],
                successors=[provinces[seat_index]],
            )
            actions.add_step(
                acting_user=admin,
                reorganisation=reorganisation,
                kind=ReorganisationStepKind.MERGE,
                sources=[committees[index]],
                successors=[committees[seat_index]],
            )
    for province in provinces:
        for district in districts_of[province.pk]:
            actions.add_step(
                acting_user=admin,
                reorganisation=reorganisation,
                kind=ReorganisationStepKind.ABOLISH,
                sources=[district],
                new_parent=seat_of[province.pk],
            )
    for index, province in enumerate(provinces):
        communes = communes_of[province.pk]
        groups = COMMUNES_AFTER * (index + 1) // len(provinces) - COMMUNES_AFTER * index // len(provinces)
        for group in range(groups):
            members = communes[group::groups]
            new_commune = actions.plan_unit(
                acting_user=admin,
                reorganisation=reorganisation,
                name=f"New commune {index}.{group}",
                kind=OrgUnitKind.COMMUNE,
                code=f"{10000 + index * 100 + group:05d}",
                parent=seat_of[province.pk],
            )
            actions.add_step(
                acting_user=admin,
                reorganisation=reorganisation,
                kind=ReorganisationStepKind.MERGE,
                sources=members,
                successors=[new_commune],
            )
    return reorganisation


class RolledBack(Exception):
    pass


def rolled_back(function):
    """Run `function` in a transaction and undo it, so the next run starts from the same country."""

    def run():
        try:
            with transaction.atomic():
                function()
                raise RolledBack
        except RolledBack:
            pass

    return run


def run(best_of):
    country, provinces, committees, districts_of, communes_of = build_old_country()
    admin = User.objects.create_user("bench-reorganiser", password="x")
    Membership.objects.create(user=admin, unit=country, role=Role.ADMIN)
    build_open_tasks(committees, communes_of)
    reorganisation = draft_national_reorganisation(
        admin, country, provinces, committees, districts_of, communes_of
    )
    plan = plan_reorganisation(reorganisation)
    assert plan.is_applicable, [conflict.message for conflict in plan.conflicts[:5]]
    closed = len(plan.closures)
    created = len(plan.created)
    items = sum(len(group.handovers) for group in plan.work)

    def apply():
        actions.apply_reorganisation(acting_user=admin, reorganisation=reorganisation)
        assert (
            OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, effective_to__isnull=True).count()
            == COMMUNES_AFTER
        )

    table, successions = OrgUnit._meta.db_table, UnitSuccession._meta.db_table
    closing_ids = [closure.unit.pk for closure in plan.closures]
    first_successor = {closure.unit.pk: closure.successors[0] for closure in plan.closures}
    handed_over = {h.item.key: h.successor for group in plan.work for h in group.handovers}
    task_table, coordination_table = Task._meta.db_table, TaskCoordination._meta.db_table
    membership_table = Membership._meta.db_table
    ITEM_WRITES.update(
        {
            f"UPDATE {task_table} SET lead_unit_id = %s WHERE id = %s": "tasks.lead:",
            f"UPDATE {task_table} SET assigned_by_unit_id = %s WHERE id = %s": "tasks.assigner:",
            f"UPDATE {coordination_table} SET unit_id = %s WHERE id = %s": "tasks.coordinating:",
            f"UPDATE {membership_table} SET unit_id = %s WHERE id = %s": "orgunits.membership:",
        }
    )
    now = timezone.now()

    def raw_writes():
        """Insert the new units, close the old ones, record one succession each: the floor."""
        with connection.cursor() as cursor:
            next_id = OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
            new_ids = {}
            rows = []
            for offset, planned in enumerate(plan.created):
                new_ids[planned.pk] = next_id + offset
                rows.append(
                    (
                        next_id + offset,
                        planned.name,
                        planned.code,
                        planned.kind,
                        planned.parent_id,
                        planned.parent.path + path_segment(next_id + offset),
                        planned.parent.depth + 1,
                        EFFECTIVE_ON,
                        now,
                        now,
                    )
                )
            cursor.executemany(
                f"INSERT INTO {table} (id, name, name_en, short_name, code, kind, parent_id, path, depth, "
                "effective_from, email, document_symbol, search_text, is_sample, version, created_at, "
                "updated_at) VALUES (%s, %s, '', '', %s, %s, %s, %s, %s, %s, '', '', '', false, 1, %s, %s)",
                rows,
            )
            cursor.executemany(
                f"UPDATE {table} SET effective_to = %s WHERE id = %s",
                [(EFFECTIVE_ON - datetime.timedelta(days=1), pk) for pk in closing_ids],
            )
            cursor.executemany(
                f"INSERT INTO {successions} (predecessor_id, successor_id, kind, effective_on, note) "
                "VALUES (%s, %s, 'merger', %s, '')",
                [
                    (pk, ref.unit.pk if ref.unit else new_ids[ref.planned.pk], EFFECTIVE_ON)
                    for pk, ref in first_successor.items()
                ],
            )
            # Each item handed over: one column of one row names its new unit.
            for statement, key_prefix in ITEM_WRITES.items():
                cursor.executemany(
                    statement,
                    [
                        (ref.unit.pk if ref.unit else new_ids[ref.planned.pk], int(key.rsplit(":", 1)[1]))
                        for key, ref in handed_over.items()
                        if key.startswith(key_prefix)
                    ],
                )

    started_planning = timezone.now()
    plan_reorganisation(reorganisation)
    planning_seconds = (timezone.now() - started_planning).total_seconds()
    applying = best_of(rolled_back(apply), repeat=1)
    floor = best_of(rolled_back(raw_writes), repeat=3)
    return [
        (
            f"apply the national reorganisation ({created} created, {closed} closed, {items} handed over)",
            applying,
            floor,
            "raw SQL of its unavoidable writes (units, successions, items)",
        ),
        (
            f"preview the national reorganisation ({items} open items listed)",
            planning_seconds,
            floor,
            "raw SQL of its unavoidable writes",
        ),
    ]
