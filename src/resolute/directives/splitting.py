"""Splitting a document's full text into numbered headings and paragraph clauses.

Pure functions: no database, no settings. The same text always gives the same clauses with the
same anchors, so anything that points at a clause (a task, a target) keeps pointing at the same
words when the text is split again.

Recognised headings, outermost first:

    Phần I / Phần thứ nhất     part            level 1
    Chương I                   chapter         level 1
    I. II. III.                roman numeral   level 1
    Mục 1                      section         level 2
    A. B. C.                   capital letter  level 2
    Điều 1.                    article         level 2
    1. 2. 3.                   arabic number   level 3
    1.1. 1.2.                  dotted number   level 4 (1.1.1. is level 5)
    a) b) đ)                   letter          level 4

A heading nested under a heading that is at least as deep moves one level below it, so levels
always grow inwards. Every other non-empty line is a paragraph under the latest heading.

Anchors follow the numbering path: `I`, `I-A`, `II-B-1-a`; the third paragraph under I.A is
`I-A-p3`; paragraphs before any heading are `p1`, `p2`... If a number repeats under the same
parent, the repeat gets `_2`, `_3`, so anchors stay unique within a document.
"""

import hashlib
import re
from dataclasses import dataclass

HEADING = "heading"
PARAGRAPH = "paragraph"

ANCHOR_MAX_LENGTH = 120
LABEL_MAX_LENGTH = 32

# Heading styles, with the order they nest in (smaller is outer) and their base level.
PART = "part"
CHAPTER = "chapter"
ROMAN = "roman"
SECTION = "section"
LETTER = "letter"
ARTICLE = "article"
ARABIC = "arabic"
DOTTED = "dotted"
SMALL_LETTER = "small_letter"

STYLE_RANK = {
    PART: 0,
    CHAPTER: 1,
    ROMAN: 2,
    SECTION: 3,
    LETTER: 4,
    ARTICLE: 5,
    ARABIC: 6,
    DOTTED: 7,
    SMALL_LETTER: 20,
}
STYLE_LEVEL = {
    PART: 1,
    CHAPTER: 1,
    ROMAN: 1,
    SECTION: 2,
    LETTER: 2,
    ARTICLE: 2,
    ARABIC: 3,
    DOTTED: 4,
    SMALL_LETTER: 4,
}

_ROMAN_NUMERAL = r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_REST = r"(?:\s+(?P<title>.*))?$"

ROMAN_RE = re.compile(rf"^(?P<number>{_ROMAN_NUMERAL})\.{_REST}")
LETTER_RE = re.compile(rf"^(?P<number>[A-Z])\.{_REST}")
ARABIC_RE = re.compile(rf"^(?P<number>\d{{1,3}})\.{_REST}")
# "1.1." or "1.1 Title"; without the final dot the title must start with a capital letter, so a
# sentence such as "1.5 million visitors came" stays a paragraph.
DOTTED_RE = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})+)(?P<separator>\.)?(?:\s+(?P<title>.*))?$")
SMALL_LETTER_RE = re.compile(rf"^(?P<number>[a-zđ])\){_REST}")
# "Phần I", "PHẦN THỨ HAI: ...", "Chương II. ...", "Mục 1 - ...", "Điều 5. ...". Without a
# separator the title must start with a capital letter: "Điều 5 của Luật" is a sentence.
_KEYWORD_REST = r"(?!\w)(?P<separator>\s*[.:\-–])?(?:\s*(?P<title>.*))?$"
PART_RE = re.compile(
    rf"^phần\s+(?P<number>thứ\s+\w+|{_ROMAN_NUMERAL}|\d{{1,3}}){_KEYWORD_REST}", re.IGNORECASE
)
CHAPTER_RE = re.compile(
    rf"^(?:chương|chuong)\s+(?P<number>{_ROMAN_NUMERAL}|\d{{1,3}}){_KEYWORD_REST}", re.IGNORECASE
)
SECTION_RE = re.compile(
    rf"^(?:mục|muc)\s+(?P<number>\d{{1,3}}|{_ROMAN_NUMERAL}){_KEYWORD_REST}", re.IGNORECASE
)
ARTICLE_RE = re.compile(rf"^(?:điều|dieu)\s+(?P<number>\d{{1,4}}[a-zđ]?){_KEYWORD_REST}", re.IGNORECASE)
KEYWORD_PATTERNS = ((PART, PART_RE), (CHAPTER, CHAPTER_RE), (SECTION, SECTION_RE), (ARTICLE, ARTICLE_RE))

VIETNAMESE_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# A single capital that is both a letter and a roman numeral is read from its neighbours.
AMBIGUOUS_LETTERS = set(ROMAN_VALUES)
# Read as roman numerals when nothing around them decides.
ROMAN_BY_DEFAULT = {"I", "V", "X"}


@dataclass(frozen=True)
class HeadingMatch:
    style: str
    number: str
    title: str


@dataclass(frozen=True)
class SplitClause:
    """One clause of a split text. `position` counts from 0 in reading order; `line` from 1."""

    position: int
    kind: str
    level: int
    label: str
    anchor: str
    text: str
    line: int
    parent_anchor: str | None
    style: str | None = None
    number: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind == HEADING


@dataclass
class _OpenHeading:
    style: str
    number: str
    level: int
    anchor: str
    label_parts: tuple[str, ...]


def roman_to_int(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = ROMAN_VALUES[char]
        following = ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def int_to_roman(number: int) -> str:
    parts = []
    for value, symbol in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            parts.append(symbol)
            number -= value
    return "".join(parts)


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if letter < "Z" else ""


def _title(match: re.Match) -> str:
    return (match.groupdict().get("title") or "").strip()


def _separated_or_capitalised(match: re.Match) -> bool:
    """A heading either has its separator ("Điều 5." / "1.1.") or a title that starts with a capital."""
    title = _title(match)
    return bool(match["separator"]) or not title or title[0].isupper()


def match_heading(line: str, open_headings: list[_OpenHeading] | None = None) -> HeadingMatch | None:
    """The heading that `line` (already stripped) starts with, or None for a paragraph.

    `open_headings` (outermost first) is what the line is read after: it settles whether `C.`
    is the letter after `B.` or the roman numeral 100, and whether `I.` follows `H.`."""
    for style, pattern in KEYWORD_PATTERNS:
        match = pattern.match(line)
        if match and _separated_or_capitalised(match) and match["number"]:
            return HeadingMatch(style, _normalise_number(style, match["number"]), _title(match))
    match = ROMAN_RE.match(line)
    if match and match["number"] not in AMBIGUOUS_LETTERS:
        return HeadingMatch(ROMAN, match["number"], _title(match))
    if match:
        style = _read_single_capital(match["number"], open_headings or [])
        return HeadingMatch(style, match["number"], _title(match))
    match = LETTER_RE.match(line)
    if match:
        return HeadingMatch(LETTER, match["number"], _title(match))
    match = DOTTED_RE.match(line)
    if match and _separated_or_capitalised(match) and _title(match):
        return HeadingMatch(DOTTED, match["number"], _title(match))
    if match and match["separator"]:
        return HeadingMatch(DOTTED, match["number"], "")
    for style, pattern in ((ARABIC, ARABIC_RE), (SMALL_LETTER, SMALL_LETTER_RE)):
        match = pattern.match(line)
        if match:
            return HeadingMatch(style, match["number"], _title(match))
    return None


def _normalise_number(style: str, number: str) -> str:
    number = number.strip()
    if style == PART and number.lower().startswith("thứ"):
        word = number.split()[-1].lower()
        return str(VIETNAMESE_ORDINALS.get(word, word))
    if style in (PART, CHAPTER, SECTION) and not number.isdigit():
        return number.upper()
    return number.lower() if style == ARTICLE else number


def _read_single_capital(capital: str, open_headings: list[_OpenHeading]) -> str:
    """Whether a lone I, V, X, L, C, D or M is a letter heading or a roman numeral heading."""
    last_letter = next((h.number for h in reversed(open_headings) if h.style == LETTER), None)
    last_roman = next((h.number for h in reversed(open_headings) if h.style == ROMAN), None)
    expected_letter = _next_letter(last_letter) if last_letter else "A"
    expected_roman = int_to_roman(roman_to_int(last_roman) + 1) if last_roman else "I"
    if capital == expected_letter and capital != expected_roman:
        return LETTER
    if capital == expected_roman and capital != expected_letter:
        return ROMAN
    if capital == expected_letter == expected_roman:
        # "I." after "H.": the letters are still running.
        return LETTER if last_letter else ROMAN
    return ROMAN if capital in ROMAN_BY_DEFAULT else LETTER


def _anchor_token(style: str, number: str, parent: _OpenHeading | None) -> str:
    if style == PART:
        return f"part-{number}"
    if style == CHAPTER:
        return f"ch-{number}"
    if style == SECTION:
        return f"sec-{number}"
    if style == ARTICLE:
        return f"art-{number}"
    if style == DOTTED:
        # "1.2" under "1." is the 2nd item of 1: its path already holds the 1.
        if parent is not None and parent.style in (ARABIC, DOTTED) and number.startswith(parent.number + "."):
            number = number[len(parent.number) + 1 :]
        return number.replace(".", "-")
    if style == SMALL_LETTER:
        return "dd" if number == "đ" else number
    return number


def _label_token(style: str, number: str, parent: _OpenHeading | None) -> str:
    if style == PART:
        return f"Phần {number}"
    if style == CHAPTER:
        return f"Chương {number}"
    if style == SECTION:
        return f"Mục {number}"
    if style == ARTICLE:
        return f"Điều {number}"
    if style == DOTTED and parent is not None and parent.style in (ARABIC, DOTTED):
        prefix = parent.number + "."
        return number[len(prefix) :] if number.startswith(prefix) else number
    return number


def _fit_label(parts: tuple[str, ...]) -> str:
    """The numbering path for display, shortened from the left when it is too long."""
    label = ".".join(parts)
    if len(label) <= LABEL_MAX_LENGTH:
        return label
    kept: list[str] = []
    for part in reversed(parts):
        candidate = ".".join([part, *kept])
        if len(candidate) + 1 > LABEL_MAX_LENGTH:
            break
        kept.insert(0, part)
    return "…" + ".".join(kept) if kept else parts[-1][: LABEL_MAX_LENGTH - 1] + "…"


def _fit_anchor(anchor: str) -> str:
    if len(anchor) <= ANCHOR_MAX_LENGTH:
        return anchor
    digest = hashlib.sha1(anchor.encode()).hexdigest()[:10]
    return f"{anchor[: ANCHOR_MAX_LENGTH - 11]}~{digest}"


def _unique(anchor: str, taken: set[str]) -> str:
    anchor = _fit_anchor(anchor)
    if anchor not in taken:
        return anchor
    copy = 2
    while _fit_anchor(f"{anchor}_{copy}") in taken:
        copy += 1
    return _fit_anchor(f"{anchor}_{copy}")


def split_text(text: str) -> list[SplitClause]:
    """Split a document's text into headings and paragraphs, in reading order."""
    clauses: list[SplitClause] = []
    open_headings: list[_OpenHeading] = []
    taken: set[str] = set()
    paragraph_counts: dict[str | None, int] = {}
    # The first of roman numerals and capital letters to appear is the outer one: most texts
    # run I > A > 1 (the seed conclusion), some reports run A > I > 1.
    ranks = dict(STYLE_RANK)
    first_of_roman_or_letter: str | None = None

    for line_number, raw_line in enumerate((text or "").splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            continue
        heading = match_heading(line, open_headings)
        if heading is None:
            parent = open_headings[-1] if open_headings else None
            parent_anchor = parent.anchor if parent else None
            count = paragraph_counts.get(parent_anchor, 0) + 1
            paragraph_counts[parent_anchor] = count
            anchor = _unique(f"{parent_anchor}-p{count}" if parent_anchor else f"p{count}", taken)
            taken.add(anchor)
            clauses.append(
                SplitClause(
                    position=len(clauses),
                    kind=PARAGRAPH,
                    level=parent.level + 1 if parent else 1,
                    label=f"¶{count}",
                    anchor=anchor,
                    text=line,
                    line=line_number,
                    parent_anchor=parent_anchor,
                )
            )
            continue

        if heading.style in (ROMAN, LETTER) and first_of_roman_or_letter is None:
            first_of_roman_or_letter = heading.style
            if heading.style == LETTER:
                ranks[LETTER], ranks[ROMAN] = STYLE_RANK[ROMAN], STYLE_RANK[LETTER]
        rank = ranks[heading.style] + (heading.number.count(".") if heading.style == DOTTED else 0)
        while open_headings and _rank_of(open_headings[-1], ranks) >= rank:
            open_headings.pop()
        parent = open_headings[-1] if open_headings else None
        base_level = STYLE_LEVEL[heading.style] + (
            heading.number.count(".") - 1 if heading.style == DOTTED else 0
        )
        level = max(base_level, parent.level + 1) if parent else base_level
        token = _anchor_token(heading.style, heading.number, parent)
        anchor = _unique(f"{parent.anchor}-{token}" if parent else token, taken)
        taken.add(anchor)
        label_parts = (
            *(parent.label_parts if parent else ()),
            _label_token(heading.style, heading.number, parent),
        )
        opened = _OpenHeading(heading.style, heading.number, level, anchor, label_parts)
        clauses.append(
            SplitClause(
                position=len(clauses),
                kind=HEADING,
                level=level,
                label=_fit_label(label_parts),
                anchor=anchor,
                text=line,
                line=line_number,
                parent_anchor=parent.anchor if parent else None,
                style=heading.style,
                number=heading.number,
            )
        )
        open_headings.append(opened)
    return clauses


def _rank_of(heading: _OpenHeading, ranks: dict[str, int]) -> int:
    return ranks[heading.style] + (heading.number.count(".") if heading.style == DOTTED else 0)


def headings_of(clauses: list[SplitClause]) -> list[SplitClause]:
    return [clause for clause in clauses if clause.is_heading]
