"""Deadlines and the working year in English and Vietnamese policy documents.

A target's deadline is the last day on which it must be met, so every period phrase resolves to the last
day of its period: "by the end of 2025", "in 2025", "đến cuối năm 2025", "trong năm 2025" and "năm 2025"
are 2025-12-31; "in the first quarter of 2025", "trong quý I/2025" are 2025-03-31; "6 tháng đầu năm
2025", "the first six months of 2025" and "by mid-2025" are 2025-06-30; "in June 2025" is 2025-06-30 and
"December 9-11, 2024" is 2024-12-11. A written day is that day, even after "before"
("before 30/6/2025", "trước ngày 30/6/2025" -> 2025-06-30, as these documents mean "by"). "Before" a
month, quarter or year ("trước năm 2026") ends with the period before it.

Periods and horizons are not deadlines: "giai đoạn 2021-2025", "nhiệm kỳ 2025-2030", "for the period
2026 - 2030", "to 2030, vision 2035" give a ``Deadline`` whose ``date`` is None (so does "trước Tết
Nguyên đán", whose day moves with the lunar calendar). A year-less phrase ("by the end of the year",
"cuối năm") takes ``default_year`` when given, else its date is None too. Baselines are not deadlines:
"compared to 2024", "so với cùng kỳ năm 2024", "the same period in 2023".

Dates are written day first (30/6/2025) in both languages here; a month above 12 in the second place
("6/30/2025") is read month first.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from resolute.extraction.quantities import nfc_with_offsets

__all__ = ["Deadline", "find_deadline", "find_working_year"]


@dataclass(frozen=True)
class Deadline:
    """A time bound found in a text; ``date`` is None for periods, horizons and unresolved phrases."""

    date: datetime.date | None
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------------------
# Building blocks

_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_MONTH_NAMES = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Month names are capitalised ("in June", "JUNE 2025"), which keeps "may 5 communes" out.
_MONTH = (
    r"(?-i:(?P<mname>"
    + "|".join(
        form for name in sorted(_MONTH_NAMES, key=len, reverse=True) for form in (name.title(), name.upper())
    )
    + r"))\.?(?!\w)"
)
_ORDINAL_WORDS = {
    "first": 1,
    "1st": 1,
    "i": 1,
    "1": 1,
    "second": 2,
    "2nd": 2,
    "ii": 2,
    "2": 2,
    "third": 3,
    "3rd": 3,
    "iii": 3,
    "3": 3,
    "fourth": 4,
    "4th": 4,
    "iv": 4,
    "4": 4,
}
_QUARTER_NUMBER = r"(?P<q>IV|III|II|I|[1-4])(?![\w])"
_QUARTER_WORD = r"(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)"
_COUNT_WORDS = {"three": 3, "six": 6, "nine": 9, "3": 3, "6": 6, "9": 9}

_LEAD_EN = (
    r"(?:(?:no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest\s+by|by|before|prior\s+to|until|till|"
    r"up\s+to|to|in|on|during|within|throughout|for|at)\s+)"
)
_LEAD_VI = r"(?:(?:chậm\s+nhất(?:\s+là)?|trước|đến|tới|trong|vào|hạn\s+chót|hết|cuối)\s+)"


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    date: datetime.date | None
    rank: int  # 3 a day, 2 a month/quarter/half, 1 a year, 0 a period or horizon


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _previous_month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1) - datetime.timedelta(days=1)


_BEFORE_START = re.compile(r"\s*(?:before|prior\s+to|trước)(?!\w)", re.IGNORECASE)
_END_OF = re.compile(r"(?<!\w)(?:end|cuối|hết)(?!\w)", re.IGNORECASE)


def _is_before(text: str) -> bool:
    """Whether a phrase ends before the period it names ("trước năm 2026"; not "before the end of")."""
    return bool(_BEFORE_START.match(text)) and not _END_OF.search(text)


def _year_of(match: re.Match[str], default_year: int | None) -> int | None:
    year = match.groupdict().get("y")
    return int(year) if year else default_year


# Each resolver takes the match and the default year and returns (date, rank) or None to drop the match.
_Resolver = Callable[[re.Match[str], int | None], tuple[datetime.date | None, int] | None]


def _numeric_day(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    day, month = int(match.group("d")), int(match.group("m"))
    if not match.groupdict().get("y") and not _has_day_lead(match):
        return None  # "7.2" or "6/7" alone is a number or a fraction, not a day
    year = _year_of(match, default_year)
    if year is None:
        return None, 3
    if month > 12 and day <= 12:
        day, month = month, day
    try:
        return datetime.date(year, month, day), 3
    except ValueError:
        return None


_DAY_LEAD = re.compile(
    r"(?:no\s+later\s+than|not\s+later\s+than|by|before|prior\s+to|until|till|on|chậm\s+nhất|trước|đến|tới"
    r"|vào|hạn\s+chót|ngày)(?!\w)",
    re.IGNORECASE,
)


def _has_day_lead(match: re.Match[str]) -> bool:
    """A year-less day needs a word that makes it a day ("trước 30/6", "ngày 15/12") and a slash."""
    written = match.group(0)
    if match.groupdict().get("sep") not in (None, "/"):
        return False
    return bool(_DAY_LEAD.match(written))


def _named_day(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    month = _MONTH_NAMES[match.group("mname").casefold()]
    year = _year_of(match, default_year)
    if year is None:
        return None, 3
    try:
        # "December 9-11, 2024" lasts until its last day.
        return datetime.date(year, month, int(match.group("d2") or match.group("d"))), 3
    except ValueError:
        return None


def _month(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    names = match.groupdict()
    month = _MONTH_NAMES[names["mname"].casefold()] if names.get("mname") else int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    year = _year_of(match, default_year)
    if year is None:
        return None, 2
    if _is_before(match.group(0)):
        return _previous_month_end(year, month), 2
    return _month_end(year, month), 2


def _quarter(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    names = match.groupdict()
    key = (names.get("q") or names.get("qw") or "").casefold()
    quarter = _ORDINAL_WORDS[key]
    year = _year_of(match, default_year)
    if year is None:
        return None, 2
    if _is_before(match.group(0)):
        return _previous_month_end(year, quarter * 3 - 2), 2
    return _month_end(year, quarter * 3), 2


def _first_months(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    count = _COUNT_WORDS.get(match.group("n").casefold())
    if count is None:
        count = int(match.group("n")) if match.group("n").isdigit() else 0
    if not 1 <= count <= 12:
        return None
    year = _year_of(match, default_year)
    return (_month_end(year, count) if year else None), 2


def _half(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    year = _year_of(match, default_year)
    second = bool(re.search(r"second|last|cuối|H2|2$", match.group("h"), re.IGNORECASE))
    if year is None:
        return None, 2
    return _month_end(year, 12 if second else 6), 2


def _year_end(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    year = _year_of(match, default_year)
    if year is None:
        return None, 1
    if _is_before(match.group(0)):
        return datetime.date(year - 1, 12, 31), 1
    return datetime.date(year, 12, 31), 1


def _no_date(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    return None, 0


_I = re.IGNORECASE
_PATTERNS: list[tuple[re.Pattern[str], _Resolver]] = [
    # Periods and horizons first: their years are not deadlines.
    (
        re.compile(
            r"(?:(?:for\s+)?the\s+)?(?:(?:giai\s+đoạn|nhiệm\s+kỳ|thời\s+kỳ|period|term|stage|phase|khóa|khoá)"
            r"\s+(?:of\s+)?)?\(?(?:19|20)\d{2}\s*" + _DASH + r"\s*(?:19|20)\d{2}\)?"
            r"(?:\s+(?:term|period|tenure|congress))?",
            _I,
        ),
        _no_date,
    ),
    (
        re.compile(
            r"(?:from|từ)\s+(?:năm\s+)?(?:19|20)\d{2}\s+(?:to|until|till|through|đến|tới)\s+(?:năm\s+)?(?:19|20)\d{2}",
            _I,
        ),
        _no_date,
    ),
    (
        re.compile(
            r"(?:(?:to|by|until|đến|tới)\s+)?(?:năm\s+)?(?:19|20)\d{2}\s*,?\s*(?:and\s+|with\s+(?:a\s+)?)?"
            r"(?:vision|orientation|tầm\s+nhìn|định\s+hướng)\s+(?:to\s+|until\s+|đến\s+)?(?:năm\s+)?"
            r"(?:19|20)\d{2}",
            _I,
        ),
        _no_date,
    ),
    (
        re.compile(
            r"(?:(?:a|with\s+a)\s+)?(?:vision|tầm\s+nhìn)\s+(?:to\s+|until\s+|đến\s+)?(?:năm\s+)?(?:19|20)\d{2}",
            _I,
        ),
        _no_date,
    ),
    (
        re.compile(
            r"(?:before|prior\s+to|trước|dịp|during|in)\s+(?:the\s+)?"
            r"(?:Tết(?:\s+Nguyên\s+[đĐ]án)?|Tet(?:\s+holiday)?|Lunar\s+New\s+Year)"
            r"(?:\s+(?:Ất\s+Tỵ|Bính\s+Ngọ|Giáp\s+Thìn|Đinh\s+Mùi))?(?:\s+(?:năm\s+)?(?:19|20)\d{2})?",
            _I,
        ),
        _no_date,
    ),
    # A day: 30/6/2025, ngày 30 tháng 6 năm 2025, June 30, 2025, 30 June 2025.
    (
        re.compile(
            r"(?:" + _LEAD_EN + r"|" + _LEAD_VI + r")?(?:the\s+)?(?:ngày\s+)?"
            r"(?<![\d.,/])(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*" + _YEAR + r")?"
            r"(?![\d/])(?!\s*(?:%|percent|phần\s+trăm))",
            _I,
        ),
        _numeric_day,
    ),
    (
        re.compile(
            r"(?:"
            + _LEAD_VI
            + r")?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+"
            + _YEAR
            + r")?",
            _I,
        ),
        _numeric_day,
    ),
    (
        re.compile(
            _LEAD_EN
            + r"?(?:the\s+)?"
            + _MONTH
            + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*"
            + _DASH
            + r"\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?(?:\s*,?\s*"
            + _YEAR
            + r")?",
            _I,
        ),
        _named_day,
    ),
    (
        re.compile(
            _LEAD_EN
            + r"?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*"
            + _DASH
            + r"\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
            + r"\s+(?:of\s+)?"
            + _MONTH
            + r"(?:\s*,?\s*"
            + _YEAR
            + r")?",
            _I,
        ),
        _named_day,
    ),
    # A month: June 2025, by the end of June 2025, tháng 6/2025, trong tháng 6 năm 2025.
    (
        re.compile(
            _LEAD_EN + r"?(?:the\s+)?(?:end\s+of\s+)?" + _MONTH + r"(?:\s*,?\s*(?:of\s+)?" + _YEAR + r")",
            _I,
        ),
        _month,
    ),
    (
        re.compile(
            r"(?:(?:by|before|until|in|during)\s+(?:the\s+)?end\s+of\s+|by\s+)" + _MONTH + r"(?!\s*\d)",
            _I,
        ),
        _month,
    ),
    (
        re.compile(
            _LEAD_VI + r"?(?:cuối\s+|hết\s+)?tháng\s+(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)" + _YEAR,
            _I,
        ),
        _month,
    ),
    # A quarter: in the first quarter of 2025, Q1 2025, quarter I/2025, trong quý I/2025, quý II năm 2025.
    (
        re.compile(
            _LEAD_EN + r"?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?" + _QUARTER_WORD + r"\s+quarter"
            r"(?:\s+(?:of\s+)?(?:the\s+year\s+)?" + _YEAR + r")?",
            _I,
        ),
        _quarter,
    ),
    (
        re.compile(
            _LEAD_EN
            + r"?(?:the\s+)?(?:end\s+of\s+)?(?:Q|quarter\s+)"
            + _QUARTER_NUMBER
            + r"(?:\s*[/\-,]?\s*(?:of\s+)?"
            + _YEAR
            + r")?",
            _I,
        ),
        _quarter,
    ),
    (
        re.compile(
            _LEAD_VI
            + r"?(?:cuối\s+|hết\s+)?quý\s+"
            + _QUARTER_NUMBER
            + r"(?:\s*/\s*|\s+năm\s+)?(?:"
            + _YEAR
            + r")?",
            _I,
        ),
        _quarter,
    ),
    # The first months of a year: in the first 6 months of 2025, 6 tháng đầu năm 2025, first half of 2025.
    (
        re.compile(
            _LEAD_EN
            + r"?(?:the\s+)?first\s+(?P<n>\d{1,2}|three|six|nine)\s+months(?:\s+of\s+(?:the\s+year\s+)?"
            + _YEAR
            + r")?",
            _I,
        ),
        _first_months,
    ),
    (
        re.compile(
            _LEAD_VI + r"?(?P<n>\d{1,2})\s+tháng\s+đầu\s+năm(?:\s+" + _YEAR + r")?",
            _I,
        ),
        _first_months,
    ),
    (
        re.compile(
            _LEAD_EN + r"?(?:the\s+)?(?P<h>first\s+half|second\s+half|last\s+six\s+months|last\s+6\s+months)"
            r"(?:\s+of\s+(?:the\s+year\s+)?" + _YEAR + r")?"
            r"|(?P<h2>H[12])\s*[/\-]?\s*" + _YEAR.replace("?P<y>", "?P<y2>"),
            _I,
        ),
        lambda m, d: _half_either(m, d),
    ),
    (
        re.compile(_LEAD_VI + r"?(?P<h>6\s+tháng\s+cuối\s+năm)(?:\s+" + _YEAR + r")?", _I),
        _half,
    ),
    # A year: by the end of 2025, in 2025, đến cuối năm 2025, đến năm 2025, trong năm 2025, năm 2025.
    (
        re.compile(
            r"(?:" + _LEAD_EN + r")?(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+year\s+)?" + _YEAR,
            _I,
        ),
        _year_end,
    ),
    (re.compile(r"(?:by\s+)?(?:year[\s\-]end|end[\s\-])\s*" + _YEAR, _I), _year_end),
    (
        re.compile(
            r"(?:no\s+later\s+than|not\s+later\s+than|by|before|prior\s+to|until|till|up\s+to|to|in|during"
            r"|within|throughout)\s+(?:the\s+year\s+)?" + _YEAR + r"(?!\s*" + _DASH + r"\s*\d)",
            _I,
        ),
        _year_end,
    ),
    (
        re.compile(
            r"(?:(?:đến|tới|trước|trong|vào|chậm\s+nhất)\s+)?(?:(?:cuối|hết)\s+)?năm\s+"
            + _YEAR
            + r"(?!\s*"
            + _DASH
            + r"\s*\d)",
            _I,
        ),
        _year_end,
    ),
    # The middle and the late part of a year: by mid-2025, giữa năm 2025, by late 2025.
    (re.compile(r"(?:(?:by|in|before|until|to)\s+)?mid[\s\-]?" + _YEAR, _I), lambda m, d: _mid_year(m)),
    (re.compile(r"(?:(?:đến|vào|trước)\s+)?giữa\s+năm\s+" + _YEAR, _I), lambda m, d: _mid_year(m)),
    (re.compile(r"(?:(?:by|in)\s+)?late\s+" + _YEAR, _I), _year_end),
    # A month without its year: in June, trong tháng 12, trước tháng 6.
    (
        re.compile(
            r"(?:in|during|by|before|until)\s+(?:the\s+end\s+of\s+)?" + _MONTH + r"(?!\s*,?\s*\d)"
            r"|(?:trong|trước|đến|tới|hết|cuối|vào)\s+(?:cuối\s+|hết\s+)?tháng\s+(?P<m>\d{1,2})"
            r"(?!\s*[/\-]?\s*\d)(?!\s+năm\s+\d)(?!\s+(?:đầu|cuối))",
            _I,
        ),
        _month,
    ),
    # Year-less phrases, resolved with the working year.
    (
        re.compile(
            r"(?:by|before|until|in|at)\s+(?:the\s+)?end\s+of\s+(?:the|this)\s+year|(?:by\s+)?year[\s\-]end"
            r"|(?:within|in|during)\s+(?:the|this)\s+year(?!\s*\d)|(?:đến\s+|tới\s+)?(?:cuối|hết)\s+năm(?:\s+nay)?"
            r"(?!\s*(?:\d|qua|trước|ngoái|tới|sau|học|tài))"
            r"|trong\s+năm(?:\s+nay)?(?!\s*(?:\d|qua|trước|ngoái|tới|sau|học|tài))",
            _I,
        ),
        _year_end,
    ),
]


# Every phrase starts at a word boundary ("begin 2025" holds no "in 2025").
_PATTERNS = [
    (re.compile(r"(?<!\w)(?:" + pattern.pattern + r")", pattern.flags), how) for pattern, how in _PATTERNS
]


def _mid_year(match: re.Match[str]) -> tuple[datetime.date | None, int] | None:
    return _month_end(int(match.group("y")), 6), 2


def _half_either(match: re.Match[str], default_year: int | None) -> tuple[datetime.date | None, int] | None:
    if match.group("h2"):
        year = int(match.group("y2"))
        return _month_end(year, 12 if match.group("h2").upper() == "H2" else 6), 2
    return _half(match, default_year)


# Words before a year that make it a baseline, not a deadline.
_BASELINE_BEFORE = re.compile(
    r"(?:(?<!\w)compared|(?<!\w)comparison\s+with|same\s+period|(?<!\w)than|so\s+với|cùng\s+kỳ|since|kể\s+từ|(?<!\w)từ"
    r"|(?<!\w)over|(?<!\w)from|(?<!\w)of|(?<!\w)của|(?<!\w)đầu)\s*(?:the\s+)?(?:same\s+period\s+)?$",
    re.IGNORECASE,
)
# A day written without a deadline word is a start or a document's date when it follows "from", "dated" or a
# document number: "kể từ ngày 01/01/2025", "Resolution No. 18, dated October 25, 2017", "Nghị quyết số
# 18-NQ/TW ngày 25/10/2017".
_DAY_NOT_A_DEADLINE = re.compile(
    r"(?:(?<!\w)(?:kể\s+)?từ|(?<!\w)since|(?<!\w)from|(?<!\w)dated|(?<!\w)issued\s+on|(?<!\w)signed\s+on"
    r"|(?<!\w)ban\s+hành|(?<!\w)(?:No\.?|số)\s*[\w./\-]+|\d+\s*[/\-]\s*(?-i:[A-ZĐ])[\w/\-]*)\s*,?\s*$",
    re.IGNORECASE,
)
_DAY_LEAD_START = re.compile(
    r"(?:no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest|by|before|prior\s+to|until|till|chậm\s+nhất"
    r"|trước|đến|tới|hạn\s+chót|hết)(?!\w)",
    re.IGNORECASE,
)


def _candidates(text: str, default_year: int | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern, resolve in _PATTERNS:
        for match in pattern.finditer(text):
            resolved = resolve(match, default_year)
            if resolved is None:
                continue
            date, rank = resolved
            start, end = match.span()
            # Leading spaces of an optional lead group are not part of the phrase.
            if rank in (1, 2) and _BASELINE_BEFORE.search(text, max(0, start - 30), start):
                continue
            if (
                rank == 3
                and not _DAY_LEAD_START.match(text, start)
                and _DAY_NOT_A_DEADLINE.search(text, max(0, start - 40), start)
            ):
                continue
            found.append(_Candidate(start, end, date, rank))
    return found


def _outermost(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop candidates lying inside a longer one ("năm 2025" inside "đến cuối năm 2025")."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    reach = -1
    for candidate in ordered:
        if candidate.end <= reach:
            continue
        if kept and candidate.start < kept[-1].end:
            # Partial overlap: keep the longer one.
            if candidate.end - candidate.start <= kept[-1].end - kept[-1].start:
                continue
            kept.pop()
        kept.append(candidate)
        reach = max(reach, candidate.end)
    return kept


def find_deadline(text: str, lang: str, *, default_year: int | None = None) -> Deadline | None:
    """The time bound of a target or task fragment, or None when it states none.

    The most precise dated phrase wins (a day over a month, quarter or half over a year), then the first.
    When only a period, horizon or unresolved year-less phrase is written, the Deadline has date None.
    ``lang`` ("en" or "vi") is accepted for symmetry; the phrases of both languages are read either way.
    """
    del lang  # both languages' phrases are read in either; translations mix them
    normal, offsets = nfc_with_offsets(text)
    candidates = _outermost(_candidates(normal, default_year))
    if not candidates:
        return None
    dated = [c for c in candidates if c.date is not None]
    # The most precise dated phrase, then the first; a period or horizon only when nothing is dated.
    best = max(dated, key=lambda c: (c.rank, -c.start)) if dated else candidates[0]
    start, end = best.start, best.end
    # Trim the spaces an optional lead group may leave at either edge.
    while start < end and normal[start].isspace():
        start += 1
    while end > start and normal[end - 1].isspace():
        end -= 1
    if offsets is not None:
        start, end = offsets[start], offsets[end]
    return Deadline(date=best.date, text=text[start:end], start=start, end=end)


# --------------------------------------------------------------------------------------------------------
# Working year

_NOT_A_SPAN = r"(?!\s*" + _DASH + r"\s*\d)"
# Each year is found first and the words before it are then read in a bounded window, so that a long run of
# plan words ("tasks tasks tasks ...") cannot make the search quadratic.
_YEAR_AFTER_FOR = re.compile(
    r"(?<!\w)(?:for|in|of)\s+(?:the\s+year\s+)?(?P<y>(?:19|20)\d{2})(?!\d)" + _NOT_A_SPAN, re.IGNORECASE
)
_PLAN_WORD_EN_BEFORE = re.compile(
    r"(?<!\w)(?:directions?|tasks?|plans?|targets?|objectives?|orientations?|solutions?|development)\s+$",
    re.IGNORECASE,
)
# "the 2025 socio-economic development plan"
_YEAR_BEFORE_PLAN = re.compile(
    r"(?<![\d\-\u2013])(?P<y>(?:19|20)\d{2})\s+(?:socio-economic\s+(?:development\s+)?)?"
    r"(?:plan|tasks|targets|directions)(?!\w)",
    re.IGNORECASE,
)
# "phương hướng, nhiệm vụ năm 2025", "kế hoạch phát triển kinh tế - xã hội năm 2026"; not "mục tiêu đến năm
# 2030", which is a horizon.
_VI_YEAR = re.compile(r"(?<!\w)năm\s+(?P<y>(?:19|20)\d{2})(?!\d)" + _NOT_A_SPAN, re.IGNORECASE)
_VI_PLAN_WORD = re.compile(
    r"(?<!\w)(?:phương\s+hướng|nhiệm\s+vụ|kế\s+hoạch|mục\s+tiêu|chỉ\s+tiêu|giải\s+pháp)(?!\w)", re.IGNORECASE
)
_VI_NOT_A_PLAN_YEAR = re.compile(
    r"(?<!\w)(?:đến|tới|từ|trước|sau|nhìn|đoạn|kỳ)(?!\w)|[\d.;:!?()]", re.IGNORECASE
)


def _plan_years(text: str) -> list[int]:
    years = []
    for match in _YEAR_AFTER_FOR.finditer(text):
        if _PLAN_WORD_EN_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            years.append(int(match.group("y")))
    years.extend(int(match.group("y")) for match in _YEAR_BEFORE_PLAN.finditer(text))
    for match in _VI_YEAR.finditer(text):
        window_start = max(0, match.start() - 80)
        plan = None
        for plan in _VI_PLAN_WORD.finditer(text, window_start, match.start()):  # noqa: B007 - the last one
            pass
        if plan is None:
            continue
        between = text[plan.end() : match.start()]
        if len(between.split()) <= 8 and not _VI_NOT_A_PLAN_YEAR.search(between):
            years.append(int(match.group("y")))
    return years


def find_working_year(text: str) -> int | None:
    """The year a document plans for ("directions and tasks for 2025", "nhiệm vụ năm 2025"), or None.

    A review-and-plan document names both the year it reviews and the year it plans for; the plan's year is
    the later one, so the latest year named in such a phrase wins.
    """
    text = unicodedata.normalize("NFC", text)
    years = _plan_years(text) or _title_years(text[:_TITLE_REACH])
    return max(years) if years else None


_TITLE_REACH = 600  # the title and the heading lines before the body
_DATE_BEFORE_YEAR = re.compile(r"tháng\s+\d{1,2}\s*$|\d\s*[/.\-]\s*$", re.IGNORECASE)


def _title_years(title: str) -> list[int]:
    """Years a document's title names on their own ("BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI NĂM 2025"), not the
    date it was signed ("Quảng Nam, ngày 10 tháng 12 năm 2024")."""
    years = []
    for match in (*_VI_YEAR.finditer(title), *_YEAR_AFTER_FOR.finditer(title)):
        if not _DATE_BEFORE_YEAR.search(title, max(0, match.start() - 12), match.start()):
            years.append(int(match.group("y")))
    return years
