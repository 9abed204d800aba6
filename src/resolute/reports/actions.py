"""Every write to implementation reports: drafting one from the data, and the office's edits.

Each action takes the acting user (None for the system), runs in one transaction, checks that the
user may write (the office that keeps the document) and records the change in the change log.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.directives.models import Document

from .models import ImplementationReport
from .narrative import draft_sections
from .permissions import can_edit_reports_on
from .report_data import build_report_data

FRAME_FIELDS = ["period_start", "period_end", "as_of", "language", "format", "number", "signer", "place"]
NARRATIVE_FIELDS = ["leadership_and_direction", "results", "shortcomings"]
EDITABLE_FIELDS = FRAME_FIELDS + NARRATIVE_FIELDS
LOGGED_ON_CREATE = ["document", *FRAME_FIELDS]


def _ensure_may_write(acting_user, document: Document) -> None:
    if acting_user is not None and not can_edit_reports_on(acting_user, document):
        raise PermissionDenied(_("Only the office that keeps this document may write reports on it."))


@transaction.atomic
def create_report(
    *,
    acting_user,
    document: Document,
    period_start: date,
    period_end: date,
    as_of: date,
    language: str,
    format: str,  # noqa: A002 - the field's name
    number: str = "",
    signer: str = "",
    place: str = "",
) -> ImplementationReport:
    """Start a report on `document`: its frame, and the three narrative sections drafted from the
    data as the acting user sees it on `as_of`."""
    _ensure_may_write(acting_user, document)
    report = ImplementationReport(
        document=document,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        language=language,
        format=format,
        number=number,
        signer=signer,
        place=place,
        created_by=acting_user,
    )
    data = build_report_data(
        acting_user,
        document,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        language=language,
    )
    for name, text in draft_sections(data).items():
        setattr(report, name, text)
    report.save()
    record_change(
        actor=acting_user, instance=report, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_ON_CREATE
    )
    return report


@transaction.atomic
def update_report(
    *, acting_user, report: ImplementationReport, expected_version: int | None = None, **changes
) -> ImplementationReport:
    """Save the office's edits (the narrative, the number, the signer...). A form loaded at an older
    version raises StaleObjectError naming who saved in between."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    report = lock_for_update(report, expected_version)
    _ensure_may_write(acting_user, report.document)
    before = snapshot(report, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(report, name, value)
    if snapshot(report, EDITABLE_FIELDS) == before:
        return report
    report.version += 1
    report.save()
    record_change(actor=acting_user, instance=report, action=ChangeLogEntry.Action.UPDATE, before=before)
    return report


@transaction.atomic
def redraft_report(
    *, acting_user, report: ImplementationReport, expected_version: int | None = None
) -> ImplementationReport:
    """Draft the three narrative sections again from the data (after the figures changed), replacing
    the edited text; the change log keeps the text it replaces."""
    report = lock_for_update(report, expected_version)
    _ensure_may_write(acting_user, report.document)
    data = build_report_data(
        acting_user,
        report.document,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        language=report.language,
    )
    return update_report(acting_user=acting_user, report=report, **draft_sections(data))
