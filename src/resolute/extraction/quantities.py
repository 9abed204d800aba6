"""Numbers, units and comparators in English and Vietnamese policy documents.

Party resolutions, plans and reports state their commitments as figures: "reduce the poverty rate to below
4%", "tăng trưởng từ 9,5 - 10%", "more than 15 trillion VND", "10.945 căn nhà". This module reads them:

- ``parse_number`` turns one written number (with scale words) into a ``Decimal``;
- ``find_quantities`` lists every quantity in a string with its canonical unit, skipping the numbers that
  are not quantities (years, term spans, dates, document numbers, ordinals, list markers);
- ``find_comparison`` reads the commitment in a target fragment: the comparator, the number or range and
  the unit, or a relative comparison ("lower than the national rate") with no number.

Separators. Both languages group thousands and mark decimals, with the marks swapped: English writes
``10,945`` and ``9.5``, Vietnamese ``10.945`` and ``9,5`` -- and translated documents mix the two. The rule
is the grammar of the digits, not the language: a separator followed by exactly three digits groups
thousands (``10,945`` and ``10.945`` are both 10945); any other separator is a decimal mark (``9,5`` and
``9.5`` are both 9.5). When both marks appear the last one is the decimal mark (``1,234,567.89``,
``1.234.567,89``). A number written ``0,125`` is decimal (no one groups a leading zero). The language breaks
the one real tie: a percentage written with the language's own decimal mark and three digits after it
(``12,345%`` in Vietnamese, ``1.234%`` in English) is a three-place decimal, because percentages above a
thousand are far rarer in these documents than three-place percentages.

Units. A unit written after the number comes from a table of canonical English names, for both languages
("căn nhà" -> "houses", "hộ" -> "households", "lượt khách" -> "visitors", "xã" -> "communes"); a counted noun
the table does not know is kept as written ("2 scientific seminars" -> "seminars", "3/25 chỉ tiêu" -> "chỉ
tiêu"). When nothing follows the number, the unit is read from what the sentence named before it: a rate
("Number of doctors per 10,000 people reaches 12"), a count ("the number of communes ... 14/17"), a
currency ("VND 45,000 billion"), the other bound of a range ("9,5 - 10%") or a restatement in parentheses.
A share of the budget estimate is "% of estimate"; a share of a plan is a plain rate up to 100% and "% of
plan" above it; "vượt 10% dự toán" (an excess over the estimate) is "%".

Comparators. The bound word right before the number decides ("dưới 4%" -> "<", "at least 95%" -> ">=");
a change verb or noun governing the number makes it a change ("giảm 1 điểm phần trăm", "reduce ... by 1
percentage point", "an increase of 10%", "3,000 fewer" -> decrease_by / increase_by), even across a bound
("giảm ít nhất 5%"); a level word makes it a level again ("giảm ... xuống còn 3%" -> "=", "xuống dưới 4%" ->
"<"). A growth rate is a level ("tăng trưởng 8%" -> "="). Ranges are "từ A đến B", "A - B", "between A and
B"; "from A to B" after a change verb names the new level B.

Everything is compiled at import and every pattern is linear in the length of its input.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

__all__ = [
    "Comparison",
    "Quantity",
    "find_comparison",
    "find_quantities",
    "nfc_with_offsets",
    "parse_number",
]


@dataclass(frozen=True)
class Quantity:
    """A quantity as written in a text, with its value normalised."""

    value: Decimal
    unit: str | None
    text: str
    start: int
    end: int
    of: Decimal | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The commitment in a target fragment: a comparator and what it compares with."""

    comparator: str
    value: Decimal | None
    min: Decimal | None
    max: Decimal | None
    unit: str | None
    value_text: str | None
    reference: str | None
    approximate: bool
    start: int
    end: int


# --------------------------------------------------------------------------------------------------------
# Numbers

_SPACE_GROUP = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin spaces group thousands
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

# A run of digits with separators. Each repetition must start with a separator, so the pattern is linear.
# A plain space never groups digits ("in 2024 100 houses" is two numbers).
# A number may touch a currency code ("VND15 trillion", "USD5 million") but no other letters.
_NUMBER = re.compile(
    r"(?:(?<![\w.,])|(?<=VND)|(?<=VNĐ)|(?<=USD))\d+(?:[.,]\d+|[" + _SPACE_GROUP + r"]\d{3}(?!\d))*"
)

_SCALES_EN = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_SCALES_VI = {
    "trăm": 100,
    "nghìn": 1000,
    "ngàn": 1000,
    "vạn": 10**4,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
_SCALES = {**_SCALES_EN, **_SCALES_VI}
# One or more scale words after a number: "15 nghìn tỷ" is 15 * 1000 * 10^9.
_SCALE_RUN = re.compile(
    r"(?:\s*(?:" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")s?(?!\w)){1,3}",
    re.IGNORECASE,
)
_SCALE_WORD = re.compile("|".join(sorted(_SCALES, key=len, reverse=True)), re.IGNORECASE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``text`` in NFC form and, when that changed it, the original offset of every NFC offset.

    Vietnamese text pasted from some editors arrives decomposed (a base letter followed by combining
    marks). The patterns are written precomposed, so they run on the NFC form and the offsets they find
    are mapped back; the list has one entry more than the NFC text, for offsets at its end.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    index, length = 0, len(text)
    while index < length:
        stop = index + 1
        while stop < length and unicodedata.combining(text[stop]):
            stop += 1
        piece = unicodedata.normalize("NFC", text[index:stop])
        pieces.append(piece)
        offsets.extend([index] * len(piece))
        index = stop
    offsets.append(length)
    return "".join(pieces), offsets


def _digits_value(token: str, lang: str, *, percent: bool = False) -> Decimal | None:
    """The value of one run of digits and separators (see the module docstring for the rule)."""
    for space in _SPACE_GROUP:
        token = token.replace(space, "")
    marks = [ch for ch in token if ch in ".,"]
    if not marks:
        return Decimal(token)
    groups = re.split(r"[.,]", token)
    if any(not g for g in groups):
        return None
    distinct = set(marks)
    if len(distinct) == 2:
        decimal_mark = marks[-1]
        if marks.count(decimal_mark) != 1:
            return None
        thousands = groups[:-1]
        if len(thousands[0]) > 3 or any(len(g) != 3 for g in thousands[1:]):
            return None
        return Decimal("".join(thousands) + "." + groups[-1])
    mark = marks[0]
    if len(marks) > 1:
        # "1.234.567" groups thousands; "30.6.2025" or "1.2.3" is not a number.
        if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        return Decimal("".join(groups))
    whole, tail = groups
    own_decimal_mark = "," if lang == "vi" else "."
    reads_as_thousands = len(tail) == 3 and whole != "0" and len(whole) <= 3 and not whole.startswith("0")
    if reads_as_thousands and percent and mark == own_decimal_mark:
        reads_as_thousands = False
    if reads_as_thousands:
        return Decimal(whole + tail)
    return Decimal(whole + "." + tail)


def _scale_of(words: str) -> int:
    factor = 1
    for match in _SCALE_WORD.finditer(words):
        factor *= _SCALES[_nfc(match.group(0)).casefold()]
    return factor


_PARSE = re.compile(
    r"\s*(?P<num>\d+(?:[.,]\d+|[" + _SPACE_GROUP + r"]\d{3})*)(?P<scale>" + _SCALE_RUN.pattern + r")?"
    r"\s*(?P<pct>%|percent|per cent|phần trăm)?\s*",
    re.IGNORECASE,
)


def parse_number(text: str, lang: str) -> Decimal | None:
    """The value of a written number, scale words applied; None when ``text`` is not one number.

    ``"10,945"``, ``"10.945"`` -> 10945; ``"9,5"`` -> 9.5; ``"15 trillion"`` -> 15000000000000;
    ``"15 nghìn tỷ"`` -> 15000000000000; ``"9,5%"`` -> 9.5. ``lang`` is "en" or "vi".
    """
    match = _PARSE.fullmatch(_nfc(text))
    if not match:
        return None
    try:
        value = _digits_value(match.group("num"), lang, percent=bool(match.group("pct")))
    except InvalidOperation:
        return None
    if value is None:
        return None
    if match.group("scale"):
        value *= _scale_of(match.group("scale"))
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros after the point without going to an exponent form (10.0 -> 10, 1E+3 -> 1000)."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation:  # more digits than the decimal context holds; only absurd inputs get here
        return value


# --------------------------------------------------------------------------------------------------------
# Units

# Surface form -> canonical unit. The canonical names are English for percentages, money, measures and the
# counted nouns every plan uses (houses, households, persons, visitors, projects, communes, hectares); any
# other Vietnamese counted noun is kept as written ("doanh nghiệp", "thôn"), so the unit reads as the text
# does rather than as a guess at a translation. Longer forms are tried first.
_UNIT_FORMS: dict[str, str] = {
    # percentages
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "phần trăm": "%",
    "percentage points": "percentage points",
    "percentage point": "percentage points",
    "percent points": "percentage points",
    "điểm phần trăm": "percentage points",
    "điểm %": "percentage points",
    # money
    "vnd": "VND",
    "vnđ": "VND",
    "đồng": "VND",
    "dong": "VND",
    "đ": "VND",
    "usd": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "đô la mỹ": "USD",
    "đô la": "USD",
    # dwellings and people
    "căn nhà": "houses",
    "ngôi nhà": "houses",
    "căn hộ": "căn hộ",
    "căn": "houses",
    "houses": "houses",
    "house": "houses",
    "hộ gia đình": "households",
    "hộ nghèo": "households",
    "hộ cận nghèo": "households",
    "hộ": "households",
    "households": "households",
    "household": "households",
    "người": "persons",
    "persons": "persons",
    "person": "persons",
    "people": "persons",
    "lao động": "lao động",
    "lượt lao động": "lượt lao động",
    "người lao động": "người lao động",
    "lượt người": "persons",
    "lượt hộ": "households",
    "workers": "workers",
    "việc làm": "việc làm",
    "jobs": "jobs",
    "lượt khách du lịch": "visitors",
    "lượt khách": "visitors",
    "lượt du khách": "visitors",
    "du khách": "visitors",
    "khách du lịch": "visitors",
    "visitors": "visitors",
    "tourists": "visitors",
    "tourist arrivals": "visitors",
    "học sinh": "học sinh",
    "students": "students",
    "sinh viên": "sinh viên",
    # things and places
    "dự án": "projects",
    "projects": "projects",
    "project": "projects",
    "doanh nghiệp": "doanh nghiệp",
    "enterprises": "enterprises",
    "businesses": "enterprises",
    "hợp tác xã": "hợp tác xã",
    "cooperatives": "cooperatives",
    "xã": "communes",
    "communes": "communes",
    "phường": "phường",
    "wards": "wards",
    "thị trấn": "thị trấn",
    "thôn": "thôn",
    "villages": "villages",
    "huyện": "huyện",
    "districts": "districts",
    "trường hợp": "trường hợp",
    "đơn vị": "đơn vị",
    "đồng chí": "đồng chí",
    "đồng bào": "đồng bào",
    "trường học": "trường học",
    "trường": "trường",
    "schools": "schools",
    "công trình": "công trình",
    "criteria": "criteria",
    "targets": "targets",
    "sản phẩm ocop": "sản phẩm OCOP",
    "ocop products": "OCOP products",
    "sản phẩm": "sản phẩm",
    "products": "products",
    "đơn thư": "đơn thư",
    "đơn": "đơn",
    "petitions": "petitions",
    "vụ": "vụ",
    "cases": "cases",
    "lần": "lần",
    "times": "times",
    # measures
    "ha": "hectares",
    "hécta": "hectares",
    "héc-ta": "hectares",
    "hecta": "hectares",
    "hectares": "hectares",
    "hectare": "hectares",
    "km2": "km2",
    "km²": "km2",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "cây số": "km",
    "m2": "m2",
    "m²": "m2",
    "m3": "m3",
    "m³": "m3",
    "tấn": "tons",
    "tons": "tons",
    "tonnes": "tons",
    "mw": "MW",
    "kwh": "kWh",
    "năm": "years",
    "years": "years",
    "tháng": "months",
    "months": "months",
    "ngày": "days",
    "days": "days",
}

# Per-population rates: "beds per 10,000 people", "giường bệnh/vạn dân", "bác sĩ trên 10.000 dân".
_PER_POPULATION_BODY = (
    r"(?P<what>giường bệnh|giường|bác sĩ|dược sĩ|nhân viên y tế|beds|hospital beds|doctors|pharmacists)"
    r"\s*(?:/|trên|per)\s*(?:(?:1\s*)?vạn|10[.,]000|10\s000)\s*"
    r"(?:dân|người|people|population|inhabitants|persons)"
)
_PER_POPULATION = re.compile(r"\s*" + _PER_POPULATION_BODY, re.IGNORECASE)  # right after a number
_PER_POPULATION_NAMED = re.compile(r"(?<!\w)" + _PER_POPULATION_BODY, re.IGNORECASE)  # anywhere before one
_PER_POPULATION_NAMES = {
    "giường bệnh": "beds",
    "giường": "beds",
    "hospital beds": "beds",
    "beds": "beds",
    "bác sĩ": "doctors",
    "doctors": "doctors",
    "dược sĩ": "pharmacists",
    "pharmacists": "pharmacists",
    "nhân viên y tế": "health workers",
}

_CANONICAL_UNITS = frozenset(_UNIT_FORMS.values())
# Units a year-like number can count ("2000 households"); after any other word it is a year.
_COUNTABLE = _CANONICAL_UNITS - {"years", "months", "days", "times"}

# Shares of a budget estimate or a plan: "equal to 112% of the estimate", "bằng 105% dự toán", "reach 120% of
# the plan". A share of the estimate is always "% of estimate"; a share of a plan up to 100% ("91.5% of the
# plan", "45% kế hoạch vốn") is a completion rate, written "%", and only above 100% "% of plan".
_PERCENT_OF = re.compile(
    r"\s*(?:of\s+(?:the\s+)?(?:central\s+|local\s+|state\s+)?"
    r"(?:annual\s+|yearly\s+|year's\s+|budget\s+|set\s+|assigned\s+|capital\s+)?"
    r"(?:(?P<estimate>estimates?)|plans?)|(?:so\s+với\s+)?(?:(?P<du_toan>dự\s+toán)|kế\s+hoạch))(?!\w)",
    re.IGNORECASE,
)
# A share above 100% with no "of ..." after it, in a sentence that names the plan or the estimate before it:
# "Budget revenue will exceed the set plan (about 10%, of which domestic revenue will reach 120%)".
_PLAN_NAMED = re.compile(
    r"(?<!\w)(?:(?P<estimate>estimates?|dự\s+toán)|plans?|kế\s+hoạch)(?!\w)", re.IGNORECASE
)
_LEVEL_BEFORE = re.compile(r"(?<!\w)(?:reach\w*|achiev\w*|equal\s+to|đạt|bằng|at)\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)")


def _unit_pattern(forms: list[str]) -> str:
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(word) for word in form.split())
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


_UNIT_AFTER = re.compile(r"\s*(?P<unit>" + _unit_pattern(list(_UNIT_FORMS)) + r")(?!\w)", re.IGNORECASE)
_PLACE_NAME_START = re.compile(r"Dong\s+[A-Z]")
_MONEY_BEFORE = re.compile(r"(?P<cur>US\$|\$|USD|VND|VNĐ)\s*$", re.IGNORECASE)

# English counted nouns: up to three modifiers then a plural head noun ("2 scientific seminars").
_EN_WORD = re.compile(r"\s+(?P<word>[A-Za-z][A-Za-z\-']*)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN_STOP = _words(
    """the a an of and or in on at to for from by with as than per this that these those which who whom
    is are was were be been being has have had will would can could must should may might shall do does
    did not no it its their his her our your over under above below about up down out into compared
    percent per cent if when while so also only but yet nor each every all some any both such"""
)
_EN_IRREGULAR_PLURALS = _words("people criteria children staff personnel cattle police media phenomena data")
# Vietnamese counted nouns not in the table: up to two syllables ("2 hội thảo khoa học" -> "hội thảo").
_VI_WORD = re.compile(r"[ \t\u00a0]+(?P<word>[^\W\d_]+)")
_VI_CLASSIFIER = re.compile(r"[ \t\u00a0]+(?:lượt|con|chiếc|cái)(?!\w)", re.IGNORECASE)
_VI_STOP = _words(
    """của và đã được là có cho tại trong với so để các những này đó theo từ đến thì mà nhưng hoặc khi đang
    sẽ chưa không vào ra bị về trên dưới hơn năm tháng ngày quý lên xuống còn đạt tăng giảm như cũng
    nữa rồi thêm trở gồm bao trước sau mỗi"""
)

# Qualifiers written before a number, longest first.
_QUALIFIERS = [
    "approximately",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "more than",
    "less than",
    "fewer than",
    "no less than",
    "no more than",
    "not less than",
    "not more than",
    "not exceeding",
    "at least",
    "at most",
    "up to",
    "over",
    "under",
    "above",
    "below",
    "exceeding",
    "estimated at",
    "khoảng",
    "gần",
    "xấp xỉ",
    "chừng",
    "hơn",
    "trên",
    "dưới",
    "ít nhất",
    "tối thiểu",
    "tối đa",
    "không quá",
    "không dưới",
    "không thấp hơn",
    "không vượt quá",
    "vượt",
    "ước đạt",
    "ước",
]
_QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(?P<q>" + _unit_pattern(_QUALIFIERS) + r")\s*$",
    re.IGNORECASE,
)
_APPROXIMATE_WORDS = frozenset(
    ["approximately", "about", "around", "roughly", "nearly", "almost", "khoảng", "gần", "xấp xỉ", "chừng"]
)


# --------------------------------------------------------------------------------------------------------
# Numbers that are not quantities

# Capitalised or upper case only, so that "may 5 communes" keeps its number.
_MONTH_WORDS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_MONTHS_EN = "(?:" + "|".join([*_MONTH_WORDS, *(word.upper() for word in _MONTH_WORDS)]) + r")\.?(?!\w)"
# Words that name a document or a part of one before its number ("Resolution 18", "Điều 3"). English ones
# only capitalised ("form 3 new cooperatives" keeps its number); Vietnamese ones in any case.
_DOC_WORDS_EN = (
    r"(?:Resolution|Decision|Directive|Conclusion|Decree|Circular|Regulation|Instruction|Notice|Official\s+Letter"
    r"|Dispatch|Law|Article|Clause|Chapter|Section|Point|Program(?:me)?|Project|Scheme|Plan|Report"
    r"|Appendix|Annex|Form|Phase|Zone|Part|Item)"
)
_DOC_WORDS_VI = (
    r"(?:Nghị\s+quyết|Quyết\s+định|Chỉ\s+thị|Kết\s+luận|Nghị\s+định|Thông\s+tư|Quy\s+định|Hướng\s+dẫn"
    r"|Thông\s+báo|Công\s+văn|Kế\s+hoạch|Chương\s+trình|Đề\s+án|Luật|Điều|Khoản|Chương|Mục"
    r"|Phụ\s+lục|Biểu\s+mẫu|Biểu|Mẫu|Tờ\s+trình|Báo\s+cáo)"
)
_NOT_QUANTITY = re.compile(
    "|".join(
        [
            # Dates: 30/6/2025, 30.6.2025, 30-6-2025 (the same separator twice).
            r"(?<!\d)\d{1,2}\s*([/.\-])\s*\d{1,2}\s*\1\s*\d{2,4}(?!\d)",
            # Month and year: 06/2024, 6-2025.
            r"(?<![\d.,])\d{1,2}\s*[/\-]\s*(?:19|20)\d{2}(?!\d)",
            # Term spans: 2020-2025, 2025 – 2030.
            r"(?<!\d)(?:19|20)\d{2}\s*[" + _DASHES + r"/]\s*(?:19|20)\d{2}(?!\d)",
            # English dates: June 30, 2025 / 30 June 2025 / 30th of June.
            _MONTHS_EN + r"\s+\d{1,2}(?:\s*[" + _DASHES + r"]\s*\d{1,2})?(?:st|nd|rd|th)?"
            r"(?:\s*,?\s*\d{4})?(?!\d)",
            r"(?<!\d)\d{1,2}\s*[" + _DASHES + r"]\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS_EN,
            r"(?<![\d.,])\d{1,2}\s*[" + _DASHES + r"]\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}(?!\d)",
            r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS_EN + r"(?:\s*,?\s*\d{4})?(?!\d)",
            # Vietnamese dates: ngày 30 tháng 6 năm 2025, tháng 6/2025, quý 2/2025.
            r"(?<!\w)(?i:ngày)\s+\d{1,2}(?:\s*tháng\s*\d{1,2}|\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?)?"
            r"(?:\s*năm\s*\d{4})?",
            r"(?<!\w)(?i:tháng|quý)\s+\d{1,2}(?:\s*[/\-]\s*\d{4}|\s+năm\s+\d{4})?(?!\d)",
            # Document numbers: 15/2024/NQ-HĐND, 18-NQ/TW, No. 08, Resolution 18, Nghị quyết số 15.
            # (Possessive, and starting only at the head of a run, so "1/1/1/..." stays linear.)
            r"(?<![\w.,/])\d++(?:[/.]\d++)*+\s*[/\-]\s*[A-ZĐ][\w/\-]*",
            r"(?<!\w)No\.?\s*\d[\d./\-]*",
            r"(?<!\w)(?:" + _DOC_WORDS_EN + r"|(?i:" + _DOC_WORDS_VI + r"))\s+(?:No\.?\s*|số\s*)?\d[\d./\-]*"
            r"(?!\s*(?:%|percent))",
            # Bases of per-population rates: per 10,000 people, trên 10.000 dân.
            r"(?i:per|trên|/)\s*10[.,]?000(?=\s*(?i:people|population|inhabitants|persons|residents|dân|người))",
            r"(?i:per|trên|/)\s*1\s*vạn(?=\s*(?i:dân|người))",
            # Bodies named after a number: Steering Committee 35, Ban Chỉ đạo 35, Tổ công tác 47.
            r"(?<!\w)(?:[A-ZĐ][\w]*\s+){1,3}(?:Committee|Team|Group|Board)\s+\d+(?![\d.,]*\s*(?:%|percent))",
            r"(?<!\w)(?i:ban\s+chỉ\s+đạo|tổ\s+công\s+tác)\s+\d+",
            # Road and route numbers: đường ven biển 129, Quốc lộ 1A, ĐT 609, National Highway 14E.
            r"(?<!\w)(?i:quốc\s+lộ|tỉnh\s+lộ|huyện\s+lộ|đường|tuyến|national\s+highway|highway|route"
            r"|provincial\s+road|road)(?:\s+(?i:ven\s+biển|cao\s+tốc|tỉnh|số|no\.?))?\s+\d+[A-Z]?(?![\d.,]*\s*"
            r"(?i:%|km|m(?!\w)|ha(?!\w)|tỷ|triệu|nghìn|billion|million|percent|phần\s+trăm))",
            r"(?<!\w)(?:QL|ĐT|ĐH|DT|TL)\s*\.?\s*\d+[A-Z]?",
            # Ordinals: 22nd, lần thứ 18, thứ 5, khóa 15.
            r"(?<![\w.,])\d+(?:st|nd|rd|th)(?:\s*/\s*\d+)?(?!\w)",
            r"(?<!\w)(?i:thứ|khóa|khoá)\s+\d+(?:\s*/\s*\d+)?",
            # Codes stuck to letters: COVID-19, F0, H1.
            r"(?<=[^\W\d_])(?<!VND)(?<!VNĐ)(?<!USD)-?\d+",
            # Clock times: 8:30, 14h30.
            r"(?<![\d.,])\d{1,2}[:h]\d{2}(?!\d)",
            r"(?<![\d.,])\d{1,2}(?:[:.]\d{2})?\s*(?i:a\.m\.|p\.m\.|am|pm)(?!\w)",
            r"(?<![\d.,])\d{1,2}\s*giờ(?:\s*\d{1,2}(?:\s*phút)?)?",
            # Enumerations: (1), 2), and numbered headings at a line start: "1.", "2.3.".
            r"\(\d{1,2}\)",
            r"^[ \t]*\d{1,2}(?:\.\d{1,2})*[.)](?=\s)",
        ]
    ),
    re.MULTILINE,
)


# A "year" is a four-digit number from 1900 to 2100 with no unit, percent or scale after it.
def _looks_like_year(raw: _Raw) -> bool:
    return raw.plain and len(raw.value.as_tuple().digits) == 4 and 1900 <= raw.value <= 2100


# --------------------------------------------------------------------------------------------------------
# find_quantities


@dataclass
class _Raw:
    start: int
    end: int  # end of the digits (or of the fraction's denominator)
    value: Decimal
    of: Decimal | None
    plain: bool  # digits only, no separator (a year candidate)
    scale: int = 1
    scale_end: int | None = None
    unit: str | None = None
    unit_end: int | None = None
    inherited: bool = False


def _masked_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NOT_QUANTITY.finditer(text)]


class _MaskCursor:
    """Answers "is this offset masked?" for increasing offsets in linear total time."""

    def __init__(self, spans: list[tuple[int, int]]):
        self._spans = spans
        self._index = 0
        self._reach = -1  # furthest end among spans starting at or before the last offset asked

    def covers(self, position: int) -> bool:
        while self._index < len(self._spans) and self._spans[self._index][0] <= position:
            self._reach = max(self._reach, self._spans[self._index][1])
            self._index += 1
        return position < self._reach


def _read_unit(text: str, position: int, lang: str) -> tuple[str | None, int]:
    """The unit written at ``position`` (after a number) and where it ends."""
    match = _PER_POPULATION.match(text, position)
    if match:
        what = _PER_POPULATION_NAMES.get(_nfc(match.group("what")).casefold(), match.group("what"))
        return f"{what} per 10,000 people", match.end()
    match = _UNIT_AFTER.match(text, position)
    if match and _PLACE_NAME_START.match(text, match.start("unit")):
        match = None  # "5 Dong Giang communes": a place, not the currency
    if match:
        unit = _UNIT_FORMS[" ".join(_nfc(match.group("unit")).casefold().split())]
        end = match.end()
        if unit == "%":
            of = _PERCENT_OF.match(text, end)
            if of:
                return (
                    "% of estimate" if of.group("estimate") or of.group("du_toan") else "% of plan"
                ), of.end()
        return unit, end
    return _counted_noun(text, position, lang)


def _counted_noun(text: str, position: int, lang: str) -> tuple[str | None, int]:
    """A noun counted by the number before ``position`` that the unit table does not know."""
    if lang == "vi":
        words: list[str] = []
        end = position
        # A classifier before the noun ("1.200 lượt đoàn viên") leaves room for one syllable more.
        classifier = _VI_CLASSIFIER.match(text, position)
        for _ in range(3 if classifier else 2):
            match = _VI_WORD.match(text, end)
            if not match:
                break
            word = match.group("word")
            if word.casefold() in _VI_STOP or word[0].isupper():
                break
            words.append(word)
            end = match.end()
        return (" ".join(words), end) if words else (None, position)
    end = position
    modifiers = 0
    for _ in range(4):
        match = _EN_WORD.match(text, end)
        if not match:
            break
        word = match.group("word")
        low = word.casefold()
        in_table = word.islower() and low in _UNIT_FORMS and low not in _EN_STOP  # not "Dong Giang"
        if low in _EN_IRREGULAR_PLURALS or _looks_plural(low) or in_table:
            return _UNIT_FORMS.get(low, word), match.end()  # "5 new tourists" counts visitors
        if low in ("and", "or") and modifiers:
            end = match.end()
            continue
        if low in _EN_STOP or modifiers >= 3:
            break
        modifiers += 1
        end = match.end()
    return None, position


def _looks_plural(word: str) -> bool:
    if len(word) < 4 or not word.endswith("s"):
        return False
    return not word.endswith(("ss", "us", "is", "ous", "ics"))


def _scale_at(text: str, position: int) -> tuple[int, int]:
    match = _SCALE_RUN.match(text, position)
    if not match:
        return 1, position
    return _scale_of(match.group(0)), match.end()


# "vượt 10% dự toán" and "above the estimate by 10%" state an excess over the estimate, not a share of it
# (while "exceed 120% of the plan" is a share).
_EXCESS_BEFORE = re.compile(r"(?<!\w)(?:vượt|by)\s*$", re.IGNORECASE)
_OF_THE_BETWEEN = re.compile(
    r"\s+(?:of|out\s+of)\s+(?:the\s+)?|\s+(?:trên\s+)?(?:tổng\s+số|trong\s+tổng\s+số)\s+", re.I
)
_OF_THE_BEFORE = re.compile(
    r"(?:(?<!\w)(?:of|out\s+of|among)\s+(?:the\s+|all\s+|its\s+|their\s+)?|(?<!\w)trong\s+(?:tổng\s+)?(?:số\s+)?)$",
    re.IGNORECASE,
)
# Vietnamese unit words (those written with Vietnamese letters), for "số hộ nghèo ... 3.000".
_VI_COUNTED = [form for form in _UNIT_FORMS if not form.isascii() and form not in ("đ", "%")]
_NUMBER_OF = re.compile(
    r"(?<!\w)number\s+of\s+(?:[a-z\-]+\s+){0,2}?(?P<en>[a-z\-]+s)(?!\w)"
    r"|(?<!\w)số\s+(?:lượng\s+)?(?P<vi>" + _unit_pattern(_VI_COUNTED) + r")(?!\w)",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent|per\s+cent|phần\s+trăm)", re.IGNORECASE)
_LONGEST_NUMBER = 24  # "1.000.000.000.000.000" and a little more
_LETTER_AFTER = re.compile(r"[^\W\d_]")
_FRACTION_SLASH = re.compile(r"\s*/\s*")
_RANGE_LINK = re.compile(
    r"\s*(?:[" + _DASHES + r"]|to|đến|tới|and|và)\s*",
    re.IGNORECASE,
)
_PAREN_RESTATEMENT = re.compile(r"\s*\(\s*(?:approximately|about|around|nearly|khoảng|gần|xấp xỉ)?\s*")


def _share_named_before(text: str, position: int) -> str | None:
    """ "% of plan" / "% of estimate" for a share above 100% reached against a plan named earlier."""
    if not _LEVEL_BEFORE.search(text, max(0, position - 16), position):
        return None
    sentence_start = max(0, position - 240)
    for brk in _SENTENCE_BREAK.finditer(text, sentence_start, position):
        sentence_start = brk.end()
    named = None
    for named in _PLAN_NAMED.finditer(text, sentence_start, position):  # noqa: B007 - the last one counts
        pass
    if named is None:
        return None
    return "% of estimate" if named.group("estimate") else "% of plan"


def _raw_numbers(text: str, lang: str) -> list[_Raw]:
    cursor = _MaskCursor(_masked_spans(text))
    raws: list[_Raw] = []
    skip_until = -1
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if start < skip_until or cursor.covers(start):
            continue
        token = match.group(0)
        if len(token) > _LONGEST_NUMBER:
            continue  # a code or a run of digits, not a figure anyone writes
        percent_after = bool(_PERCENT_AFTER.match(text, end))
        value = _digits_value(token, lang, percent=percent_after)
        if value is None:
            continue
        of = None
        slash = _FRACTION_SLASH.match(text, end)
        if slash:
            denominator = _NUMBER.match(text, slash.end())
            if denominator:
                of = _digits_value(denominator.group(0), lang)
                if of is not None:
                    end = denominator.end()
                    skip_until = end
        plain = token.isdigit() and of is None
        raws.append(_Raw(start, end, value, of, plain))
    return raws


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with values normalised and units canonical.

    Years, term spans, dates, document numbers, ordinals, codes and list markers are not quantities.
    In a range ("9,5 - 10%", "2 to 3 billion VND") the first bound takes the unit and scale of the second.
    A number restated in parentheses ("10,945 (approximately 11,000 houses)") takes the restatement's unit.
    Offsets and ``text`` refer to the string passed in, even when it is not in NFC form.
    """
    normal, offsets = nfc_with_offsets(text)
    quantities = _find_quantities(normal, lang)
    if offsets is None:
        return quantities
    return [_moved(q, text, offsets) for q in quantities]


def _moved(quantity: Quantity, original: str, offsets: list[int]) -> Quantity:
    start, end = offsets[quantity.start], offsets[quantity.end]
    return replace(quantity, start=start, end=end, text=original[start:end])


def _find_quantities(text: str, lang: str) -> list[Quantity]:
    raws = _raw_numbers(text, lang)
    clause_starts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text))]
    rates = list(_PER_POPULATION_NAMED.finditer(text))
    rate_ends = [m.end() for m in rates]
    named = list(_NUMBER_OF.finditer(text))
    named_ends = [m.end() for m in named]
    for raw in raws:
        raw.scale, scale_end = _scale_at(text, raw.end)
        raw.scale_end = scale_end if raw.scale != 1 else None
        unit, unit_end = _read_unit(text, scale_end, lang)
        if unit is not None:
            raw.unit, raw.unit_end = unit, unit_end
        if unit in ("% of estimate", "% of plan") and _EXCESS_BEFORE.search(
            text, max(0, raw.start - 24), raw.start
        ):
            raw.unit = "%"  # "vượt 10% dự toán" exceeds the estimate by 10%; it is not a share of it
        elif unit == "% of plan" and raw.value <= 100:
            raw.unit = "%"  # "91.5% of the plan": a completion rate
        elif unit == "%" and raw.value > 100:
            raw.unit = _share_named_before(text, raw.start) or unit
    # Ranges and restatements lend the unit of the second number to the first.
    for first, second in zip(raws, raws[1:], strict=False):
        if first.unit is not None or first.scale != 1:
            continue
        gap = text[first.end : second.start]
        if _RANGE_LINK.fullmatch(gap) and _is_range_gap(text, first, gap):
            first.scale = second.scale
            first.unit = second.unit
            first.inherited = True
        elif _PAREN_RESTATEMENT.fullmatch(gap):
            first.unit = second.unit
            first.inherited = True
    for raw in raws:
        if raw.unit is None or (lang == "vi" and raw.unit not in _CANONICAL_UNITS):
            # "Number of doctors per 10,000 people reaches 12": the rate is named before its figure.
            window = max(clause_starts[bisect_right(clause_starts, raw.start) - 1], raw.start - 120)
            index = bisect_right(rate_ends, raw.start) - 1
            rate = rates[index] if index >= 0 and rates[index].start() >= window else None
            if rate is not None:
                what = _PER_POPULATION_NAMES.get(_nfc(rate.group("what")).casefold(), rate.group("what"))
                raw.unit = f"{what} per 10,000 people"
        if raw.unit is None:
            # "the number of communes meeting the standards reached 14/17": the count is named before it.
            window = max(clause_starts[bisect_right(clause_starts, raw.start) - 1], raw.start - 120)
            index = bisect_right(named_ends, raw.start) - 1
            if index >= 0 and named[index].start() >= window:
                noun = named[index].group("en") or named[index].group("vi")
                raw.unit = _UNIT_FORMS.get(" ".join(_nfc(noun).casefold().split()), noun)
        if raw.unit is None:
            money = _MONEY_BEFORE.search(text, max(0, raw.start - 6), raw.start)
            if money:
                raw.unit = "USD" if "$" in money.group("cur") or "US" in money.group("cur").upper() else "VND"
                raw.start = money.start()
    # A range's second bound takes a currency written before the first ("USD 2 - 3 million").
    for first, second in zip(raws, raws[1:], strict=False):
        gap = text[first.end : second.start]
        if (
            second.unit is None
            and first.unit is not None
            and _RANGE_LINK.fullmatch(gap)
            and _is_range_gap(text, first, gap)
        ):
            second.unit = first.unit
    quantities = []
    covered_until = -1
    for raw in raws:
        if raw.start < covered_until:
            continue  # a number inside the previous unit ("beds per 10,000 people")
        covered_until = raw.unit_end or -1
        if raw.unit is None and raw.scale == 1 and _LETTER_AFTER.match(text, raw.end):
            continue  # a code such as "5G"
        if _looks_like_year(raw) and raw.scale == 1 and (raw.unit is None or raw.unit not in _COUNTABLE):
            # "The theme of 2025 identifies ...": a year, whatever word follows it.
            continue
        end = raw.unit_end or raw.scale_end or raw.end
        if raw.inherited:
            end = raw.end
        value = _tidy(raw.value * raw.scale)
        qualifier = _QUALIFIER_BEFORE.search(text, max(0, raw.start - 30), _before_paren(text, raw.start))
        quantities.append(
            Quantity(
                value=value,
                unit=raw.unit,
                text=text[raw.start : end],
                start=raw.start,
                end=end,
                of=_tidy(raw.of * raw.scale) if raw.of is not None else None,
                qualifier=qualifier.group("q") if qualifier else None,
            )
        )
    return _merge_part_of_whole(text, quantities)


def _merge_part_of_whole(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "Of the 21 targets set, 18 were achieved" -> one quantity, 18 of 21 targets (like "18/21")."""
    merged: list[Quantity] = []
    for quantity in quantities:
        part = merged[-1] if merged else None
        if (
            part is not None
            and part.unit is not None
            and part.of is None
            and quantity.unit in (None, part.unit)
            and quantity.of is None
            and part.value <= quantity.value
            and _OF_THE_BETWEEN.fullmatch(text, part.end, quantity.start)
        ):
            # "only 45 new enterprises of the 60 planned" -> 45 of 60 enterprises.
            merged[-1] = replace(part, of=quantity.value)
            continue
        whole = merged[-1] if merged else None
        if (
            whole is not None
            and whole.unit is not None
            and whole.of is None
            and quantity.of is None
            and quantity.unit in (None, whole.unit)
            and quantity.value <= whole.value
            and _OF_THE_BEFORE.search(text, max(0, whole.start - 24), whole.start)
        ):
            gap = text[whole.end : quantity.start]
            if "," in gap and len(gap) <= 120 and not _CLAUSE_BREAK.search(gap) and not _NUMBER.search(gap):
                merged[-1] = replace(quantity, unit=whole.unit, of=whole.value)
                continue
        merged.append(quantity)
    return merged


def _before_paren(text: str, position: int) -> int:
    """Where a qualifier before ``position`` would end, looking past an opening parenthesis."""
    index = position - 1
    while index >= 0 and position - index < 8 and text[index].isspace():
        index -= 1
    return index if index >= 0 and text[index] == "(" else position


def _is_range_gap(text: str, first: _Raw, gap: str) -> bool:
    link = gap.strip().casefold()
    if not link or link[0] in _DASHES:
        return True
    if link in ("and", "và"):
        return bool(re.search(r"(?:between|giữa)\s*$", text[max(0, first.start - 12) : first.start], re.I))
    return True


# --------------------------------------------------------------------------------------------------------
# find_comparison

# Bound words right before the number (with an optional "to"/"xuống"/"lên" before them). Longest first.
_BOUNDS: list[tuple[str, str]] = [
    # English
    ("greater than or equal to", ">="),
    ("higher than or equal to", ">="),
    ("equal to or greater than", ">="),
    ("equal to or higher than", ">="),
    ("equal to or more than", ">="),
    ("less than or equal to", "<="),
    ("lower than or equal to", "<="),
    ("equal to or less than", "<="),
    ("equal to or lower than", "<="),
    ("no fewer than", ">="),
    ("no less than", ">="),
    ("not less than", ">="),
    ("not lower than", ">="),
    ("not below", ">="),
    ("at least", ">="),
    ("a minimum of", ">="),
    ("minimum of", ">="),
    ("minimum", ">="),
    ("no more than", "<="),
    ("not more than", "<="),
    ("not exceeding", "<="),
    ("not to exceed", "<="),
    ("not higher than", "<="),
    ("not over", "<="),
    ("at most", "<="),
    ("a maximum of", "<="),
    ("maximum of", "<="),
    ("maximum", "<="),
    ("up to", "<="),
    ("less than", "<"),
    ("fewer than", "<"),
    ("lower than", "<"),
    ("below", "<"),
    ("under", "<"),
    ("more than", ">"),
    ("greater than", ">"),
    ("higher than", ">"),
    ("over", ">"),
    ("above", ">"),
    ("exceeding", ">"),
    ("exceeds", ">"),
    ("exceed", ">"),
    # Vietnamese
    ("bằng hoặc cao hơn", ">="),
    ("bằng hoặc lớn hơn", ">="),
    ("bằng hoặc vượt", ">="),
    ("bằng hoặc thấp hơn", "<="),
    ("bằng hoặc nhỏ hơn", "<="),
    ("lớn hơn hoặc bằng", ">="),
    ("cao hơn hoặc bằng", ">="),
    ("nhỏ hơn hoặc bằng", "<="),
    ("thấp hơn hoặc bằng", "<="),
    ("không thấp hơn", ">="),
    ("không ít hơn", ">="),
    ("không dưới", ">="),
    ("ít nhất", ">="),
    ("tối thiểu", ">="),
    ("không vượt quá", "<="),
    ("không quá", "<="),
    ("không cao hơn", "<="),
    ("không vượt", "<="),
    ("tối đa", "<="),
    ("thấp hơn", "<"),
    ("ít hơn", "<"),
    ("dưới", "<"),
    ("cao hơn", ">"),
    ("nhiều hơn", ">"),
    ("vượt", ">"),
    ("hơn", ">"),
    ("trên", ">"),
]
_BOUND_BEFORE = re.compile(
    r"(?<!\w)(?P<bound>" + _unit_pattern([form for form, _ in _BOUNDS]) + r")"
    r"(?:\s+(?:mức|the\s+level\s+of|a\s+level\s+of))?\s*(?::\s*)?(?:\(\s*)?$",
    re.IGNORECASE,
)
_BOUND_OF = {form: comparator for form, comparator in _BOUNDS}
_TO_BOUND = re.compile(
    r"(?:.{0,50}?\s)?(?:xuống|lên|to|down\s+to|up\s+to)(?:\s+còn)?\s+(?P<bound>"
    + _unit_pattern([form for form, _ in _BOUNDS])
    + r")",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^()]{0,40}\)")
_AT_LEAST_AFTER = re.compile(r"\s*(?:or\s+more|or\s+above|or\s+higher|and\s+above|trở\s+lên)(?!\w)", re.I)
_FEWER_AFTER = re.compile(r"\s*(?:fewer|less)(?!\w)", re.I)
_FEWER_INSIDE = re.compile(r"(?<!\w)(?:fewer|less)(?!\w)", re.I)
# "an increase of 10%", "a decrease of 1.05 percentage points", "up 8.2%", "down 3%".
_CHANGE_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:(?:an?\s+)?(?:(?P<down>decrease|reduction|decline|drop|fall|cut)|increase|rise)\s+of"
    r"|(?P<up>up)|(?P<down2>down))\s*$",
    re.I,
)
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(?:(?P<down>decrease|reduction|decline|drop|cut)|increase|rise)(?!\w)", re.I
)
_MORE_INSIDE = re.compile(r"(?<!\w)more(?!\w)(?!\s+than)", re.I)
_ADDED_VI = re.compile(r"(?<!\w)thêm\s*$", re.I)
_DOWN_BY = re.compile(r"(?<!\w)down\s+by\s*$", re.I)
_VI_CHANGE_RIGHT_BEFORE = re.compile(
    r"(?<!\w)(?:kéo\s+)?(?:giảm(?!\s+nghèo)|tăng(?!\s+(?:trưởng|cường)))(?:\s+(?:thêm|được|bình\s+quân))?\s*$",
    re.I,
)
_MORE_AFTER = re.compile(r"\s*more(?!\w)(?!\s+than)", re.I)
_APPROX_BEFORE = re.compile(
    r"(?<!\w)(?P<approx>approximately|about|around|roughly|nearly|almost|some|khoảng|gần|xấp xỉ|chừng)"
    r"\s*(?:\(\s*)?$",
    re.IGNORECASE,
)

_CLAUSE_BREAK = re.compile(r"[;.!?]\s|[;!?]$|\n")
_DECREASE_EN = re.compile(
    r"(?<!\w)(?:reduc|cut|decreas|lower|bring\s+down|brought\s+down|drop|declin|fall|fell)\w*", re.I
)
_INCREASE_EN = re.compile(r"(?<!\w)(?:increas|rais|grow|grew|boost|ris|rose|up(?=\s+by))\w*", re.I)
_BY_BEFORE = re.compile(
    r"(?<!\w)by\s+(?:(?:an?\s+)?average\s+(?:of\s+)?)?(?:about\s+|approximately\s+|around\s+)?$", re.I
)
# A change verb right before its amount: "reduce 3,000 poor households", "increase 10%".
_DIRECT_CHANGE_EN = re.compile(
    r"(?<!\w)(?:(?P<down>reduc\w*|cut(?:ting)?|decreas\w*|lower(?:ing)?)|increas\w*|rais\w*)"
    r"\s+(?:(?:an?\s+)?(?:average|total)\s+(?:of\s+)?)?(?:about\s+|approximately\s+|around\s+)?$",
    re.I,
)
_TO_BEFORE = re.compile(r"(?<!\w)(?:to|down\s+to|up\s+to)\s*$", re.I)
_DECREASE_VI = re.compile(r"(?<!\w)(?:kéo\s+)?giảm(?!\s+nghèo)(?:\s+thiểu)?(?!\w)", re.I)
_INCREASE_VI = re.compile(r"(?<!\w)tăng(?!\s+(?:trưởng|cường))(?!\w)", re.I)
_LEVEL_VI = re.compile(r"(?<!\w)(?:xuống|lên|còn|đạt|ở\s+mức|bằng)(?:\s+(?:còn|mức|đạt))?\s*$", re.I)
_CHANGE_TO_LEVEL = re.compile(
    r".{0,50}?(?<!\w)(?:giảm|tăng|reduc\w*|decreas\w*|increas\w*|ris\w*|rose|fall\w*|fell|down|up)"
    r"(?:\s+\w+){0,3}?\s+(?:xuống(?:\s+còn)?|lên(?:\s+mức)?|còn|to)",
    re.IGNORECASE,
)
_NEW_LEVEL_LINKS = frozenset(["lên", "xuống", "xuống còn", "lên mức", "xuống mức", "còn"])
_FROM_BEFORE = re.compile(r"(?<!\w)(?:from|từ|between|giữa)\s*(?:\(\s*)?$", re.I)
_OBJECT_COUNT_BEFORE = re.compile(r"(?<!\w)(?:the|these|those|its|their|các|những)\s*$", re.I)
# Counted things that name dimensions rather than amounts ("the 3 criteria of traffic accidents").
_DIMENSION_UNITS = frozenset(["criteria", "tiêu chí", "targets", "chỉ tiêu", "times", "lần"])
_NON_AMOUNT_UNITS = frozenset(["years", "months", "days"])
_AMOUNT_UNITS = frozenset(["%", "% of estimate", "percentage points", "VND", "USD"])

# Relative targets with no number: "lower than the national rate", "thấp hơn tỷ lệ chung cả nước".
_RELATIVE = re.compile(
    r"(?<!\w)(?P<cmp>lower\s+than|less\s+than|fewer\s+than|below|higher\s+than|greater\s+than|more\s+than"
    r"|above|not\s+lower\s+than|not\s+higher\s+than|equal\s+to|thấp\s+hơn|ít\s+hơn|cao\s+hơn|nhiều\s+hơn"
    r"|không\s+thấp\s+hơn|không\s+cao\s+hơn|dưới\s+mức|trên\s+mức|bằng\s+mức|vượt\s+mức|ngang\s+bằng)"
    # The compared thing must name a level: "the national rate", "that of 2024", "tỷ lệ chung cả nước",
    # "mức bình quân", "cùng kỳ"; "more than ever" compares nothing.
    r"\s+(?P<ref>(?:the|that|those|its|their|last|previous|average|national|provincial|regional|in"
    r"|tỷ\s+lệ|tỉ\s+lệ|mức|bình\s+quân|trung\s+bình|năm|cùng\s+kỳ|so\s+với|của|chỉ\s+tiêu|kế\s+hoạch"
    r"|cả\s+nước|toàn\s+quốc|toàn\s+tỉnh)(?!\w)[^,;.()\n]*)",
    re.IGNORECASE,
)
_RELATIVE_COMPARATOR = {
    "lower than": "<",
    "less than": "<",
    "fewer than": "<",
    "below": "<",
    "higher than": ">",
    "greater than": ">",
    "more than": ">",
    "above": ">",
    "not lower than": ">=",
    "not higher than": "<=",
    "equal to": "=",
    "thấp hơn": "<",
    "ít hơn": "<",
    "cao hơn": ">",
    "nhiều hơn": ">",
    "không thấp hơn": ">=",
    "không cao hơn": "<=",
    "dưới mức": "<",
    "trên mức": ">",
    "bằng mức": "=",
    "vượt mức": ">",
    "ngang bằng": "=",
}
_REFERENCE_TAIL = re.compile(
    r"\s+(?:by\s+(?:the\s+end\s+of\s+)?(?:\d{4}|the\s+end)|in\s+\d{4}|đến\s+(?:cuối\s+|hết\s+)?năm|vào\s+năm"
    r"|trong\s+năm|năm\s+\d{4}|và|and)(?!\w).*$",
    re.IGNORECASE | re.DOTALL,
)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_RATE_WORDS = re.compile(r"(?<!\w)(?:rate|ratio|percentage|share|proportion|tỷ\s+lệ|tỉ\s+lệ)(?!\w)", re.I)
_REDUCE_ONLY = re.compile(
    r"(?<!\w)(?:reduc\w*|decreas\w*|cut(?:ting)?|lower(?:ing|s)?(?=\s+(?:the|its|their))|curb\w*|kéo\s+giảm"
    r"|giảm(?!\s+nghèo)|hạ\s+thấp)(?!\w)",
    re.I,
)


_CLAUSE_REACH = 400  # a clause that began further back than this is read from here (keeps long inputs linear)


def _clause_start(text: str, position: int) -> int:
    start = max(0, position - _CLAUSE_REACH)
    for match in _CLAUSE_BREAK.finditer(text, start, position):
        start = match.end()
    return start


def _bound_before(text: str, position: int) -> tuple[str | None, int]:
    """The bound word right before ``position`` and where it starts, skipping an approximate word."""
    head = text[max(0, position - 40) : position]
    offset = max(0, position - 40)
    approx = _APPROX_BEFORE.search(head)
    if approx:
        head = head[: approx.start()]
    match = _BOUND_BEFORE.search(head)
    if not match:
        return None, position
    bound = " ".join(_nfc(match.group("bound")).casefold().split())
    return _BOUND_OF[bound], offset + match.start()


def find_comparison(text: str, lang: str) -> Comparison | None:
    """The commitment stated in a target fragment, or None when it states none.

    A range ("from 9.5 - 10%", "từ 9,5 đến 10%", "between 3 and 5") gives comparator "range" with min and
    max. Otherwise the first quantity that is an amount decides, with the bound word before it ("below 4%"
    -> "<"), a change of level ("reduce ... by 1 percentage point" -> "decrease_by", "tăng 10%" ->
    "increase_by") or "=" ("reach", "achieve", "strive to", "đạt", a bare figure). With no number, a
    comparison with a named thing ("lower than the national rate") gives its comparator with ``reference``,
    and a bare reduction ("reducing the rate of crime") gives "<" with no value.
    Offsets refer to the string passed in, even when it is not in NFC form.
    """
    normal, offsets = nfc_with_offsets(text)
    comparison = _find_comparison(normal, lang)
    if comparison is None or offsets is None:
        return comparison
    return replace(comparison, start=offsets[comparison.start], end=offsets[comparison.end])


def _find_comparison(text: str, lang: str) -> Comparison | None:
    quantities = [q for q in _find_quantities(text, lang) if q.unit not in _NON_AMOUNT_UNITS]
    ranged = _find_range(text, quantities)
    if ranged is not None:
        return ranged
    for quantity in quantities:
        if (
            quantity.unit not in _AMOUNT_UNITS
            and _OBJECT_COUNT_BEFORE.search(text, max(0, quantity.start - 8), quantity.start)
            and _REDUCE_ONLY.search(text, _clause_start(text, quantity.start), quantity.start)
        ):
            continue  # "reducing the 3 criteria": the number counts the object, it is not the target
        if quantity.unit in _DIMENSION_UNITS and _REDUCE_ONLY.search(
            text, _clause_start(text, quantity.start), quantity.start
        ):
            continue
        return _compare_quantity(text, lang, quantity)
    return _compare_without_number(text)


def _find_range(text: str, quantities: list[Quantity]) -> Comparison | None:
    for low, high in zip(quantities, quantities[1:], strict=False):
        link = " ".join(text[low.end : high.start].split()).casefold()
        dash = bool(link) and all(ch in _DASHES for ch in link)
        before = text[max(0, low.start - 16) : low.start]
        opened = _FROM_BEFORE.search(before)
        if opened and (link in _NEW_LEVEL_LINKS or _CHANGE_TO_LEVEL.fullmatch(link)):
            # "tăng từ 30% lên 40%", "from 5,000 poor households in 2024 down to 3,000" name a new level.
            return _make(text, "=", high, start=low.start)
        bounded = _TO_BOUND.fullmatch(_PARENTHESES.sub(" ", link).strip()) if opened else None
        if bounded:
            # "giảm từ 700% (1986) xuống dưới 10%": the new level has a bound.
            bound = " ".join(_nfc(bounded.group("bound")).casefold().split())
            return _make(text, _BOUND_OF[bound], high, start=low.start)
        to_link = link in ("to", "đến", "tới")
        and_link = link in ("and", "và") and opened
        if not (dash or to_link or and_link):
            continue
        if to_link and opened and _has_change_verb_before(text, low.start):
            # "increase from 30% to 40%" names a new level, not a range.
            return _make(text, "=", high, start=low.start)
        if to_link and not opened and low.unit != high.unit:
            continue  # "contribute 5% to 10 projects"
        if low.unit is not None and high.unit is not None and low.unit != high.unit:
            continue
        approx_word = _APPROX_BEFORE.search(text, max(0, low.start - 20), low.start)
        approx = approx_word is not None
        start = (max(0, low.start - 16) + opened.start()) if opened else low.start
        if approx_word is not None:
            start = min(start, approx_word.start())
        scaled = _is_scaled(high)
        return Comparison(
            comparator="range",
            value=None,
            min=low.value,
            max=high.value,
            unit=high.unit or low.unit,
            value_text=text[start : high.end] if scaled or approx else None,
            reference=None,
            approximate=approx,
            start=start,
            end=high.end,
        )
    return None


def _has_change_verb_before(text: str, position: int) -> bool:
    clause = text[_clause_start(text, position) : position]
    return bool(_INCREASE_EN.search(clause) or _DECREASE_EN.search(clause))


_SCALED = re.compile(r"\d\s*(?:" + _SCALE_WORD.pattern + r")", re.IGNORECASE)


def _is_scaled(quantity: Quantity) -> bool:
    """Whether a scale word was applied ("15 trillion VND"): only then does value_text keep the wording."""
    return bool(_SCALED.search(quantity.text))


def _make(text: str, comparator: str, quantity: Quantity, *, start: int | None = None) -> Comparison:
    approx = _APPROX_BEFORE.search(text, max(0, quantity.start - 20), _before_paren(text, quantity.start))
    value_text = None
    begin = quantity.start if start is None else start
    if approx:
        begin = min(begin, approx.start())
    if _is_scaled(quantity):
        value_text = (approx.group("approx") + " " if approx else "") + quantity.text
    return Comparison(
        comparator=comparator,
        value=quantity.value,
        min=None,
        max=None,
        unit=quantity.unit,
        value_text=value_text,
        reference=None,
        approximate=bool(approx),
        start=begin,
        end=quantity.end,
    )


def _compare_quantity(text: str, lang: str, quantity: Quantity) -> Comparison:
    clause_start = _clause_start(text, quantity.start)
    bound, bound_start = _bound_before(text, quantity.start)
    if bound is not None:
        # "giảm ít nhất 5%", "reduce crime by at least 5%": the bound qualifies a change, not a level.
        change = _change_right_before(text[clause_start:bound_start])
        return _make(text, change or bound, quantity, start=bound_start)
    if _AT_LEAST_AFTER.match(text, quantity.end):
        return _make(text, ">=", quantity)
    if _FEWER_AFTER.match(text, quantity.end) or _FEWER_INSIDE.search(quantity.text):
        return _make(text, "decrease_by", quantity)
    before = text[clause_start : quantity.start]
    if lang == "vi" or _DECREASE_VI.search(before) or _INCREASE_VI.search(before):
        change = _vietnamese_change(before)
        if change:
            return _make(text, change, quantity)
    change = _change_right_before(before)
    if change:
        return _make(text, change, quantity)
    after = _CHANGE_NOUN_AFTER.match(text, quantity.end)  # "a 10% increase"
    if after and quantity.unit is not None:
        return _make(text, "decrease_by" if after.group("down") else "increase_by", quantity)
    if quantity.unit not in ("%", None) and (
        _MORE_AFTER.match(text, quantity.end)
        or _MORE_INSIDE.search(quantity.text)
        or _ADDED_VI.search(before)
    ):
        return _make(text, "increase_by", quantity)  # "2 more communes", "có thêm 10 xã"
    return _make(text, "=", quantity)


def _change_right_before(before: str) -> str | None:
    """decrease_by / increase_by when a change verb (or "by" after one) ends ``before``, else None."""
    noun = _CHANGE_NOUN_BEFORE.search(before)
    if noun:
        return "decrease_by" if noun.group("down") or noun.group("down2") else "increase_by"
    if _VI_CHANGE_RIGHT_BEFORE.search(before):
        return "decrease_by" if _DECREASE_VI.search(before[-20:]) else "increase_by"
    direct = _DIRECT_CHANGE_EN.search(before)
    if direct:
        return "decrease_by" if direct.group("down") else "increase_by"
    if _BY_BEFORE.search(before):
        if _DECREASE_EN.search(before) or _DOWN_BY.search(before):
            return "decrease_by"
        if _INCREASE_EN.search(before):
            return "increase_by"
    return None


def _vietnamese_change(before: str) -> str | None:
    """decrease_by / increase_by when a Vietnamese change verb governs the number, else None (a level)."""
    if _LEVEL_VI.search(before):
        return None
    last_decrease = max((m.end() for m in _DECREASE_VI.finditer(before)), default=-1)
    last_increase = max((m.end() for m in _INCREASE_VI.finditer(before)), default=-1)
    nearest = max(last_decrease, last_increase)
    if nearest < 0:
        return None
    # The nearest verb governs the number when they share a phrase: "giảm tỷ lệ hộ nghèo bình quân 1,5%",
    # not "tăng thu ngân sách, tỷ lệ đô thị hóa 45%". A level word after it was handled above.
    between = before[nearest:]
    if any(mark in between for mark in ",;:") or len(between.split()) > 10:
        return None
    return "decrease_by" if last_decrease > last_increase else "increase_by"


def _compare_without_number(text: str) -> Comparison | None:
    match = _RELATIVE.search(text)
    if match:
        reference = _REFERENCE_TAIL.sub("", match.group("ref")).strip()
        reference = _LEADING_ARTICLE.sub("", reference)
        comparator = _RELATIVE_COMPARATOR[" ".join(_nfc(match.group("cmp")).casefold().split())]
        subject = text[: match.end()]
        unit = "%" if _RATE_WORDS.search(subject) else None
        return Comparison(
            comparator=comparator,
            value=None,
            min=None,
            max=None,
            unit=unit,
            value_text=None,
            reference=reference or None,
            approximate=False,
            start=match.start(),
            end=match.start("ref") + len(match.group("ref").rstrip()),
        )
    match = _REDUCE_ONLY.search(text)
    if match:
        return Comparison(
            comparator="<",
            value=None,
            min=None,
            max=None,
            unit=None,
            value_text=None,
            reference=None,
            approximate=False,
            start=match.start(),
            end=match.end(),
        )
    return None
