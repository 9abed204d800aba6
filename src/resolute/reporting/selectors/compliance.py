"""Reads of the compliance pages: the units and regimes a user may look at, the table with its
chart, one cell (what a unit owed under a regime for a period), and a unit's record for its page."""

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.periods import Period
from resolute.orgunits.history import area_q
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.orgunits.selectors import get_visible_unit

from ..compliance_chart import PeriodBar
from ..models import ReportingRegime
from .obligations import compliance, percent, recent_periods, regimes_owed_by
from .regimes import visible_regimes

# Periods shown on a unit's record.
PERIODS_SHOWN = 6


def default_root(user):
    """The top of the user's first covered subtree (for a superuser, the first root unit)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    roots = sorted(scope.own_coverages, key=lambda coverage: coverage.root_path)
    return OrgUnit.objects.filter(pk=roots[0].root_id).first() if roots else None


def units_under(user, root, as_of=None):
    """`root` and every unit below it that the user's roles cover, in the tree of `as_of` (default:
    today) and open that day, in tree order: as of the last day before a reorganisation, the old
    units (a successor's area then holds its predecessors'); from its day, the new ones."""
    as_of = as_of or clock.today()
    units = OrgUnit.objects.filter(area_q(root, as_of)).open_on(as_of)
    condition = scope_for(user).unit_q()
    if condition is not None:
        units = units.filter(condition)
    return units.order_by("path")


def cell_url(regime, unit, period: Period) -> str:
    query = urlencode({"regime": regime.pk, "unit": unit.pk, "period": period.code})
    return f"{reverse('reporting:compliance_cell')}?{query}"


def bars(rows, periods) -> list[PeriodBar]:
    """Each period's rates over all the rows (not only the page shown), for the chart."""
    result = []
    for index, period in enumerate(periods):
        cells = [row.cells[index] for row in rows]
        expected = sum(cell.expected for cell in cells)
        result.append(
            PeriodBar(
                label=period.code,
                completeness=percent(sum(cell.received for cell in cells), expected),
                timeliness=percent(sum(cell.on_time for cell in cells), expected),
                fallen_due=any(cell.fallen_due for cell in cells),
                expected=expected,
            )
        )
    return result


def get_visible_cell(user, regime_id, unit_id, period_code) -> tuple[ReportingRegime, OrgUnit, Period]:
    """The regime, unit and period of one cell, or 404 when any is not one the user may see: an
    active regime issued above or in their scope, a unit they cover, a period of the regime's type."""
    unit = get_visible_unit(user, unit_id, covered=True)
    try:
        regime = visible_regimes(user).get(pk=int(regime_id or ""))
        period = Period.parse(period_code or "")
    except (ValueError, ReportingRegime.DoesNotExist):
        raise Http404(_("No such report.")) from None
    if period.type != regime.period_type:
        raise Http404(_("No such report."))
    return regime, unit, period


def unit_record_context(unit) -> dict:
    """The record of `unit` under each regime it owes, over the last periods up to today."""
    today = clock.today()
    records = []
    for regime in regimes_owed_by(unit):
        periods = recent_periods(regime.period_type, today, PERIODS_SHOWN)
        for row in compliance([unit], [regime], periods, as_of=today):
            query = urlencode({"unit": unit.pk, "regime": regime.pk, "first": periods[0].code})
            records.append(
                {
                    "row": row,
                    "cells": [(cell, cell_url(regime, unit, cell.period)) for cell in row.cells],
                    "compliance_url": f"{reverse('reporting:compliance')}?{query}",
                }
            )
    return {"unit": unit, "records": records, "today": today}
