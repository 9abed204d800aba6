"""A reorganisation prepared as a draft, previewed and applied: merge, split with per-item choices,
rename and re-code, abolish a level; the preview is what applying does; the tree of a day before it
still reads as it was; scope follows the new tree and keeps the predecessors' history readable."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resolute.conftest import make_unit, make_user
from resolute.core.contributions import CarriedWork, HeldItem, contribute, contributed
from resolute.orgunits import actions, history
from resolute.orgunits.choices import Role
from resolute.orgunits.models import (
    Membership,
    OrgUnit,
    OrgUnitKind,
    Reorganisation,
    UnitFormerName,
    UnitSuccession,
)
from resolute.orgunits.models import (
    ReorganisationStepKind as Kind,
)
from resolute.orgunits.reorganisation import plan_reorganisation
from resolute.orgunits.scope import forget_scope, scope_for

pytestmark = pytest.mark.usefixtures("after_the_day")

DAY = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)


def refreshed(unit):
    return OrgUnit.objects.get(pk=unit.pk)


def merge_communes_into_new_ward(draft, users, tree, **fields):
    ward = actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Hội An",
        kind=OrgUnitKind.COMMUNE,
        code="20333",
        parent=tree["province"],
        **fields,
    )
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[tree["commune_a1"], tree["commune_b1"]],
        successors=[ward],
    )
    return ward


def test_a_merger_creates_the_new_ward_closes_the_old_ones_and_names_the_successor(draft, users, tree):
    merge_communes_into_new_ward(draft, users, tree)
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)

    ward = OrgUnit.objects.get(code="20333")
    assert ward.effective_from == DAY and ward.parent == tree["province"]
    for old in ("commune_a1", "commune_b1"):
        assert refreshed(tree[old]).effective_to == LAST_DAY
    successions = UnitSuccession.objects.filter(successor=ward)
    assert {s.predecessor_id for s in successions} == {tree["commune_a1"].pk, tree["commune_b1"].pk}
    assert all(s.effective_on == DAY and s.reorganisation_id == draft.pk for s in successions)
    draft.refresh_from_db()
    assert draft.status == Reorganisation.Status.APPLIED and draft.outcome["created"] == 1


def test_members_of_a_merged_unit_work_for_its_successor(draft, users, tree):
    ward = merge_communes_into_new_ward(draft, users, tree)
    clerk = make_user("clerk", (tree["commune_a1"], Role.REPORTER))
    plan = plan_reorganisation(draft)
    roles = next(group for group in plan.work if group.work.key == "orgunits.memberships")
    assert [h.successor.planned for h in roles.handovers] == [ward]

    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    assert Membership.objects.get(user=clerk).unit.code == "20333"


def test_the_preview_shows_what_applying_does(draft, users, tree):
    """The plan's counts are the outcome's, and each listed item is where the plan said it would go."""
    merge_communes_into_new_ward(draft, users, tree)
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.RENAME,
        sources=[tree["finance"]],
        new_name="Sở Tài chính thành phố",
        new_name_en="City Department of Finance",
    )
    make_user("clerk", (tree["commune_b1"], Role.REPORTER))
    plan = plan_reorganisation(draft)
    preview = plan.counts()
    predicted = {h.item.key: str(h.successor) for group in plan.work for h in group.handovers}

    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    draft.refresh_from_db()
    assert draft.outcome == preview
    for key, successor in predicted.items():
        membership = Membership.objects.get(pk=int(key.rsplit(":", 1)[1]))
        assert str(membership.unit) == successor


class SampleWork:
    """A stand-in domain that holds one open item per unit, so splits can be checked item by item."""

    def __init__(self):
        self.carried = []

    def held(self, units, day):
        return [
            HeldItem(key=f"sample.item:{unit.pk}-{n}", unit=unit, title=f"{unit.name} #{n}")
            for unit in units
            for n in (1, 2)
        ]

    def carry(self, handovers, reorganisation, acting_user):
        self.carried.extend((h.item.key, h.successor.pk) for h in handovers)
        return len(handovers)


@pytest.fixture
def sample_work():
    work = SampleWork()
    item = contribute(
        CarriedWork(key="sample.items", label="sample items", held=work.held, carry=work.carry),
        app_label="orgunits",
    )
    yield work
    from resolute.core import contributions

    contributions._registry[CarriedWork].pop(item.key)


def test_a_split_sends_each_item_to_its_chosen_successor_and_the_rest_to_the_first(
    draft, users, tree, sample_work
):
    east = actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Đông",
        kind=OrgUnitKind.COMMUNE,
        parent=tree["province"],
    )
    west = actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Tây",
        kind=OrgUnitKind.COMMUNE,
        parent=tree["province"],
    )
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.SPLIT,
        sources=[tree["commune_a1"]],
        successors=[east, west],
    )
    second = f"sample.item:{tree['commune_a1'].pk}-2"
    actions.set_choice(acting_user=users["admin"], reorganisation=draft, item_key=second, successor=west)

    plan = plan_reorganisation(draft)
    items = {
        h.item.key: h for group in plan.work for h in group.handovers if group.work.key == "sample.items"
    }
    assert items[second].successor.planned == west and items[second].chosen
    assert items[f"sample.item:{tree['commune_a1'].pk}-1"].successor.planned == east

    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    created = {
        u.name: u.pk
        for u in OrgUnit.objects.filter(name__startswith="Phường Đ")
        | OrgUnit.objects.filter(name="Phường Tây")
    }
    assert dict(sample_work.carried) == {
        f"sample.item:{tree['commune_a1'].pk}-1": created["Phường Đông"],
        second: created["Phường Tây"],
    }


def test_renaming_keeps_the_unit_and_its_former_name(draft, users, tree):
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.RENAME,
        sources=[tree["district_a"]],
        new_name="Phường Hội An",
        new_name_en="Hoi An Ward",
    )
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.RECODE,
        sources=[tree["district_a"]],
        new_code="20333",
    )
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    unit = refreshed(tree["district_a"])
    assert (unit.name, unit.code, unit.effective_to) == ("Phường Hội An", "20333", None)
    former = list(UnitFormerName.objects.filter(unit=unit).values_list("name", "code", "used_until"))
    assert ("Thành phố Hội An", "503", LAST_DAY) in former
    assert OrgUnit.objects.matching("Phuong Hoi An").filter(pk=unit.pk).exists()


def test_abolishing_a_level_reattaches_its_children_and_keeps_the_old_tree_for_earlier_days(
    draft, users, tree
):
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.ABOLISH,
        sources=[tree["district_a"]],
    )
    plan = plan_reorganisation(draft)
    assert [(m.unit, m.new_parent.unit) for m in plan.moves] == [(tree["commune_a1"], tree["province"])]

    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    commune = refreshed(tree["commune_a1"])
    assert commune.parent == tree["province"] and refreshed(tree["district_a"]).effective_to == LAST_DAY
    # The district's own work went to the province, the unit its communes now sit under.
    assert UnitSuccession.objects.get(predecessor=tree["district_a"]).successor == tree["province"]

    assert history.parent_on(commune, LAST_DAY) == tree["district_a"]
    assert history.parent_on(commune, DAY) == tree["province"]
    assert list(history.children_on(tree["district_a"], LAST_DAY)) == [commune]
    assert list(history.children_on(tree["district_a"], DAY)) == []
    assert commune in history.children_on(tree["province"], DAY)
    before = set(history.units_in_area(tree["district_a"], LAST_DAY))
    assert before == {refreshed(tree["district_a"]), commune}


def test_a_successor_carries_its_predecessors_area_for_days_before_it_took_over(draft, users, tree):
    merge_communes_into_new_ward(draft, users, tree)
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    ward = OrgUnit.objects.get(code="20333")
    # The ward had no place yet on its predecessors' last day: its area then is theirs.
    assert set(history.units_in_area(ward, LAST_DAY)) == {
        refreshed(tree["commune_a1"]),
        refreshed(tree["commune_b1"]),
    }
    assert set(history.units_in_area(ward, DAY)) == {ward}


def test_a_wards_reporter_sees_what_it_leads_now_and_the_history_its_predecessors_left(draft, users, tree):
    merge_communes_into_new_ward(draft, users, tree)
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    ward = OrgUnit.objects.get(code="20333")
    reporter = make_user("ward_reporter", (ward, Role.REPORTER))
    scope = scope_for(reporter)
    assert scope.covers(ward, Role.REPORTER)
    assert scope.covers(tree["commune_a1"], Role.VIEWER)
    assert not scope.covers(tree["commune_a1"], Role.REPORTER)
    assert not scope.covers(tree["finance"])
    # The ward is the reporter's home (the default of their pages), the old communes only its history.
    assert [coverage.root_id for coverage in scope.own_coverages] == [ward.pk]
    forget_scope(reporter)


def test_conflicts_block_applying_and_say_what_to_resolve(draft, users, tree):
    used = tree["commune_a1"].code
    ward = actions.plan_unit(
        acting_user=users["admin"],
        reorganisation=draft,
        name="Phường Mới",
        kind=OrgUnitKind.COMMUNE,
        code=used,
        parent=tree["province"],
    )
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[tree["commune_b1"]],
        successors=[ward],
    )
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[tree["commune_b1"]],
        successors=[tree["commune_a1"]],
    )
    messages = [conflict.message for conflict in plan_reorganisation(draft).conflicts]
    assert any(f"The code {used} is already used" in message for message in messages)
    assert any("is closed by two operations" in message for message in messages)
    with pytest.raises(ValidationError):
        actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    assert refreshed(tree["commune_b1"]).effective_to is None
    assert not OrgUnit.objects.filter(name="Phường Mới").exists()


def test_a_split_unit_with_sub_units_needs_an_operation_for_each(draft, users, tree):
    actions.add_step(
        acting_user=users["admin"],
        reorganisation=draft,
        kind=Kind.SPLIT,
        sources=[tree["district_a"]],
        successors=[tree["district_b"], tree["committee"]],
    )
    messages = [conflict.message for conflict in plan_reorganisation(draft).conflicts]
    assert any("has no operation saying where it goes" in message for message in messages)


def test_a_reorganisation_cannot_be_applied_before_its_day_or_twice(users, tree):
    later = actions.create_reorganisation(
        acting_user=users["admin"],
        area=tree["province"],
        title="Later",
        legal_basis="NQ 1",
        effective_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="can be applied from that day"):
        actions.apply_reorganisation(acting_user=users["admin"], reorganisation=later)
    actions.update_reorganisation(acting_user=users["admin"], reorganisation=later, effective_on=DAY)
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=later)
    with pytest.raises(ValidationError, match="has been applied"):
        actions.apply_reorganisation(acting_user=users["admin"], reorganisation=later)


def test_only_an_administrator_of_the_area_prepares_or_applies_it(draft, users, tree):
    with pytest.raises(PermissionDenied):
        actions.create_reorganisation(
            acting_user=users["office"], area=tree["province"], title="T", legal_basis="B", effective_on=DAY
        )
    with pytest.raises(PermissionDenied):
        actions.apply_reorganisation(acting_user=users["district_a_manager"], reorganisation=draft)


def test_moving_a_unit_keeps_its_earlier_place_in_the_tree(users, tree):
    moved_on = datetime.date(2025, 7, 15)
    actions.move_unit(
        acting_user=users["admin"],
        unit=tree["commune_a1"],
        new_parent=tree["district_b"],
        on=moved_on,
        confirm_access_change=True,
    )
    commune = refreshed(tree["commune_a1"])
    assert commune.parent == tree["district_b"]
    assert history.parent_on(commune, datetime.date(2025, 7, 14)) == tree["district_a"]
    assert commune in set(history.units_in_area(tree["district_a"], datetime.date(2025, 7, 14)))
    assert commune not in set(history.units_in_area(tree["district_a"], moved_on))
    assert commune in set(history.units_in_area(tree["district_b"], moved_on))


def test_every_unit_has_a_place_from_its_creation(tree):
    for unit in tree.values():
        assert unit.placements.count() == 1


def test_the_contributed_work_includes_peoples_roles():
    assert "orgunits.memberships" in [work.key for work in contributed(CarriedWork)]


def test_a_reorganisation_applied_from_a_page_runs_as_a_background_job(
    draft, users, tree, django_capture_on_commit_callbacks
):
    """The job (run at once by the test settings' task backend) applies it and records the end."""
    merge_communes_into_new_ward(draft, users, tree)
    draft.refresh_from_db()  # the version the preview showed
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_apply(
            acting_user=users["admin"], reorganisation=draft, expected_version=draft.version
        )
    draft.refresh_from_db()
    assert draft.status == Reorganisation.Status.APPLIED and draft.applied_by == users["admin"]
    assert OrgUnit.objects.filter(code="20333", effective_from=DAY).exists()


def test_a_job_that_finds_a_conflict_fails_with_the_reason_and_leaves_the_draft_editable(
    draft, users, tree, monkeypatch
):
    from resolute.orgunits.actions import reorganisations

    merge_communes_into_new_ward(draft, users, tree)
    # Someone takes the new ward's code between the request and the job.
    monkeypatch.setattr(reorganisations, "enqueue_job", lambda kind, pk: None)
    actions.request_apply(acting_user=users["admin"], reorganisation=draft)
    make_unit("Phường Khác", tree["province"], OrgUnitKind.COMMUNE, code="20333")
    reorganisations.run_reorganisation_job(draft.pk)
    draft.refresh_from_db()
    assert draft.status == Reorganisation.Status.FAILED and "20333" in draft.failure_reason
    assert draft.is_draft and refreshed(tree["commune_a1"]).effective_to is None


def test_applying_a_reorganisation_tells_other_systems_once(draft, users, tree, heard_events):
    merge_communes_into_new_ward(draft, users, tree)
    actions.apply_reorganisation(acting_user=users["admin"], reorganisation=draft)
    reorganised = [event for event in heard_events if event.kind == "unit.reorganised"]
    (event,) = reorganised
    assert event.data["reorganisation"]["id"] == draft.pk
    assert event.data["reorganisation"]["link"] == draft.get_absolute_url()
    assert event.data["outcome"]
