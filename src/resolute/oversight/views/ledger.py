"""The ledger of recommendations: per inspecting body, unit responsible, conclusion or kind, how many
are implemented, partly, not yet and overdue on a day, with the money recovered of the money required
— each number a link to the list of the recommendations it counts, the formulas under the table, and
the same table as an Excel file (`?format=xlsx`). The figures are `selectors.ledger`'s."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.replica import reads_from_replica
from resolute.investment.templatetags.investment_tags import rate, vnd

from ..choices import RecommendationKind, RecommendationState
from ..forms import LedgerForm
from ..selectors import Ledger, LedgerRow, ledger
from .common import (
    Column,
    is_htmx,
    money_format,
    rate_cell,
    recommendations_url,
    wants_xlsx,
    workbook_response,
)

# What a row's key is, as a filter of the list of recommendations.
ROW_FILTERS = {"body": "body", "unit": "unit", "oversight": "oversight", "kind": "kind"}
ROW_HEADERS = {
    "body": gettext_lazy("Inspecting body"),
    "unit": gettext_lazy("Unit responsible"),
    "oversight": gettext_lazy("Conclusion"),
    "kind": gettext_lazy("Asks for"),
}
# What each column counts, as filters of the list of recommendations.
COLUMN_FILTERS = {
    "implemented": {"state": RecommendationState.IMPLEMENTED},
    "partly": {"state": RecommendationState.PARTLY},
    "not_yet": {"state": RecommendationState.NOT_YET},
    "overdue": {"overdue": "on"},
    "total": {},
    "money": {"kind": RecommendationKind.RECOVER_MONEY},
}


@dataclass
class LedgerView:
    """What the ledger is read for: the grouping, the day and the area (None: every unit the user sees)."""

    form: LedgerForm
    by: str
    as_of: object
    unit: object

    @property
    def is_today(self) -> bool:
        return self.as_of == clock.today()

    def base_filters(self) -> dict:
        filters = {"as_of": self.as_of.isoformat()}
        if self.unit is not None:
            filters["area"] = self.unit.pk
        return filters

    def url(self, row: LedgerRow | None, column: str) -> str:
        """The list of the recommendations counted in `row` (None: the totals) and `column`."""
        filters = self.base_filters()
        if row is not None and row.key is not None:
            filters[ROW_FILTERS[self.by]] = row.key
        return recommendations_url(**filters, **COLUMN_FILTERS[column])


def ledger_view(request) -> LedgerView:
    data = request.GET.copy()
    if not data.get("as_of"):
        data["as_of"] = clock.today().isoformat()
    if not data.get("by"):
        data["by"] = "body"
    form = LedgerForm(data, user=request.user)
    return LedgerView(
        form=form,
        by=form.value("by", "body"),
        as_of=form.value("as_of", clock.today()),
        unit=form.value("unit"),
    )


def linked_row(view: LedgerView, row: LedgerRow, *, is_total: bool = False) -> dict:
    """A row of the table: each figure with the list behind it, and the rate's formula."""
    target = None if is_total else row
    return {
        "row": row,
        "is_total": is_total,
        "cells": [
            (row.implemented, view.url(target, "implemented")),
            (row.partly, view.url(target, "partly")),
            (row.not_yet, view.url(target, "not_yet")),
            (row.overdue, view.url(target, "overdue")),
            (row.total, view.url(target, "total")),
        ],
        "money_url": view.url(target, "money"),
        "formula": rate_formula(row),
    }


def rate_formula(row: LedgerRow) -> str:
    if row.recovery_rate is None:
        return _("Nothing to recover.")
    return _("%(recovered)s VND recovered ÷ %(required)s VND to recover = %(rate)s") % {
        "recovered": vnd(row.amount_recovered),
        "required": vnd(row.amount_required),
        "rate": rate(row.recovery_rate),
    }


def ledger_columns(view: LedgerView, request) -> list[Column]:
    def link(row):
        return request.build_absolute_uri(view.url(None if row.key is None else row, "total"))

    return [
        Column(str(ROW_HEADERS[view.by]), 44, lambda row: str(row.label)),
        Column(_("Implemented"), 14, lambda row: row.implemented),
        Column(_("Partly implemented"), 14, lambda row: row.partly),
        Column(_("Not yet implemented"), 14, lambda row: row.not_yet),
        Column(_("Overdue"), 12, lambda row: row.overdue),
        Column(_("Total"), 12, lambda row: row.total),
        Column(_("To recover (VND)"), 22, lambda row: row.amount_required, money_format()),
        Column(_("Recovered (VND)"), 22, lambda row: row.amount_recovered, money_format()),
        Column(_("Recovery rate"), 12, lambda row: rate_cell(row.recovery_rate), "0.0%"),
        Column(_("List"), 50, link),
    ]


def formulas() -> list[str]:
    """How the ledger counts, as the page and the Excel file say it."""
    return [
        _(
            "Total = implemented + partly implemented + not yet implemented: every recommendation "
            "assigned by the day and not withdrawn, once."
        ),
        _(
            "Implemented: its task is completed. Partly: money recovered, a person's discipline decided "
            "or progress reported, but the task is not completed."
        ),
        _(
            "Overdue counts, among the partly and the not yet implemented, those whose deadline in force "
            "on the day has passed; never the implemented."
        ),
        _(
            "Recovery rate = money recovered ÷ money to recover, summed over the recommendations to "
            "recover money (weighted by the amounts)."
        ),
    ]


def ledger_workbook(request, view: LedgerView, table: Ledger):
    about = [
        [_("Rows"), str(dict(LedgerForm.BY_CHOICES)[view.by])],
        [_("As of"), view.as_of],
        [_("Recommendations led by"), str(view.unit) if view.unit is not None else _("Every unit you see")],
        *[[_("Formula"), line] for line in formulas()],
    ]
    return workbook_response(
        request,
        filename=f"oversight-ledger-{view.by}-{view.as_of.isoformat()}.xlsx",
        sheets=[(_("Ledger"), ledger_columns(view, request), [*table, table.totals])],
        about=about,
    )


@login_required
@reads_from_replica
def ledger_page(request):
    """The ledger the query string asks for (by inspecting body by default, today, every unit the
    user sees); a choice the user may not make is shown next to its field and the default read."""
    view = ledger_view(request)
    table = ledger(request.user, on=view.as_of, by=view.by, unit=view.unit)
    if wants_xlsx(request):
        return ledger_workbook(request, view, table)
    xlsx_query = request.GET.copy()
    xlsx_query["format"] = "xlsx"
    context = {
        "view": view,
        "form": view.form,
        "as_of": view.as_of,
        "is_today": view.is_today,
        "row_header": ROW_HEADERS[view.by],
        "rows": [linked_row(view, row) for row in table],
        "totals": linked_row(view, table.totals, is_total=True),
        "formulas": formulas(),
        "groupings": [
            (value, label, request.path + "?" + query_with(request, by=value))
            for value, label in LedgerForm.BY_CHOICES
        ],
        "xlsx_url": f"{request.path}?{xlsx_query.urlencode()}",
    }
    template = "oversight/ledger.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


def query_with(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
