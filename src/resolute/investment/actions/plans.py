"""Annual capital plans: assigning them, their milestones, and the adjustments and transfers that change
them. A change is a new decision whose entries add to or take from the plan; the plan as first assigned is
never rewritten (see `models`)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.core.numbers import exact_decimal

from ..choices import PlanChangeKind
from ..models import CapitalPlan, PlanDecision, PlanEntry, PlanMilestone
from .common import (
    SOURCES,
    Errors,
    day_text,
    disbursed_of,
    ensure_may_manage,
    person,
    plan_of,
    source_label,
    vnd,
    whole_vnd,
)


def _check_decision_header(plan_year: int, number: str, decided_on, errors: Errors) -> str:
    number = (number or "").strip()
    if not number:
        errors.add("number", _("Enter the number of the decision."))
    if decided_on is None:
        errors.add("decided_on", _("Enter the day of the decision."))
    return number


def _check_project_for(plan: CapitalPlan, project, field: str, errors: Errors) -> bool:
    if project.jurisdiction_id != plan.issuer_id:
        errors.add(
            field,
            _("%(project)s is not funded by the plans of %(unit)s.")
            % {"project": project.code, "unit": plan.issuer},
        )
        return False
    return True


def _checked_milestones(plan_year: int, milestones, errors: Errors) -> list[tuple[date, Decimal, str]]:
    checked, days = [], set()
    last_day = date(plan_year + 1, 12, 31)
    for day, rate, label in milestones:
        try:
            rate = exact_decimal(rate, max_digits=5, decimal_places=2)
        except Exception:  # noqa: BLE001 - any unreadable rate is the same mistake for the reader
            errors.add("milestones", _("%(day)s: enter the share as a percentage.") % {"day": day_text(day)})
            continue
        if not Decimal(0) <= rate <= Decimal(100):
            errors.add("milestones", _("%(day)s: a share is between 0 and 100%%.") % {"day": day_text(day)})
        elif day.year < plan_year or day > last_day:
            errors.add(
                "milestones",
                _("%(day)s is outside the plan's years (%(first)s to %(last)s).")
                % {"day": day_text(day), "first": plan_year, "last": plan_year + 1},
            )
        elif day in days:
            errors.add("milestones", _("%(day)s is given twice.") % {"day": day_text(day)})
        else:
            days.add(day)
            checked.append((day, rate, (label or "").strip()))
    checked.sort()
    for (_day, earlier, _label), (later_day, later, _later_label) in zip(checked, checked[1:], strict=False):
        if later < earlier:
            errors.add(
                "milestones",
                _("%(day)s: a later milestone cannot ask for less.") % {"day": day_text(later_day)},
            )
    return checked


def _checked_entries(
    plan: CapitalPlan, rows, errors: Errors, *, signed: bool, field: str = "entries"
) -> dict[tuple, Decimal]:
    """{(project, source): amount} of the rows, each checked; the same project and source twice add up."""
    entries: dict[tuple, Decimal] = defaultdict(Decimal)
    for number, (project, source, amount) in enumerate(rows, start=1):
        if source not in SOURCES:
            errors.add(
                "entries",
                _("Row %(row)s: %(source)s is not a capital source.") % {"row": number, "source": source},
            )
            continue
        if not _check_project_for(plan, project, field, errors):
            continue
        label = _("Row %(row)s (%(project)s, %(source)s)") % {
            "row": number,
            "project": project.code,
            "source": source_label(source),
        }
        value = whole_vnd(amount, field, errors, signed=signed, label=label)
        if value is not None:
            entries[(project, source)] += value
    return {key: amount for key, amount in entries.items() if amount != 0}


@transaction.atomic
def create_plan(
    *,
    acting_user,
    issuer,
    year: int,
    title: str,
    number: str,
    decided_on: date,
    entries,
    document=None,
    milestones=(),
    is_sample: bool = False,
) -> CapitalPlan:
    """Assign `issuer`'s capital plan of `year` by decision `number` of `decided_on`: `entries` are
    (project, source, VND) rows, `milestones` (day, % disbursed, set by) rows."""
    ensure_may_manage(acting_user, issuer)
    errors = Errors()
    title = (title or "").strip()
    if not title:
        errors.add("title", _("Enter the plan's title."))
    if CapitalPlan.objects.filter(issuer=issuer, year=year).exists():
        errors.add(
            "year",
            _("%(unit)s already has a plan for %(year)s: adjust it instead.")
            % {"unit": issuer, "year": year},
        )
    number = _check_decision_header(year, number, decided_on, errors)
    if decided_on is not None and not (date(year - 1, 1, 1) <= decided_on <= date(year, 12, 31)):
        errors.add(
            "decided_on",
            _("A plan for %(year)s is assigned in %(before)s or %(year)s.")
            % {"year": year, "before": year - 1},
        )
    checked_entries = {}
    if decided_on is not None:
        plan_stub = CapitalPlan(issuer=issuer, year=year)
        checked_entries = _checked_entries(plan_stub, entries, errors, signed=False)
    checked_milestones = _checked_milestones(year, milestones, errors)
    errors.raise_if_any()
    plan = CapitalPlan.objects.create(issuer=issuer, year=year, title=title, is_sample=is_sample)
    decision = PlanDecision.objects.create(
        plan=plan,
        kind=PlanChangeKind.ORIGINAL,
        number=number,
        decided_on=decided_on,
        document=document,
        created_by=person(acting_user),
    )
    PlanEntry.objects.bulk_create(
        [
            PlanEntry(decision=decision, project=project, source=source, amount=amount)
            for (project, source), amount in checked_entries.items()
        ],
        batch_size=500,
    )
    PlanMilestone.objects.bulk_create(
        [PlanMilestone(plan=plan, day=day, rate=rate, label=label) for day, rate, label in checked_milestones]
    )
    total = sum(checked_entries.values(), Decimal(0))
    record_change(
        actor=acting_user,
        instance=plan,
        action=ChangeLogEntry.Action.CREATE,
        fields=["year", "issuer", "title"],
        note=_("Assigned by %(number)s of %(day)s: %(total)s to %(projects)s projects")
        % {
            "number": number,
            "day": day_text(decided_on),
            "total": vnd(total),
            "projects": len({p for p, _s in checked_entries}),
        },
    )
    return plan


@transaction.atomic
def set_milestones(*, acting_user, plan: CapitalPlan, milestones, version: int | None = None) -> CapitalPlan:
    """Replace the plan's milestones (day, % disbursed, set by)."""
    ensure_may_manage(acting_user, plan.issuer)
    plan = lock_for_update(plan, version)
    errors = Errors()
    checked = _checked_milestones(plan.year, milestones, errors)
    errors.raise_if_any()
    before = "; ".join(f"{day_text(m.day)} {m.rate}%" for m in plan.milestones.all())
    plan.milestones.all().delete()
    PlanMilestone.objects.bulk_create(
        [PlanMilestone(plan=plan, day=d, rate=r, label=label) for d, r, label in checked]
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    after = "; ".join(f"{day_text(d)} {r}%" for d, r, _label in checked)
    record_change(
        actor=acting_user,
        instance=plan,
        action=ChangeLogEntry.Action.UPDATE,
        note=_("Milestones: %(before)s → %(after)s") % {"before": before or "—", "after": after or "—"},
    )
    return plan


def _check_change_day(plan: CapitalPlan, decided_on, errors: Errors) -> None:
    if decided_on is None:
        return
    first = plan.decisions.order_by("decided_on").values_list("decided_on", flat=True).first()
    if first is not None and decided_on < first:
        errors.add(
            "decided_on",
            _("The plan was assigned on %(day)s: a change cannot come before it.") % {"day": day_text(first)},
        )
    if decided_on > plan.lapses_on:
        errors.add(
            "decided_on",
            _(
                "The %(year)s plan lapsed on %(day)s (Public Investment Law 2024, Art. 72): "
                "it can no longer be changed."
            )
            % {"year": plan.year, "day": day_text(plan.lapses_on)},
        )


def _check_resulting_plan(
    plan: CapitalPlan, changes: dict[tuple, Decimal], decided_on: date, field: str, errors: Errors
):
    """A change may not leave a negative plan, nor take away what was already disbursed by its day."""
    for (project, source), change in changes.items():
        if change >= 0:
            continue
        current = plan_of(project, plan, decided_on).get(source, Decimal(0))
        disbursed = disbursed_of(project, plan, decided_on).get(source, Decimal(0))
        left = current + change
        if left < 0:
            errors.add(
                field,
                _("%(project)s, %(source)s: the plan is %(plan)s; taking %(change)s would leave it negative.")
                % {
                    "project": project.code,
                    "source": source_label(source),
                    "plan": vnd(current),
                    "change": vnd(-change),
                },
            )
        elif left < disbursed:
            errors.add(
                field,
                _(
                    "%(project)s, %(source)s: %(disbursed)s was already disbursed; "
                    "the plan cannot fall to %(left)s."
                )
                % {
                    "project": project.code,
                    "source": source_label(source),
                    "disbursed": vnd(disbursed),
                    "left": vnd(left),
                },
            )


def _record_decision(acting_user, plan, decision, changes: dict[tuple, Decimal]) -> None:
    PlanEntry.objects.bulk_create(
        [
            PlanEntry(decision=decision, project=project, source=source, amount=amount)
            for (project, source), amount in changes.items()
        ]
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    lines = "; ".join(
        f"{project.code} {source_label(source)} {'+' if amount > 0 else '−'}{vnd(abs(amount))}"
        for (project, source), amount in changes.items()
    )
    record_change(
        actor=acting_user,
        instance=plan,
        action=ChangeLogEntry.Action.UPDATE,
        note=_("%(kind)s by %(number)s of %(day)s: %(lines)s")
        % {
            "kind": decision.get_kind_display(),
            "number": decision.number,
            "day": day_text(decision.decided_on),
            "lines": lines,
        },
    )


@transaction.atomic
def adjust_plan(
    *, acting_user, plan: CapitalPlan, number: str, decided_on: date, changes, note: str = "", document=None
) -> PlanDecision:
    """Adjust the plan by decision: `changes` are (project, source, signed VND) rows."""
    ensure_may_manage(acting_user, plan.issuer)
    plan = lock_for_update(plan, None)
    errors = Errors()
    number = _check_decision_header(plan.year, number, decided_on, errors)
    _check_change_day(plan, decided_on, errors)
    checked = _checked_entries(plan, changes, errors, signed=True, field="changes")
    if not checked and "changes" not in errors.by_field:
        errors.add("changes", _("Enter at least one change."))
    if decided_on is not None and not errors.by_field:
        _check_resulting_plan(plan, checked, decided_on, "changes", errors)
    errors.raise_if_any()
    decision = PlanDecision.objects.create(
        plan=plan,
        kind=PlanChangeKind.ADJUSTMENT,
        number=number,
        decided_on=decided_on,
        document=document,
        note=(note or "").strip(),
        created_by=person(acting_user),
    )
    _record_decision(acting_user, plan, decision, checked)
    return decision


@transaction.atomic
def transfer_capital(
    *,
    acting_user,
    plan: CapitalPlan,
    number: str,
    decided_on: date,
    from_project,
    to_project,
    source: str,
    amount,
    note: str = "",
    document=None,
) -> PlanDecision:
    """Move `amount` of `source` capital of the plan from a slow project to another, by decision."""
    ensure_may_manage(acting_user, plan.issuer)
    plan = lock_for_update(plan, None)
    errors = Errors()
    number = _check_decision_header(plan.year, number, decided_on, errors)
    _check_change_day(plan, decided_on, errors)
    if source not in SOURCES:
        errors.add("source", _("Choose a capital source."))
    if from_project is not None and to_project is not None and from_project.pk == to_project.pk:
        errors.add("to_project", _("Capital moves to another project."))
    if from_project is not None:
        _check_project_for(plan, from_project, "from_project", errors)
    if to_project is not None:
        _check_project_for(plan, to_project, "to_project", errors)
    value = whole_vnd(amount, "amount", errors)
    if value is not None and value == 0:
        errors.add("amount", _("Enter the amount to move."))
    changes = {}
    if not errors.by_field:
        changes = {(from_project, source): -value, (to_project, source): value}
        _check_resulting_plan(plan, changes, decided_on, "amount", errors)
    errors.raise_if_any()
    decision = PlanDecision.objects.create(
        plan=plan,
        kind=PlanChangeKind.TRANSFER,
        number=number,
        decided_on=decided_on,
        document=document,
        note=(note or "").strip(),
        created_by=person(acting_user),
    )
    _record_decision(acting_user, plan, decision, changes)
    return decision
