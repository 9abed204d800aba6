"""The extraction pipeline: text -> structure -> proposed targets, results, tasks, shortcomings -> entities.

`extract(text)` reads the structure (`structure.py`), classifies each sentence by the role of the part it
sits in (`classify.py`) or, where no heading gives a role, by the sentence-role model (`model/`) beside the
directive rules, measures numbers, comparisons and deadlines with `quantities.py` and `dates.py`, and names
documents and bodies (`entities.py`). The `Extraction` it returns keeps every item with its span
in the text as given, and turns into the answer key's shape with `to_answer_key()`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from . import classify, entities
from .dates import find_deadline, find_working_year
from .model import SentenceModel, Unit, shipped_model
from .quantities import find_comparison, find_quantities
from .structure import (
    Normalised,
    Paragraph,
    bracket_depths,
    normalise,
    read_structure,
    split_clauses,
    split_commas,
    split_sentences,
)

# Letters only Vietnamese uses (beyond plain Latin): a handful of them settles the language.
_VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)
# Units that measure a span of time: "3 years of implementing" is not a result.
_DURATION_UNITS = {
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "weeks",
    "week",
    "năm",
    "tháng",
    "ngày",
    "tuần",
    "quarters",
    "quý",
}
_ID_BEFORE = re.compile(r"(?:\b(?:No|Nos|số|Số)\.?\s*|[A-ZĐ][\w-]*\s)$")
_MONTH_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|tháng)"
    r"\s*(?:\d{1,2}\s*-\s*)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"\b(?:năm|in|year|of|by|before|after|until|to|đến|từ)\s*$", re.IGNORECASE)
_PLANNED_BEFORE = re.compile(
    r"\b(?:the |its )?(?:target|plan|goal|estimate|chỉ tiêu|kế hoạch|mục tiêu|dự toán) "
    r"(?:of|is|was|set at|đề ra là|là) *$",
    re.IGNORECASE,
)
# "năm 2026 tỷ lệ ...": a number before "tỷ lệ" (rate) must not take "tỷ" (billion) as its scale.
_NUMBER_BEFORE_RATE = re.compile(r"(?<=\d)\s(?=t[ỷỉ] lệ\b)", re.IGNORECASE)


# "95 triệu đồng/người", "10,5%/năm", "46 - 47 million VND/year": a rate per person or per year.
_PER = re.compile(
    r"\s*/\s*(?P<who>người|person|capita|người dân)?(?:\s*/\s*)?(?P<year>năm|year)?(?![\w/])", re.IGNORECASE
)


def per_unit(unit: str | None, after: str) -> str | None:
    """The unit with what is written right after the figure ("/người", "/năm") read as "/person", "/year"."""
    match = _PER.match(after)
    if unit is None or not match or not (match.group("who") or match.group("year")):
        return unit
    return unit + ("/person" if match.group("who") else "") + ("/year" if match.group("year") else "")


# A count of targets or indicators ("14 cultural and social development indicators:"): a list's lead-in.
_COUNT_OF_TARGETS = re.compile(
    r"^\W*\d+\s+(?:[^\W\d]+\s+){0,6}?(?:main\s+)?(?:targets|indicators|chỉ tiêu)\b[^\d]*$", re.IGNORECASE
)
# "1.Focus on ...", "2) Continue ...": a list label, not a figure.
_LABEL_AFTER = re.compile(r"[.)]\s*[^\W\d]")


def _mask_rate_word(text: str) -> str:
    """The text with a ';' (same length) between a number and a following "tỷ lệ"."""
    return _NUMBER_BEFORE_RATE.sub(";", text)


_PART_OF_WHOLE = re.compile(r"\s+(?:of|out of|trên tổng số|trên)\s+(?:the\s+)?", re.IGNORECASE)
_WHOLE_BEFORE = re.compile(r"(?:^|\b)(?:of|out of|among|trong (?:tổng )?số)\s+(?:the\s+)?$", re.IGNORECASE)
_RESTATEMENT = re.compile(r"^\s*\(\s*(?:approximately|about|around|roughly|khoảng|gần|~)?\s*$", re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"\b(?:rate|ratio|proportion|percentage|share|tỷ lệ|tỉ lệ)\b", re.IGNORECASE)
_FRAGMENT_STOP = re.compile(r"[\":]")
# A verb that states a level, last before the figure: what reaches it is named before ("xử lý đạt 95%").
_PREDICATE_END = re.compile(
    r"\b(?:đạt|lên|còn|xuống|tăng|giảm|ở mức|reach|reaches|be|is|are|rise|rises|grow|grows|increase|"
    r"increases|fall|falls|stand|stands)\s*(?:to|at|by)?\s*$",
    re.IGNORECASE,
)
_GERUND_START = re.compile(r"\s*(?:and\s+)?[a-z]+ing\b")
_LEADING_CONJUNCTION = re.compile(r"(?:and|và|or|hoặc)\s+", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s(?:và|and|or|hoặc)\s", re.IGNORECASE)
_WHOLE_CLAUSE_WORDS = 25
# Without a digit or a number word a sentence holds no figure; without these words, no comparison.
_MAY_HOLD_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|trillion|half|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|trăm|"
    r"nghìn|ngàn|triệu|tỷ|tỉ|vạn|nửa)\b",
    re.IGNORECASE,
)
_MAY_COMPARE = re.compile(
    r"than|reduc|lower|decreas|increas|rais|below|above|under|over|at least|at most|cut|curb|"
    r"hơn|giảm|tăng|dưới|trên|tối thiểu|tối đa|ít nhất|không quá|hạ",
    re.IGNORECASE,
)
# Year-less time words: without a digit or one of these, a text holds no deadline.
_MAY_HOLD_DATE = re.compile(
    r"\d|end of the year|this year|year-end|next year|quarter|month|cuối năm|năm nay|quý|tháng|đầu năm|"
    r"giữa năm|first half|second half|mid-year",
    re.IGNORECASE,
)


@dataclass
class Proposal:
    """One item found in the text: a target, result, task or shortcoming, with where it is."""

    kind: str  # "target" | "result" | "task" | "shortcoming"
    text: str
    start: int  # [start, end) in the text as given
    end: int
    line: int
    area: str | None
    fields: dict = field(default_factory=dict)  # the answer key's fields for the item

    def as_answer(self) -> dict:
        """The item as the answer key writes it, with its line and span."""
        return {**self.fields, "line": self.line, "span": [self.start, self.end]}


_KIND_KEYS = {"target": "targets", "result": "results", "task": "tasks", "shortcoming": "shortcomings"}


@dataclass
class Extraction:
    """What `extract` found in a text."""

    text: str
    lang: str
    working_year: int | None
    sections: list[dict]
    proposals: list[Proposal]
    references: list[dict]
    org_units: list[dict]

    def of_kind(self, kind: str) -> list[Proposal]:
        """The proposals of one kind, in reading order."""
        return [proposal for proposal in self.proposals if proposal.kind == kind]

    @property
    def targets(self) -> list[Proposal]:
        return self.of_kind("target")

    @property
    def results(self) -> list[Proposal]:
        return self.of_kind("result")

    @property
    def tasks(self) -> list[Proposal]:
        return self.of_kind("task")

    @property
    def shortcomings(self) -> list[Proposal]:
        return self.of_kind("shortcoming")

    def to_answer_key(self) -> dict:
        """The seven keys of the answer key, every item with its `line` and `span`."""
        key: dict[str, list] = {"sections": [dict(section) for section in self.sections]}
        for kind, name in _KIND_KEYS.items():
            key[name] = [proposal.as_answer() for proposal in self.of_kind(kind)]
        key["references"] = [dict(reference) for reference in self.references]
        key["org_units"] = [dict(unit) for unit in self.org_units]
        return key


def detect_language(text: str) -> str:
    """ "vi" when the text has Vietnamese letters in any number, else "en"."""
    sample = text[:20000]
    letters = sum(1 for char in sample if char.isalpha()) or 1
    vietnamese = len(_VIETNAMESE_LETTERS.findall(sample))
    return "vi" if vietnamese >= 5 and vietnamese / letters > 0.01 else "en"


def _number(value: Decimal | None) -> int | float | None:
    """A Decimal as a plain JSON number (int when integral)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class _Builder:
    """Walks the paragraphs of one document and collects proposals."""

    def __init__(
        self,
        norm: Normalised,
        lang: str,
        working_year: int | None,
        review_year: int | None,
        model: SentenceModel | None = None,
    ):
        self.norm = norm
        self.model = model
        self.lang = lang
        self.working_year = working_year
        self.review_year = review_year
        self.proposals: list[Proposal] = []
        self._deadlines: dict[str, object] = {}
        self.before: tuple[str, ...] = ()  # what the last sentence read by the model passes on
        self.structured = False  # whether some heading of the text gives its part a role

    # -- helpers --

    def proposal(self, kind: str, start: int, end: int, area: str | None, fields: dict) -> Proposal:
        """A proposal for the normalised [start, end), with its text and span in the original."""
        while start < end and self.norm.text[start] in " ,;:":
            start += 1
        if kind in ("target", "result"):
            # A piece cut after a list's comma opens with its conjunction ("and cut losses below 15%").
            conjunction = _LEADING_CONJUNCTION.match(self.norm.text, start, end)
            if conjunction:
                start = conjunction.end()
        trailing = " ,;:." if kind in ("target", "result") else " ,;:"
        while end > start and self.norm.text[end - 1] in trailing:
            end -= 1
        # A closing bracket whose opening one is not in the item does not belong to it.
        piece = self.norm.text[start:end]
        while piece.endswith(")") and piece.count(")") > piece.count("("):
            end -= 1
            piece = piece[:-1].rstrip()
            end = start + len(piece)
        original_start, original_end = self.norm.span(start, end)
        text = self.norm.original[original_start:original_end]
        line = self.norm.line_of(original_start)
        fields = {"text": text, **fields}
        item = Proposal(kind, text, original_start, original_end, line, area, fields)
        self.proposals.append(item)
        return item

    def quantities(self, sentence: str) -> list:
        """The quantities of a sentence that are figures (not durations, ids, dates or restatements)."""
        found = []
        previous_end = None
        if not _MAY_HOLD_NUMBER.search(sentence):
            return []
        for quantity in find_quantities(_mask_rate_word(sentence), self.lang):
            unit = (quantity.unit or "").casefold()
            before = sentence[max(0, quantity.start - 60) : quantity.start]  # enough for the look-behinds
            if unit in _DURATION_UNITS:
                continue
            if not before.strip() and _LABEL_AFTER.match(sentence, quantity.end):
                continue  # "1.Focus on ...": the label of a list item
            if quantity.unit is None and quantity.of is None and _ID_BEFORE.search(before):
                continue
            if _YEAR.fullmatch(quantity.text) and _YEAR_BEFORE.search(before):
                continue  # "trong năm 2026", "in 2026": a year, whatever unit a reader lent it
            if _MONTH_BEFORE.search(before) or _PLANNED_BEFORE.search(before):
                continue  # a date, or the plan a result is measured against ("exceeding the target of 7.5%")
            if previous_end is not None and _RESTATEMENT.match(sentence[previous_end : quantity.start]):
                # "10,945 (approximately 11,000 houses)": one figure said twice; borrow its unit.
                if found and found[-1][1] is None and quantity.unit:
                    found[-1] = (found[-1][0], quantity.unit)
                previous_end = quantity.end
                continue
            if found and found[-1][0].unit is None and found[-1][0].of is None:
                between = sentence[found[-1][0].end : quantity.start]
                if _PART_OF_WHOLE.fullmatch(between):
                    # "18 of 21 targets were met", "18 out of 21": the part, with the whole and its unit.
                    part = dataclasses.replace(found[-1][0], of=quantity.value, end=quantity.end)
                    found[-1] = (part, quantity.unit)
                    previous_end = quantity.end
                    continue
            found.append((quantity, quantity.unit))
            previous_end = quantity.end
        return found

    def fragment(self, clause: str, position: int, figures: list[int] | None = None) -> tuple[int, int]:
        """[start, end) within `clause` of the words that go with the figure at `position`.

        A clause of up to 25 words holding one figure is taken whole; otherwise the comma piece around the
        figure, widened to stand alone. `figures` are the positions of every figure in the clause.
        """
        others = [figure for figure in figures or () if figure != position]
        if not others and len(clause.split()) <= _WHOLE_CLAUSE_WORDS:
            stop = _FRAGMENT_STOP.search(clause, position)
            return 0, stop.start() if stop else len(clause)
        pieces = split_commas(clause)
        index = next((i for i, (a, b) in enumerate(pieces) if a <= position < b), len(pieces) - 1)
        start, end = pieces[index]
        # Widen backwards over pieces that only say when ("by the end of 2024,"), over a piece too short to
        # name anything ("approximately 28%"), and over a short piece whose subject is in the piece before
        # ("trong đó có bằng cấp, chứng chỉ đạt 32%").
        first = index
        # "bác sĩ, nữ hộ sinh và y sĩ đạt 95%": the piece opens inside a list of nouns the comma cut;
        # "tỷ lệ chất thải được thu gom, xử lý đạt 95%": too little comes before the figure to name it.
        lead = clause[start:position]
        list_tail = (
            len(lead.split()) <= 8 and bool(_LIST_JOIN.search(lead)) and not classify.opens_with_verb(lead)
        )
        subjectless = (
            len(lead.split()) <= 3 and bool(_PREDICATE_END.search(lead)) and not _PERCENT_WORDS.search(lead)
        )
        while first > 0:
            words = len(clause[start:end].split())
            previous_start, previous_end = pieces[first - 1]
            previous = clause[previous_start:previous_end]
            previous_has_figure = any(previous_start <= figure < previous_end for figure in others)
            when = self.says_when(previous) and len(previous.split()) <= 9
            if when or words < 3 or (words < 5 and not previous_has_figure):
                first -= 1
                start = previous_start
                if not when and words < 3:
                    break
            elif previous_has_figure or any(start <= figure < position for figure in others):
                break  # the words before reach another figure: they are its own
            elif (
                classify.is_apposition(previous)
                and first > 1
                and not self.holds_figure(pieces[first - 2], others)
            ):
                # "the share of households, including poor ones, using clean water": the aside and the
                # phrase it qualifies.
                first -= 2
                start = pieces[first][0]
            elif list_tail:
                # Back over the items of the list to the piece that opens it.
                first -= 1
                start = previous_start
                if len(previous.split()) > 3 or classify.opens_with_verb(previous):
                    break
            elif subjectless:
                # Back to the piece that opens the phrase: a verb or the rate it measures.
                first -= 1
                start = previous_start
                opens = classify.opens_with_verb(previous) or _PERCENT_WORDS.search(previous)
                if opens or len(clause[start:end].split()) >= _WHOLE_CLAUSE_WORDS:
                    break
            else:
                break
        last = index
        if 2 <= len(clause[position:end].split()) <= 4:
            # "100% trường học, trạm y tế, nhà văn hóa thôn có kết nối internet": the piece ends on the
            # first noun of a list; the items after it, up to the one that says what of them, go with it.
            while last + 1 < len(pieces):
                following = clause[pieces[last + 1][0] : pieces[last + 1][1]]
                if (
                    self.holds_figure(pieces[last + 1], others)
                    or classify.is_apposition(following)
                    or (self.says_when(following) and len(following.split()) <= 6)
                ):
                    break
                if classify.opens_with_verb(following) or _GERUND_START.match(following):
                    if last > index and len(following.split()) <= 8:
                        # "2 more communes, Dai Hong and Dai Thang, meeting the standards": after the
                        # listed items, what they do.
                        last += 1
                        end = pieces[last][1]
                    break
                last += 1
                end = pieces[last][1]
                if len(following.split()) > 4 and not _LIST_JOIN.search(following):
                    break  # an item that says what of the list closes it; "A and B" leaves that to come
        # A following piece that only says when belongs to it too.
        if last + 1 < len(pieces):
            following = clause[pieces[last + 1][0] : pieces[last + 1][1]]
            if self.says_when(following) and len(following.split()) <= 6:
                end = pieces[last + 1][1]
        # A quotation or a list after the figure is not part of it.
        stop = _FRAGMENT_STOP.search(clause, position, end)
        if stop:
            end = stop.start()
        return start, end

    @staticmethod
    def holds_figure(piece: tuple[int, int], figures: list[int]) -> bool:
        """Whether a [start, end) piece holds one of the figures at `figures`."""
        return any(piece[0] <= figure < piece[1] for figure in figures)

    def find_deadline(self, text: str):
        """`dates.find_deadline`, skipped for text with no digit and no year-less time words, and
        remembered per text (a sentence is asked about several times)."""
        if text not in self._deadlines:
            if _MAY_HOLD_DATE.search(text):
                self._deadlines[text] = find_deadline(text, self.lang, default_year=self.working_year)
            else:
                self._deadlines[text] = None
        return self._deadlines[text]

    def says_when(self, text: str) -> bool:
        """Whether a piece of text holds a time phrase ("by the end of 2024", "cuối năm")."""
        found = self.find_deadline(text)
        return found is not None and (found.date is not None or bool(re.search(r"[^\W\d]", found.text)))

    def deadline(self, *texts: str):
        """The first deadline found in `texts`, in order."""
        for text in texts:
            if not text:
                continue
            found = self.find_deadline(text)
            if found is not None:
                return found
        return None

    # -- per paragraph --

    def paragraph(self, paragraph: Paragraph) -> None:
        section = paragraph.section
        role = section.role if section else None
        units = paragraph_units(paragraph, self.lang, self.before)
        if units:
            self.before = _context_of(units[-1][2])
        if role is None:
            if paragraph.section is not None or not self.structured:
                # The lines before the first heading of a text whose headings say what each part holds
                # are its title block: the model reads everything else the headings leave open.
                self.read_by_model(paragraph, units)
            return
        if role == "causes":
            return
        area = section.heading
        sentences = split_sentences(paragraph.text)
        if role in ("review", "shortcomings"):
            kind = "achieved" if role == "review" else "shortcoming"
            for start, end in sentences:
                self.results(paragraph, start, end, area, kind)
            if role == "shortcomings" and sentences:
                self.shortcoming(paragraph, *sentences[0], area)
            return
        for start, end in sentences:
            sentence = paragraph.text[start:end]
            is_task = (
                role == "tasks"
                and classify.is_task_sentence(sentence, self.lang, paragraph.segment)
                or (
                    role == "targets"
                    and classify.is_directive(sentence, self.lang)
                    and not paragraph.is_list_item
                )
            )
            if is_task:
                self.task(paragraph, start, end, area)
            self.targets(paragraph, start, end, area, every_figure=role == "targets", directive=is_task)

    def read_by_model(self, paragraph: Paragraph, units: list[tuple[int, int, Unit]]) -> None:
        """A paragraph whose heading says nothing of what it holds (or a text without headings): the
        sentence-role model says what each sentence is for, the rules read what it holds."""
        if self.model is None:
            return
        area = paragraph.section.heading if paragraph.section else None
        for start, end, unit in units:
            probabilities = self.model.probabilities(unit)
            roles = {label for label, p in probabilities.items() if p >= self.model.thresholds[label]}
            if "imperative" in unit.rules and "result" not in roles:
                # Opening with a directive verb (or a body and then one) the sentence asks for work,
                # whatever the model makes of its words, unless the model reads a result in it.
                roles.add("task")
            if not roles:
                continue
            if "target" in roles and "result" in roles:
                roles.discard("result" if probabilities["target"] >= probabilities["result"] else "target")
            if "task" in roles:
                self.task(paragraph, start, end, area)
            if "target" in roles or "task" in roles:
                self.targets(
                    paragraph, start, end, area, every_figure="target" in roles, directive="task" in roles
                )
            if "result" in roles:
                kind = "shortcoming" if "shortcoming" in roles else "achieved"
                self.results(paragraph, start, end, area, kind)
            if "shortcoming" in roles:
                self.shortcoming(paragraph, start, end, area)

    def shortcoming(self, paragraph: Paragraph, start: int, end: int, area: str | None) -> None:
        """The sentence between `start` and `end` of the paragraph, proposed as a shortcoming."""
        sentence = paragraph.text[start:end]
        self.proposal(
            "shortcoming",
            paragraph.start + start,
            paragraph.start + end,
            area,
            {"topic": classify.topic_of(sentence, self.lang), "area": area},
        )

    def results(self, paragraph: Paragraph, start: int, end: int, area: str, kind: str) -> None:
        sentence = paragraph.text[start:end]
        clauses = _top_level_clauses(sentence)
        quantities = self.quantities(sentence)
        previous_indicator = ""
        whole_of: dict[int, tuple] = {}  # index of a part -> (the whole's quantity, its unit)
        for index in range(len(quantities) - 1):
            whole, whole_unit = quantities[index]
            part, part_unit = quantities[index + 1]
            if part_unit is None and part.of is None and _WHOLE_BEFORE.search(sentence[: whole.start][-20:]):
                whole_of[index + 1] = (whole, whole_unit)
        for index, (quantity, unit) in enumerate(quantities):
            if index + 1 in whole_of:
                continue  # "Of the 21 targets, 18 were achieved": the 21 is the part's whole
            clause_start, clause_end = next(
                ((a, b) for a, b in clauses if a <= quantity.start < b), (0, len(sentence))
            )
            clause = sentence[clause_start:clause_end]
            figures = [
                q.start - clause_start
                for i, (q, _unit) in enumerate(quantities)
                if clause_start <= q.start < clause_end and i + 1 not in whole_of
            ]
            piece_start, piece_end = self.fragment(clause, quantity.start - clause_start, figures)
            if index not in whole_of:
                # "thu ngân sách đạt 9.000 tỷ đồng và xuất khẩu đạt 1,3 tỷ USD": each figure its own part.
                held = [
                    (q.start - clause_start, q.end - clause_start, q_unit)
                    for i, (q, q_unit) in enumerate(quantities)
                    if clause_start + piece_start <= q.start < clause_start + piece_end
                    and i + 1 not in whole_of
                ]
                position = quantity.start - clause_start
                piece_start, piece_end = next(
                    (
                        part
                        for part, _share in _split_committed_figures(clause, (piece_start, piece_end), held)
                        if part[0] <= position < part[1]
                    ),
                    (piece_start, piece_end),
                )
            of_value = quantity.of
            if index in whole_of:
                whole, unit = whole_of[index]
                of_value = whole.value
                piece_start = min(piece_start, self.fragment(clause, whole.start - clause_start, figures)[0])
            fragment = clause[piece_start:piece_end]
            qualifier = quantity.qualifier or classify.expectation_word(fragment)
            offset = clause_start + piece_start
            indicator = classify.indicator_of(
                fragment, quantity.start - offset, self.lang, quantity.end - offset
            )
            previous_indicator, indicator = indicator or previous_indicator, indicator
            self.proposal(
                "result",
                paragraph.start + start + clause_start + piece_start,
                paragraph.start + start + clause_start + piece_end,
                area,
                {
                    # "equal to 108% of the estimate" measures what the figure before it measured.
                    "indicator": indicator or previous_indicator,
                    "value": _number(quantity.value),
                    "unit": per_unit(unit, sentence[quantity.end : quantity.end + 20]),
                    "of": _number(of_value),
                    "period": str(self.review_year) if self.review_year else None,
                    "kind": kind,
                    "area": area,
                    "qualifier": qualifier,
                    "value_text": quantity.text if _is_scaled(quantity) else None,
                    "note": None,
                },
            )

    def task(self, paragraph: Paragraph, start: int, end: int, area: str) -> None:
        sentence = paragraph.text[start:end]
        clauses = split_clauses(sentence)
        deadline = self.deadline(sentence)
        self.proposal(
            "task",
            paragraph.start + start,
            paragraph.start + end,
            area,
            {
                "action_verb": classify.action_verb(sentence, self.lang),
                "responsible": classify.responsible_bodies(sentence, self.lang, entities.names_a_body),
                "deadline": deadline.date.isoformat() if deadline and deadline.date else None,
                "deadline_text": deadline.text if deadline and deadline.date else None,
                "area": area,
                "clauses": [sentence[a:b] for a, b in clauses] if len(clauses) > 1 else [],
                "segment": paragraph.segment,
                "borderline": False,
                "note": None,
            },
        )

    def targets(
        self,
        paragraph: Paragraph,
        start: int,
        end: int,
        area: str,
        *,
        every_figure: bool,
        directive: bool = False,
    ) -> None:
        """Targets of a sentence: one per figure-bearing commitment (in a part that lists targets, every
        figure; in a directive, every share and every figure bound to a time), and comparisons without a
        figure ("lower than the national rate", "reduce the rate of")."""
        sentence = paragraph.text[start:end]
        if sentence.lstrip().startswith("("):
            return
        clauses = _top_level_clauses(sentence)
        quantities = self.quantities(sentence)
        earlier_deadline = None
        for clause_start, clause_end in clauses:
            clause = sentence[clause_start:clause_end]
            in_clause = [(q, unit) for q, unit in quantities if clause_start <= q.start < clause_end]
            figures = [quantity.start - clause_start for quantity, _unit in in_clause]
            by_piece: dict[tuple[int, int], list] = {}
            for quantity, unit in in_clause:
                piece = self.fragment(clause, quantity.start - clause_start, figures)
                by_piece.setdefault(piece, []).append((quantity, unit))
            fragments: list[tuple[tuple[int, int], bool]] = []  # (piece, a share is committed in it)
            for piece, held in by_piece.items():
                positions = [(q.start - clause_start, q.end - clause_start, unit) for q, unit in held]
                for split in _split_committed_figures(clause, piece, positions):
                    fragments.append(split)
            found_any = False
            for (piece_start, piece_end), has_share in fragments:
                fragment = clause[piece_start:piece_end]
                committed = (
                    every_figure
                    or classify.is_commitment(fragment)
                    or (directive and (has_share or self.says_when(fragment)))
                )
                if not committed:
                    continue
                comparison = find_comparison(_mask_rate_word(fragment), self.lang)
                if comparison is None or _COUNT_OF_TARGETS.match(fragment):
                    continue
                found_any = True
                self.target(
                    paragraph,
                    start + clause_start,
                    clause,
                    piece_start,
                    piece_end,
                    area,
                    comparison,
                    earlier_deadline,
                )
            if not found_any and not in_clause and _MAY_COMPARE.search(clause):
                comparison = find_comparison(_mask_rate_word(clause), self.lang)
                if (
                    comparison is not None
                    and comparison.value is None
                    and comparison.min is None
                    and (comparison.reference or classify.directional_reduction(clause))
                ):
                    self.target(
                        paragraph,
                        start + clause_start,
                        clause,
                        0,
                        len(clause),
                        area,
                        comparison,
                        earlier_deadline,
                    )
            found = self.deadline(clause)
            if found is not None and found.date is not None:
                earlier_deadline = found

    def target(
        self, paragraph, clause_offset, clause, piece_start, piece_end, area, comparison, earlier_deadline
    ) -> None:
        fragment = clause[piece_start:piece_end]
        deadline = self.deadline(fragment, clause)
        if deadline is None or deadline.date is None:
            deadline = earlier_deadline
        unit = per_unit(comparison.unit, fragment[comparison.end :] if comparison.end is not None else "")
        if (
            unit is None
            and comparison.value is None
            and comparison.min is None
            and _PERCENT_WORDS.search(fragment)
            and comparison.reference
        ):
            unit = "%"  # a rate compared with another rate
        position = max(0, comparison.start) if comparison.start is not None else None
        self.proposal(
            "target",
            paragraph.start + clause_offset + piece_start,
            paragraph.start + clause_offset + piece_end,
            area,
            {
                "indicator": classify.indicator_of(fragment, position, self.lang, comparison.end),
                "comparator": comparison.comparator,
                "value": _number(comparison.value),
                "min": _number(comparison.min),
                "max": _number(comparison.max),
                "unit": unit,
                "deadline": deadline.date.isoformat() if deadline and deadline.date else None,
                "deadline_text": deadline.text if deadline and deadline.date else None,
                "period": str(self.working_year) if self.working_year else None,
                "area": area,
                "reference": comparison.reference,
                "approximate": bool(comparison.approximate),
                "borderline": False,
                "value_text": comparison.value_text,
                "note": None,
            },
        )


# "60% số xã ... và 100% số xã ...", "60% of communes ... and 100% by 2026": a second committed figure.
_FIGURE_JOIN = re.compile(r"(?:,\s*)?\s(?:và|and|cùng với|as well as)\s|;\s*", re.IGNORECASE)
# Words that end the subject and verb of a commitment just before its figure ("tỷ lệ hộ nghèo giảm").
_LEVEL_BEFORE = re.compile(
    r"\b(?:đạt|lên|còn|xuống|tăng|giảm|ở mức|trên|dưới|tối thiểu|ít nhất|không quá|không dưới|khoảng|"
    r"reach|reaches|be|is|are|rise|rises|grow|grows|increase|increases|fall|falls|stand|stands|to|at|by|"
    r"over|under|below|above|at least|at most|more than|less than|about)\s*$",
    re.IGNORECASE,
)
# "a poverty rate below 1.5% and forest cover of 55%": right after a figure, a short noun phrase and "of".
_OF_BEFORE = re.compile(r"\b(?:of|là|ở)\s*$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\b(?:between|from|từ|trong khoảng)\s*$", re.IGNORECASE)


def _split_committed_figures(
    clause: str, piece: tuple[int, int], figures: list[tuple[int, int, str | None]]
) -> list[tuple[tuple[int, int], bool]]:
    """The piece cut before each later figure joined to the one before by "và"/"and"/";" - one commitment
    per figure - with, for each part, whether it commits a share (a "%"). Ranges ("from 8% to 9%",
    "between 60 and 70%") and a figure restated right after another stay whole."""
    piece_start, piece_end = piece
    figures = sorted(figures)
    cuts: list[tuple[int, int]] = []  # (end of one part, start of the next)
    for (first_start, first_end, first_unit), (second_start, _, second_unit) in zip(
        figures, figures[1:], strict=False
    ):
        between = clause[first_end:second_start]
        joins = list(_FIGURE_JOIN.finditer(between))
        if not joins or _RANGE_BEFORE.search(clause[max(piece_start, first_start - 20) : first_start]):
            continue
        join = joins[-1]
        after = between[join.end() :]
        before_words = len(between[: join.start()].split())
        after_words = len(after.split())
        different = bool(first_unit and second_unit and first_unit != second_unit)
        if before_words == 0 and after_words == 0 and different:
            pass  # "12,500 billion VND and 18 of 21 targets": figures of different things
        elif before_words == 0 and after_words == 0 or after_words > 6 or "," in after:
            continue  # "8% and 9%" read together; or the second figure sits in a clause of its own
        listed = before_words == 0 and 0 < after_words <= 5 and bool(_OF_BEFORE.search(after))
        if after.strip() and not (classify.opens_with_verb(after) or _LEVEL_BEFORE.search(after) or listed):
            continue  # "... for poor and near-poor households with a total of 19.3 billion": a modifier
        cuts.append((first_end + join.start(), first_end + join.end()))
    parts = []
    start = piece_start
    for cut_end, next_start in cuts:
        parts.append((start, cut_end))
        start = next_start
    parts.append((start, piece_end))
    result = []
    for part_start, part_end in parts:
        commits_share = any(
            part_start <= figure_start < part_end and unit == "%" for figure_start, _, unit in figures
        )
        result.append(((part_start, part_end), commits_share))
    return result


def _is_scaled(quantity) -> bool:
    """Whether a quantity's wording differs from its value (scale words, currency): keep it as value_text."""
    return bool(re.search(r"[a-zA-Zđ]", quantity.text)) and (
        quantity.unit not in (None, "%")
        or bool(
            re.search(r"(?i)\b(?:thousand|million|billion|trillion|nghìn|ngàn|triệu|tỷ|tỉ)\b", quantity.text)
        )
    )


def _top_level_clauses(sentence: str) -> list[tuple[int, int]]:
    """[start, end) of the parts of a sentence between top-level semicolons."""
    depths = bracket_depths(sentence)
    spans = []
    start = 0
    for index, char in enumerate(sentence):
        if char == ";" and depths[index] == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(sentence)))
    result = []
    for a, b in spans:
        while a < b and sentence[a].isspace():
            a += 1
        if b > a:
            result.append((a, b))
    return result or [(0, len(sentence))]


# Words of a sentence that reports what was done or states what is, rather than asking for it.
_DONE_OR_STATED = re.compile(r"\b(?:đã|được|là|has|have|had|was|were|is|are)\b|\?", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_LEVEL_WORD = re.compile(r"\b(?:đạt|reach\w*|to|at|of|là|ở mức|còn)\b", re.IGNORECASE)


def _rule_cues(sentence: str, lang: str) -> tuple[str, ...]:
    """What the precise rules say of a sentence, as features of the sentence-role model."""
    cues = []
    if classify.is_directive(sentence, lang) and classify.is_task_sentence(sentence, lang, "preamble"):
        cues.append("directive")
        if classify.is_imperative(sentence) and not _DONE_OR_STATED.search(sentence):
            cues.append("imperative")
    if classify.is_commitment(sentence):
        cues.append("commitment")
    if classify.expectation_word(sentence):
        cues.append("expectation")
    if _DIGIT.search(sentence) and (_MAY_COMPARE.search(sentence) or _LEVEL_WORD.search(sentence)):
        cues.append("comparison")  # a figure and a word that compares or states a level (cheap to tell)
    return tuple(cues)


def paragraph_units(
    paragraph: Paragraph, lang: str, before: tuple[str, ...] = ()
) -> list[tuple[int, int, Unit]]:
    """[start, end) in the paragraph of each sentence, with what the sentence-role model reads of it;
    `before` is what the last sentence before the paragraph said (see `_context_of`)."""
    section = paragraph.section
    units = []
    spans = [piece for span in split_sentences(paragraph.text) for piece in _quoted(paragraph.text, *span)]
    for index, (start, end) in enumerate(spans):
        sentence = paragraph.text[start:end]
        rules = _rule_cues(sentence, lang)
        unit = Unit(
            text=sentence,
            lang=lang,
            heading=section.title or section.heading if section else "",
            role=section.role if section else None,
            is_list_item=paragraph.is_list_item,
            first_in_paragraph=index == 0,
            rules=rules,
            context=before,
        )
        units.append((start, end, unit))
        before = _context_of(unit)
    return units


# Speech quoted after a colon or a speech verb: 'the Chairman said: "Departments must ..."'.
_QUOTE_OPEN = re.compile(
    r"(?:[:,]|\b(?:said|says|stressed|emphasised|emphasized|nói|nhấn mạnh|yêu cầu))\s*[\"“«]"
)
_QUOTE_CLOSE = re.compile(r"[\"”»]")
_QUOTED_WORDS = 4


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence that quotes speech, as its lead-in and the quotation (read as a sentence of its own);
    any other sentence whole."""
    opening = _QUOTE_OPEN.search(text, start, end)
    if opening is None:
        return [(start, end)]
    inner_start = opening.end()
    closing = _QUOTE_CLOSE.search(text, inner_start, end)
    inner_end = closing.start() if closing else end
    if len(text[inner_start:inner_end].split()) < _QUOTED_WORDS:
        return [(start, end)]
    lead_end = opening.start() + 1 if text[opening.start()] in ":," else opening.end() - 1
    spans = [(start, lead_end)] if text[start:lead_end].strip() else []
    return [*spans, (inner_start, inner_end)]


def _context_of(unit: Unit) -> tuple[str, ...]:
    """What a sentence passes on to the next: whether it opens a list (ends with ":"), directs or commits."""
    context = [name for name in unit.rules if name in ("directive", "commitment")]
    if unit.text.rstrip().endswith(":"):
        context.append("colon")
    return tuple(context)


def document_units(text: str, *, lang: str | None = None) -> list[Unit]:
    """Every sentence of a text as the sentence-role model reads it (for training and inspection)."""
    norm = normalise(text or "")
    lang = lang or detect_language(norm.text)
    _sections, paragraphs = read_structure(norm, find_working_year(norm.text))
    units = []
    before: tuple[str, ...] = ()
    for paragraph in paragraphs:
        found = paragraph_units(paragraph, lang, before)
        units.extend(unit for _start, _end, unit in found)
        if found:
            before = _context_of(found[-1][2])
    return units


def _year_of_forward_headings(sections) -> int | None:
    """The year a text sets targets or tasks for, read from its headings ("Key tasks for ... 2025")."""
    for section in sections:
        if section.role in ("targets", "tasks"):
            years = re.findall(r"\b(20\d\d|19\d\d)\b", section.heading)
            if years:
                return int(years[-1])
    return None


# Years in a title that are not the year it is about: dates, horizons and terms.
_NOT_THE_YEAR = re.compile(
    r"(?:dated|ngày|to|đến(?: năm)?|vision|tầm nhìn|period|giai đoạn|term|nhiệm kỳ|thời kỳ)\b[^\n;]{0,25}$"
    r"|\d{4}\s*-\s*$|/\s*$",
    re.IGNORECASE,
)


def _year_of_title(text: str, sections) -> int | None:
    """The year named in the lines before the first heading ("... in the second half of 2026"), leaving
    out dates, horizons and terms ("dated June 19, 2025", "to 2030", "2021 - 2025")."""
    title = text[: sections[0].start] if sections else text[:600]
    for match in re.finditer(r"\b(?:19|20)\d\d\b", title):
        before = title[max(0, match.start() - 40) : match.start()]
        after = title[match.end() : match.end() + 3]
        if _NOT_THE_YEAR.search(before) or re.match(r"\s*-\s*\d", after):
            continue
        return int(match.group(0))
    return None


def _review_year(sections, working_year: int | None) -> int | None:
    """The year a review part looks back on: a year in its heading, else the year before the working year."""
    for section in sections:
        if section.role in ("review", "shortcomings"):
            years = re.findall(r"\b(20\d\d|19\d\d)\b", section.heading)
            if years:
                return int(years[-1])
    return working_year - 1 if working_year else None


def extract(
    text: str,
    *,
    lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    model: SentenceModel | None = None,
) -> Extraction:
    """Read a directive's text and propose its sections, targets, results, tasks, shortcomings, references
    and bodies (see the module docstring). `progress(done, total)` is called as paragraphs are processed;
    `model` replaces the shipped sentence-role model (to measure one fitted on part of a corpus)."""
    norm = normalise(text or "")
    lang = lang or detect_language(norm.text)
    working_year = find_working_year(norm.text)
    sections, paragraphs = read_structure(norm, working_year)
    if working_year is None:
        working_year = _year_of_forward_headings(sections) or _year_of_title(norm.text, sections)
    builder = _Builder(
        norm, lang, working_year, _review_year(sections, working_year), model or shipped_model()
    )
    builder.structured = any(section.role for section in sections)
    total = len(paragraphs)
    for done, paragraph in enumerate(paragraphs, start=1):
        builder.paragraph(paragraph)
        if progress is not None:
            progress(done, total)
    section_items = []
    for section in sections:
        original_start, original_end = norm.span(section.start, section.end)
        section_items.append(
            {
                "heading": norm.original[original_start:original_end],
                "level": section.level,
                "line": section.line,
                "span": [original_start, original_end],
            }
        )
    references = entities.find_references(norm, lang)
    org_units = entities.find_org_units(norm, lang)
    return Extraction(
        text=text,
        lang=lang,
        working_year=working_year,
        sections=section_items,
        proposals=builder.proposals,
        references=references,
        org_units=org_units,
    )
