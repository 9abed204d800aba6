"""What a reorganisation will do, read from its draft: the plan the preview shows and applying carries out.

`plan_reorganisation` writes nothing. It lists the units created, closed, renamed, re-coded and moved;
every open item the closing units hold, as each app contributes them (`core.contributions.CarriedWork`),
with the successor it goes to — the step's first successor unless a `ReorganisationChoice` says
otherwise; what stays with the old units as history; and the conflicts that must be resolved before
applying. `actions.reorganisations.apply_reorganisation` executes this same plan, so the preview is
what happens."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from resolute.core.contributions import CarriedWork, HeldItem, contributed

from .history import day_before
from .models import (
    Membership,
    OrgUnit,
    PlannedUnit,
    Reorganisation,
    ReorganisationStep,
    ReorganisationStepKind,
    StepSuccessor,
    UnitSuccession,
)
from .querysets import subtree_q

Kind = ReorganisationStepKind
# The kinds of step that close their sources and hand their work to successors.
CLOSING_KINDS = {Kind.MERGE, Kind.SPLIT, Kind.ABOLISH}
SUCCESSION_KIND = {
    Kind.MERGE: UnitSuccession.Kind.MERGER,
    Kind.SPLIT: UnitSuccession.Kind.SPLIT,
    Kind.ABOLISH: UnitSuccession.Kind.TRANSFER,
}


@dataclass(frozen=True)
class UnitRef:
    """A unit that exists, or one the reorganisation will create."""

    unit: OrgUnit | None = None
    planned: PlannedUnit | None = None

    @property
    def key(self) -> str:
        return f"unit:{self.unit.pk}" if self.unit is not None else f"planned:{self.planned.pk}"

    @property
    def display_name(self):
        return (self.unit or self.planned).display_name

    def __str__(self) -> str:
        return str(self.display_name)


@dataclass
class PlannedClosure:
    unit: OrgUnit
    step: ReorganisationStep
    successors: list[UnitRef]
    kind: str


@dataclass
class PlannedMove:
    unit: OrgUnit
    old_parent: OrgUnit | None
    new_parent: UnitRef | None
    step: ReorganisationStep


@dataclass
class PlannedRename:
    unit: OrgUnit
    step: ReorganisationStep
    name: str = ""
    name_en: str = ""
    short_name: str = ""
    code: str = ""


@dataclass
class PlannedHandover:
    item: HeldItem
    work: CarriedWork
    successor: UnitRef
    options: list[UnitRef]
    chosen: bool = False


@dataclass
class WorkGroup:
    work: CarriedWork
    handovers: list[PlannedHandover] = field(default_factory=list)
    kept: int = 0


@dataclass
class Conflict:
    message: str
    step: ReorganisationStep | None = None


@dataclass
class ReorganisationPlan:
    reorganisation: Reorganisation
    created: list[PlannedUnit] = field(default_factory=list)
    closures: list[PlannedClosure] = field(default_factory=list)
    moves: list[PlannedMove] = field(default_factory=list)
    renames: list[PlannedRename] = field(default_factory=list)
    work: list[WorkGroup] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def is_applicable(self) -> bool:
        return not self.conflicts

    def counts(self) -> dict[str, int]:
        counts = {
            "created": len(self.created),
            "closed": len(self.closures),
            "renamed": len(self.renames),
            "moved": len(self.moves),
        }
        for group in self.work:
            counts[group.work.key] = len(group.handovers)
        return counts


def _ref(unit=None, planned=None) -> UnitRef:
    return UnitRef(unit=unit, planned=planned)


def _successor_refs(step) -> list[UnitRef]:
    return [_ref(row.unit, row.planned) for row in step.successor_list]


def _new_parent_ref(step) -> UnitRef | None:
    if step.new_planned_parent_id:
        return _ref(planned=step.new_planned_parent)
    if step.new_parent_id:
        return _ref(unit=step.new_parent)
    return None


def _steps_of(reorganisation):
    """The steps with their sources and successors, in three queries joined on the reorganisation
    (not on lists of ids: a national reorganisation has thousands of steps)."""
    steps = list(
        reorganisation.steps.select_related("new_parent", "new_planned_parent").order_by("position", "id")
    )
    by_id = {step.pk: step for step in steps}
    for step in steps:
        step.source_list, step.successor_list = [], []
    through = ReorganisationStep.sources.through
    for row in (
        through.objects.filter(reorganisationstep__reorganisation=reorganisation)
        .select_related("orgunit")
        .order_by("orgunit__path")
    ):
        by_id[row.reorganisationstep_id].source_list.append(row.orgunit)
    successors = StepSuccessor.objects.filter(step__reorganisation=reorganisation).select_related(
        "unit", "planned"
    )
    for row in successors.order_by("position", "id"):
        by_id[row.step_id].successor_list.append(row)
    return steps


def plan_reorganisation(reorganisation: Reorganisation) -> ReorganisationPlan:
    plan = ReorganisationPlan(reorganisation=reorganisation)
    day = reorganisation.effective_on
    last_day = day_before(day)
    steps = _steps_of(reorganisation)
    plan.created = list(
        reorganisation.planned_units.select_related("parent", "planned_parent").order_by("id")
    )
    conflict = plan.conflicts.append

    _check_planned_units(plan, conflict)
    handled: dict[int, ReorganisationStep] = {}
    closing: dict[int, PlannedClosure] = {}
    area_path = reorganisation.area.path
    for step in steps:
        sources = step.source_list
        if not sources:
            conflict(
                Conflict(
                    _("Operation %(position)s names no unit to change.") % {"position": step.position}, step
                )
            )
            continue
        if step.kind != Kind.MERGE and len(sources) > 1:
            conflict(
                Conflict(
                    _("A %(operation)s changes one unit; operation %(position)s names %(count)d.")
                    % {
                        "operation": step.get_kind_display(),
                        "position": step.position,
                        "count": len(sources),
                    },
                    step,
                )
            )
        for source in sources:
            if not source.path.startswith(area_path):
                conflict(
                    Conflict(
                        _("%(unit)s lies outside %(area)s, the part of the tree this reorganisation changes.")
                        % {"unit": source, "area": reorganisation.area},
                        step,
                    )
                )
            if not source.is_open_on(last_day):
                conflict(
                    Conflict(
                        _("%(unit)s is not open on %(date)s, the day before the reorganisation.")
                        % {"unit": source, "date": last_day.isoformat()},
                        step,
                    )
                )
            if step.kind in CLOSING_KINDS:
                if source.pk in handled:
                    conflict(
                        Conflict(
                            _("%(unit)s is closed by two operations (%(first)s and %(second)s); keep one.")
                            % {"unit": source, "first": handled[source.pk].position, "second": step.position},
                            step,
                        )
                    )
                    continue
                handled[source.pk] = step
        if step.kind in CLOSING_KINDS:
            _plan_closure(plan, step, sources, closing, conflict)
        elif step.kind in (Kind.RENAME, Kind.RECODE):
            _plan_rename(plan, step, sources[0], conflict)
        elif step.kind == Kind.MOVE:
            new_parent = _new_parent_ref(step)
            plan.moves.append(
                PlannedMove(unit=sources[0], old_parent=sources[0].parent, new_parent=new_parent, step=step)
            )
    _check_successors_stay(plan, closing, conflict)
    _plan_children(plan, closing, conflict)
    _plan_codes(plan, conflict)
    _plan_work(plan, closing, last_day)
    return plan


def _check_planned_units(plan, conflict) -> None:
    """Every new unit sits somewhere in the reorganised part of the tree."""
    for planned in plan.created:
        if planned.parent_id is None and planned.planned_parent_id is None:
            conflict(Conflict(_("The new unit %(unit)s has no parent unit.") % {"unit": planned}))


def _plan_closure(plan, step, sources, closing, conflict) -> None:
    successors = _successor_refs(step)
    if step.kind == Kind.ABOLISH and not successors:
        # By rule, an abolished level's own work goes to the unit its sub-units go under.
        parent = _new_parent_ref(step) or (_ref(unit=sources[0].parent) if sources[0].parent_id else None)
        successors = [parent] if parent else []
    if not successors:
        conflict(
            Conflict(
                _("Operation %(position)s closes %(unit)s but names no successor to take over its work.")
                % {"position": step.position, "unit": sources[0]},
                step,
            )
        )
        return
    if step.kind == Kind.SPLIT and len(successors) < 2:
        conflict(
            Conflict(
                _("A split needs at least two successors; operation %(position)s names %(count)d.")
                % {"position": step.position, "count": len(successors)},
                step,
            )
        )
    if step.kind == Kind.MERGE and len(successors) > 1:
        conflict(
            Conflict(
                _(
                    "A merger has one successor; operation %(position)s names %(count)d. "
                    "Use a split to share work."
                )
                % {"position": step.position, "count": len(successors)},
                step,
            )
        )
    for source in sources:
        if any(ref.unit is not None and ref.unit.pk == source.pk for ref in successors):
            conflict(Conflict(_("%(unit)s cannot succeed itself.") % {"unit": source}, step))
            continue
        closure = PlannedClosure(
            unit=source, step=step, successors=successors, kind=SUCCESSION_KIND[step.kind]
        )
        closing[source.pk] = closure
        plan.closures.append(closure)


def _plan_rename(plan, step, unit, conflict) -> None:
    if step.kind == Kind.RENAME and not step.new_name.strip():
        conflict(
            Conflict(
                _("Operation %(position)s renames %(unit)s but gives no new name.")
                % {"position": step.position, "unit": unit},
                step,
            )
        )
        return
    if step.kind == Kind.RECODE and not step.new_code.strip():
        conflict(
            Conflict(
                _("Operation %(position)s re-codes %(unit)s but gives no new code.")
                % {"position": step.position, "unit": unit},
                step,
            )
        )
        return
    plan.renames.append(
        PlannedRename(
            unit=unit,
            step=step,
            name=step.new_name if step.kind == Kind.RENAME else "",
            name_en=step.new_name_en if step.kind == Kind.RENAME else "",
            short_name=step.new_short_name if step.kind == Kind.RENAME else "",
            code=step.new_code,
        )
    )


def _check_successors_stay(plan, closing, conflict) -> None:
    for closure in plan.closures:
        for ref in closure.successors:
            if ref.unit is None:
                continue
            if ref.unit.pk in closing:
                conflict(
                    Conflict(
                        _(
                            "%(successor)s closes in this same reorganisation and cannot take over "
                            "%(unit)s's work; choose a unit that stays or a new one."
                        )
                        % {"successor": ref.unit, "unit": closure.unit},
                        closure.step,
                    )
                )
            elif not ref.unit.is_open_on(plan.reorganisation.effective_on):
                conflict(
                    Conflict(
                        _("%(successor)s is not open on %(date)s and cannot take over %(unit)s's work.")
                        % {
                            "successor": ref.unit,
                            "date": plan.reorganisation.effective_on.isoformat(),
                            "unit": closure.unit,
                        },
                        closure.step,
                    )
                )
    for planned in plan.created:
        if planned.parent_id in closing:
            conflict(
                Conflict(
                    _("The new unit %(unit)s would sit under %(parent)s, which this reorganisation closes.")
                    % {"unit": planned, "parent": planned.parent}
                )
            )
        elif planned.parent is not None and not planned.parent.is_open_on(plan.reorganisation.effective_on):
            conflict(
                Conflict(
                    _("The new unit %(unit)s would sit under %(parent)s, which is not open on %(date)s.")
                    % {
                        "unit": planned,
                        "parent": planned.parent,
                        "date": plan.reorganisation.effective_on.isoformat(),
                    }
                )
            )
    for move in plan.moves:
        if (
            move.new_parent is not None
            and move.new_parent.unit is not None
            and move.new_parent.unit.pk in closing
        ):
            conflict(
                Conflict(
                    _("%(unit)s would move under %(parent)s, which this reorganisation closes.")
                    % {"unit": move.unit, "parent": move.new_parent},
                    move.step,
                )
            )


def _plan_children(plan, closing, conflict) -> None:
    """The open sub-units of a closing unit must close, or move, too: a merged unit's go under its
    successor, an abolished level's under the unit the step names (its parent by default); a split's
    must be placed by an operation of their own."""
    if not closing:
        return
    last_day = day_before(plan.reorganisation.effective_on)
    moved_ids = {move.unit.pk for move in plan.moves}
    children = OrgUnit.objects.open_on(last_day).filter(parent_id__in=list(closing)).order_by("path")
    for child in children:
        if child.pk in closing or child.pk in moved_ids:
            continue
        closure = closing[child.parent_id]
        if closure.step.kind == Kind.SPLIT:
            conflict(
                Conflict(
                    _(
                        "%(unit)s splits, but its sub-unit %(child)s has no operation saying where it goes; "
                        "add a move or a merger for it."
                    )
                    % {"unit": closure.unit, "child": child},
                    closure.step,
                )
            )
            continue
        if closure.step.kind == Kind.ABOLISH:
            new_parent = _new_parent_ref(closure.step) or (
                _ref(unit=closure.unit.parent) if closure.unit.parent_id else None
            )
        else:
            new_parent = closure.successors[0]
        plan.moves.append(
            PlannedMove(unit=child, old_parent=closure.unit, new_parent=new_parent, step=closure.step)
        )


def _plan_codes(plan, conflict) -> None:
    """A code is for life and never reused at its level: a new or changed code must be free among all
    units, closed ones included, and among the new units."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for planned in plan.created:
        if planned.code:
            wanted[planned.code].append(str(planned))
    for rename in plan.renames:
        if rename.code:
            wanted[rename.code].append(str(rename.unit))
    if not wanted:
        return
    taken = dict(OrgUnit.objects.filter(code__in=list(wanted)).values_list("code", "name"))
    for code, holders in sorted(wanted.items()):
        if len(holders) > 1:
            conflict(
                Conflict(
                    _("The code %(code)s is given to %(units)s; each unit needs its own.")
                    % {"code": code, "units": ", ".join(holders)}
                )
            )
        if code in taken:
            conflict(
                Conflict(
                    _(
                        "The code %(code)s is already used by %(unit)s (codes are never reused); "
                        "give %(new)s another."
                    )
                    % {"code": code, "unit": taken[code], "new": holders[0]}
                )
            )


def _plan_work(plan, closing, last_day) -> None:
    if not closing:
        plan.work = [WorkGroup(work=work) for work in contributed(CarriedWork)]
        return
    reorganisation = plan.reorganisation
    choices = {
        choice.item_key: _ref(choice.unit, choice.planned)
        for choice in reorganisation.choices.select_related("unit", "planned")
    }
    units = [closure.unit for closure in plan.closures]
    for work in contributed(CarriedWork):
        group = WorkGroup(work=work)
        for item in work.held(units, last_day):
            closure = closing[item.unit.pk]
            options = closure.successors
            successor = options[0]
            chosen = choices.get(item.key)
            if chosen is not None and any(option.key == chosen.key for option in options):
                successor = chosen
            group.handovers.append(
                PlannedHandover(
                    item=item,
                    work=work,
                    successor=successor,
                    options=options,
                    chosen=successor is not options[0],
                )
            )
        if work.kept is not None:
            group.kept = work.kept(units, last_day)
        plan.work.append(group)


def unit_choices_in(reorganisation, queryset=None):
    """Units a step may name: open units under the reorganisation's area."""
    queryset = queryset if queryset is not None else OrgUnit.objects.all()
    return queryset.filter(subtree_q(reorganisation.area.path)).open_on(
        day_before(reorganisation.effective_on)
    )


def memberships_held(units, day) -> list[HeldItem]:
    """The roles people hold in the closing units: they follow the work to the successor."""
    rows = (
        Membership.objects.filter(unit__in=units)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )
    return [
        HeldItem(
            key=f"orgunits.membership:{membership.pk}",
            unit=membership.unit,
            title=str(membership.user),
            role=membership.get_role_display(),
        )
        for membership in rows
    ]
