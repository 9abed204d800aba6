"""Petitions on the leadership dashboard, the unit page and the dashboard's workbook, and in the
dashboard's recent activity (contributed in `contributions`).

The dashboard's panel counts the year to date of the page's day — from 1 January to that day — for
the petitions received by or handled in the page's unit and the units below it that the user may read
(`selectors.statistics`): received, settled on time and late, still open within the deadline and
overdue, by kind and by unit, and the change in received petitions on the same period of the year
before with its formula. Every number links to the petition list narrowed to the petitions it counts.
A document's dashboard has no petition panel (petitions answer to no document), and neither has a
unit no petition concerns this year or the last.

The unit page shows the same year-to-date figures for the unit, with the ways to the list and to the
statistics page. Nothing here names a petitioner or quotes what a petition says.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.contributions import DashboardView, LinkedCount

from .models import Petition
from .selectors.statistics import (
    Counts,
    PetitionFigures,
    concerning,
    petition_figures,
    signed_percent,
    year_to_date,
)

# The standings the panel counts, in its order (each is also a value of the list's `standing` filter).
STANDINGS = ("settled_on_time", "settled_late", "open_within", "open_overdue")


def list_url(**query) -> str:
    """The petition list narrowed by `query` (the names of `filters.PetitionFilter`)."""
    query = {key: value for key, value in query.items() if value not in (None, "")}
    url = reverse("petitions:list")
    return f"{url}?{urlencode(query)}" if query else url


class FigureLinks:
    """The lists behind the figures of the period `start`–`end` in `unit`'s area (or of `unit` alone),
    as the petition list filters them: received in the period, standing as on `end`."""

    def __init__(self, start: date, end: date, unit=None, include_subtree: bool = True):
        self.base = {
            "received_from": start.isoformat(),
            "received_to": end.isoformat(),
            "as_of": end.isoformat(),
        }
        if unit is not None:
            self.base["area"] = unit.pk
            if not include_subtree:
                self.base["alone"] = "on"

    @classmethod
    def of(cls, figures: PetitionFigures, include_subtree: bool = True) -> FigureLinks:
        return cls(figures.start, figures.end, figures.unit, include_subtree)

    @classmethod
    def of_last_year(cls, figures: PetitionFigures, include_subtree: bool = True) -> FigureLinks:
        return cls(figures.last_year.start, figures.last_year.end, figures.unit, include_subtree)

    def url(self, *, standing: str = "received", kind: str = "", unit=None) -> str:
        # A unit's row counts the petitions counted under it (`selectors.statistics.bucket_path`).
        return list_url(**self.base, under=unit.pk if unit is not None else "", kind=kind, standing=standing)


def standing_counts(counts: Counts, links: FigureLinks, **narrowed) -> list[LinkedCount]:
    """The four standings of the petitions of a group, each linking to its list."""
    labels = {
        "settled_on_time": (_("settled on time"), "ok"),
        "settled_late": (_("settled late"), "warn"),
        "open_within": (_("open within the deadline"), "muted"),
        "open_overdue": (_("open and overdue"), "bad"),
    }
    return [
        LinkedCount(
            key=standing,
            label=labels[standing][0],
            count=getattr(counts, standing),
            url=links.url(standing=standing, **narrowed),
            css=labels[standing][1],
        )
        for standing in STANDINGS
    ]


def dashboard_figures(user, unit, as_of: date, include_subtree: bool = True) -> PetitionFigures:
    start, end = year_to_date(as_of)
    return petition_figures(user, unit=unit, start=start, end=end, include_subtree=include_subtree)


def figures_of(view: DashboardView) -> PetitionFigures | None:
    if view.document is not None:
        return None  # a document's dashboard counts its targets and tasks; a petition answers to none
    figures = view.once(
        "petitions.figures",
        lambda: dashboard_figures(view.user, view.unit, view.as_of, view.include_subtree),
    )
    if not figures.total.received and not figures.last_year.total.received:
        return None
    return figures


def change_text(figures: PetitionFigures) -> str:
    """ "+7.5% on the same period of 2023", or why there is none."""
    if figures.change is None:
        return _("Nothing was received in the same period of %(year)s.") % {
            "year": figures.last_year.start.year
        }
    return _("%(change)s on the same period of %(year)s") % {
        "change": signed_percent(figures.change),
        "year": figures.last_year.start.year,
    }


def petitions_panel(view: DashboardView):
    """The year to date of petitions in the page's area (see the module)."""
    figures = figures_of(view)
    if figures is None:
        return None
    links = FigureLinks.of(figures, view.include_subtree)
    total = figures.total
    return "petitions/dashboard/petitions.html", {
        "figures": figures,
        "received_url": links.url(),
        "standings": standing_counts(total, links),
        "change": change_text(figures),
        "change_formula": figures.change_formula(),
        "last_year_url": FigureLinks.of_last_year(figures, view.include_subtree).url(),
        "kinds": [
            {
                "row": row,
                "url": links.url(kind=row.kind),
                "standings": standing_counts(row.counts, links, kind=row.kind),
            }
            for row in figures.by_kind
        ],
        "units": [
            {
                "row": row,
                "url": links.url(unit=row.unit),
                "standings": standing_counts(row.counts, links, unit=row.unit),
            }
            for row in figures.by_unit
        ],
        "statistics_url": statistics_url(view.unit),
    }


def statistics_url(unit) -> str:
    url = reverse("petitions:statistics")
    return f"{url}?{urlencode({'unit': unit.pk})}" if unit is not None else url


# -- the workbook ------------------------------------------------------------------------------------


def _headers() -> list[str]:
    return [
        _("Received"),
        _("Settled on time"),
        _("Settled late"),
        _("Refused, forwarded or withdrawn"),
        _("Open within the deadline"),
        _("Open and overdue"),
        _("List"),
    ]


def _cells(counts: Counts, url: str, view: DashboardView) -> list:
    return [
        counts.received,
        counts.settled_on_time,
        counts.settled_late,
        counts.closed_otherwise,
        counts.open_within,
        counts.open_overdue,
        view.absolute(url),
    ]


def write_petitions(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    links = FigureLinks.of(figures, view.include_subtree)
    sheet.widths(36, 12, 14, 14, 18, 18, 16, 60)
    sheet.append([_("Petitions"), str(view.unit), figures.start, figures.end], bold=True)
    sheet.append([_("Kind"), *_headers()], bold=True)
    for row in figures.by_kind:
        sheet.append([row.label, *_cells(row.counts, links.url(kind=row.kind), view)])
    sheet.append([_("Total"), *_cells(figures.total, links.url(), view)], bold=True)
    sheet.append([])
    sheet.append(
        [
            _("Received in the same period a year earlier"),
            figures.last_year.total.received,
            figures.last_year.start,
            figures.last_year.end,
        ]
    )
    sheet.append([_("Change"), signed_percent(figures.change), figures.change_formula()])


def write_units(sheet, view: DashboardView) -> None:
    figures = figures_of(view)
    links = FigureLinks.of(figures, view.include_subtree)
    sheet.widths(40, 12, 14, 14, 18, 18, 16, 60)
    sheet.append([_("Unit"), *_headers()], bold=True)
    for row in figures.by_unit:
        sheet.append([str(row.unit), *_cells(row.counts, links.url(unit=row.unit), view)])


def petitions_sheets(view: DashboardView) -> list:
    if figures_of(view) is None:
        return []
    return [
        ("petitions", _("Petitions"), lambda sheet: write_petitions(sheet, view)),
        ("petitions_units", _("Petitions by unit"), lambda sheet: write_units(sheet, view)),
    ]


# -- the unit page -----------------------------------------------------------------------------------


def unit_panel(request, unit):
    """The year to date of the petitions received by or handled in `unit` and the units below it;
    nothing (one query) for a unit no petition the user may read concerns."""
    petitions = concerning(Petition.objects.visible_to(request.user), unit, include_subtree=True)
    if not petitions.exists():
        return None
    today = clock.today()
    figures = dashboard_figures(request.user, unit, today)
    links = FigureLinks.of(figures)
    return "petitions/unit_panel.html", {
        "unit": unit,
        "figures": figures,
        "received_url": links.url(),
        "standings": standing_counts(figures.total, links),
        "change": change_text(figures),
        "change_formula": figures.change_formula(),
        "statistics_url": statistics_url(unit),
        "list_url": list_url(area=unit.pk),
    }


# -- the dashboard's recent activity (`ActivitySource`) ----------------------------------------------


def petitions_in_view(user, unit):
    """The petitions whose changes the recent activity lists: those received by or handled in `unit`'s
    subtree (every one the user may read without a unit)."""
    return concerning(Petition.objects.visible_to(user), unit, include_subtree=True)


def petition_urls(ids: list[int]) -> dict[int, str]:
    return {pk: reverse("petitions:detail", args=[pk]) for pk in ids}
