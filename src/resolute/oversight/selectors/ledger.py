"""The ledger of recommendations: per inspecting body, per unit responsible, per conclusion or per kind,
how many are implemented, partly implemented, not yet implemented and overdue on a day, and the money
recovered of the money required.

Formulas (docs/user/oversight.md):

- implemented + partly + not yet = total (every recommendation in force on the day, once);
- overdue counts among the partly and the not yet those past their deadline — never the implemented;
- confirmed counts the implemented whose closure the inspecting body confirmed by the day;
- the recovery rate = Σ recovered ÷ Σ required over the recommendations to recover money only, in
  percent with one decimal (weighted by the amounts, never an average of rates); none when nothing is
  required.

One grouped query over what the user sees, and one for the rows' names, whatever the number of
recommendations.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from resolute.investment.selectors.rates import percent, whole
from resolute.orgunits.history import area_q
from resolute.orgunits.models import OrgUnit

from ..choices import RecommendationKind, RecommendationState
from ..models import Oversight, Recommendation
from .states import WHOLE_SUM, counted_on, recommendations_with_state

GROUPINGS = ("body", "unit", "oversight", "kind")
# How each grouping is keyed: the inspecting body is a unit of the tree (its id) or a named body (its
# name); the unit is the one responsible (the task's lead unit).
GROUP_FIELDS = {
    "body": ("oversight__inspecting_unit", "oversight__inspecting_body_name"),
    "unit": ("task__lead_unit",),
    "oversight": ("oversight",),
    "kind": ("kind",),
}
# The query parameter of the page listing what a row counts (`oversight:recommendations`).
LIST_PARAMETERS = {"body": "body", "unit": "unit", "kind": "kind"}


@dataclass
class LedgerRow:
    """One line of the ledger: what `key` names (a unit id or a body's name, a unit id, a conclusion id,
    a kind), its label, the page that lists it ("" where the pages are not installed), the counts by
    state and the money."""

    key: object
    label: str
    url: str = ""
    implemented: int = 0
    partly: int = 0
    not_yet: int = 0
    overdue: int = 0
    confirmed: int = 0
    amount_required: Decimal = field(default_factory=lambda: Decimal(0))
    amount_recovered: Decimal = field(default_factory=lambda: Decimal(0))

    @property
    def total(self) -> int:
        return self.implemented + self.partly + self.not_yet

    @property
    def not_implemented(self) -> int:
        return self.partly + self.not_yet

    @property
    def awaiting_confirmation(self) -> int:
        """Implemented, but the inspecting body has not confirmed the closure yet."""
        return self.implemented - self.confirmed

    @property
    def recovery_rate(self) -> Decimal | None:
        """Σ recovered ÷ Σ required in percent with one decimal; None when nothing is to recover."""
        return percent(self.amount_recovered, self.amount_required)

    def __add__(self, other: "LedgerRow") -> "LedgerRow":
        return LedgerRow(
            key=None,
            label=_("Total"),
            implemented=self.implemented + other.implemented,
            partly=self.partly + other.partly,
            not_yet=self.not_yet + other.not_yet,
            overdue=self.overdue + other.overdue,
            confirmed=self.confirmed + other.confirmed,
            amount_required=self.amount_required + other.amount_required,
            amount_recovered=self.amount_recovered + other.amount_recovered,
        )


class Ledger(list):
    """The rows of a ledger, sorted by label, with their `totals` row (not among the rows)."""

    def __init__(self, rows, *, on: date, by: str):
        super().__init__(rows)
        self.on = on
        self.by = by
        self.totals = sum(rows, LedgerRow(key=None, label=_("Total")))
        self.totals.label = _("Total")


def _url(name: str, args=(), query: dict | None = None) -> str:
    """The address of an oversight page, or "" where the pages are not installed."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def in_scope(user, *, on: date, unit=None, include_subtree: bool = True):
    """The recommendations `user` sees (all for the system, `user=None`) counted on `on`, of the units
    responsible in `unit`'s area of that day (or `unit` alone without `include_subtree`)."""
    recommendations = (
        Recommendation.objects.all() if user is None else Recommendation.objects.visible_to(user)
    )
    if unit is not None:
        if include_subtree:
            recommendations = recommendations.filter(area_q(unit, on, field="task__lead_unit"))
        else:
            recommendations = recommendations.filter(task__lead_unit=unit)
    return counted_on(recommendations, on)


def _labels(by: str, keys: list) -> dict:
    if by == "kind":
        return {key: str(RecommendationKind(key).label) for key in keys}
    ids = [key for key in keys if isinstance(key, int)]
    if by == "oversight":
        return {
            oversight.pk: str(oversight)
            for oversight in Oversight.objects.filter(pk__in=ids).select_related("document")
        }
    names = {unit.pk: str(unit.display_name) for unit in OrgUnit.objects.filter(pk__in=ids)} if ids else {}
    return {key: names.get(key, key) if isinstance(key, int) else key for key in keys}


def _row_url(by: str, key, on: date, unit=None) -> str:
    if by == "oversight":
        return _url("oversight:detail", args=[key])
    query = {LIST_PARAMETERS[by]: key, "as_of": on.isoformat()}
    if unit is not None:
        query["area"] = unit.pk
    return _url("oversight:recommendations", query=query)


def ledger(user, *, on: date, by: str = "body", unit=None, include_subtree: bool = True) -> Ledger:
    """The ledger on `on` of the recommendations `user` sees, grouped `by` the inspecting body ("body"),
    the unit responsible ("unit"), the conclusion ("oversight") or the kind ("kind"), in `unit`'s area
    when given. See the module's docstring for the formulas."""
    if by not in GROUPINGS:
        raise ValueError(f"Cannot group the ledger by {by!r}; choose one of {', '.join(GROUPINGS)}.")
    money = Q(kind=RecommendationKind.RECOVER_MONEY)
    grouped = (
        recommendations_with_state(in_scope(user, on=on, unit=unit, include_subtree=include_subtree), on)
        .order_by()
        .values(*GROUP_FIELDS[by])
        .annotate(
            implemented_count=Count("pk", filter=Q(state=RecommendationState.IMPLEMENTED)),
            partly_count=Count("pk", filter=Q(state=RecommendationState.PARTLY)),
            not_yet_count=Count("pk", filter=Q(state=RecommendationState.NOT_YET)),
            overdue_count=Count("pk", filter=Q(is_overdue=True)),
            confirmed_count=Count(
                "pk", filter=Q(state=RecommendationState.IMPLEMENTED) & Q(closure_confirmed_on__lte=on)
            ),
            required_sum=Sum(F("amount_required"), filter=money, output_field=WHOLE_SUM),
            recovered_sum=Sum(F("recovered"), filter=money, output_field=WHOLE_SUM),
        )
    )
    counted = []
    for row in grouped:
        fields = GROUP_FIELDS[by]
        key = row[fields[0]] if row[fields[0]] is not None else (row[fields[1]] if len(fields) > 1 else None)
        counted.append((key, row))
    labels = _labels(by, [key for key, _row in counted])
    rows = [
        LedgerRow(
            key=key,
            label=str(labels.get(key, key)),
            url=_row_url(by, key, on, unit),
            implemented=row["implemented_count"],
            partly=row["partly_count"],
            not_yet=row["not_yet_count"],
            overdue=row["overdue_count"],
            confirmed=row["confirmed_count"],
            amount_required=whole(row["required_sum"]),
            amount_recovered=whole(row["recovered_sum"]),
        )
        for key, row in counted
    ]
    rows.sort(key=lambda row: (row.label.casefold(), str(row.key)))
    return Ledger(rows, on=on, by=by)
