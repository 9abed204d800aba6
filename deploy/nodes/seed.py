"""Migrate the harness's database, then write the few rows it needs through the actions, as the
application would: a province with an office and a district, five people and one task the district
reports on. One process for both saves a start of Django. Run with a node's environment pointed
straight at the primary (deploy/nodes/cluster.py); prints the ids the tests use as JSON."""

import json
from datetime import timedelta

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from resolute.accounts.actions import create_user  # noqa: E402
from resolute.core import clock  # noqa: E402
from resolute.orgunits.actions import create_unit  # noqa: E402
from resolute.orgunits.choices import Role  # noqa: E402
from resolute.orgunits.models import OrgUnitKind  # noqa: E402
from resolute.tasks.actions import create_task  # noqa: E402

PASSWORD = "resolute-nodes"

call_command("migrate", interactive=False, verbosity=0)

with transaction.atomic():
    province = create_unit(acting_user=None, parent=None, name="Tỉnh Thử nghiệm", kind=OrgUnitKind.PROVINCE)
    party = create_unit(
        acting_user=None,
        parent=province,
        name="Tỉnh ủy",
        kind=OrgUnitKind.PARTY_COMMITTEE,
        document_symbol="TU",
    )
    office = create_unit(acting_user=None, parent=party, name="Văn phòng Tỉnh ủy", kind=OrgUnitKind.AGENCY)
    district = create_unit(acting_user=None, parent=province, name="Huyện Một", kind=OrgUnitKind.DISTRICT)
    people = {
        "office": (office, Role.OFFICE),
        "leader": (province, Role.VIEWER),
        "reporter": (district, Role.REPORTER),
        "colleague": (district, Role.REPORTER),
        "throttled": (district, Role.REPORTER),
    }
    for username, membership in people.items():
        create_user(
            acting_user=None,
            username=username,
            full_name=username.title(),
            memberships=[membership],
            password=PASSWORD,
            language="en",
        )
    today = clock.today()
    task = create_task(
        acting_user=None,
        title="Rebuild the flooded school",
        title_en="Rebuild the flooded school",
        lead_unit=district,
        assigned_by_unit=party,
        assigned_on=today,
        deadline=today + timedelta(days=90),
    )

print(json.dumps({"task": task.pk, "district": district.pk, "province": province.pk, "password": PASSWORD}))
