"""The findings' section of the implementation report on a document (contributed in `contributions`):
the shortcomings recorded by the documents the report covers — the document itself and the
documents that implement or review it — cited in "III. Shortcomings" and listed in an appendix.

`build_findings` reads the findings once; `findings_blocks` words the sentence and draws the list
from those same records, so the count in the sentence is the number of rows of the list and the
shortcomings the sentence names are its first rows. A report whose documents record no shortcoming
has no findings section.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from resolute.core.contributions import ReportBlocks, ReportScope
from resolute.core.documents import TableBlock, format_number, format_short_date

from .models import DocumentFinding, DocumentRelation

# How many shortcomings the sentence names; the appendix lists them all.
NAMED_IN_THE_SENTENCE = 3

# The relations through which a document is covered by the report on another: it implements it,
# or it reviews it (a year-end assessment of the resolution, say).
COVERING_RELATIONS = [DocumentRelation.Kind.IMPLEMENTS, DocumentRelation.Kind.REVIEWS]

WORDS = {
    "vi": {
        "appendix": "Các hạn chế, yếu kém được văn bản ghi nhận",
        "number": "TT",
        "document": "Văn bản",
        "clause": "Mục",
        "finding": "Hạn chế, yếu kém",
    },
    "en": {
        "appendix": "Shortcomings recorded in the documents",
        "number": "No.",
        "document": "Document",
        "clause": "Clause",
        "finding": "Shortcoming",
    },
}


@dataclass(frozen=True)
class FindingLine:
    """A row of the list: a shortcoming, the document and clause it is written in."""

    document: str
    issued_on: object
    clause: str
    text: str
    url: str


@dataclass
class FindingsFigures:
    lines: list[FindingLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def covered_documents_q(document) -> Q:
    """The report's document and those that implement or review it, as a Q over findings."""
    return Q(document=document) | Q(
        document__relations_out__target=document, document__relations_out__kind__in=COVERING_RELATIONS
    )


def build_findings(scope: ReportScope) -> FindingsFigures:
    """The shortcomings the user may read of the documents the report covers, issued by the end of
    the report's period, in the order of the documents and of their text: one query."""
    findings = (
        DocumentFinding.objects.visible_to(scope.user)
        .filter(covered_documents_q(scope.document), kind=DocumentFinding.Kind.SHORTCOMING)
        .filter(Q(document__issued_on__isnull=True) | Q(document__issued_on__lte=scope.period_end))
        .select_related("document", "clause")
        .distinct()
        .order_by("document__issued_on", "document_id", "position", "id")
    )
    return FindingsFigures(
        lines=[
            FindingLine(
                document=finding.document.number or finding.document.title,
                issued_on=finding.document.issued_on,
                clause=finding.clause.label if finding.clause_id else "",
                text=finding.text,
                url=finding.get_absolute_url(),
            )
            for finding in findings
        ]
    )


def shortcomings_sentence(figures: FindingsFigures, language: str) -> str:
    """ "The documents under review record 3 shortcomings: A (08-NQ/TU); B (08-NQ/TU); C (12-KL/TU)." """
    count = len(figures.lines)
    named = "; ".join(
        f"{line.text.rstrip('.;')} ({line.document})" for line in figures.lines[:NAMED_IN_THE_SENTENCE]
    )
    written = format_number(count, 0, language)
    if language == "en":
        subject = (
            "The documents under review record one shortcoming"
            if count == 1
            else f"The documents under review record {written} shortcomings"
        )
        more = "" if count <= NAMED_IN_THE_SENTENCE else ", among them"
        return f"{subject}{more}: {named}. The appendix lists them with their clauses."
    more = "" if count <= NAMED_IN_THE_SENTENCE else ", trong đó"
    return (
        f"Các văn bản được đánh giá ghi nhận {written} hạn chế, yếu kém{more}: {named}. "
        "Phụ lục liệt kê các hạn chế, yếu kém kèm mục của văn bản."
    )


def findings_table(figures: FindingsFigures, language: str) -> TableBlock:
    words = WORDS[language]
    return TableBlock(
        [words["number"], words["document"], words["clause"], words["finding"]],
        [
            [
                format_number(number, 0, language),
                f"{line.document} ({format_short_date(line.issued_on, language)})",
                line.clause or "—",
                line.text,
            ]
            for number, line in enumerate(figures.lines, start=1)
        ],
        [1, 4, 2, 10],
        frozenset({0}),
    )


def findings_blocks(figures: FindingsFigures, scope: ReportScope) -> ReportBlocks:
    blocks = ReportBlocks()
    if figures.is_empty:
        return blocks
    language = "en" if scope.english else "vi"
    table = findings_table(figures, language)
    blocks.shortcomings.append(shortcomings_sentence(figures, language))
    blocks.appendix = (WORDS[language]["appendix"], table)
    blocks.preview_appendix = (
        "directives/report/findings.html",
        {
            "table": table,
            "rows": list(zip(figures.lines, table.rows, strict=True)),
            "title": WORDS[language]["appendix"],
        },
    )
    return blocks
