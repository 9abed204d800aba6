"""What directives adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resolute.core.contributions import (
    AccessRecords,
    ApiRouter,
    CarriedWork,
    NavigationEntry,
    ReportSection,
    contribute,
)

contribute(
    ApiRouter(
        key="directives",
        order=30,
        prefix="/documents",
        router="resolute.directives.api.router",
        label=_("Documents"),
    )
)
contribute(NavigationEntry(key="directives.list", order=50, label=_("Documents"), url_name="directives:list"))


contribute(
    AccessRecords(
        key="documents",
        order=30,
        model="directives.Document",
        noun=lambda count: ngettext("%(count)s document", "%(count)s documents", count),
    )
)


def _documents_held(units, day):
    from .selectors import documents_kept_open

    return documents_kept_open(units, day)


def _documents_kept(units, day):
    from .selectors import closed_documents_kept

    return closed_documents_kept(units, day)


def _documents_carried(handovers, reorganisation, acting_user):
    from .actions import carry_documents

    return carry_documents(handovers, reorganisation, acting_user)


# A closing unit's open documents are kept by its successor, whose office goes on working with them.
contribute(
    CarriedWork(
        key="directives.documents",
        order=10,
        label=_("Documents it keeps"),
        held=_documents_held,
        carry=_documents_carried,
        kept=_documents_kept,
        kept_label=_("Closed documents it kept (they stay in its record)"),
    )
)


def _build_findings(scope):
    from .report import build_findings

    return build_findings(scope)


def _findings_blocks(figures, scope):
    from .report import findings_blocks

    return findings_blocks(figures, scope)


# The shortcomings the documents under review record, cited in "III. Shortcomings" of the report.
contribute(ReportSection(key="directives.findings", order=40, build=_build_findings, blocks=_findings_blocks))
