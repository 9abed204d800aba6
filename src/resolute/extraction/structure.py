"""Reading a directive's text: normalisation with an offset map, headings, paragraphs, sentences, clauses.

Everything here works on a *normalised* copy of the input (see `normalise`) and keeps, for every character
of that copy, the offset of the character of the original it came from, so spans found in the copy can be
reported as spans of the text as given.

What counts as a heading (the grammar chosen, in both languages):

- A line is a *heading* when it starts with a label and the rest is short (at most 220 characters, one
  sentence, not ending in "." or ";" unless it is written in capitals). Labels, each its own *kind*:
  "Phần I" / "Part I", "Chương I" / "Chapter I", "Mục 1", Roman numerals "II.", capital letters "A.",
  "Điều 1." / "Article 1.", decimal numbers "1." / "1.1." (each depth its own kind) and "a)".
- A labelled line that is long or reads as a sentence is a *list item*: it is body text (its label is
  stripped from the items found in it), not a `sections` entry. So is a short labelled line that states a
  figure ("1. Tốc độ tăng trưởng đạt 8%": a target) or that assigns work and opens a list ("1. Ban cán
  sự đảng UBND tỉnh lãnh đạo, chỉ đạo:": a task).
- Lines opening with "-", "+", "*", "•" are list items; they are never headings.
- An unlabelled line in capitals after the document's opening lines is a heading of kind "caps" when its
  words give it a role ("KẾT QUẢ ĐẠT ĐƯỢC", "TỒN TẠI, HẠN CHẾ", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC
  HIỆN") and it is not the document's own title ("BÁO CÁO ...", "REPORT ON ...") or a signature.
- Levels are given by the order in which heading kinds first appear (a Word outline does the same): in
  a text with "I." then "A." then "1.", Roman is level 1, letters level 2, numbers level 3; a Vietnamese
  resolution with "I." then "1." then "a)" gets 1, 2, 3. A kind seen again keeps its level.
- A heading's *role* comes from its words (results under review, shortcomings, causes, targets, tasks),
  or, for a heading about a year before the working year, review; a heading without either inherits the
  role of the heading above it. In a review part, a paragraph announcing shortcomings ("Tuy nhiên, vẫn
  còn một số hạn chế:") turns what follows in that part into shortcomings.
- Segments of a part: paragraphs before its first subsection (or, without subsections, before its first
  labelled or bulleted item) are its *preamble*; the rest is *body*. A short salutation line ("Dear
  comrades,", "Thưa các đồng chí,") ends the body: what follows is the *closing*, still under the last
  heading; so is everything under an implementation heading ("Tổ chức thực hiện", "Implementation").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

# --- normalisation -------------------------------------------------------------------------------------

# Characters replaced one for one (so offsets stay put) or dropped.
_REPLACE = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2212": "-",  # minus sign
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u000b": "\n",
    "\u000c": "\n",
    "\u0085": "\n",
}
_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\r"}


_ONE_FOR_ONE = str.maketrans({key: value for key, value in _REPLACE.items() if len(value) == 1})
# What the one-for-one fast path cannot do: drop characters, compose marks, expand "…", "\r\n".
_SLOW_PATH = re.compile(
    "["
    + "".join(re.escape(char) for char in _DROP)
    + "".join(re.escape(key) for key, value in _REPLACE.items() if len(value) != 1)
    + "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


@dataclass
class Normalised:
    """A normalised copy of a text and, for each of its characters, the offset in the original."""

    text: str
    offsets: list[int]
    original: str
    line_starts: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalised [start, end)."""
        if end <= start:
            position = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1

    def line_of(self, original_offset: int) -> int:
        """1-based line number of an offset in the original."""
        return bisect.bisect_right(self.line_starts, original_offset)


def normalise(text: str) -> Normalised:
    """NFC, one kind of line end, plain spaces, no soft hyphens, plain dashes and quotes - with offsets.

    A lone "\\r" is a line end; "\\r\\n" becomes one "\\n". Composition to NFC is done per base character
    and its combining marks, so each composed character maps to where its base was.
    """
    line_starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    if not _SLOW_PATH.search(text):
        # Every change is one character for one: offsets are the identity.
        return Normalised(text.translate(_ONE_FOR_ONE), list(range(len(text))), text, line_starts)
    out: list[str] = []
    offsets: list[int] = []
    length = len(text)
    index = 0
    while index < length:
        char = text[index]
        if char == "\r":
            if index + 1 < length and text[index + 1] == "\n":
                index += 1
                continue
            out.append("\n")
            offsets.append(index)
            index += 1
            continue
        if char in _DROP:
            index += 1
            continue
        # A base character and the combining marks after it, composed together.
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        chunk = text[index:end]
        if end - index > 1 or not chunk.isascii():
            chunk = unicodedata.normalize("NFC", chunk)
        for piece in chunk:
            replacement = _REPLACE.get(piece, piece)
            for replaced in replacement:
                out.append(replaced)
                offsets.append(index)
        index = end
    return Normalised("".join(out), offsets, text, line_starts)


# --- headings ------------------------------------------------------------------------------------------

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_HEADING_LABEL = re.compile(
    rf"""^(?:
        (?P<part>(?:Phần|PHẦN|Part|PART)\s+(?:(?=[IVX]){_ROMAN}|\d+|(?:thứ|Thứ|THỨ)\s+\w+|One|Two|Three|Four|ONE|TWO|THREE|FOUR)\b)[.:)]?\s*
      | (?P<chapter>(?:Chương|CHƯƠNG|Chapter|CHAPTER)\s+(?:(?=[IVX]){_ROMAN}|\d+)\b)[.:)]?\s*
      | (?P<mục>(?:Mục|MỤC)\s+\d+)[.:)]?\s+
      | (?P<article>(?:Điều|ĐIỀU|Article|ARTICLE)\s+\d+)[.:)]?\s+
      | (?P<roman>(?=[IVX])(?:{_ROMAN}))[.)]\s+
      | (?P<letter>[A-ZĐ])[.)]\s+
      | (?P<number>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:\.\s+|\)\s+|\s+(?=[A-ZĐ\u00c0-\u1ef9]))
      | (?P<small>[a-zđ])\)\s+
      | (?P<paren>\(\d{{1,2}}\))\s+
    )""",
    re.VERBOSE,
)
# Label kinds that may stand alone on their line, their title on the next ("PHẦN THỨ NHẤT", "Chương I").
_UNTITLED_KINDS = {"part", "chapter", "mục", "article", "roman"}
_BULLET = re.compile(r"^\s*(?:[-+*•·▪◦●○■□►➢✓]|\u2022)\s*")
_SALUTATION = re.compile(
    r"^(?:dear|ladies and gentlemen|thưa|kính thưa)\b[^.\n]{0,80}[,:!]?\s*$", re.IGNORECASE
)
_DIRECTIVE_LEAD_IN = re.compile(
    r"\b(?:lãnh đạo|chỉ đạo|yêu cầu|đề nghị|giao|chủ trì|thực hiện các|shall|must|is requested|are requested|"
    r"is assigned|are assigned|to lead|leads)\b",
    re.IGNORECASE,
)
# Headings of the part that says who implements the document: what sits under them is its closing.
_IMPLEMENTATION_HEADING = re.compile(
    r"^(?:tổ chức thực hiện|organi[sz]ation of implementation|implementation(?: organi[sz]ation)?|"
    r"điều khoản thi hành|hiệu lực thi hành)\s*:?$",
    re.IGNORECASE,
)
# A paragraph in a review part announcing the shortcomings that follow ("..., còn một số hạn chế:").
_SHORTCOMINGS_LEAD_IN = re.compile(
    r"(?:shortcoming|limitation|weakness|hạn chế|yếu kém|tồn tại|khuyết điểm|bất cập)[^.]*:\s*$",
    re.IGNORECASE,
)
_FIGURE_STATEMENT = re.compile(
    r"\d\s*%|\b(?:đạt|tăng|giảm|reach|reaches|reached|increase|increased|decrease|decreased|is|are|was|were|"
    r"grew|rose|fell)\b[^.]{0,30}?\d",
    re.IGNORECASE,
)
_INLINE_SHORTCOMINGS = re.compile(
    r"(?:tuy nhiên|however|bên cạnh đó|bên cạnh những kết quả đạt được|nevertheless|besides)[^.:\n]{0,120}?"
    r"(?:hạn chế|yếu kém|tồn tại|khuyết điểm|bất cập|shortcomings?|limitations?|weaknesses?)"
    r"[^.:\n]{0,60}:\s*",
    re.IGNORECASE,
)
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-ZĐ]")
# A document's own title in capitals ("BÁO CÁO KẾT QUẢ ...", "REPORT ON ..."): not a heading of a part.
_DOCUMENT_TITLE = re.compile(
    r"^(?:nghị quyết|báo cáo|thông báo|kết luận|kế hoạch|chương trình|quyết định|chỉ thị|đề án|tờ trình|"
    r"công văn|hướng dẫn|(?:annual |summary )?report|resolution|notice|conclusion|plan|programme|program|"
    r"decision|directive|project|submission|official letter)\b",
    re.IGNORECASE,
)
_CAPS_HEADING_MAX = 100
_HEADING_MAX = 220

# Words that give a heading its role. Shortcomings are checked first ("besides the results, there are
# still shortcomings" is about shortcomings), then review, targets and tasks.
_ROLE_WORDS = (
    (
        "shortcomings",
        re.compile(
            r"shortcoming|limitation|weakness|inadequac|hạn chế|yếu kém|tồn tại|khuyết điểm|bất cập|"
            r"khó khăn, vướng mắc",
            re.IGNORECASE,
        ),
    ),
    # Causes and lessons explain the review; they hold neither results nor tasks.
    ("causes", re.compile(r"\bcauses?\b|reasons|lessons|nguyên nhân|bài học", re.IGNORECASE)),
    (
        "review",
        re.compile(
            r"\bresults?\b|achievements?|implementation status|status of implement|"
            r"situation|review of|results of (?:the )?implement|kết quả|tình hình|đánh giá|năm qua|đã đạt",
            re.IGNORECASE,
        ),
    ),
    ("targets", re.compile(r"\btargets?\b|\bgoals?\b|objectives?|chỉ tiêu|mục tiêu", re.IGNORECASE)),
    (
        "tasks",
        re.compile(
            r"\btasks?\b|solutions?|directions?|orientations?|measures|\bimplementation\b|nhiệm vụ|giải pháp|"
            r"phương hướng|"
            r"định hướng|tổ chức thực hiện|implementation organi[sz]ation",
            re.IGNORECASE,
        ),
    ),
)


@dataclass
class Section:
    """A heading and the part of the text it opens."""

    heading: str  # the heading line as written (normalised), label included
    level: int
    kind: str  # the label kind: "roman", "letter", "number1", "small", ...
    role: str | None  # "review", "shortcomings", "targets", "tasks" or None
    start: int  # normalised offsets of the heading line
    end: int
    line: int  # 1-based line in the original
    parent: Section | None = None
    has_children: bool = False
    title: str = ""  # the heading without its label


@dataclass
class Paragraph:
    """A non-empty line of body text with its place in the structure."""

    text: str  # normalised text of the line, list marker and label stripped
    start: int  # normalised offset of `text`
    end: int
    line: int
    section: Section | None
    segment: str  # "preamble", "body" or "closing"
    is_list_item: bool = False


def heading_role(heading: str, working_year: int | None = None) -> str | None:
    """The role a heading's words give it, or None. A heading about a year before the working year
    ("Tình hình kinh tế - xã hội năm 2024" in a text setting tasks for 2025) reviews it."""
    first_role = next((role for role, pattern in _ROLE_WORDS if pattern.search(heading)), None)
    if first_role in (None, "targets", "tasks") and working_year:
        years = [int(year) for year in re.findall(r"\b(?:19|20)\d\d\b", heading)]
        if years and max(years) < working_year:
            return "review"
    for role, pattern in _ROLE_WORDS:
        if pattern.search(heading):
            return role
    return None


def _is_caps_heading(line: str, working_year: int | None) -> bool:
    """An unlabelled line in capitals naming what its part holds ("KẾT QUẢ ĐẠT ĐƯỢC", "TỒN TẠI, HẠN CHẾ",
    "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"): short, words that give a role, not the document's title."""
    letters = [char for char in line if char.isalpha()]
    if len(letters) < 4 or len(line) > _CAPS_HEADING_MAX or not all(char.isupper() for char in letters):
        return False
    if _DOCUMENT_TITLE.match(line) or _SENTENCE_INSIDE.search(line):
        return False
    return heading_role(line, working_year) is not None


def _is_caps(line: str) -> bool:
    """Whether a line has letters and all of them are capitals."""
    letters = [char for char in line if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def _is_caps_title(line: str) -> bool:
    """A document's title line in capitals: "NGHỊ QUYẾT", "BÁO CÁO", "REPORT ON ..."."""
    return _is_caps(line) and bool(_DOCUMENT_TITLE.match(line))


def _label_kind(match: re.Match) -> str:
    """The kind of a heading label; decimal numbers give one kind per depth."""
    for name in ("part", "chapter", "mục", "article", "roman", "letter", "number", "small", "paren"):
        value = match.group(name)
        if value:
            if name == "number":
                return f"number{value.rstrip('.').count('.') + 1}"
            return name
    return "other"


def _looks_like_heading(body: str) -> bool:
    """A labelled line is a heading when its text is short and reads as a title, not a sentence."""
    body = body.strip()
    if not body or len(body) > _HEADING_MAX:
        return False
    letters = [char for char in body if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        return True
    if body[-1] in ".;" and not body.endswith("..."):
        return False
    if _FIGURE_STATEMENT.search(body):
        return False  # "1. Tốc độ tăng trưởng đạt 8%": a target or a result, not a title
    if body[-1] == ":" and _DIRECTIVE_LEAD_IN.search(body):
        return False  # "1. The Department of Health shall lead:" opens a list of tasks; it is one itself
    return not _SENTENCE_INSIDE.search(body)


def read_structure(
    norm: Normalised, working_year: int | None = None
) -> tuple[list[Section], list[Paragraph]]:
    """Headings and body paragraphs of a normalised text, in reading order (`working_year`, when known,
    tells review headings by their year)."""
    text = norm.text
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    kind_levels: dict[str, int] = {}
    stack: list[Section] = []
    closing = False
    untitled: Section | None = None  # a part or chapter heading whose title is on the next line
    position = 0
    in_title = False  # the last non-empty line was the document's title or a line of it in capitals
    for raw_line in text.split("\n"):
        line_start, position = position, position + len(raw_line) + 1
        stripped = raw_line.strip()
        if not stripped:
            continue
        # "BÁO CÁO" then "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025" (and more lines in capitals): the title.
        after_title = in_title
        in_title = _is_caps_title(stripped) or (after_title and _is_caps(stripped))
        start = line_start + (len(raw_line) - len(raw_line.lstrip()))
        end = start + len(stripped)
        line_number = norm.line_of(norm.offsets[start]) if start < len(norm.offsets) else 1
        bullet = _BULLET.match(stripped)
        label = None if bullet else _HEADING_LABEL.match(stripped)
        if untitled is not None:
            # "PHẦN THỨ NHẤT" then "ĐÁNH GIÁ KẾT QUẢ NĂM 2025": the capitals name the part and give its role.
            letters = [char for char in stripped if char.isalpha()]
            if (
                not label
                and not bullet
                and len(stripped) <= 150
                and letters
                and all(c.isupper() for c in letters)
            ):
                untitled.title = stripped
                untitled.role = heading_role(stripped, working_year) or untitled.role
                untitled = None
                continue
            untitled = None
        if label and not stripped[label.end() :].strip() and _label_kind(label) in _UNTITLED_KINDS:
            kind = _label_kind(label)
            level = kind_levels.setdefault(kind, len(kind_levels) + 1)
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent:
                parent.has_children = True
            section = Section(
                stripped, level, kind, parent.role if parent else None, start, end, line_number, parent
            )
            sections.append(section)
            stack.append(section)
            untitled = section
            closing = False
            continue
        if label and _looks_like_heading(stripped[label.end() :]):
            kind = _label_kind(label)
            level = kind_levels.setdefault(kind, len(kind_levels) + 1)
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent:
                parent.has_children = True
            role = heading_role(stripped, working_year) or (parent.role if parent else None)
            section = Section(stripped, level, kind, role, start, end, line_number, parent)
            section.title = stripped[label.end() :].strip()
            sections.append(section)
            stack.append(section)
            closing = False
            continue
        if (
            not label
            and not bullet
            and (sections or paragraphs)
            and not after_title
            and _is_caps_heading(stripped, working_year)
        ):
            # An unlabelled heading in capitals mid-document: a part of its own, its level by first appearance
            # like any label kind.
            level = kind_levels.setdefault("caps", len(kind_levels) + 1)
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent:
                parent.has_children = True
            role = heading_role(stripped, working_year)
            section = Section(stripped, level, "caps", role, start, end, line_number, parent, title=stripped)
            sections.append(section)
            stack.append(section)
            closing = False
            continue
        if _SALUTATION.match(stripped) and len(stripped) < 80:
            # Addressing the audience after the parts of a speech opens its closing; before them, it is
            # only the greeting.
            closing = bool(sections)
            continue
        body_start = start
        is_item = False
        if bullet:
            body_start = start + bullet.end()
            is_item = True
        elif label:
            body_start = start + label.end()
            is_item = True
        current = stack[-1] if stack else None
        if current is not None and _SHORTCOMINGS_LEAD_IN.search(stripped) and current.role == "review":
            # What follows in this part lists shortcomings; the lead-in itself is neither.
            shortcomings = dataclasses.replace(current, role="shortcomings")
            stack[-1] = shortcomings
            continue
        inline = _INLINE_SHORTCOMINGS.match(text, body_start, end)
        if current is not None and current.role == "review" and inline and inline.end() < end:
            # "Tuy nhiên, còn một số hạn chế: Công tác ... còn chậm.": the shortcomings start after the colon.
            current = stack[-1] = dataclasses.replace(current, role="shortcomings")
            body_start = inline.end()
        in_implementation = current is not None and _IMPLEMENTATION_HEADING.match(current.title)
        segment = "closing" if closing or in_implementation else "body"
        paragraphs.append(
            Paragraph(text[body_start:end], body_start, end, line_number, current, segment, is_item)
        )
    _fix_preambles(sections, paragraphs)
    return sections, paragraphs


def _fix_preambles(sections: list[Section], paragraphs: list[Paragraph]) -> None:
    """Paragraphs directly under a heading, before its first subsection or (without subsections) before
    its first labelled or bulleted item, are its preamble."""
    first_item: dict[int, int] = {}
    for paragraph in paragraphs:
        if paragraph.is_list_item and paragraph.section is not None:
            first_item.setdefault(id(paragraph.section), paragraph.start)
    for paragraph in paragraphs:
        section = paragraph.section
        if paragraph.segment != "body" or section is None:
            continue
        if section.has_children:
            first_child = next((s for s in sections if s.parent is section), None)
            if first_child is not None and paragraph.start < first_child.start:
                paragraph.segment = "preamble"
        elif not paragraph.is_list_item and paragraph.start < first_item.get(id(section), -1):
            paragraph.segment = "preamble"


# --- sentences and clauses ------------------------------------------------------------------------------

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "art",
    "para",
    "vol",
    "fig",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "approx",
    "tp",
    "tt",
    "q",
    "p",
    "v.v",
    "ts",
    "ths",
    "pgs",
    "gs",
    "ks",
    "bs",
    "đ/c",
    "đc",
}
_SENTENCE_END = re.compile(
    r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-ZĐ\u00c0-\u00dd\u0102\u01a0\u01af\u1ea0-\u1ef8\d])"
)
_WORD_BEFORE = re.compile(r"([\w./]+)[.!?]*$")


_BRACKET_REACH = 600  # an opening bracket not closed within this many characters was a stray one


def bracket_depths(text: str) -> list[int]:
    """Parenthesis depth at each character (depth after an opening bracket counts the bracket).

    A bracket left open for more than `_BRACKET_REACH` characters stops counting, so one stray "(" does not
    swallow the rest of a paragraph."""
    if "(" not in text and "[" not in text:
        return [0] * len(text)  # nothing opens: every depth is 0 (most sentences)
    opened: list[int] = []
    depths = []
    for index, char in enumerate(text):
        while opened and index - opened[-1] > _BRACKET_REACH:
            opened.pop()
        if char in "([":
            opened.append(index)
        depths.append(len(opened))
        if char in ")]" and opened:
            opened.pop()
    return depths


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a paragraph, split at sentence ends outside brackets."""
    depths = bracket_depths(text)
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if depths[stop] > 0:
            continue
        if text[stop] == ".":
            word = _WORD_BEFORE.search(text[start : stop + 1].rstrip("."))
            before = text[max(start, stop - 12) : stop]
            token = word.group(1).casefold() if word else ""
            abbreviation = token in _ABBREVIATIONS or token.rstrip(".") in _ABBREVIATIONS
            if abbreviation and not token.startswith("etc"):
                continue
            if re.search(r"(?:^|\s)[A-ZĐ]$", before) and text[stop - 2 : stop - 1] in (" ", ""):
                continue  # an initial ("Nguyen V. A")
        end = match.end()
        body_end = end
        while body_end > start and text[body_end - 1].isspace():
            body_end -= 1
        if body_end > start:
            spans.append((start, body_end))
        start = end
    tail_end = len(text.rstrip())
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


_CONNECTIVE = re.compile(
    r"^\s*(?:therefore|thus|so|because|since|but|however|while|hence|vì vậy|do đó|vì thế|tuy nhiên|"
    r"nhưng|song|bởi vì|do vậy)\b",
    re.IGNORECASE,
)


def split_clauses(text: str) -> list[tuple[int, int]]:
    """[start, end) of the ';'-separated directives of a sentence.

    Only top-level semicolons count (not inside brackets or quotes); a ';' after a top-level ':' separates
    items of one list, and a part opening with a connective ("therefore", "vì vậy") belongs to the one
    before it. One span (the whole sentence) when there is nothing to split.
    """
    depths = bracket_depths(text)
    quoted = False
    cuts = []
    colon_seen = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        if depths[index] or quoted:
            continue
        if char == ":":
            colon_seen = True
        elif char == ";" and not colon_seen:
            cuts.append(index)
    if not cuts:
        return [(0, len(text))]
    spans = []
    start = 0
    for cut in cuts:
        spans.append((start, cut))
        start = cut + 1
    spans.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        if merged and _CONNECTIVE.match(text[span_start:span_end]):
            merged[-1] = (merged[-1][0], span_end)
        else:
            merged.append((span_start, span_end))
    # Trim spaces on either side.
    trimmed = []
    for span_start, span_end in merged:
        while span_start < span_end and text[span_start].isspace():
            span_start += 1
        while span_end > span_start and text[span_end - 1].isspace():
            span_end -= 1
        if span_end > span_start:
            trimmed.append((span_start, span_end))
    return trimmed


def split_commas(text: str) -> list[tuple[int, int]]:
    """[start, end) of the comma-separated pieces of a clause (commas inside numbers do not count)."""
    spans = []
    start = 0
    for match in re.finditer(r",(?!\d)\s*", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]
