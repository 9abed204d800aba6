"""The demo's Đà Nẵng: the data it is built from, and the city beside Quảng Nam before the merger."""

import re
from datetime import date

from resolute.accounts.models import User
from resolute.core.contributions import CarriedWork, contributed
from resolute.demo import danang, data
from resolute.orgunits.history import children_on
from resolute.orgunits.models import Membership, OrgUnit, OrgUnitKind, Reorganisation
from resolute.orgunits.scope import scope_for
from resolute.tasks.models import Task

DEMO_TODAY = date(2026, 11, 25)
LAST_DAY_OF_QUANG_NAM = date(2025, 6, 30)
FIRST_DAY_OF_DA_NANG = date(2025, 7, 1)


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


def test_the_reorganisation_is_applied_by_the_administrator_under_the_two_resolutions(demo):
    reorganisation = Reorganisation.objects.get(title=danang.TITLE)

    assert reorganisation.status == Reorganisation.Status.APPLIED
    assert reorganisation.applied_by.username == "admin"
    assert reorganisation.effective_on == FIRST_DAY_OF_DA_NANG
    assert "202/2025/QH15" in reorganisation.legal_basis and "1659/NQ-UBTVQH15" in reorganisation.legal_basis
    assert reorganisation.is_sample


def test_nothing_open_is_left_with_a_unit_the_reorganisation_closed(demo):
    closed = list(OrgUnit.objects.filter(effective_to=LAST_DAY_OF_QUANG_NAM))
    assert len(closed) == 58

    for work in contributed(CarriedWork):
        assert list(work.held(closed, DEMO_TODAY)) == [], work.key
    assert not Membership.objects.filter(unit__in=closed).exists()
    open_tasks = Task.objects.filter(completed_on=None, cancelled_on=None)
    assert not open_tasks.filter(lead_unit__in=closed).exists()
    assert not open_tasks.filter(coordinating_units__in=closed).exists()


def test_the_seed_conclusions_open_tasks_are_led_by_open_units_of_da_nang(demo):
    city = OrgUnit.objects.get(code=danang.PROVINCE_CODE)
    open_tasks = Task.objects.filter(
        source_document__text__startswith="According to the Working Program",
        completed_on=None,
        cancelled_on=None,
    ).select_related("lead_unit")

    assert open_tasks.count() > 10
    for task in open_tasks:
        assert task.lead_unit.path.startswith(city.path) and task.lead_unit.effective_to is None, task
    tourism = Task.objects.get(title="Phát triển du lịch cộng đồng gắn với làng rau Trà Quế").parent
    assert tourism.lead_unit.name == "Phường Hội An"


def test_the_tree_shows_quang_nam_until_30_june_2025_and_da_nang_s_wards_from_1_july(demo):
    country = OrgUnit.objects.get(parent=None, name="Cả nước")
    city = OrgUnit.objects.get(code=danang.PROVINCE_CODE)

    provinces_before = {unit.name for unit in children_on(country, LAST_DAY_OF_QUANG_NAM)}
    provinces_after = {unit.name for unit in children_on(country, FIRST_DAY_OF_DA_NANG)}
    assert provinces_before == {"Tỉnh Quảng Nam", "Thành phố Đà Nẵng"}
    assert provinces_after == {"Thành phố Đà Nẵng"}

    quang_nam = OrgUnit.objects.get(code=danang.CLOSED_PROVINCE_CODE)
    districts = [
        unit.name for unit in children_on(quang_nam, LAST_DAY_OF_QUANG_NAM) if unit.kind == "district"
    ]
    assert "Thành phố Hội An" in districts and len(districts) == 18
    assert list(children_on(quang_nam, FIRST_DAY_OF_DA_NANG)) == []

    communes_before = [unit for unit in children_on(city, LAST_DAY_OF_QUANG_NAM) if unit.kind == "commune"]
    communes_after = {
        unit.name: unit.code for unit in children_on(city, FIRST_DAY_OF_DA_NANG) if unit.kind == "commune"
    }
    assert communes_before == []
    assert len(communes_after) == 94
    assert communes_after["Phường Hội An"] == "20410"
    assert communes_after["Xã Tân Hiệp"] == danang.commune_named("Tân Hiệp")[4]
    assert communes_after["Đặc khu Hoàng Sa"] == "20333"


def test_the_demo_accounts_work_in_da_nang_s_units_and_read_quang_nam_s_history(demo):
    def units_of(username):
        return {
            (m.unit.name, m.role)
            for m in Membership.objects.filter(user__username=username).select_related("unit")
        }

    assert units_of("hoian") == {("Phường Hội An", "reporter")}
    assert units_of("hoian_manager") == {("Phường Hội An", "manager")}
    assert units_of("dailoc") == {("Xã Đại Lộc", "reporter")}
    assert units_of("office") == {("Văn phòng Thành ủy", "office")}
    assert units_of("committee_office") == {("Văn phòng UBND thành phố", "office")}
    assert units_of("finance") == {("Sở Tài chính", "reporter")}
    assert {m.unit.code for m in Membership.objects.filter(user__username="finance")} == {""}
    assert units_of("leader") == {("Thành phố Đà Nẵng", "viewer")}
    assert ("Thành phố Đà Nẵng", "admin") in units_of("admin")
    admin_scope = scope_for(User.objects.get(username="admin"))
    assert admin_scope.covers(OrgUnit.objects.get(code=danang.CLOSED_PROVINCE_CODE), "admin")

    hoian = User.objects.get(username="hoian")
    visible = Task.objects.visible_to(hoian)
    assert visible.filter(lead_unit__name="Phường Hội An").exists()
    hoi_an_city = OrgUnit.objects.get(code="503")
    assert scope_for(hoian).covers(hoi_an_city)
    finished_in_hoi_an = Task.objects.filter(coordinating_units=hoi_an_city)
    assert set(finished_in_hoi_an) <= set(visible)
    assert finished_in_hoi_an.exists()


def test_the_city_s_bodies_take_up_the_document_symbols_quang_nam_s_held(demo):
    symbols = dict(
        OrgUnit.objects.filter(effective_to=None)
        .exclude(document_symbol="")
        .values_list("document_symbol", "name")
    )

    assert symbols["TU"] == "Thành ủy Đà Nẵng"
    assert symbols["VPTU"] == "Văn phòng Thành ủy"
    assert symbols["UBND-TH"] == "Ủy ban nhân dân thành phố"
    assert symbols["UBND-HA"] == "Phường Hội An"
    assert OrgUnit.objects.get(code=danang.CLOSED_PROVINCE_CODE).document_symbol == "UBND-VP"
