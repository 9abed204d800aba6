"""Everything an implementation report shows, read for (document, period, as-of day).

The report's own part is the documents issued to implement it; every other figure comes from the
sections the domains contribute (`contributed(ReportSection)`), each read once with the same
`ReportScope` and worded in the report's language. The sections read their figures with the
selectors the dashboard reads too, so the report on a document and the dashboard filtered to that
document give the same numbers on the same day.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import translation

from resolute.core.contributions import ReportBlocks, ReportScope, ReportSection, contributed
from resolute.directives.models import Document, DocumentRelation
from resolute.orgunits.models import display_name_for


@dataclass(frozen=True)
class ImplementingDocument:
    number: str
    issued_on: date | None
    issuer: str
    title: str
    url: str


@dataclass(frozen=True)
class SectionData:
    """A contributed section of the report: its figures and the blocks drawn from them."""

    section: ReportSection
    figures: Any
    blocks: ReportBlocks


@dataclass
class ReportData:
    document: Document
    period_start: date
    period_end: date
    as_of: date
    language: str
    implementing_documents: list[ImplementingDocument]
    sections: list[SectionData] = field(default_factory=list)

    def figures(self, key: str) -> Any:
        """The figures of the section contributed under `key`."""
        return next(section.figures for section in self.sections if section.section.key == key)


def _implementing_documents(user, document: Document, english: bool) -> list[ImplementingDocument]:
    relations = (
        DocumentRelation.objects.visible_to(user)
        .filter(target=document, kind=DocumentRelation.Kind.IMPLEMENTS)
        .select_related("source__issuer")
        .order_by("source__issued_on", "source_id")
    )
    rows = []
    for relation in relations:
        source = relation.source
        if source.issuer_id:
            issuer = display_name_for(source.issuer.name, source.issuer.name_en, english=english)
        else:
            issuer = source.issuer_name
        rows.append(
            ImplementingDocument(
                number=source.number,
                issued_on=source.issued_on,
                issuer=issuer,
                title=source.title,
                url=source.get_absolute_url(),
            )
        )
    return rows


def build_report_data(
    user, document: Document, *, period_start: date, period_end: date, as_of: date, language: str
) -> ReportData:
    """Read the report on `document` as `user` may see it, with every figure as of `as_of`.

    A fixed number of queries whatever the size of the province: each section's figures are grouped
    queries and rows read once for all."""
    scope = ReportScope(
        user=user,
        document=document,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        language=language,
    )
    with translation.override(language):
        sections = []
        for section in contributed(ReportSection):
            figures = section.build(scope)
            sections.append(
                SectionData(section=section, figures=figures, blocks=section.blocks(figures, scope))
            )
        return ReportData(
            document=document,
            period_start=period_start,
            period_end=period_end,
            as_of=as_of,
            language=language,
            implementing_documents=_implementing_documents(user, document, scope.english),
            sections=sections,
        )
