"""Petitions' section of the implementation report on a document (contributed in `contributions`): what
was received and settled in "II. Results", what is still open past its legal deadline or was settled
late in "III. Shortcomings", and the table by kind under II.

The section counts the petitions received in the report's period (to the report's day, when that comes
first) by or in the area of the document's owner — the administrative level it belongs to, as the
investment section reads it — that the report's author may read, judged on the period's last day, and
the same period a year earlier (`selectors.statistics.petition_figures`), once (`build_petitions`).
`petitions_blocks` words those figures in the report's language; every number of a sentence is a
number of the table, so the text never disagrees with it. Nothing here names a petitioner or quotes
what a petition says: only counts. A period in which nothing was received, this year or the last,
adds no section.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, TextBlock, format_number, format_short_date
from resolute.investment.report import administrative_area

from .choices import PetitionKind
from .selectors.statistics import Counts, PetitionFigures, petition_figures

WORDS = {
    "vi": {
        "table": "Tiếp nhận và giải quyết đơn theo loại đơn",
        "kind": "Loại đơn",
        "received": "Tiếp nhận",
        "settled": "Đã giải quyết",
        "on_time": "Đúng hạn",
        "late": "Quá hạn",
        "closed_otherwise": "Trả lại, chuyển đơn, rút đơn",
        "open": "Đang giải quyết",
        "open_within": "Trong hạn",
        "open_overdue": "Quá hạn giải quyết",
        "total": "Tổng cộng",
        "last_year": "Cùng kỳ năm {year}",
        "change": "Tăng, giảm (%)",
        "kinds": {
            PetitionKind.COMPLAINT: "khiếu nại",
            PetitionKind.DENUNCIATION: "tố cáo",
            PetitionKind.RECOMMENDATION: "kiến nghị",
            PetitionKind.REFLECTION: "phản ánh",
        },
    },
    "en": {
        "table": "Petitions received and settled, by kind",
        "kind": "Kind",
        "received": "Received",
        "settled": "Settled",
        "on_time": "On time",
        "late": "Late",
        "closed_otherwise": "Refused, forwarded, withdrawn",
        "open": "Still open",
        "open_within": "Within the deadline",
        "open_overdue": "Overdue",
        "total": "Total",
        "last_year": "The same period of {year}",
        "change": "Change (%)",
        "kinds": {
            PetitionKind.COMPLAINT: "complaints",
            PetitionKind.DENUNCIATION: "denunciations",
            PetitionKind.RECOMMENDATION: "recommendations",
            PetitionKind.REFLECTION: "reflections",
        },
    },
}


@dataclass
class ReportFigures:
    """The section's figures: the area and the petition figures (none when nothing was received)."""

    area: object
    figures: PetitionFigures | None


def build_petitions(scope: ReportScope) -> ReportFigures:
    """The figures of the report's period, to the report's day, in the owner's area."""
    area = administrative_area(scope.document.owner)
    end = min(scope.period_end, scope.as_of)
    if end < scope.period_start:
        return ReportFigures(area=area, figures=None)
    figures = petition_figures(scope.user, unit=area, start=scope.period_start, end=end)
    if not figures.total.received and not figures.last_year.total.received:
        return ReportFigures(area=area, figures=None)
    return ReportFigures(area=area, figures=figures)


# -- the words ---------------------------------------------------------------------------------------


def number(value, language: str) -> str:
    return format_number(value, 0, language)


def change_text(change: Decimal | None, language: str) -> str:
    """ "+7,5" / "−2.0" / "—": the change as the table writes it, without the percent sign."""
    if change is None:
        return "—"
    text = format_number(abs(change), 1, language)
    if change > 0:
        return f"+{text}"
    return f"−{text}" if change < 0 else text


def _by_kind(figures: PetitionFigures, language: str, attribute: str) -> str:
    """ "complaints 20, denunciations 8" — the kinds with a non-zero count."""
    words = WORDS[language]["kinds"]
    return ", ".join(
        f"{words[row.kind]} {number(getattr(row.counts, attribute), language)}"
        for row in figures.by_kind
        if getattr(row.counts, attribute)
    )


def were(count: int) -> str:
    return "was" if count == 1 else "were"


def petitions(count: int) -> str:
    return "petition" if count == 1 else "petitions"


def period_text(figures: PetitionFigures, language: str) -> str:
    start, end = format_short_date(figures.start, language), format_short_date(figures.end, language)
    return f"From {start} to {end}" if language == "en" else f"Từ ngày {start} đến ngày {end}"


def results_paragraph(figures: PetitionFigures, language: str) -> str:
    """ "From 1 Jan 2024 to 31 Dec 2024, 43 petitions were received (complaints 20, …), up 7.5% on the
    same period of 2023 (40); 30 were settled, of which 25 on time and 5 late; 3 were refused,
    forwarded or withdrawn." — every number a cell of the table."""
    total, last = figures.total, figures.last_year.total
    year = figures.last_year.start.year
    kinds = _by_kind(figures, language, "received")
    change = figures.change
    if language == "en":
        received = f"{number(total.received, language)} {petitions(total.received)} {were(total.received)}"
        text = f"{period_text(figures, language)}, {received} received"
        if kinds:
            text += f" ({kinds})"
        before = number(last.received, language)
        if change is None:
            text += f", none in the same period of {year}"
        elif change:
            direction = "up" if change > 0 else "down"
            amount = format_number(abs(change), 1, language)
            text += f", {direction} {amount}% on the same period of {year} ({before})"
        else:
            text += f", as many as in the same period of {year} ({before})"
        on_time, late = number(total.settled_on_time, language), number(total.settled_late, language)
        settled = number(total.settled, language)
        text += f"; {settled} {were(total.settled)} settled, of which {on_time} on time and {late} late"
        closed = number(total.closed_otherwise, language)
        text += f"; {closed} {were(total.closed_otherwise)} refused, forwarded or withdrawn."
        return text
    text = f"{period_text(figures, language)}, đã tiếp nhận {number(total.received, language)} đơn"
    if kinds:
        text += f" ({kinds})"
    if change is None:
        text += f", cùng kỳ năm {year} không có đơn"
    else:
        amount = format_number(abs(change), 1, language)
        if change > 0:
            text += f", tăng {amount}% so với cùng kỳ năm {year} ({number(last.received, language)} đơn)"
        elif change < 0:
            text += f", giảm {amount}% so với cùng kỳ năm {year} ({number(last.received, language)} đơn)"
        else:
            text += f", bằng cùng kỳ năm {year} ({number(last.received, language)} đơn)"
    on_time, late = number(total.settled_on_time, language), number(total.settled_late, language)
    text += (
        f"; đã giải quyết {number(total.settled, language)} đơn, trong đó {on_time} đơn đúng hạn, "
        f"{late} đơn quá hạn"
    )
    text += f"; trả lại, chuyển đơn, rút đơn {number(total.closed_otherwise, language)} đơn."
    return text


def shortcomings_paragraph(figures: PetitionFigures, language: str) -> str | None:
    """ "10 petitions are still open: 4 past their legal deadline (complaints 2, …), 6 within it; 5
    were settled late." — nothing when nothing is open nor was settled late."""
    total = figures.total
    if not total.open and not total.settled_late:
        return None
    overdue_kinds = _by_kind(figures, language, "open_overdue")
    if language == "en":
        parts = []
        if total.open:
            overdue = f"{number(total.open_overdue, language)} past their legal deadline"
            if overdue_kinds:
                overdue += f" ({overdue_kinds})"
            still = "is" if total.open == 1 else "are"
            parts.append(
                f"{number(total.open, language)} {petitions(total.open)} {still} still open: {overdue}, "
                f"{number(total.open_within, language)} within it"
            )
        if total.settled_late:
            late = number(total.settled_late, language)
            parts.append(f"{late} {were(total.settled_late)} settled after their deadline")
        return "; ".join(parts) + "."
    parts = []
    if total.open:
        overdue = f"{number(total.open_overdue, language)} đơn đã quá thời hạn giải quyết theo quy định"
        if overdue_kinds:
            overdue += f" ({overdue_kinds})"
        parts.append(
            f"Còn {number(total.open, language)} đơn đang giải quyết, trong đó {overdue}, "
            f"{number(total.open_within, language)} đơn còn trong hạn"
        )
    if total.settled_late:
        parts.append(f"{number(total.settled_late, language)} đơn giải quyết quá hạn")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _cells(counts: Counts, language: str) -> list[str]:
    return [
        number(value, language)
        for value in (
            counts.received,
            counts.settled,
            counts.settled_on_time,
            counts.settled_late,
            counts.closed_otherwise,
            counts.open,
            counts.open_within,
            counts.open_overdue,
        )
    ]


def kinds_table(figures: PetitionFigures, language: str) -> TableBlock:
    words = WORDS[language]
    rows = [
        [words["kinds"][row.kind][:1].upper() + words["kinds"][row.kind][1:], *_cells(row.counts, language)]
        for row in figures.by_kind
    ]
    rows.append([words["total"], *_cells(figures.total, language)])
    return TableBlock(
        [
            words["kind"],
            words["received"],
            words["settled"],
            words["on_time"],
            words["late"],
            words["closed_otherwise"],
            words["open"],
            words["open_within"],
            words["open_overdue"],
        ],
        rows,
        [4, 2, 2, 2, 2, 3, 2, 2, 2],
        frozenset(range(1, 9)),
    )


def change_table(figures: PetitionFigures, language: str) -> TableBlock:
    words = WORDS[language]
    return TableBlock(
        [
            words["last_year"].format(year=figures.last_year.start.year),
            words["received"],
            words["change"],
        ],
        [
            [
                f"{format_short_date(figures.last_year.start, language)} – "
                f"{format_short_date(figures.last_year.end, language)}",
                number(figures.last_year.total.received, language),
                change_text(figures.change, language),
            ]
        ],
        [6, 3, 3],
        frozenset({1, 2}),
    )


def petitions_blocks(read: ReportFigures, scope: ReportScope) -> ReportBlocks:
    blocks = ReportBlocks()
    figures = read.figures
    if figures is None:
        return blocks
    language = "en" if scope.english else "vi"
    blocks.results.append(results_paragraph(figures, language))
    shortcomings = shortcomings_paragraph(figures, language)
    if shortcomings:
        blocks.shortcomings.append(shortcomings)
    blocks.tables += [
        TextBlock(WORDS[language]["table"], "subheading"),
        kinds_table(figures, language),
        change_table(figures, language),
    ]
    blocks.preview = (
        "petitions/report/petitions.html",
        {
            "read": read,
            "figures": figures,
            "tables": [kinds_table(figures, language), change_table(figures, language)],
        },
    )
    return blocks
