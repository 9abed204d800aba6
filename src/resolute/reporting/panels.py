"""The "Reporting" panel on every org unit page: for each regime the unit owes, its record over the
last six periods (received / expected and on time), with a link to the full compliance page.

The unit page renders the panel without a query of its own: the panel is a link that HTMX replaces,
once the page has loaded, with the record from `unit_record` (the same link opens it as a page
without JavaScript), so the unit page keeps its query budget whatever regimes exist."""

from urllib.parse import urlencode

from django.urls import reverse

from resolute.core import clock

from .obligations import compliance, recent_periods, regimes_owed_by

PERIODS_SHOWN = 6


def reporting_record_panel(request, unit):
    """A panel of the unit page (see `contributions.py`); the page has checked that the user sees `unit`."""
    return "reporting/unit_panel_link.html", {
        "unit": unit,
        "record_url": reverse("reporting:unit_record", args=[unit.pk]),
    }


def unit_record_context(unit, cell_url) -> dict:
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
