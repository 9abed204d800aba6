"""The targets' panels of the leadership dashboard and of the unit scorecards, and their Excel sheets
(contributed in `contributions`): the targets by status and their cards, the figures owed and not
submitted, a unit's reporting timeliness and the targets it contributes to. The figures come from
`selectors`."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from resolute.core.contributions import DashboardView, LinkedCount
from resolute.core.xlsx import PERCENT
from resolute.orgunits.querysets import subtree_q

from . import selectors
from .actions.common import lock_days
from .models import Target
from .status import TargetStatus

# How many of each list the dashboard shows; each list links to the whole.
CARDS_SHOWN = 12
LATE_SHOWN = 10

# Target cards, what needs attention first.
TARGET_URGENCY = [
    TargetStatus.NOT_ACHIEVED,
    TargetStatus.OFF_TRACK,
    TargetStatus.AT_RISK,
    TargetStatus.ON_TRACK,
    TargetStatus.NOT_MEASURABLE,
    TargetStatus.ACHIEVED,
]

TARGET_BADGES = {
    TargetStatus.ACHIEVED: "ok",
    TargetStatus.NOT_ACHIEVED: "bad",
    TargetStatus.ON_TRACK: "ok",
    TargetStatus.AT_RISK: "warn",
    TargetStatus.OFF_TRACK: "bad",
    TargetStatus.NOT_MEASURABLE: "muted",
}


def list_url(view: DashboardView, **extra) -> str:
    return selectors.target_list_url(view.as_of, unit=view.unit, document=view.document, **extra)


def figures_of(view: DashboardView) -> selectors.TargetFigures:
    """The targets of the page's units (and document), judged on its day."""
    return view.once(
        "targets.figures",
        lambda: selectors.target_figures(
            selectors.scoped_targets(
                view.user,
                view.unit,
                include_subtree=view.include_subtree,
                document=view.document,
                as_of=view.as_of,
            ),
            view.as_of,
        ),
    )


def target_status_counts(view: DashboardView, targets: selectors.TargetFigures) -> list[LinkedCount]:
    labels = dict(TargetStatus.choices)
    return [
        LinkedCount(
            key=status,
            label=str(labels[status]),
            count=targets.by_status[status],
            url=list_url(view, status=status),
            css=TARGET_BADGES[status],
        )
        for status in TARGET_URGENCY
    ]


def target_cards(targets: selectors.TargetFigures, limit: int | None = CARDS_SHOWN) -> list:
    """The evaluated targets, what needs attention first (then in list order)."""
    order = {status: rank for rank, status in enumerate(TARGET_URGENCY)}
    cards = sorted(targets.rows, key=lambda row: order.get(row.evaluation.status, len(order)))
    return cards[:limit] if limit is not None else cards


def late_of(view: DashboardView) -> list[selectors.LateReporter]:
    return view.once("targets.late", lambda: selectors.late_reporters(view.user, view.unit, view.as_of))


def timeliness_of(view: DashboardView) -> selectors.Timeliness:
    return view.once(
        "targets.timeliness",
        lambda: selectors.reporting_timeliness(view.unit, view.as_of, include_subtree=view.include_subtree),
    )


def contributions_of(view: DashboardView) -> list[selectors.Contribution]:
    return view.once(
        "targets.contributions",
        lambda: selectors.contributions_of_unit(
            view.user, view.unit, view.as_of, include_subtree=view.include_subtree
        ),
    )


def percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return _("%(percent)s%%") % {"percent": formats.number_format(round(rate * 100, 1), decimal_pos=1)}


def timeliness_sentence(timeliness: selectors.Timeliness) -> str:
    if not timeliness.owed:
        return _("No figure was owed for a period closed in the last twelve months.")
    return _(
        "%(on_time)s of the %(owed)s figures owed for the periods closed in the last twelve months "
        "were entered by the deadline (the period's last day plus %(days)s days); "
        "%(late)s late, %(missing)s missing."
    ) % {
        "on_time": timeliness.on_time,
        "owed": timeliness.owed,
        "days": lock_days(),
        "late": timeliness.late,
        "missing": timeliness.missing,
    }


# -- the panels --------------------------------------------------------------------------------------


def status_panel(view: DashboardView):
    """The targets by status, and the cards of those needing attention first."""
    targets = figures_of(view)
    return "targets/dashboard/status.html", {
        "targets": targets,
        "target_counts": target_status_counts(view, targets),
        "target_cards": target_cards(targets),
        "all_targets_url": list_url(view),
    }


def late_reporters_panel(view: DashboardView):
    """The units that have not submitted the figures they owe for the last closed period."""
    late = late_of(view)
    rows = late[:LATE_SHOWN]
    for row in rows:
        row.scorecard_url = view.scorecard_url(row.unit, view.as_of)
    return "targets/dashboard/late_reporters.html", {"late_reporters": rows, "late_total": len(late)}


def timeliness_panel(view: DashboardView):
    """The unit's reporting timeliness, shown among the task rates at the head of its scorecard."""
    timeliness = timeliness_of(view)
    return "targets/dashboard/timeliness.html", {
        "timeliness": timeliness,
        "timeliness_percent": percent(timeliness.rate),
        "timeliness_sentence": timeliness_sentence(timeliness),
    }


def contributions_panel(view: DashboardView):
    """The targets the unit contributes to, with their status (its share's, for a share)."""
    return "targets/dashboard/contributions.html", {"contributions": contributions_of(view)}


# -- the workbook ------------------------------------------------------------------------------------


def _status_label(status: str) -> str:
    return str(dict(TargetStatus.choices).get(status, status))


def write_targets(sheet, view: DashboardView, rows) -> None:
    """`rows` hold (target, unit, share or None, evaluation)."""
    sheet.widths(40, 24, 45, 30, 8, 12, 14, 14, 14, 14, 14, 14, 18, 70, 40)
    sheet.append(
        [
            _("Document"),
            _("Area"),
            _("Indicator"),
            _("Unit"),
            _("Year"),
            _("Deadline"),
            _("Comparator"),
            _("Target value"),
            _("Upper value"),
            _("Share of the unit"),
            _("Actual"),
            _("Planned by now"),
            _("Status"),
            _("Why"),
            _("Page"),
        ],
        bold=True,
    )
    for target, unit, share, evaluation in rows:
        sheet.append(
            [
                str(target.document),
                target.area,
                str(target.indicator.display_name),
                str(unit),
                target.year,
                target.deadline,
                str(target.get_comparator_display()),
                target.value,
                target.value_max,
                share,
                evaluation.actual,
                evaluation.planned,
                _status_label(evaluation.status),
                evaluation.sentence,
                view.absolute(target.get_absolute_url()),
            ]
        )


def write_late_reporters(sheet, view: DashboardView) -> None:
    """Every late unit (the page shows the first ones)."""
    sheet.widths(40, 10, 12, 14, 70)
    sheet.append([_("Unit"), _("Period"), _("Due by"), _("Figures missing"), _("Indicators")], bold=True)
    for row in late_of(view):
        names = "; ".join(indicator.display_name for indicator in row.missing)
        sheet.append([str(row.unit), row.period.code, row.deadline, row.count, names])


def write_timeliness(sheet, view: DashboardView) -> None:
    timeliness = timeliness_of(view)
    sheet.widths(30, 14)
    sheet.append([_("Figures"), _("Number")], bold=True)
    sheet.append([_("Owed"), timeliness.owed])
    sheet.append([_("Entered by the deadline"), timeliness.on_time])
    sheet.append([_("Entered late"), timeliness.late])
    sheet.append([_("Missing"), timeliness.missing])
    sheet.append([_("Timeliness"), timeliness.rate], number_formats={1: PERCENT})
    sheet.append([])
    sheet.append([timeliness_sentence(timeliness)])


def status_sheets(view: DashboardView) -> list:
    def write(sheet):
        rows = [(row.target, row.target.unit, None, row.evaluation) for row in figures_of(view).rows]
        write_targets(sheet, view, rows)

    return [("targets", _("Targets"), write)]


def late_reporters_sheets(view: DashboardView) -> list:
    return [("late_reporters", _("Reports missing"), lambda sheet: write_late_reporters(sheet, view))]


def timeliness_sheets(view: DashboardView) -> list:
    return [("timeliness", _("Reporting timeliness"), lambda sheet: write_timeliness(sheet, view))]


def contributions_sheets(view: DashboardView) -> list:
    def write(sheet):
        rows = [
            (
                row.target,
                _("record of %(unit)s") % {"unit": row.record_of} if row.record_of else row.unit,
                row.share,
                row.evaluation,
            )
            for row in contributions_of(view)
        ]
        write_targets(sheet, view, rows)

    return [("targets", _("Targets"), write)]


# -- the dashboard's recent activity (`ActivitySource`) ------------------------------------------------


def targets_in_view(user, unit):
    """The targets whose changes the recent activity lists: those of `unit`'s subtree the user sees."""
    targets = Target.objects.visible_to(user)
    if unit is not None:
        targets = targets.filter(subtree_q(unit.path, field="unit__path"))
    return targets


def target_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("targets:target_detail", args=[pk]) for pk in ids}
