"""The "Reporting" panel on every org unit page: for each regime the unit owes, its record over the
last six periods (received / expected and on time), with a link to the full compliance page."""

from urllib.parse import urlencode

from django.urls import reverse

from resolute.core import clock

from .obligations import compliance, recent_periods, regimes_owed_by
from .regime_views import cell_url

PERIODS_SHOWN = 6


def reporting_record_panel(request, unit):
    """Registered with `core.panels`; the unit page has already checked that the user sees `unit`.
    Shows nothing for a unit that owes no regime."""
    regimes = regimes_owed_by(unit)
    if not regimes:
        return None
    today = clock.today()
    records = []
    for regime in regimes:
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
    return "reporting/unit_panel.html", {"unit": unit, "records": records, "today": today}
