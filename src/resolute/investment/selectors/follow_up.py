"""Slow projects on the office's follow-up board and on the urging ladder (contributed as `BoardRows`
and `LadderSubjects` "investment.slow").

A plan's milestones say what share of it should be disbursed by which day (rule 6). A project with a
plan has **missed** a milestone when the day has passed and its rate, on the day asked, is still below
the milestone's share; what it owes is the oldest milestone it has not reached, so that milestone's day
is its deadline. While it stays below that share the subject stays the same ("investment:<project
id>:<milestone day>", so a step of the ladder fires once for it); once it reaches it and falls behind
the next one, the next milestone is a new subject, as a task's new deadline is.

- **Board, overdue**: the slow projects (below the schedule, rule 6) that missed a milestone, counted
  per jurisdiction (the issuer of the plan) and investor of the day, the oldest missed milestone first,
  for the investors the user's office follows.
- **Board, due soon**: milestones falling in the days shown for projects still below the share they
  need by then.
- **Ladder**: one subject per project owing a milestone — missed, or falling within the ladder's
  look-ahead while the project is below its share (the ladder reminds before the day) — owed by the
  investor to the plan's issuer, titled with the code, the name, the rate, the rate expected and the
  obstacles with the units that must remove them, and linking to the project's page.

The plans followed on a day are those still being disbursed: of the day's year, and of the year before
until it lapses on 31 January. Each read is a fixed number of queries per plan (the rate engine's).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import DueItem, LadderSubject, OverdueItems
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from ..models import CapitalPlan, InvestmentProject
from .projects import units_on, visible_plans, visible_projects
from .rates import ProjectFigures, counted, project_figures

# The name the urging letter gives the kind of item a slow project is.
KIND = "project"
KIND_LABEL = _("slow project")


def plans_followed(user, on: date, issuer=None) -> list[CapitalPlan]:
    """The plans still being disbursed on `on` that `user` sees (every one for the system): of the
    day's year, and of the year before until it lapses. One query, with their milestones."""
    plans = (
        visible_plans(user)
        .filter(year__in=[on.year, on.year - 1])
        .select_related("issuer")
        .prefetch_related("milestones")
        .order_by("issuer__path", "year")
    )
    if issuer is not None:
        plans = plans.filter(issuer=issuer)
    return [plan for plan in plans if date(plan.year, 1, 1) <= on <= plan.lapses_on]


@dataclass(frozen=True)
class Milestone:
    day: date
    rate: object  # Decimal, percent
    label: str = ""


@dataclass
class OwedMilestone:
    """A project with a plan that has not reached the share a milestone asks for: the milestone it
    owes (the oldest not reached, whose day is before the day asked for), its figures on the day, its
    plan and its investor of the day."""

    figures: ProjectFigures
    milestone: Milestone
    plan: CapitalPlan
    investor: OrgUnit

    @property
    def project(self):
        return self.figures.project

    @property
    def key(self) -> str:
        return f"investment:{self.project.pk}:{self.milestone.day.isoformat()}"


def milestones_of(plan: CapitalPlan) -> list[Milestone]:
    return [
        Milestone(day=milestone.day, rate=milestone.rate, label=milestone.label)
        for milestone in sorted(plan.milestones.all(), key=lambda milestone: milestone.day)
    ]


def owed_milestone(figures: ProjectFigures, milestones: list[Milestone], before: date) -> Milestone | None:
    """The oldest milestone whose day falls before `before` and whose share the project has not
    reached on the day its figures were read (None when it reached every one, or has no rate)."""
    rate = figures.total.rate
    if rate is None:
        return None
    return next(
        (milestone for milestone in milestones if milestone.day < before and rate < milestone.rate), None
    )


def owed_milestones(user, on: date, *, before: date, issuer=None, unit=None) -> list[OwedMilestone]:
    """The projects (that `user` sees; all for the system) owing a milestone whose day falls before
    `before`, judged on `on`, optionally of plans `issuer` made and invested by `unit` on `on`; the
    oldest milestone first. A fixed number of queries per plan followed."""
    owed = []
    for plan in plans_followed(user, on, issuer):
        milestones = milestones_of(plan)
        if not milestones or milestones[0].day >= before:
            continue
        projects = units_on(counted(visible_projects(user), plan, on), on)
        if unit is not None:
            projects = projects.filter(investor_on_id=unit.pk)
        investor_of = dict(projects.values_list("pk", "investor_on_id"))
        if not investor_of:
            continue
        figures = project_figures(
            user, plan=plan, as_of=on, projects=InvestmentProject.objects.filter(pk__in=list(investor_of))
        )
        units = OrgUnit.objects.in_bulk(set(investor_of.values()))
        for project_id, project_figures_of_day in figures.items():
            milestone = owed_milestone(project_figures_of_day, milestones, before)
            if milestone is None:
                continue
            owed.append(
                OwedMilestone(
                    figures=project_figures_of_day,
                    milestone=milestone,
                    plan=plan,
                    investor=units[investor_of[project_id]],
                )
            )
    owed.sort(key=lambda item: (item.milestone.day, -(item.figures.gap or 0), item.project.code))
    return owed


# -- the words ---------------------------------------------------------------------------------------


def _percent(value) -> str:
    return gettext("%(rate)s%%") % {"rate": number_format(value, decimal_pos=1)}


def obstacles_text(figures: ProjectFigures) -> str:
    """The obstacles of the project's latest report, each with the unit that must remove it."""
    return "; ".join(
        gettext("%(obstacle)s (to be removed by %(unit)s)")
        % {"obstacle": obstacle.get_category_display(), "unit": obstacle.responsible_unit}
        for obstacle in figures.obstacles
    )


def slow_title(owed: OwedMilestone) -> str:
    """ "DT-01 · Đường ven biển: 25.0% of the 2024 plan disbursed, 37.4% expected; the milestone of
    40.0% by 30/06/2024 missed; obstacles: site clearance (to be removed by Hội An City)", in the
    active language."""
    figures, milestone = owed.figures, owed.milestone
    values = {
        "code": owed.project.code,
        "name": owed.project.display_name,
        "rate": _percent(figures.total.rate),
        "year": owed.plan.year,
        "expected": _percent(figures.expected_rate),
        "milestone": _percent(milestone.rate),
        "day": date_format(milestone.day, "SHORT_DATE_FORMAT"),
    }
    title = (
        gettext(
            "%(code)s · %(name)s: %(rate)s of the %(year)s plan disbursed, %(expected)s expected; "
            "the milestone of %(milestone)s by %(day)s not reached"
        )
        % values
    )
    obstacles = obstacles_text(figures)
    if obstacles:
        title += gettext("; obstacles: %(obstacles)s") % {"obstacles": obstacles}
    return title


def lazy_title(owed: OwedMilestone):
    """The title, worded when it is read: in each reader's language, in Vietnamese in a letter."""
    return lazy(lambda: slow_title(owed), str)()


# -- the follow-up board -----------------------------------------------------------------------------


def slow_projects_by_unit(user, on: date, limit: int) -> list[OverdueItems]:
    """For the board: the slow projects that missed a milestone, per plan issuer and investor the
    user's office follows, the oldest missed milestone first."""
    scope = scope_for(user)
    groups: dict[tuple[int, int], OverdueItems] = {}
    for owed in owed_milestones(user, on, before=on):
        if owed.figures.gap is None or not scope.covers(owed.investor, Role.OFFICE):
            continue
        key = (owed.plan.issuer_id, owed.investor.pk)
        group = groups.get(key)
        if group is None:
            group = groups[key] = OverdueItems(
                issuer=owed.plan.issuer, unit=owed.investor, oldest_deadline=owed.milestone.day
            )
        group.count += 1
        group.titles.append(f"{owed.project.code} · {owed.project.display_name}")
        group.oldest_deadline = min(group.oldest_deadline, owed.milestone.day)
    return sorted(groups.values(), key=lambda group: (group.oldest_deadline, group.unit.path))[:limit]


def milestones_due_soon(user, on: date, until: date, limit: int) -> list[DueItem]:
    """For the board: milestones falling from `on` to `until` for projects, of the investors the
    user's office follows, still below the share they need by then."""
    scope = scope_for(user)
    due = [
        DueItem(
            title=gettext("%(project)s: %(milestone)s disbursed by this day (now %(rate)s)")
            % {
                "project": f"{owed.project.code} · {owed.project.display_name}",
                "milestone": _percent(owed.milestone.rate),
                "rate": _percent(owed.figures.total.rate),
            },
            url=owed.project.get_absolute_url(),
            unit=owed.investor,
            deadline=owed.milestone.day,
        )
        for owed in owed_milestones(user, on, before=until + timedelta(days=1))
        if on <= owed.milestone.day <= until and scope.covers(owed.investor, Role.OFFICE)
    ]
    return due[:limit]


# -- the urging ladder -------------------------------------------------------------------------------


def slow_project_subjects(on: date, *, deadline_before: date, issuer=None, unit=None) -> list[LadderSubject]:
    """What the ladder chases of public investment: each project owing a milestone whose day falls
    before `deadline_before`, owed by its investor of `on` to the plan's issuer (see the module)."""
    return [
        LadderSubject(
            key=owed.key,
            unit=owed.investor,
            issuer=owed.plan.issuer,
            deadline=owed.milestone.day,
            title=lazy_title(owed),
            source=owed.plan.title,
            url=owed.project.get_absolute_url(),
            obligation_label=f"{owed.project.code} · {owed.project.name} — {owed.milestone.day:%d/%m/%Y}"[
                :300
            ],
            kind=KIND,
            kind_label=KIND_LABEL,
        )
        for owed in owed_milestones(None, on, before=deadline_before, issuer=issuer, unit=unit)
        if not owed.investor.is_closed_by(on)
    ]
