"""The demo's Đà Nẵng: the data it is built from, and the city beside Quảng Nam before the merger."""

import re
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from resolute.demo import danang, data
from resolute.orgunits.history import children_on
from resolute.orgunits.models import OrgUnit, OrgUnitKind

DEMO_TODAY = date(2026, 11, 25)
LAST_DAY_OF_QUANG_NAM = date(2025, 6, 30)


def test_da_nang_has_23_wards_70_communes_and_the_hoang_sa_special_zone_each_with_its_own_code():
    levels = [row[3] for row in danang.COMMUNE_LEVEL]
    codes = [row[4] for row in danang.COMMUNE_LEVEL]

    assert (levels.count(danang.WARD), levels.count(danang.COMMUNE), levels.count(danang.SPECIAL_ZONE)) == (
        23,
        70,
        1,
    )
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)
    assert len(set(codes)) == 94
    assert danang.commune_named("Hội An")[4] == "20410"
    assert danang.commune_named("Hoàng Sa")[4] == "20333"
    assert all(row[6] for row in danang.COMMUNE_LEVEL)


def test_every_commune_and_district_of_the_demo_has_a_successor_formed_from_it():
    demo_names = {key: name for key, _parent, name, *_rest in data.UNITS}
    for key, successor in danang.DEMO_COMMUNES.items():
        old_name = demo_names[key].split(" ", 1)[1].replace("Trấn ", "").removeprefix("trấn ")
        formed_from = " ".join(danang.commune_named(successor)[6])
        assert old_name.split()[-1] in formed_from, (key, successor)
    districts = {key for key, _parent, _name, _en, kind, _code in data.UNITS if kind == OrgUnitKind.DISTRICT}
    assert set(danang.DISTRICT_SUCCESSORS) == districts
    for key, successor in danang.DISTRICT_SUCCESSORS.items():
        assert danang.commune_named(successor)[5] == demo_names[key]


@pytest.fixture
def demo(db):
    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo", verbosity=0)


def test_da_nang_city_stands_beside_quang_nam_before_the_merger_with_its_bodies(demo):
    city = OrgUnit.objects.get(code=danang.PROVINCE_CODE)
    quang_nam = OrgUnit.objects.get(code=danang.CLOSED_PROVINCE_CODE)

    assert city.name == "Thành phố Đà Nẵng" and city.effective_from == date(1997, 1, 1)
    assert {unit.name for unit in children_on(city, LAST_DAY_OF_QUANG_NAM)} >= {
        "Thành ủy Đà Nẵng",
        "Hội đồng nhân dân thành phố",
        "Ủy ban nhân dân thành phố",
    }
    committee = OrgUnit.objects.get(parent=city, kind=OrgUnitKind.PEOPLES_COMMITTEE)
    assert OrgUnit.objects.filter(parent=committee, kind=OrgUnitKind.DEPARTMENT).count() == 10
    districts = [unit for unit in children_on(quang_nam, LAST_DAY_OF_QUANG_NAM) if unit.kind == "district"]
    assert len(districts) == 18
