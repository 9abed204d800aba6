"""Petitions in the small province of the shared fixtures, built through actions:

- the province's citizen-reception office (Ban Tiếp công dân, under the People's Committee) receives
  petitions; its clerk registers them and its head routes them;
- the Department of Natural Resources and Environment settles what concerns land; the provincial
  inspectorate settles denunciations; the commune of Minh An receives petitions of its own;
- a person per role: the reception clerk and head, the department's manager, an officer who handles
  petitions and one who does not, a viewer, the inspectorate's manager and inspector, the committee's
  manager (above the department), the commune's clerk, and a superuser.

Dates are explicit (received in March 2025) and "today" is frozen by `time_machine` where it matters."""

from datetime import date

import pytest
import time_machine
from django.utils import translation

from resolute.conftest import make_unit, make_user
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.petitions.actions import intake

TODAY = date(2025, 6, 2)
RECEIVED = date(2025, 3, 3)  # a Monday

PETITIONER = {
    "full_name": "Nguyễn Thị Hoa",
    "id_number": "049190001234",
    "address": "12 Trần Phú, Minh An, Hội An",
    "phone": "0905123456",
    "email": "hoa.nguyen@example.vn",
    "is_organisation": False,
}

DENOUNCER = {
    "full_name": "Lê Văn Tố",
    "id_number": "049185009876",
    "address": "7 Lê Lợi, Ái Nghĩa, Đại Lộc",
    "phone": "0913777888",
    "email": "le.van.to@example.vn",
    "is_organisation": False,
}


@pytest.fixture(autouse=True)
def in_english():
    """The actions' messages are read in English here (the site's default language is Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def petitions_tree(tree):
    reception = make_unit(
        "Ban Tiếp công dân tỉnh", tree["committee"], OrgUnitKind.AGENCY, name_en="Citizen Reception Office"
    )
    environment = make_unit(
        "Sở Tài nguyên và Môi trường",
        tree["committee"],
        OrgUnitKind.DEPARTMENT,
        name_en="Department of Natural Resources and Environment",
    )
    inspectorate = make_unit(
        "Thanh tra tỉnh", tree["committee"], OrgUnitKind.AGENCY, name_en="Provincial Inspectorate"
    )
    return {**tree, "reception": reception, "environment": environment, "inspectorate": inspectorate}


@pytest.fixture
def people(petitions_tree, users):
    units = petitions_tree
    return {
        **users,
        "clerk": make_user("reception_clerk", (units["reception"], Role.REPORTER), email="clerk@example.vn"),
        "reception_head": make_user("reception_head", (units["reception"], Role.MANAGER)),
        "department_manager": make_user(
            "environment_manager", (units["environment"], Role.MANAGER), email="env.manager@example.vn"
        ),
        "officer": make_user(
            "environment_officer", (units["environment"], Role.REPORTER), email="officer@example.vn"
        ),
        "colleague": make_user("environment_colleague", (units["environment"], Role.REPORTER)),
        "department_viewer": make_user("environment_viewer", (units["environment"], Role.VIEWER)),
        "department_office": make_user("environment_office", (units["environment"], Role.OFFICE)),
        "inspectorate_manager": make_user("chief_inspector", (units["inspectorate"], Role.MANAGER)),
        "inspector": make_user(
            "inspector", (units["inspectorate"], Role.REPORTER), email="inspector@example.vn"
        ),
        "inspectorate_colleague": make_user("inspectorate_colleague", (units["inspectorate"], Role.REPORTER)),
        "committee_manager": make_user("committee_manager", (units["committee"], Role.MANAGER)),
        "commune_clerk": make_user("minh_an_clerk", (units["commune_a1"], Role.REPORTER)),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def register(petitions_tree, people):
    """Register a petition at the reception office as its clerk (any field may be given)."""

    def register_petition(**fields):
        values = {
            "acting_user": people["clerk"],
            "kind": "complaint",
            "channel": "reception",
            "received_on": RECEIVED,
            "received_by_unit": petitions_tree["reception"],
            "petitioner": PETITIONER,
            "subject": "Khiếu nại quyết định thu hồi đất",
            "content": "Đề nghị xem xét lại quyết định thu hồi đất số 123/QĐ-UBND.",
        }
        values.update(fields)
        with time_machine.travel(fields.pop("today", TODAY), tick=False):
            return intake.register_petition(**values)

    return register_petition
