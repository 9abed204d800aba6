"""Handing a project's investor or locality to another unit from a day, so that its past stays where it
was: a view of an earlier day still counts the project with the unit that held it then (the units of a
day, `selectors.projects.units_on`). `hand_over_project` does it for one project, on a keeper of the
books' word.

A reorganisation hands a closing unit's public investment to its successor (`CarriedWork.carry`,
called by `orgunits.actions.reorganisations.apply_reorganisation` inside its transaction; what a unit
holds is read by `handovers`):

- `carry_projects(role="investor")`: the successor carries out the project and reports its
  disbursement; `role="locality"`: the project lies in the successor. Each writes a `ProjectHandover`
  (which the units of a past day read, rule 8: a view of 2024 still counts the project where it
  stood then) and changes the project.
- `carry_projects(role="jurisdiction")`: the successor's plans fund the project (no hand-over row: the
  units of a day are the investor and the locality).
- `carry_plans`: the successor issues the plan. When it already has a plan of that year (two provinces
  merged, each with its 2025 plan), the two ledgers become one: the closing unit's decisions (with
  their entries), reports and extensions pass to the successor's plan, whose title and milestones
  stand, and the emptied plan is removed, its title and milestones written in the change log.
- `carry_desks`: the successor keeps the books the closing department kept, or the books of the
  closing jurisdiction become the successor's; a desk the successor already has absorbs the old one.

Every change is logged with the reorganisation named; a national reorganisation closes thousands of
units, so each function runs a fixed number of statements per batch of projects.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core.actions.bulk import chunks, set_by_value
from resolute.core.changelog import record_change, record_stated_changes, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.contributions import Handover
from resolute.core.models import ChangeLogEntry

from .. import handovers as held
from ..choices import HandoverRole, ProjectStatus
from ..models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentDesk,
    InvestmentProject,
    PlanDecision,
    PlanExtension,
    ProjectHandover,
)
from .common import Errors, day_text, ensure_may_manage


@transaction.atomic
def hand_over_project(
    *, acting_user, project, role: str, to_unit, effective_on: date, reorganisation=None
) -> ProjectHandover:
    """From `effective_on`, `to_unit` is the project's investor or locality (`role`): the project changes
    and a `ProjectHandover` keeps the unit that held it before. Only the books' keepers hand over."""
    ensure_may_manage(acting_user, project.jurisdiction)
    project = lock_for_update(project, None)
    errors = Errors()
    current = None
    if role not in HandoverRole.values:
        errors.add("role", _("Choose whether the investor or the locality is handed over."))
    else:
        current = getattr(project, role)
        if to_unit is None:
            errors.add("to_unit", _("Choose the unit that takes the project over."))
        elif to_unit.pk == current.pk:
            errors.add("to_unit", _("%(unit)s already holds this project.") % {"unit": to_unit})
        latest = ProjectHandover.objects.filter(project=project, role=role).order_by("-effective_on").first()
        if effective_on is None:
            errors.add("effective_on", _("Enter the day the hand-over takes effect."))
        elif latest is not None and effective_on <= latest.effective_on:
            errors.add(
                "effective_on",
                _("The project was last handed over on %(day)s: a later hand-over takes effect after it.")
                % {"day": day_text(latest.effective_on)},
            )
    errors.raise_if_any()
    before = snapshot(project, [role])
    handover = ProjectHandover.objects.create(
        project=project,
        role=role,
        from_unit=current,
        to_unit=to_unit,
        effective_on=effective_on,
        reorganisation=reorganisation,
    )
    setattr(project, role, to_unit)
    project.version += 1
    project.save(update_fields=[role, "version", "updated_at"])
    record_change(
        actor=acting_user,
        instance=project,
        action=ChangeLogEntry.Action.UPDATE,
        before=before,
        note=_("Handed over from %(day)s.") % {"day": day_text(effective_on)},
    )
    return handover


# -- a reorganisation's hand-over (`CarriedWork.carry`) ------------------------------------------------

# role -> (prefix of the held items' keys, the project's field, whether a ProjectHandover records it)
PROJECT_ROLES = {
    HandoverRole.INVESTOR: (held.INVESTOR, "investor", True),
    HandoverRole.LOCALITY: (held.LOCALITY, "locality", True),
    "jurisdiction": (held.JURISDICTION, "jurisdiction", False),
}


def reorganisation_note(reorganisation) -> str:
    basis = reorganisation.legal_basis
    text = (
        _("Handed over in the reorganisation “%(title)s” under %(basis)s, effective %(date)s.")
        if basis
        else _("Handed over in the reorganisation “%(title)s”, effective %(date)s.")
    ) % {
        "title": reorganisation.title,
        "basis": basis,
        "date": date_format(reorganisation.effective_on, "SHORT_DATE_FORMAT"),
    }
    return text[:500]


def _moves(handovers: Iterable[Handover], prefix: str) -> dict[int, tuple]:
    """{id of the record: (unit giving it, successor)} of the handovers of items keyed `prefix:<id>`."""
    start = prefix + ":"
    return {
        handover.item.record_id: (handover.item.unit, handover.successor)
        for handover in handovers
        if handover.item.key.startswith(start)
    }


@transaction.atomic
def _carried(projects, role: str):
    return projects if role == "jurisdiction" else projects.exclude(status=ProjectStatus.COMPLETED)


def carry_projects(*, acting_user, handovers: Iterable[Handover], reorganisation, role: str) -> int:
    """Give each project a closing unit holds as `role` ("investor", "locality" or "jurisdiction") to
    its successor: the project's unit changes from the reorganisation's day, a `ProjectHandover` records
    it (investor and locality), and the change log names the reorganisation. A project already given to
    another unit since the preview is left alone, and so is one completed since then — except for the
    jurisdiction, whose books pass whole, completed projects included. Returns how many moved."""
    prefix, field, recorded = PROJECT_ROLES[role]
    moves = _moves(handovers, prefix)
    note = reorganisation_note(reorganisation)
    now = timezone.now()
    moved = 0
    for batch in chunks(sorted(moves)):
        projects = {
            project.pk: project
            for project in _carried(InvestmentProject.objects.select_for_update().filter(pk__in=batch), role)
            .select_related(field)
            .order_by("pk")
        }
        new_units, records, changes = {}, [], []
        for pk, project in projects.items():
            old, new = moves[pk]
            if getattr(project, f"{field}_id") != old.pk or new.pk == old.pk:
                continue
            new_units[pk] = new.pk
            changes.append((project, {field: {"old": str(getattr(project, field)), "new": str(new)}}))
            if recorded:
                records.append(
                    ProjectHandover(
                        project=project,
                        role=role,
                        from_unit=old,
                        to_unit=new,
                        effective_on=reorganisation.effective_on,
                        reorganisation=reorganisation,
                    )
                )
        set_by_value(InvestmentProject, field, new_units, version=F("version") + 1, updated_at=now)
        ProjectHandover.objects.bulk_create(records)
        record_stated_changes(actor=acting_user, changes=changes, note=note)
        moved += len(new_units)
    return moved


def _merge_plan(plan: CapitalPlan, into: CapitalPlan, acting_user, note: str) -> None:
    """Pass `plan`'s decisions, reports and extensions to `into` (the successor's plan of the same
    year) and remove the emptied plan, writing in the log what it was."""
    decisions = PlanDecision.objects.filter(plan=plan).update(plan=into)
    reports = DisbursementReport.objects.filter(plan=plan).update(plan=into)
    extensions = PlanExtension.objects.filter(plan=plan).update(plan=into)
    milestones = "; ".join(
        f"{date_format(milestone.day, 'SHORT_DATE_FORMAT')}: {milestone.rate}%"
        for milestone in plan.milestones.all()
    )
    merged = _(
        "%(plan)s merged into %(into)s: %(decisions)s decisions, %(reports)s reports, "
        "%(extensions)s extensions."
    ) % {
        "plan": plan.title,
        "into": into.title,
        "decisions": decisions,
        "reports": reports,
        "extensions": extensions,
    }
    record_stated_changes(
        actor=acting_user,
        changes=[(into, {"merged_plan": {"old": None, "new": plan.title}}, f"{note} {merged}")],
    )
    record_stated_changes(
        actor=acting_user,
        changes=[
            (
                plan,
                {
                    "issuer": {"old": str(plan.issuer), "new": None},
                    "milestones": {"old": milestones, "new": None},
                },
                f"{note} {merged}",
            )
        ],
        action=ChangeLogEntry.Action.DELETE,
    )
    plan.delete()


@transaction.atomic
def carry_plans(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Give each plan a closing unit issued, not finally lapsed, to its successor; merge it into the
    successor's plan of the same year when there is one (see the module). Returns how many plans were
    handed over."""
    moves = _moves(handovers, held.PLAN)
    if not moves:
        return 0
    note = reorganisation_note(reorganisation)
    plans = list(
        CapitalPlan.objects.select_for_update()
        .filter(pk__in=list(moves))
        .select_related("issuer")
        .order_by("pk")
    )
    successor_ids = {new.pk for _old, new in moves.values()}
    existing = {
        (plan.issuer_id, plan.year): plan
        for plan in CapitalPlan.objects.select_for_update()
        .filter(issuer_id__in=successor_ids, year__in={plan.year for plan in plans})
        .exclude(pk__in=list(moves))
    }
    moved = 0
    now = timezone.now()
    for plan in plans:
        old, new = moves[plan.pk]
        if plan.issuer_id != old.pk or new.pk == old.pk:
            continue
        moved += 1
        into = existing.get((new.pk, plan.year))
        if into is not None:
            _merge_plan(plan, into, acting_user, note)
            continue
        CapitalPlan.objects.filter(pk=plan.pk).update(issuer=new, version=F("version") + 1, updated_at=now)
        # A second plan of that year reaching the same successor in this reorganisation merges into it.
        existing[(new.pk, plan.year)] = plan
        record_stated_changes(
            actor=acting_user, changes=[(plan, {"issuer": {"old": str(old), "new": str(new)}})], note=note
        )
    return moved


@transaction.atomic
def carry_desks(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Point each desk at the successor of its closing department, or of its closing jurisdiction; when
    the successor already has that desk, the old one ends there. Returns how many of the handed-over
    items (a department's, a jurisdiction's) were carried, as the preview counted them."""
    by_unit = _moves(handovers, held.DESK_UNIT)
    by_jurisdiction = _moves(handovers, held.DESK_JURISDICTION)
    note = reorganisation_note(reorganisation)
    desks = InvestmentDesk.objects.select_for_update().filter(pk__in={*by_unit, *by_jurisdiction})
    desks = list(desks.select_related("unit", "jurisdiction").order_by("pk"))
    taken = set(InvestmentDesk.objects.values_list("unit_id", "jurisdiction_id"))
    carried = 0
    for desk in desks:
        before = (desk.unit_id, desk.jurisdiction_id)
        stated = {}
        unit, jurisdiction = desk.unit, desk.jurisdiction
        if desk.pk in by_unit and by_unit[desk.pk][0].pk == desk.unit_id:
            unit = by_unit[desk.pk][1]
            stated["unit"] = {"old": str(desk.unit), "new": str(unit)}
        if desk.pk in by_jurisdiction and by_jurisdiction[desk.pk][0].pk == desk.jurisdiction_id:
            jurisdiction = by_jurisdiction[desk.pk][1]
            stated["jurisdiction"] = {"old": str(desk.jurisdiction), "new": str(jurisdiction)}
        after = (unit.pk, jurisdiction.pk)
        if not stated or after == before:
            continue
        carried += len(stated)
        taken.discard(before)
        if after in taken:
            record_stated_changes(
                actor=acting_user,
                changes=[
                    (desk, stated, note + " " + _("%(unit)s already keeps these books.") % {"unit": unit})
                ],
                action=ChangeLogEntry.Action.DELETE,
            )
            desk.delete()
            continue
        taken.add(after)
        InvestmentDesk.objects.filter(pk=desk.pk).update(unit=unit, jurisdiction=jurisdiction)
        record_stated_changes(actor=acting_user, changes=[(desk, stated)], note=note)
    return carried
