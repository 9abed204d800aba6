"""The organisation tree at national scale: 34 provinces, ~3,300 communes, their departments."""

from django.db import connection, transaction
from django.test import Client

from resolute.accounts.models import User
from resolute.orgunits.actions import place_new_units
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnit, OrgUnitKind
from resolute.orgunits.querysets import path_segment

PROVINCES = 34
COMMUNES_PER_PROVINCE = 98
DEPARTMENTS_PER_PROVINCE = 20


@transaction.atomic
def build_country() -> OrgUnit:
    """Bulk-create a tree with paths computed up front (ids reserved by position)."""
    next_id = (OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units = []

    def add(name, parent, kind):
        nonlocal next_id
        unit = OrgUnit(pk=next_id, name=name, kind=kind, parent_id=parent.pk if parent else None)
        unit.path = (parent.path if parent else "") + path_segment(next_id)
        unit.depth = parent.depth + 1 if parent else 0
        unit.search_text = name.lower() if hasattr(unit, "search_text") else None
        next_id += 1
        units.append(unit)
        return unit

    country = add("Country", None, OrgUnitKind.OTHER)
    for p in range(PROVINCES):
        province = add(f"Province {p}", country, OrgUnitKind.PROVINCE)
        committee = add(f"People's Committee {p}", province, OrgUnitKind.PEOPLES_COMMITTEE)
        for d in range(DEPARTMENTS_PER_PROVINCE):
            add(f"Department {p}.{d}", committee, OrgUnitKind.DEPARTMENT)
        for c in range(COMMUNES_PER_PROVINCE):
            add(f"Commune {p}.{c}", province, OrgUnitKind.COMMUNE)
    OrgUnit.objects.bulk_create(units, batch_size=2000)
    place_new_units(units)
    return OrgUnit.objects.get(pk=country.pk)


def run(best_of):
    country = build_country()
    province = OrgUnit.objects.get(name="Province 17")
    total = OrgUnit.objects.count()
    admin = User.objects.create_user("bench-admin", password="x")
    Membership.objects.create(user=admin, unit=country, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    table = OrgUnit._meta.db_table
    upper = province.path[:-1] + chr(ord(province.path[-1]) + 1)

    def raw_subtree():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, name, path FROM {table} WHERE path >= %s AND path < %s", [province.path, upper]
            )
            return cursor.fetchall()

    def orm_subtree():
        return list(OrgUnit.objects.subtree_of(province).values_list("id", "name", "path"))

    def raw_all():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY path")
            return cursor.fetchall()

    def tree_page():
        response = client.get("/units/")
        assert response.status_code == 200, response.status_code
        return response

    rows = [
        (
            f"subtree of one province, ORM ({len(orm_subtree())} units)",
            best_of(orm_subtree),
            best_of(raw_subtree),
            "raw SQL range",
        ),
        (
            f"tree page, whole country ({total} units)",
            best_of(tree_page, repeat=3),
            best_of(raw_all),
            "raw SQL of all units",
        ),
    ]
    return rows
