"""The targets' sections of the implementation report on a document (contributed in `contributions`):
the targets with their result against what was committed (the sentences of "II. Results", the
targets not achieved in "III. Shortcomings", the table and the appendix), and the figures the units
owe and have not submitted. Each section reads its figures once (`build_*`) and words them in the
report's language (`*_blocks`), drawing only from those figures.

Every target is evaluated once per report (`judged_targets`), and each sentence, table cell and
claim of "III" is drawn from that one evaluation: a target past its deadline reads "achieved" or
"not achieved" (with the gap) everywhere, and one still under way is never called "not achieved"."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, TextBlock, first_upper, format_date, format_number, with_unit
from resolute.orgunits.models import OrgUnit, display_name_for

from . import selectors
from .models import Comparator
from .status import TargetStatus

WORDS = {
    "vi": {
        "targets_table": "Kết quả thực hiện các chỉ tiêu",
        "appendix": "Bảng chỉ tiêu",
        "reference": "Mã",
        "indicator": "Chỉ tiêu",
        "target": "Mục tiêu",
        "result": "Kết quả",
        "percent_of_target": "% so với mục tiêu",
        "assessment": "Đánh giá",
        "achieved": "Đạt",
        "not_achieved": "Không đạt",
        "status": "Tình trạng",
        "none": "Không có.",
        "with_gap": "{status} (chênh lệch {gap})",
    },
    "en": {
        "targets_table": "Results against the targets",
        "appendix": "Targets",
        "reference": "Ref.",
        "indicator": "Indicator",
        "target": "Target",
        "result": "Result",
        "percent_of_target": "% of target",
        "assessment": "Assessment",
        "achieved": "Achieved",
        "not_achieved": "Not achieved",
        "status": "Status",
        "none": "None.",
        "with_gap": "{status} (gap {gap})",
    },
}


def target_reference(target_id: int) -> str:
    """How a target is cited in the report's tables and appendix."""
    return f"T-{target_id}"


# -- what a target commits to, in words ------------------------------------------------------------

COMPARATOR_WORDS = {
    "vi": {
        Comparator.AT_LEAST: "tối thiểu {value}",
        Comparator.AT_MOST: "tối đa {value}",
        Comparator.BELOW: "dưới {value}",
        Comparator.ABOVE: "trên {value}",
        Comparator.EQUAL: "{value}",
        Comparator.RANGE: "{value}–{value_max}",
        Comparator.CHANGE_FROM_BASELINE: "{change} so với năm {baseline_year}",
        Comparator.RELATIVE_TO_REFERENCE: "so với mức chuẩn",
    },
    "en": {
        Comparator.AT_LEAST: "at least {value}",
        Comparator.AT_MOST: "at most {value}",
        Comparator.BELOW: "below {value}",
        Comparator.ABOVE: "above {value}",
        Comparator.EQUAL: "{value}",
        Comparator.RANGE: "{value}–{value_max}",
        Comparator.CHANGE_FROM_BASELINE: "{change} from {baseline_year}",
        Comparator.RELATIVE_TO_REFERENCE: "relative to the reference",
    },
}


def commitment_text(target, language: str) -> str:
    """What the target commits to, in words: "9,5–10%", "tối thiểu 1.000 tỷ đồng", "at least 1,000 ..."."""
    decimals = max(target.indicator.decimals, 1) if target.indicator.unit_of_measure == "%" else 0
    decimals = max(decimals, target.indicator.decimals)
    value = format_number(target.value, decimals, language)
    value_max = format_number(target.value_max, decimals, language)
    change = ""
    if target.value is not None and target.comparator == Comparator.CHANGE_FROM_BASELINE:
        change = ("+" if target.value > 0 else "") + value
    template = COMPARATOR_WORDS["en" if language == "en" else "vi"].get(target.comparator, "{value}")
    text = template.format(
        value=value, value_max=value_max, change=change, baseline_year=target.baseline_year or ""
    )
    if target.comparator == Comparator.RELATIVE_TO_REFERENCE:
        return text
    return with_unit(text, target.indicator.unit_of_measure_in(language))


def percent_of(target, actual) -> Decimal | None:
    """The result as a percentage of the committed figure (the lower end of a range), for targets to
    reach or exceed; None where a percentage of the target means nothing (a ceiling, a change)."""
    if actual is None or target.value is None or target.value <= 0:
        return None
    if target.comparator not in (Comparator.AT_LEAST, Comparator.ABOVE, Comparator.EQUAL, Comparator.RANGE):
        return None
    return (Decimal(actual) * 100 / Decimal(target.value)).quantize(Decimal("0.1"))


def _relation(target, actual) -> str:
    """Where the result stands against the committed figure: below, above, within (a range) or
    meeting it (a floor reached, a ceiling kept)."""
    comparator, value = target.comparator, target.value
    if value is None or comparator in (Comparator.CHANGE_FROM_BASELINE, Comparator.RELATIVE_TO_REFERENCE):
        return "unknown"
    if comparator == Comparator.RANGE:
        if actual < value:
            return "below"
        return "above" if target.value_max is not None and actual > target.value_max else "within"
    if comparator in (Comparator.AT_MOST, Comparator.BELOW):
        kept = actual <= value if comparator == Comparator.AT_MOST else actual < value
        return "meeting" if kept else "above"
    if comparator == Comparator.EQUAL:
        return "below" if actual < value else "above" if actual > value else "meeting"
    reached = actual >= value if comparator == Comparator.AT_LEAST else actual > value
    return "meeting" if reached else "below"


RESULT_SENTENCES = {
    "vi": {
        "judged_achieved": ": đạt.",
        "judged_not_achieved": ": không đạt, chênh lệch {gap}.",
        "below": "{indicator} đạt {actual}, thấp hơn chỉ tiêu {commitment}.",
        "above": "{indicator} đạt {actual}, cao hơn chỉ tiêu {commitment}.",
        "within": "{indicator} đạt {actual}, trong khoảng chỉ tiêu {commitment}.",
        "meeting": "{indicator} đạt {actual}, đạt chỉ tiêu {commitment}.",
        "unknown": "{indicator} đạt {actual} (chỉ tiêu {commitment}).",
        "missing": "{indicator}: chưa có số liệu đến {date} (chỉ tiêu {commitment}).",
    },
    "en": {
        "judged_achieved": ": achieved.",
        "judged_not_achieved": ": not achieved, a gap of {gap}.",
        "below": "{indicator} reached {actual}, below the target of {commitment}.",
        "above": "{indicator} reached {actual}, above the target of {commitment}.",
        "within": "{indicator} reached {actual}, within the target of {commitment}.",
        "meeting": "{indicator} reached {actual}, meeting the target of {commitment}.",
        "unknown": "{indicator} reached {actual} (target: {commitment}).",
        "missing": "{indicator}: no figure yet as of {date} (target: {commitment}).",
    },
}


def target_sentence(row, as_of: date, language: str) -> str:
    """ "GRDP growth reached 7.1%, below the target of 9.5–10%." and its Vietnamese counterpart."""
    sentences = RESULT_SENTENCES["en" if language == "en" else "vi"]
    target = row.target
    indicator = first_upper(row.indicator)
    if row.actual is None:
        return sentences["missing"].format(
            indicator=indicator, date=format_date(as_of, language), commitment=row.commitment
        )
    decimals = target.indicator.decimals
    actual = with_unit(format_number(row.actual, decimals, language), row.unit_of_measure)
    relation = _relation(target, row.actual)
    sentence = sentences[relation].format(indicator=indicator, actual=actual, commitment=row.commitment)
    # Past its deadline a target is judged: say so, in the words the table uses, unless the relation
    # already says it (a target met reads "meeting" or "within").
    status = getattr(row, "status", None)
    if status == TargetStatus.NOT_ACHIEVED:
        gap = with_unit(format_number(row.gap, decimals, language), row.unit_of_measure)
        sentence = sentence[:-1] + sentences["judged_not_achieved"].format(gap=gap)
    elif status == TargetStatus.ACHIEVED and relation not in ("meeting", "within"):
        sentence = sentence[:-1] + sentences["judged_achieved"]
    return sentence


# -- the targets section -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    """One target as the report's tables show it, already worded in the report's language."""

    reference: str
    target_id: int
    target: object
    indicator: str
    unit_of_measure: str
    area: str
    commitment: str
    result: str
    actual: Decimal | None
    percent_of_target: Decimal | None
    percent_text: str
    status: str
    status_label: str
    achieved: bool
    url: str
    gap: Decimal | None = None
    gap_text: str = ""
    language: str = "vi"

    @property
    def status_text(self) -> str:
        """The status in the report's language, with the gap of a target not achieved."""
        if not self.gap_text:
            return self.status_label
        words = WORDS["en" if self.language == "en" else "vi"]
        return words["with_gap"].format(status=self.status_label, gap=self.gap_text)


@dataclass
class TargetsFigures:
    """The document's targets the user may see, judged on the report's day."""

    rows: list[TargetRow]
    by_status: dict[str, int]
    list_url: str

    @property
    def not_achieved(self) -> list[TargetRow]:
        """Targets past their deadline whose final value missed the target."""
        return [row for row in self.rows if row.status == TargetStatus.NOT_ACHIEVED]

    @property
    def behind(self) -> list[TargetRow]:
        """Targets still under way that are off track or at risk on the as-of day."""
        return [row for row in self.rows if row.status in (TargetStatus.OFF_TRACK, TargetStatus.AT_RISK)]

    @property
    def achieved(self) -> list[TargetRow]:
        return [row for row in self.rows if row.achieved]


def _target_row(evaluated_target, language: str, english: bool) -> TargetRow:
    target, evaluation = evaluated_target.target, evaluated_target.evaluation
    indicator = target.indicator
    decimals = indicator.decimals
    percent = percent_of(target, evaluation.actual)
    return TargetRow(
        reference=target_reference(target.pk),
        target_id=target.pk,
        target=target,
        indicator=indicator.name_in(language),
        unit_of_measure=indicator.unit_of_measure_in(language),
        area=target.area,
        commitment=commitment_text(target, language),
        result=format_number(evaluation.actual, decimals, language),
        actual=evaluation.actual,
        percent_of_target=percent,
        percent_text=format_number(percent, 1, language) if percent is not None else "—",
        status=evaluation.status,
        status_label=str(TargetStatus(evaluation.status).label),
        achieved=evaluation.status == TargetStatus.ACHIEVED,
        url=target.get_absolute_url(),
        language=language,
        gap=evaluation.gap,
        gap_text=with_unit(
            format_number(evaluation.gap, decimals, language), indicator.unit_of_measure_in(language)
        )
        if evaluation.gap is not None
        else "",
    )


def judged_targets(scope: ReportScope) -> selectors.TargetFigures:
    """The document's targets judged on the as-of day, read once for both targets sections."""
    return scope.once(
        "targets.figures",
        lambda: selectors.target_figures(
            selectors.scoped_targets(scope.user, document=scope.document), scope.as_of
        ),
    )


def build_targets(scope: ReportScope) -> TargetsFigures:
    judged = judged_targets(scope)
    return TargetsFigures(
        rows=[_target_row(row, scope.language, scope.english) for row in judged.rows],
        by_status=dict(judged.by_status),
        list_url=_list_url("targets:list", document=scope.document.pk, as_of=scope.as_of.isoformat()),
    )


def _list_url(name: str, **query) -> str:
    # The report's own link to the list, its parameters in the order the report always wrote them.
    return f"{reverse(name)}?{urlencode(query)}"


def _assessment(row: TargetRow, words: dict) -> str:
    """Achieved or not achieved for a target judged on its final value; a target still under way
    keeps its status (on track, at risk, off track, not yet measurable)."""
    if row.achieved:
        return words["achieved"]
    if row.status == TargetStatus.NOT_ACHIEVED:
        return words["not_achieved"]
    return row.status_label


def _result(row: TargetRow) -> str:
    return with_unit(row.result, row.unit_of_measure) if row.actual is not None else "—"


def shortcomings_of_targets(figures: TargetsFigures, scope: ReportScope) -> list[str]:
    """What "III" says of the targets, from the rows of "II" alone: the targets not achieved (past
    their deadline, with the gap), the targets behind (still under way, off track or at risk), or
    that there is neither."""
    language = scope.language
    n = lambda value: format_number(value, 0, language)  # noqa: E731
    as_of = format_date(scope.as_of, language)
    total = n(len(figures.rows))
    missed, behind = figures.not_achieved, figures.behind
    paragraphs = []
    if missed:
        if scope.english:
            items = "; ".join(
                f"{row.indicator} ({_result(row)} against {row.commitment}, a gap of {row.gap_text}; "
                f"{row.reference})"
                for row in missed
            )
            paragraphs.append(
                f"As of {as_of}, {n(len(missed))} of {total} targets were not achieved: {items}."
            )
        else:
            items = "; ".join(
                f"{row.indicator} ({_result(row)}/{row.commitment}, chênh lệch {row.gap_text}; "
                f"{row.reference})"
                for row in missed
            )
            paragraphs.append(f"Đến {as_of}, {n(len(missed))}/{total} chỉ tiêu không đạt: {items}.")
    if behind:
        items = "; ".join(
            f"{row.indicator} ({_result(row)} / {row.commitment}; {row.status_label}; {row.reference})"
            for row in behind
        )
        if scope.english:
            paragraphs.append(
                f"As of {as_of}, {n(len(behind))} of {total} targets still under way are off track or at "
                f"risk: {items}."
            )
        else:
            paragraphs.append(
                f"Đến {as_of}, {n(len(behind))}/{total} chỉ tiêu đang thực hiện chậm tiến độ hoặc có nguy cơ "
                f"không đạt: {items}."
            )
    if not missed and not behind:
        if scope.english:
            paragraphs.append(
                f"As of {as_of}, no target was missed, and none under way is off track or at risk."
            )
        else:
            paragraphs.append(
                f"Đến {as_of}, không có chỉ tiêu nào không đạt, chậm tiến độ hoặc có nguy cơ không đạt."
            )
    return paragraphs


def targets_blocks(figures: TargetsFigures, scope: ReportScope) -> ReportBlocks:
    language = scope.language
    words = WORDS["en" if scope.english else "vi"]
    blocks = ReportBlocks()
    sentences = [target_sentence(row, scope.as_of, language) for row in figures.rows]
    if sentences:
        blocks.results.append(" ".join(sentences))

    blocks.shortcomings += shortcomings_of_targets(figures, scope)

    if figures.rows:
        blocks.tables += [
            TextBlock(words["targets_table"], "subheading"),
            TableBlock(
                [
                    words["reference"],
                    words["indicator"],
                    words["target"],
                    words["result"],
                    words["percent_of_target"],
                    words["assessment"],
                ],
                [
                    [
                        row.reference,
                        row.indicator,
                        row.commitment,
                        _result(row),
                        row.percent_text,
                        _assessment(row, words),
                    ]
                    for row in figures.rows
                ],
                [2, 6, 4, 3, 2, 3],
                frozenset({3, 4}),
            ),
        ]
    blocks.appendix = (
        words["appendix"],
        TableBlock(
            [
                words["reference"],
                words["indicator"],
                words["target"],
                words["result"],
                words["percent_of_target"],
                words["status"],
            ],
            [
                [
                    row.reference,
                    row.indicator,
                    row.commitment,
                    _result(row),
                    row.percent_text,
                    row.status_text,
                ]
                for row in figures.rows
            ]
            or [[words["none"], "", "", "", "", ""]],
            [2, 6, 4, 3, 2, 3],
            frozenset({3, 4}),
        ),
    )
    blocks.preview = ("targets/report/targets.html", {"figures": figures})
    return blocks


# -- the figures owed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LateUnit:
    """A unit with figures of the document's indicators missing, and where to enter them."""

    name: str
    count: int
    url: str


def build_owed(scope: ReportScope) -> list[LateUnit]:
    """The units of the document's organisation that have not submitted, for the last period closed
    by the as-of day, a figure of one of the document's indicators (`selectors.late_reporters`, kept
    to those indicators), one line per unit."""
    indicator_ids = {row.target.indicator_id for row in judged_targets(scope).rows}
    if not indicator_ids:
        return []
    owner = scope.document.owner
    root = OrgUnit.objects.get(pk=owner.ancestor_ids[0]) if owner.ancestor_ids else owner
    # One line per unit: a unit late for both its monthly and its yearly figures is one late unit.
    by_unit: dict[int, LateUnit] = {}
    for row in selectors.late_reporters(scope.user, root, scope.as_of):
        missing = len([indicator for indicator in row.missing if indicator.pk in indicator_ids])
        if not missing:
            continue
        known = by_unit.get(row.unit.pk)
        name = display_name_for(row.unit.name, row.unit.name_en, english=scope.english)
        count = missing + (known.count if known else 0)
        by_unit[row.unit.pk] = LateUnit(name, count, known.url if known else row.url)
    return list(by_unit.values())


def owed_blocks(late: list[LateUnit], scope: ReportScope) -> ReportBlocks:
    blocks = ReportBlocks(preview=("targets/report/owed.html", {"late_reporters": late}))
    if late:
        listed = ", ".join(row.name for row in late)
        count = format_number(len(late), 0, scope.language)
        if scope.english:
            blocks.shortcomings.append(
                f"{count} units have not submitted the figures due for the last closed period: {listed}."
            )
        else:
            blocks.shortcomings.append(f"{count} đơn vị chưa gửi số liệu của kỳ báo cáo gần nhất: {listed}.")
    return blocks
