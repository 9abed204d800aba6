"""Oversight findings on the leadership dashboard, in its workbook and on the unit page (contributed in
`contributions`).

The dashboard's panel reads the ledger of the recommendations led by the page's unit (with its subtree
unless the page asks for the unit alone) on the page's day, by inspecting body (`selectors.ledger`),
once per page: the recommendations by state and the overdue ones, the money recovered of the money to
recover with its formula, and the five inspecting bodies with the most recommendations there. Every
figure links to the list of recommendations it counts. A unit without recommendations shows nothing,
and so does a document's dashboard (a conclusion's own page has its recommendations).

The unit page shows the same totals for the unit and the units under it, today.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.contributions import DashboardView
from resolute.core.xlsx import PERCENT
from resolute.orgunits.querysets import subtree_q

from .choices import RecommendationKind, RecommendationState
from .models import Oversight, Recommendation, Recovery
from .selectors import Ledger, LedgerRow, ledger
from .views.common import recommendations_url

# How many inspecting bodies the panel names; the workbook and the ledger have them all.
BODIES_SHOWN = 5

STATE_GROUPS = [
    ("implemented", gettext_lazy("implemented"), "ok", {"state": RecommendationState.IMPLEMENTED}),
    ("partly", gettext_lazy("partly implemented"), "warn", {"state": RecommendationState.PARTLY}),
    ("not_yet", gettext_lazy("not yet implemented"), "muted", {"state": RecommendationState.NOT_YET}),
    ("overdue", gettext_lazy("overdue"), "bad", {"overdue": "on"}),
]


def percent_text(rate) -> str:
    if rate is None:
        return "—"
    return _("%(rate)s%%") % {"rate": number_format(rate, decimal_pos=1)}


def vnd_text(amount) -> str:
    return _("%(amount)s VND") % {"amount": number_format(amount, decimal_pos=0, force_grouping=True)}


def recovery_formula(row: LedgerRow) -> str:
    """The recovery rate as it is worked out: recovered ÷ to recover."""
    return _("%(recovered)s recovered ÷ %(required)s to recover = %(rate)s") % {
        "recovered": vnd_text(row.amount_recovered),
        "required": vnd_text(row.amount_required),
        "rate": percent_text(row.recovery_rate),
    }


@dataclass
class Figures:
    """The ledger the panel and its sheet read, and what it was read for."""

    table: Ledger
    unit: object
    include_subtree: bool

    @property
    def totals(self) -> LedgerRow:
        return self.table.totals

    @property
    def busiest(self) -> list[LedgerRow]:
        """The inspecting bodies with the most recommendations, then by name."""
        return sorted(self.table, key=lambda row: (-row.total, row.label.casefold()))

    def url(self, row: LedgerRow | None = None, **filters) -> str:
        """The list of the recommendations counted (in `row`, when given) and kept by `filters`."""
        scope = {"area": self.unit.pk} if self.include_subtree else {"unit": self.unit.pk}
        if row is not None:
            scope["body"] = row.key
        return recommendations_url(as_of=self.table.on.isoformat(), **scope, **filters)

    def ledger_url(self) -> str:
        from django.urls import reverse

        query = f"unit={self.unit.pk}&as_of={self.table.on.isoformat()}"
        return f"{reverse('oversight:ledger')}?{query}"


def read_figures(user, unit, as_of, *, include_subtree: bool = True) -> Figures | None:
    table = ledger(user, on=as_of, by="body", unit=unit, include_subtree=include_subtree)
    if not table.totals.total:
        return None
    return Figures(table=table, unit=unit, include_subtree=include_subtree)


def figures_of(view: DashboardView) -> Figures | None:
    if view.document is not None:
        return None
    return view.once(
        "oversight.ledger",
        lambda: read_figures(view.user, view.unit, view.as_of, include_subtree=view.include_subtree),
    )


def state_groups(figures: Figures, row: LedgerRow | None = None) -> list[dict]:
    source = row or figures.totals
    return [
        {
            "key": key,
            "label": label,
            "css": css,
            "count": getattr(source, key),
            "url": figures.url(row, **query),
        }
        for key, label, css, query in STATE_GROUPS
    ]


def findings_panel(view: DashboardView):
    """The recommendations of the page's area by state, the money recovered, the busiest bodies."""
    figures = figures_of(view)
    if figures is None:
        return None
    totals = figures.totals
    return "oversight/dashboard/findings.html", {
        "figures": figures,
        "totals": totals,
        "all_url": figures.url(),
        "money_url": figures.url(kind=RecommendationKind.RECOVER_MONEY),
        "ledger_url": figures.ledger_url(),
        "groups": state_groups(figures),
        "rate": percent_text(totals.recovery_rate),
        "formula": recovery_formula(totals) if totals.amount_required else "",
        "bodies": [
            {
                "row": row,
                "url": figures.url(row),
                "overdue_url": figures.url(row, overdue="on"),
                "rate": percent_text(row.recovery_rate),
            }
            for row in figures.busiest[:BODIES_SHOWN]
        ],
    }


# -- the workbook ------------------------------------------------------------------------------------


def _fraction(rate):
    return None if rate is None else rate / 100


def write_findings(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    sheet.widths(44, 14, 14, 14, 12, 12, 22, 22, 12, 60)
    sheet.append([_("Oversight findings"), str(figures.unit), figures.table.on], bold=True)
    sheet.append(
        [
            _("Inspecting body"),
            _("Implemented"),
            _("Partly implemented"),
            _("Not yet implemented"),
            _("Overdue"),
            _("Total"),
            _("To recover (VND)"),
            _("Recovered (VND)"),
            _("Recovery rate"),
            _("List"),
        ],
        bold=True,
    )
    for row, is_total in [*((row, False) for row in figures.busiest), (figures.totals, True)]:
        sheet.append(
            [
                str(row.label),
                row.implemented,
                row.partly,
                row.not_yet,
                row.overdue,
                row.total,
                row.amount_required,
                row.amount_recovered,
                _fraction(row.recovery_rate),
                view.absolute(figures.url(None if is_total else row)),
            ],
            bold=is_total,
            number_formats={8: PERCENT},
        )
    sheet.append([])
    sheet.append(
        [_("Recovery rate = money recovered ÷ money to recover, over the recommendations to recover money.")]
    )


def findings_sheets(view: DashboardView) -> list:
    if figures_of(view) is None:
        return []
    return [("oversight", _("Oversight findings"), lambda sheet: write_findings(sheet, view))]


# -- the unit page -------------------------------------------------------------------------------------


def unit_panel(request, unit):
    """The unit page's panel for a unit leading recommendations (itself or the units under it): their
    state today and the money recovered. Nothing, for one query, for a unit without any."""
    if not _recommendations_in_view(request.user, unit).exists():
        return None
    figures = read_figures(request.user, unit, clock.today())
    if figures is None:
        return None
    totals = figures.totals
    return "oversight/unit_panel.html", {
        "unit": unit,
        "totals": totals,
        "groups": state_groups(figures),
        "formula": recovery_formula(totals) if totals.amount_required else "",
        "all_url": figures.url(),
        "ledger_url": figures.ledger_url(),
    }


# -- the dashboard's recent activity (`ActivitySource`) ----------------------------------------------


def _recommendations_in_view(user, unit):
    recommendations = Recommendation.objects.visible_to(user)
    if unit is None:
        return recommendations
    return recommendations.filter(subtree_q(unit.path, field="task__lead_unit__path"))


def oversights_in_view(user, unit):
    """The conclusions whose changes the recent activity lists: those the user reads that inspected a
    unit of `unit`'s subtree or have a recommendation led there."""
    oversights = Oversight.objects.visible_to(user)
    if unit is None:
        return oversights
    return oversights.filter(
        subtree_q(unit.path, field="inspected_unit__path")
        | Q(pk__in=_recommendations_in_view(user, unit).values("oversight_id"))
    )


def oversight_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("oversight:detail", args=[pk]) for pk in ids}


def recommendations_in_view(user, unit):
    """The recommendations led by a unit of `unit`'s subtree that the user reads."""
    return _recommendations_in_view(user, unit)


def recommendation_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("oversight:recommendation", args=[pk]) for pk in ids}


def recoveries_in_view(user, unit):
    """The amounts recovered on those recommendations."""
    return Recovery.objects.filter(recommendation__in=_recommendations_in_view(user, unit).values("pk"))


def recovery_urls(ids: list[int]) -> dict[int, str]:
    """An amount recovered opens its recommendation's page: one query."""
    pairs = Recovery.objects.filter(pk__in=ids).values_list("pk", "recommendation_id")
    return {
        pk: reverse("oversight:recommendation", args=[recommendation_id]) + "#recoveries"
        for pk, recommendation_id in pairs
    }
